import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import { planIpvlan, planIpvlanTeardown } from '../../src/datapath/ipvlan.js';
import {
  exampleNode, exampleSetup, hostNs, must, podNs, showBoth, runSetup, snapshot, vlanPopIngress,
  vlanPushFor10057,
} from './fixtures.js';

const ipvlan = (overrides = {}) => exampleSetup({ dp: 'IPVlan', ...overrides });

/** `tc filter show` of the redirect filter for the service CIDR (its u32 hash table `htid`). */
function redirectFilter(htid: string): string[] {
  const head = 'filter protocol ip pref 40000 u32 chain 0';
  return [
    `${head} `, `${head} fh ${htid}: ht divisor 1 `,
    `${head} fh ${htid}::800 order 2048 key ht ${htid} bkt 0 terminal flowid not_in_hw `,
    '  match c0a80000/ffff0000 at 16',
    '\taction order 1: tunnel_key  unset pipe', '\tindex 1 ref 1 bind 1',
    '\taction order 2: skbedit  ptype host pipe', '\tindex 1 ref 1 bind 1',
    '\taction order 3: mirred (Ingress Redirect to device ipvl_3) stolen', '\tindex 1 ref 1 bind 1',
  ];
}

describe('IPVlan setup of an nginx pod on the example node', () => {
  it('reproduces the example state exactly', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planIpvlan, ipvlan())).ok).toBe(true);
    const state = await showBoth(kernel, { details: true });
    const up = '<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500';
    const ipvlanDetails = [
      '    ipvlan  mode l2 bridge addrgenmode eui64 numtxqueues 1 numrxqueues 1 ',
    ];
    expect(state.pod).toEqual([
      '$ ip -d link show',
      `2: eth0@if3: ${up} qdisc noqueue state UP mode DEFAULT group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff link-netns node1 promiscuity 0  '
        + 'allmulti 0 minmtu 68 maxmtu 1500 ',
      ...ipvlanDetails,
      '$ ip addr show',
      `2: eth0@if3: ${up} qdisc noqueue state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff link-netns node1',
      '    inet 10.0.1.20/24 scope global eth0',
      '$ ip route show table all',
      'default via 10.0.1.253 dev eth0 onlink ',
      '10.0.0.10 dev eth0 scope link ',
      '10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.20 ',
      '$ ip neigh show',
      '10.0.0.10 dev eth0 lladdr 00:16:3e:00:00:03 PERMANENT ',
    ]);
    expect(state.host.slice(state.host.indexOf('$ ip addr show'))).toEqual([
      '$ ip addr show',
      `2: eth0: ${up} qdisc mq state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:02 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.0.10/24 scope global eth0',
      `3: eth1: ${up} qdisc mq state UP group default qlen 1000`,
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff',
      '4: ipvl_3@eth1: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP '
        + 'group default qlen 1000',
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.0.10/32 scope host ipvl_3',
      '$ ip route show table all',
      'default via 10.0.0.253 dev eth0 ',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10 ',
      '10.0.1.20 dev ipvl_3 scope link ',
      '$ tc qdisc show',
      'qdisc clsact ffff: dev eth1 parent ffff:fff1 ',
      '$ tc filter show dev eth1 egress',
      ...redirectFilter('800'),
    ]);
  });

  it('shares ipvl_3 between pods and redirects host_stack_cidrs too', async () => {
    const kernel = await exampleNode();
    const cfg = ipvlan({ hostStackCidrs: ['169.254.20.10/32'] });
    expect((await runSetup(kernel, planIpvlan, cfg)).ok).toBe(true);
    must(await kernel.netnsAdd('pod2'));
    const hostLinks = must(await kernel.linkList(hostNs));
    const plan = must(
      planIpvlan({
        cfg: { ...cfg, containerIpNet: { ipv4: '10.0.1.21/24' }, hostVethName: 'cali00000000002' },
        ns: { host: hostNs, pod: 'pod2' }, hostLinks,
        random: { veth: 'veth1', eniMove: 'veth2', eniRollback: 'veth3' },
      })
    );
    expect((await applyPlan(kernel, plan)).ok).toBe(true);
    const host = await snapshot(kernel, hostNs);
    expect(host.links.filter((l) => l.name.startsWith('ipvl_'))).toHaveLength(1);
    expect(
      host.routes.filter(
        (r) => r.oif === 4 && r.table === 254 && r.family === 4
      ).map((r) => r.dst).sort()
    ).toEqual(['10.0.1.20/32', '10.0.1.21/32']);
    expect(host.filters.map((f) => [f.priority, f.keys[0]?.offset])).toEqual([
      [40000, 16], [40000, 16],
    ]);
  });

  it('keeps stale prio-40000 redirect filters when host_stack_cidrs change', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planIpvlan, ipvlan({ hostStackCidrs: ['169.254.20.10/32'] }))).ok
    ).toBe(true);
    must(await kernel.netnsAdd('pod2'));
    const hostLinks = must(await kernel.linkList(hostNs));
    const plan = must(
      planIpvlan({
        cfg: ipvlan({ containerIpNet: { ipv4: '10.0.1.21/24' }, hostVethName: 'cali00000000002' }),
        ns: { host: hostNs, pod: 'pod2' }, hostLinks,
        random: { veth: 'veth1', eniMove: 'veth2', eniRollback: 'veth3' },
      })
    );
    expect((await applyPlan(kernel, plan)).ok).toBe(true);
    expect((await snapshot(kernel, hostNs)).filters).toHaveLength(2);
  });

  it('ingress-only bandwidth in tc mode fails with "invalid rate 0"', async () => {
    const kernel = await exampleNode();
    const done = await runSetup(kernel, planIpvlan, ipvlan({ ingress: 1_000_000 }));
    expect(done).toMatchObject({
      ok: false, error: { message: 'error set container link/address/route, invalid rate 0' },
    });
  });

  it('trunk (StripVlan): /32 address, gateway pinned to ee:ff:ff:ff:ff:ff, pop and push filters '
    + 'on the ENI', async () => {
    const kernel = await exampleNode();
    const cfg = ipvlan({
      stripVlan: true, vid: 3, containerIpNet: { ipv4: '10.0.5.7/24' },
      gatewayIp: { ipv4: '10.0.5.253' },
    });
    expect((await runSetup(kernel, planIpvlan, cfg)).ok).toBe(true);
    const state = await showBoth(kernel);
    expect(state.pod).toContain('    inet 10.0.5.7/32 scope global eth0');
    expect(state.pod).toContain('10.0.5.253 dev eth0 lladdr ee:ff:ff:ff:ff:ff PERMANENT ');
    expect(state.host.slice(state.host.indexOf('$ tc filter show dev eth1 ingress'))).toEqual([
      ...vlanPopIngress,
      '$ tc filter show dev eth1 egress',
      ...redirectFilter('802'),
      ...vlanPushFor10057,
    ]);
  });

  it('teardown deletes every main route to the pod '
    + '/32 and the VLAN push filter, and keeps ipvl_3', async () => {
    const kernel = await exampleNode();
    const cfg = ipvlan({ stripVlan: true, vid: 3 });
    expect((await runSetup(kernel, planIpvlan, cfg)).ok).toBe(true);
    must(await kernel.routeAdd(hostNs, { dst: '10.0.1.20/32', oif: 2, table: 254, metric: 5 }));
    const plan = planIpvlanTeardown(
      {
        dp: 'IPVlan', hostVethName: '', eniIndex: 3, containerIpNet: { ipv4: '10.0.1.20/24' },
        serviceCidr: {}, enableNetworkPriority: false,
      },
      hostNs,
    );
    expect((await applyPlan(kernel, plan)).ok).toBe(true);
    const host = await snapshot(kernel, hostNs);
    expect(host.routes.filter((r) => r.dst === '10.0.1.20/32' && r.table === 254)).toEqual([]);
    expect(host.links.some((l) => l.name === 'ipvl_3')).toBe(true);
    expect(host.filters.map((f) => f.priority).sort()).toEqual([20000, 40000]);
    void podNs;
  });
});
