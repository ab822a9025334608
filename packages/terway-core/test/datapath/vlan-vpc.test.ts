import { describe, expect, it } from 'vitest';
import { planVlan } from '../../src/datapath/vlan.js';
import { planVpcRoute } from '../../src/datapath/vpc-route.js';
import { vlanTempName } from '../../src/datapath/driver/vlan.js';
import {
  exampleNode, exampleSetup, hostNs, must, nginxVeth, renderBoth, runSetup,
} from './fixtures.js';

describe('Vlan setup (reference §3.4 example)', () => {
  it('reproduces the example: vlan 3 on the trunk ENI, vSwitch prefix, default via the member '
    + 'gateway', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({
      dp: 'Vlan', stripVlan: true, vid: 3, containerIpNet: { ipv4: '10.0.5.7/24' }, gatewayIp: {
        ipv4: '10.0.5.253'
      },
    });
    expect((await runSetup(kernel, planVlan, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual([
      'LINK eth0 vlan id 3 mac 00:16:3e:00:00:03 mtu 1500 UP',
      'ADDR eth0 10.0.5.7/24',
      'R[main] 10.0.5.0/24 dev eth0 proto kernel scope link src 10.0.5.7',
      'R[main] default via 10.0.5.253 dev eth0 onlink',
    ]);
    expect(
      state.host.filter(
        (l) => l.startsWith('LINK eth1') || l.startsWith('ADDR eth1') || l.includes('dev eth1')
      )
    ).toEqual([
      'LINK eth1 device mac 00:16:3e:00:00:03 mtu 1500 UP',
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
    expect((await renderBoth(kernel)).pod).toContain(
      'QDISC eth0 tbf handle 1: parent root rate 1250000B burst 3000B limit 34250B'
    );
  });
});

describe('VPCRoute setup (reference §5.2, the removed VPC-route mode)', () => {
  it('veth with pod IP/32, default via 169.254.1.1, neighbour to the host veth, host /32 route, '
    + 'no rules', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({
      dp: 'VPCRoute', containerIpNet: { ipv4: '172.20.1.2/24' }, gatewayIp: { ipv4: '172.20.1.1' },
      eniIndex: 0,
    });
    expect((await runSetup(kernel, planVpcRoute, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual([
      'LINK eth0 veth mac <mac of eth0> mtu 1500 UP',
      'ADDR eth0 172.20.1.2/32',
      'R[main] default via 169.254.1.1 dev eth0 onlink',
      `NEIGH 169.254.1.1 lladdr <mac of ${nginxVeth}> dev eth0 PERMANENT`,
    ]);
    expect(state.host.filter((l) => l.includes(nginxVeth))).toEqual([
      `LINK ${nginxVeth} veth mac <mac of ${nginxVeth}> mtu 1500 UP`,
      `R[main] 172.20.1.2/32 dev ${nginxVeth} scope link`,
    ]);
    expect(state.host.some((l) => l.startsWith('RULE'))).toBe(false);
    expect(must(await kernel.linkGet(hostNs, 'eth1')).up).toBe(false);
  });
});
