import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import { planIpvlan, planIpvlanTeardown } from '../../src/datapath/ipvlan.js';
import {
  exampleNode, exampleSetup, hostNs, must, podNs, renderBoth, runSetup, snapshot,
} from './fixtures.js';

const ipvlan = (overrides = {}) => exampleSetup({ dp: 'IPVlan', ...overrides });

describe('IPVlan setup (reference §3.2 example)', () => {
  it('reproduces the example state exactly', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planIpvlan, ipvlan())).ok).toBe(true);
    const state = await renderBoth(kernel);
    expect(state.pod).toEqual([
      'LINK eth0 ipvlan l2 mac 00:16:3e:00:00:03 mtu 1500 UP',
      'ADDR eth0 10.0.1.20/24',
      'R[main] 10.0.0.10/32 dev eth0 scope link',
      'R[main] 10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.20',
      'R[main] default via 10.0.1.253 dev eth0 onlink',
      'NEIGH 10.0.0.10 lladdr 00:16:3e:00:00:03 dev eth0 PERMANENT',
    ]);
    expect(state.host).toEqual([
      'LINK eth0 device mac 00:16:3e:00:00:02 mtu 1500 UP',
      'LINK eth1 device mac 00:16:3e:00:00:03 mtu 1500 UP',
      'LINK ipvl_3 ipvlan l2 mac 00:16:3e:00:00:03 mtu 1500 UP NOARP',
      'ADDR eth0 10.0.0.10/24',
      'ADDR ipvl_3 10.0.0.10/32 scope host',
      'R[main] 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10',
      'R[main] 10.0.1.20/32 dev ipvl_3 scope link',
      'R[main] default via 10.0.0.253 dev eth0',
      'QDISC eth1 clsact handle ffff: parent clsact',
      'FILTER eth1 egress u32 prio 40000 protocol ip match c0a80000/ffff0000@16 terminal action '
        + 'tunnel_key unset pipe | skbedit ptype host pipe | mirred ingress redirect dev ipvl_3 '
          + 'stolen',
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

  it('keeps stale prio-40000 redirect filters '
    + 'when host_stack_cidrs change (quirk 10)', async () => {
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

  it('ingress-only bandwidth in tc mode fails with "invalid rate 0" (quirk 11)', async () => {
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
    const state = await renderBoth(kernel);
    expect(state.pod).toContain('ADDR eth0 10.0.5.7/32');
    expect(state.pod).toContain('NEIGH 10.0.5.253 lladdr ee:ff:ff:ff:ff:ff dev eth0 PERMANENT');
    expect(state.host.filter((l) => l.startsWith('FILTER'))).toEqual([
      'FILTER eth1 egress u32 prio 40000 protocol ip match c0a80000/ffff0000@16 terminal action '
        + 'tunnel_key unset pipe | skbedit ptype host pipe | mirred ingress redirect dev ipvl_3 '
          + 'stolen',
      'FILTER eth1 egress u32 prio 50001 protocol ip match 0a000507/ffffffff@12 terminal action '
        + 'vlan push id 3 pipe',
      'FILTER eth1 ingress u32 prio 20000 protocol 802.1Q match 00000000/00000000@0 terminal '
        + 'action vlan pop pipe',
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
