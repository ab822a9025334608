import { describe, expect, it } from 'vitest';
import { planVlan } from '../../src/datapath/vlan.js';
import { planVpcRoute } from '../../src/datapath/vpc-route.js';
import { vlanTempName } from '../../src/datapath/driver/vlan.js';
import {
  exampleNode, exampleSetup, hostNs, must, nginxVeth, showBoth, runSetup, vethPodLines,
} from './fixtures.js';

const up = '<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500';

describe('Vlan setup of an nginx pod on the example node', () => {
  it('reproduces the example: vlan 3 on the trunk ENI, vSwitch prefix, default via the member '
    + 'gateway', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({
      dp: 'Vlan', stripVlan: true, vid: 3, containerIpNet: { ipv4: '10.0.5.7/24' }, gatewayIp: {
        ipv4: '10.0.5.253'
      },
    });
    expect((await runSetup(kernel, planVlan, cfg)).ok).toBe(true);
    const state = await showBoth(kernel, { details: true });
    expect(state.pod).toEqual([
      '$ ip -d link show',
      `2: eth0@if3: ${up} qdisc noqueue state UP mode DEFAULT group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff link-netns node1 promiscuity 0  '
        + 'allmulti 0 minmtu 68 maxmtu 1500 ',
      '    vlan protocol 802.1Q id 3 <REORDER_HDR> addrgenmode eui64 numtxqueues 1 numrxqueues 1 ',
      '$ ip addr show',
      `2: eth0@if3: ${up} qdisc noqueue state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff link-netns node1',
      '    inet 10.0.5.7/24 scope global eth0',
      '$ ip route show table all',
      'default via 10.0.5.253 dev eth0 onlink ',
      '10.0.5.0/24 dev eth0 proto kernel scope link src 10.0.5.7 ',
    ]);
    // The trunk ENI is only set up; nothing else on the host names it.
    expect(state.host.filter((l) => l.includes('eth1'))).toEqual([
      `3: eth1: ${up} qdisc mq state UP mode DEFAULT group default qlen 1000`,
      `3: eth1: ${up} qdisc mq state UP group default qlen 1000`,
    ]);
  });

  it('names the temporary link <master>.<vid>, keeping the last 15 characters', () => {
    expect(vlanTempName('eth2', 3)).toBe('eth2.3');
    expect(vlanTempName('verylongmaster', 20)).toBe('rylongmaster.20');
  });

  it('egress bandwidth shapes the pod vlan link with tbf', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({ dp: 'Vlan', vid: 3, egress: 1_250_000 });
    expect((await runSetup(kernel, planVlan, cfg)).ok).toBe(true);
    expect((await showBoth(kernel)).pod).toContain(
      'qdisc tbf 1: dev eth0 root refcnt 2 rate 10Mbit burst 3000b lat 25ms '
    );
  });
});

describe('VPCRoute setup (the datapath of the removed VPC-route mode)', () => {
  it('veth with pod IP/32, default via 169.254.1.1, neighbour to the host veth, host /32 route, '
    + 'no rules', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({
      dp: 'VPCRoute', containerIpNet: { ipv4: '172.20.1.2/24' }, gatewayIp: { ipv4: '172.20.1.1' },
      eniIndex: 0,
    });
    expect((await runSetup(kernel, planVpcRoute, cfg)).ok).toBe(true);
    const state = await showBoth(kernel);
    expect(state.pod).toEqual(vethPodLines(state, '172.20.1.2'));
    expect(state.host.filter((l) => l.includes(nginxVeth))).toEqual([
      `4: ${nginxVeth}@if2: ${up} qdisc noqueue state UP group default qlen 1000`,
      `172.20.1.2 dev ${nginxVeth} scope link `,
    ]);
    expect(state.host).not.toContain('$ ip rule show');
    expect(must(await kernel.linkGet(hostNs, 'eth1')).up).toBe(false);
  });
});
