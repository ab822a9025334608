import { describe, expect, it } from 'vitest';
import { planExclusiveEni } from '../../src/datapath/exclusive-eni.js';
import {
  exampleNode, exampleSetup, hostNs, must, nginxVeth, podNs, renderBoth, runSetup, snapshot,
} from './fixtures.js';

const exclusive = (overrides = {}) => exampleSetup({ dp: 'ExclusiveENI', ...overrides });

describe('ExclusiveENI setup (reference §3.3 example)', () => {
  it('reproduces the example state exactly', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planExclusiveEni, exclusive())).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual([
      'LINK eth0 device mac 00:16:3e:00:00:03 mtu 1500 UP',
      'LINK veth1 veth mac <mac of veth1> mtu 1500 UP',
      'ADDR eth0 10.0.1.20/32',
      'ADDR veth1 10.0.1.20/32',
      'R[main] 10.0.0.10/32 via 169.254.1.1 dev veth1',
      'R[main] 169.254.1.1/32 dev veth1 scope link',
      'R[main] 192.168.0.0/16 via 169.254.1.1 dev veth1 onlink',
      'R[main] default via 10.0.1.253 dev eth0 onlink',
      `NEIGH 169.254.1.1 lladdr <mac of ${nginxVeth}> dev veth1 PERMANENT`,
    ]);
    expect(state.host).toEqual([
      `LINK ${nginxVeth} veth mac <mac of ${nginxVeth}> mtu 1500 UP`,
      'LINK eth0 device mac 00:16:3e:00:00:02 mtu 1500 UP',
      'ADDR eth0 10.0.0.10/24',
      'R[main] 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10',
      `R[main] 10.0.1.20/32 dev ${nginxVeth} scope link`,
      'R[main] default via 10.0.0.253 dev eth0',
    ]);
  });

  it('a host_stack_cidr of 0.0.0.0/0 replaces the pod '
    + 'default route (route replace on the same key)', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planExclusiveEni, exclusive({ hostStackCidrs: ['0.0.0.0/0'] }))).ok
    ).toBe(true);
    const defaults = (await renderBoth(kernel)).pod.filter((l) => l.startsWith('R[main] default'));
    expect(defaults).toEqual(['R[main] default via 169.254.1.1 dev veth1 onlink']);
  });

  it('disable_host_peer: no veth1 and no host route', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planExclusiveEni, exclusive({ disableCreatePeer: true }))).ok
    ).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod.filter((l) => l.startsWith('LINK'))).toEqual([
      'LINK eth0 device mac 00:16:3e:00:00:03 mtu 1500 UP'
    ]);
    expect(state.host.some((l) => l.includes('cali'))).toBe(false);
  });

  it('rolls back on a later failure: the ENI returns to the host under a fresh random name, down '
    + '(quirk 8)', async () => {
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
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual([
      'LINK eth1 device mac 00:16:3e:00:00:03 mtu 1500 UP',
      'ADDR eth1 10.0.1.20/24',
      `R[${table}] default via 10.0.1.253 dev eth1 onlink`,
      'R[main] 10.0.1.0/24 dev eth1 proto kernel scope link src 10.0.1.20',
      `RULE v4 512: from all oif eth1 lookup ${table}`,
      `RULE v4 512: from 10.0.1.20/32 lookup ${table}`,
    ]);
  });
});
