import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import { planPolicyRoute, planPolicyRouteTeardown } from '../../src/datapath/policy-route.js';
import { tbfParameters } from '../../src/datapath/tc/qdisc.js';
import { vethNameForPod } from '../../src/datapath/veth-name.js';
import {
  exampleNode, exampleSetup, hostNs, must, nginxVeth, podNs, renderBoth, runSetup, snapshot,
} from './fixtures.js';

describe('PolicyRoute variants', () => {
  it('dual stack: v6 address and default via fe80::1, gw6/128 on the ENI in main, ::/0 in table '
    + 'T, v6 rules and sysctls', async () => {
    const kernel = await exampleNode();
    must(await kernel.addrAdd(hostNs, { linkIndex: 2, cidr: '2408:4000::10/64' }));
    const cfg = exampleSetup({
      containerIpNet: { ipv4: '10.0.1.20/24', ipv6: '2408:4001::14/64' },
      gatewayIp: { ipv4: '10.0.1.253', ipv6: 'fe80::ff:fe00:1' }, eniGatewayIp: {
        ipv4: '10.0.1.253', ipv6: 'fe80::ff:fe00:1',
      },
      hostIpSet: { ipv4: '10.0.0.10/32', ipv6: '2408:4000::10/128' },
    });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual(expect.arrayContaining([
      'ADDR eth0 2408:4001::14/128',
      'R[main] default via fe80::1 dev eth0 onlink',
      `NEIGH fe80::1 lladdr <mac of ${nginxVeth}> dev eth0 PERMANENT`,
    ]));
    expect(state.host).toEqual(expect.arrayContaining([
      'ADDR eth1 2408:4000::10/128',
      'R[main] fe80::ff:fe00:1/128 dev eth1',
      'R[1003] default via fe80::ff:fe00:1 dev eth1 onlink',
      `R[main] 2408:4001::14/128 dev ${nginxVeth}`,
      'RULE v6 512: from all to 2408:4001::14/128 lookup main',
      'RULE v6 2048: from 2408:4001::14/128 lookup 1003',
    ]));
    const pod = await snapshot(kernel, podNs);
    expect(pod.sysctls['net/ipv6/conf/eth0/accept_ra']).toBe('0');
    const host = await snapshot(kernel, hostNs);
    expect(host.sysctls['net/ipv6/conf/eth1/forwarding']).toBe('1');
    expect(host.sysctls[`net/ipv6/conf/${nginxVeth}/forwarding`]).toBe('1');
  });

  it('multi-network: pod rules and table keyed on the pod ifindex, default route only on the '
    + 'DefaultRoute NetConf', async () => {
    const kernel = await exampleNode();
    const eth0 = exampleSetup({ multiNetwork: true });
    expect((await runSetup(kernel, planPolicyRoute, eth0)).ok).toBe(true);
    must(
      await kernel.deviceAttach(
        hostNs, { name: 'eth2', mac: '00:16:3e:00:00:04', segment: 'vsw-b' },
      )
    );
    const eth1 = exampleSetup({
      multiNetwork: true, containerIfName: 'eth1', defaultRoute: false, eniIndex: 5,
      hostVethName: vethNameForPod('nginx', 'default', 'eth1'),
      containerIpNet: { ipv4: '10.0.2.30/24' }, gatewayIp: { ipv4: '10.0.2.253' },
    });
    expect(
      (
        await runSetup(
          kernel, planPolicyRoute, eth1, { veth: 'vethbbbbbbbb', eniMove: 'x', eniRollback: 'y' },
        )
      ).ok
    ).toBe(true);
    const pod = await snapshot(kernel, podNs);
    const t0 = 1000 + (pod.links.find((l) => l.name === 'eth0')?.index ?? 0);
    const t1 = 1000 + (pod.links.find((l) => l.name === 'eth1')?.index ?? 0);
    const state = await renderBoth(kernel);
    expect(state.pod.filter((l) => l.startsWith('RULE') || l.includes('default'))).toEqual([
      `R[${t0}] default via 10.0.1.253 dev eth0 onlink`,
      `R[${t1}] default via 10.0.2.253 dev eth1 onlink`,
      'R[main] default via 169.254.1.1 dev eth0 onlink',
      `RULE v4 512: from all oif eth0 lookup ${t0}`,
      `RULE v4 512: from 10.0.1.20/32 lookup ${t0}`,
      `RULE v4 512: from all oif eth1 lookup ${t1}`,
      `RULE v4 512: from 10.0.2.30/32 lookup ${t1}`,
    ]);
    expect(state.host).toEqual(
      expect.arrayContaining([
        'RULE v4 2048: from 10.0.2.30/32 lookup 1005',
        'R[1005] default via 10.0.2.253 dev eth2 onlink',
      ])
    );
  });

  it('extra routes: 169.254.1.1 on the host veth, link route in the pod, routes via the vSwitch '
    + 'gateway', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({ extraRoutes: [{ dst: '100.64.0.0/10', gw: '10.0.1.253' }] });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual(
      expect.arrayContaining([
        'R[main] 169.254.1.1/32 dev eth0 scope link',
        'R[main] 100.64.0.0/10 via 10.0.1.253 dev eth0 onlink',
      ])
    );
    expect(state.host).toContain(`ADDR ${nginxVeth} 169.254.1.1/32`);
  });

  it('tc bandwidth: egress tbf on the pod eth0, ingress tbf on the host veth, with Terway burst '
    + 'and limit', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({ egress: 12_500_000, ingress: 1_000 });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toContain(
      'QDISC eth0 tbf handle 1: parent root rate 12500000B burst 12500B limit 325000B'
    );
    expect(state.host).toContain(
      `QDISC ${nginxVeth} tbf handle 1: parent root rate 1000B burst 3000B limit 3025B`
    );
    expect(tbfParameters(125_000_000, 1500)).toEqual(
      { burstBytes: 125_000, limitBytes: 3_250_000 }
    );
  });

  it('edt bandwidth: mq at the ENI root, no tbf anywhere', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await runSetup(
          kernel, planPolicyRoute,
          exampleSetup({ bandwidthMode: 'edt', egress: 1_000_000, ingress: 1_000_000 }),
        )
      ).ok
    ).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.host.filter((l) => l.startsWith('QDISC'))).toEqual([
      'QDISC eth1 mq handle 1: parent root'
    ]);
    expect(state.pod.some((l) => l.startsWith('QDISC'))).toBe(false);
  });

  it('trunk "filter" strip type: table T via the trunk ENI gateway, pop + push filters; teardown '
    + '(trunk=false) removes the push', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({
      stripVlan: true, vid: 3, containerIpNet: { ipv4: '10.0.5.7/24' }, gatewayIp: {
        ipv4: '10.0.5.253'
      }, eniGatewayIp: { ipv4: '10.0.1.253' },
    });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.host).toEqual(expect.arrayContaining([
      'R[1003] default via 10.0.1.253 dev eth1 onlink',
      'QDISC eth1 clsact handle ffff: parent clsact',
      'FILTER eth1 ingress u32 prio 20000 protocol 802.1Q match 00000000/00000000@0 terminal '
        + 'action vlan pop pipe',
      'FILTER eth1 egress u32 prio 50001 protocol ip match 0a000507/ffffffff@12 terminal action '
        + 'vlan push id 3 pipe',
    ]));
    const teardown = planPolicyRouteTeardown(
      {
        dp: 'PolicyRoute', hostVethName: '', eniIndex: 3, containerIpNet: { ipv4: '10.0.5.7/24' },
        serviceCidr: {}, enableNetworkPriority: false,
      },
      hostNs,
    );
    expect((await applyPlan(kernel, teardown)).ok).toBe(true);
    expect((await snapshot(kernel, hostNs)).filters.map((f) => f.priority)).toEqual([20000]);
  });

  it('a VLAN push filter with another vid is replaced (EnsureVlanTag)', async () => {
    const kernel = await exampleNode();
    const base = {
      stripVlan: true, containerIpNet: { ipv4: '10.0.5.7/24' }, gatewayIp: { ipv4: '10.0.5.253' },
    };
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup({ ...base, vid: 3 }))).ok).toBe(
      true
    );
    must(await kernel.netnsDel(podNs));
    must(await kernel.netnsAdd(podNs));
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup({ ...base, vid: 9 }))).ok).toBe(
      true
    );
    const pushes = (await snapshot(kernel, hostNs)).filters.filter((f) => f.priority === 50001);
    expect(pushes.map((f) => f.actions[0])).toEqual([{
      kind: 'vlan', op: 'push', vlanId: 9, control: 'pipe',
    }]);
  });

  it('network priority: mq at the ENI root (the model lists no mq children, so no prio qdisc '
    + 'gets a classifier)', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await runSetup(
          kernel, planPolicyRoute,
          exampleSetup({ enableNetworkPriority: true, networkPriority: '1:1' }),
        )
      ).ok
    ).toBe(true);
    const host = await snapshot(kernel, hostNs);
    expect(host.qdiscs.map((q) => `${q.options.kind} ${q.handle} ${q.parent}`)).toEqual([
      'mq 1: root'
    ]);
  });
});
