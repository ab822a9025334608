import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import { planPolicyRoute, planPolicyRouteTeardown } from '../../src/datapath/policy-route.js';
import { tbfParameters } from '../../src/datapath/tc/qdisc.js';
import { vethNameForPod } from '../../src/datapath/veth-name.js';
import {
  exampleNode, exampleSetup, hostNs, macOf, must, nginxVeth, podNs, showBoth, runSetup, snapshot,
  vlanPopIngress, vlanPushFor10057,
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
    const state = await showBoth(kernel);
    expect(state.pod).toEqual(expect.arrayContaining([
      '    inet6 2408:4001::14/128 scope global ',
      'default via fe80::1 dev eth0 metric 1024 onlink pref medium',
      `fe80::1 dev eth0 lladdr ${macOf(state.hostSnapshot, nginxVeth)} PERMANENT `,
    ]));
    expect(state.host).toEqual(expect.arrayContaining([
      '    inet6 2408:4000::10/128 scope global ',
      'fe80::ff:fe00:1 dev eth1 metric 1024 pref medium',
      'default via fe80::ff:fe00:1 dev eth1 table 1003 metric 1024 onlink pref medium',
      `2408:4001::14 dev ${nginxVeth} metric 1024 pref medium`,
      '$ ip -6 rule show',
      '512:\tfrom all to 2408:4001::14 lookup main',
      '2048:\tfrom 2408:4001::14 lookup 1003',
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
    const state = await showBoth(kernel);
    const routesAndRules = state.pod.slice(state.pod.indexOf('$ ip route show table all'));
    expect(routesAndRules.slice(0, routesAndRules.indexOf('$ ip neigh show'))).toEqual([
      '$ ip route show table all',
      `default via 10.0.1.253 dev eth0 table ${t0} onlink `,
      `default via 10.0.2.253 dev eth1 table ${t1} onlink `,
      'default via 169.254.1.1 dev eth0 onlink ',
      '$ ip rule show',
      `512:\tfrom all oif eth0 lookup ${t0}`,
      `512:\tfrom 10.0.1.20 lookup ${t0}`,
      `512:\tfrom all oif eth1 lookup ${t1}`,
      `512:\tfrom 10.0.2.30 lookup ${t1}`,
    ]);
    expect(state.host).toEqual(
      expect.arrayContaining([
        '2048:\tfrom 10.0.2.30 lookup 1005',
        'default via 10.0.2.253 dev eth2 table 1005 onlink ',
      ])
    );
  });

  it('extra routes: 169.254.1.1 on the host veth, link route in the pod, routes via the vSwitch '
    + 'gateway', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({ extraRoutes: [{ dst: '100.64.0.0/10', gw: '10.0.1.253' }] });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await showBoth(kernel);
    expect(state.pod).toEqual(
      expect.arrayContaining([
        '169.254.1.1 dev eth0 scope link ',
        '100.64.0.0/10 via 10.0.1.253 dev eth0 onlink ',
      ])
    );
    expect(state.host).toContain(`    inet 169.254.1.1/32 scope global ${nginxVeth}`);
  });

  it('tc bandwidth: egress tbf on the pod eth0, ingress tbf on the host veth, with Terway burst '
    + 'and limit', async () => {
    const kernel = await exampleNode();
    const cfg = exampleSetup({ egress: 12_500_000, ingress: 1_000 });
    expect((await runSetup(kernel, planPolicyRoute, cfg)).ok).toBe(true);
    const state = await showBoth(kernel);
    expect(state.pod).toContain(
      'qdisc tbf 1: dev eth0 root refcnt 3 rate 100Mbit burst 12500b lat 25ms ');
    expect(state.host).toContain(
      `qdisc tbf 1: dev ${nginxVeth} root refcnt 3 rate 8Kbit burst 3000b lat 25ms `
    );
    const host = await snapshot(kernel, hostNs);
    expect(host.qdiscs.find((q) => q.options.kind === 'tbf')?.options).toEqual({
      kind: 'tbf', rateBytesPerSecond: 1000, burstBytes: 3000, limitBytes: 3025,
    });
    expect(tbfParameters(125_000_000, 1500)).toEqual(
      { burstBytes: 125_000, limitBytes: 3_250_000 }
    );
  });

  it('edt bandwidth: mq at the ENI root with an fq child per transmit queue, no tbf '
    + 'anywhere', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await runSetup(
          kernel, planPolicyRoute,
          exampleSetup({ bandwidthMode: 'edt', egress: 1_000_000, ingress: 1_000_000 }),
        )
      ).ok
    ).toBe(true);
    const state = await showBoth(kernel);
    // The ENI has two transmit queues (the model's default): mq `1:` gets two default children,
    // which ensureMQFQ replaces with fq, each under the next automatic handle.
    const fq = 'limit 10000p flow_limit 100p buckets 1024 orphan_mask 1023 quantum 3028b '
      + 'initial_quantum 15140b low_rate_threshold 550Kbit refill_delay 40ms timer_slack 10us '
      + 'horizon 10s horizon_drop ';
    expect(state.host.slice(state.host.indexOf('$ tc qdisc show'))).toEqual([
      '$ tc qdisc show',
      'qdisc mq 1: dev eth1 root ',
      `qdisc fq 8001: dev eth1 parent 1:2 ${fq}`,
      `qdisc fq 8002: dev eth1 parent 1:1 ${fq}`,
    ]);
    expect(state.pod.some((l) => l.startsWith('qdisc'))).toBe(false);
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
    const state = await showBoth(kernel);
    expect(state.host).toContain('default via 10.0.1.253 dev eth1 table 1003 onlink ');
    expect(state.host.slice(state.host.indexOf('$ tc qdisc show'))).toEqual([
      '$ tc qdisc show',
      'qdisc clsact ffff: dev eth1 parent ffff:fff1 ',
      ...vlanPopIngress,
      '$ tc filter show dev eth1 egress',
      ...vlanPushFor10057,
    ]);
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
      kind: 'vlan', op: 'push', vlanId: 9, control: 'pipe', index: 2,
    }]);
  });

  it('network priority: mq at the ENI root, a prio qdisc in place of each default mq child, and '
    + 'under each prio a classifier of the pod address', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await runSetup(
          kernel, planPolicyRoute,
          exampleSetup({ enableNetworkPriority: true, networkPriority: '1:1' }),
        )
      ).ok
    ).toBe(true);
    const state = await showBoth(kernel);
    // EnsureMQQdisc puts mq `1:` at the root (two default children, one per transmit queue);
    // EnsurePrioQdiscAt10 replaces each with prio; SetEgressPriority filters the pod source into
    // class 1:1 under each prio.
    const prio = 'bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1';
    const classifier = (handle: string): string[] => [
      `$ tc filter show dev eth1 parent ${handle}`,
      'filter protocol ip pref 1 u32 chain 0 ',
      'filter protocol ip pref 1 u32 chain 0 fh 800: ht divisor 1 ',
      'filter protocol ip pref 1 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0 flowid 1:1 '
        + 'not_in_hw ',
      '  match 0a000114/ffffffff at 12',
    ];
    expect(state.host.slice(state.host.indexOf('$ tc qdisc show'))).toEqual([
      '$ tc qdisc show',
      'qdisc mq 1: dev eth1 root ',
      `qdisc prio 8001: dev eth1 parent 1:2 ${prio}`,
      `qdisc prio 8002: dev eth1 parent 1:1 ${prio}`,
      ...classifier('8001:'), ...classifier('8002:'),
    ]);
  });
});
