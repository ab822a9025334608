import { describe, expect, it } from 'vitest';
import { planExclusiveEni } from '../../src/datapath/exclusive-eni.js';
import {
  exampleNode, exampleSetup, hostNs, macOf, must, nginxVeth, podNs, showBoth, runSetup, snapshot,
} from './fixtures.js';

const up = '<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500';

const exclusive = (overrides = {}) => exampleSetup({ dp: 'ExclusiveENI', ...overrides });

describe('ExclusiveENI setup of an nginx pod on the example node', () => {
  it('reproduces the example state exactly', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planExclusiveEni, exclusive())).ok).toBe(true);
    const state = await showBoth(kernel);
    const hostVethMac = macOf(state.hostSnapshot, nginxVeth);
    expect(state.pod).toEqual([
      '$ ip addr show',
      `2: veth1@if4: ${up} qdisc noqueue state UP group default qlen 1000`,
      `    link/ether ${macOf(state.podSnapshot, 'veth1')} brd ff:ff:ff:ff:ff:ff link-netns node1`,
      '    inet 10.0.1.20/32 scope global veth1',
      `3: eth0: ${up} qdisc mq state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.1.20/32 scope global eth0',
      '$ ip route show table all',
      'default via 10.0.1.253 dev eth0 onlink ',
      '10.0.0.10 via 169.254.1.1 dev veth1 ',
      '169.254.1.1 dev veth1 scope link ',
      '192.168.0.0/16 via 169.254.1.1 dev veth1 onlink ',
      '$ ip neigh show',
      `169.254.1.1 dev veth1 lladdr ${hostVethMac} PERMANENT `,
    ]);
    expect(state.host).toEqual([
      '$ ip addr show',
      `2: eth0: ${up} qdisc mq state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:02 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.0.10/24 scope global eth0',
      `4: ${nginxVeth}@if2: ${up} qdisc noqueue state UP group default qlen 1000`,
      `    link/ether ${hostVethMac} brd ff:ff:ff:ff:ff:ff link-netns pod-nginx`,
      '$ ip route show table all',
      'default via 10.0.0.253 dev eth0 ',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10 ',
      `10.0.1.20 dev ${nginxVeth} scope link `,
    ]);
  });

  it('a host_stack_cidr of 0.0.0.0/0 replaces the pod '
    + 'default route (route replace on the same key)', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planExclusiveEni, exclusive({ hostStackCidrs: ['0.0.0.0/0'] }))).ok
    ).toBe(true);
    const defaults = (await showBoth(kernel)).pod.filter((l) => l.startsWith('default '));
    expect(defaults).toEqual(['default via 169.254.1.1 dev veth1 onlink ']);
  });

  it('disable_host_peer: no veth1 and no host route', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planExclusiveEni, exclusive({ disableCreatePeer: true }))).ok
    ).toBe(true);
    const state = await showBoth(kernel);
    expect(state.pod.filter((l) => /^\d+: /.test(l))).toEqual([
      `3: eth0: ${up} qdisc mq state UP group default qlen 1000`,
    ]);
    expect(state.host.some((l) => l.includes('cali'))).toBe(false);
  });

  it('rolls back on a later failure: the ENI returns to the host under a fresh random name, '
    + 'down', async () => {
    const kernel = await exampleNode();
    must(await kernel.linkAdd(podNs, { kind: 'dummy', name: 'veth1' }));
    // veth.Setup deletes the existing `veth1` and returns without creating the pair, so the host
    // veth lookup fails after the ENI was moved and renamed.
    const done = await runSetup(kernel, planExclusiveEni, exclusive());
    expect(done).toMatchObject({
      ok: false, error: { message: 'error set container link/address/route, Link not found' },
    });
    const host = await snapshot(kernel, hostNs);
    const eni = host.links.find((l) => l.mac === '00:16:3e:00:00:03');
    expect(eni).toMatchObject({ name: 'veth22222222', up: false, kind: 'device' });
    expect(host.addrs.filter((a) => a.linkIndex === eni?.index && a.family === 4)).toEqual([]);
    expect((await snapshot(kernel, podNs)).links.map((l) => l.name)).toEqual(['lo']);
  });

  it('multi-network keeps the vSwitch prefix and adds '
    + 'the pod-side table keyed on the pod ifindex', async () => {
    const kernel = await exampleNode();
    const cfg = exclusive({
      multiNetwork: true, containerIfName: 'eth1', hostVethName: 'calib2fabf209b3',
      defaultRoute: false,
    });
    expect((await runSetup(kernel, planExclusiveEni, cfg)).ok).toBe(true);
    const pod = await snapshot(kernel, podNs);
    const eth1 = pod.links.find((l) => l.name === 'eth1');
    expect(eth1).toBeDefined();
    const table = 1000 + (eth1?.index ?? 0);
    const state = await showBoth(kernel);
    expect(state.pod).toEqual([
      '$ ip addr show',
      `3: eth1: ${up} qdisc mq state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.1.20/24 scope global eth1',
      '$ ip route show table all',
      `default via 10.0.1.253 dev eth1 table ${table} onlink `,
      '10.0.1.0/24 dev eth1 proto kernel scope link src 10.0.1.20 ',
      '$ ip rule show',
      `512:\tfrom all oif eth1 lookup ${table}`,
      `512:\tfrom 10.0.1.20 lookup ${table}`,
    ]);
  });
});
