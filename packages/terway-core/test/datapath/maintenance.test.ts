import { describe, expect, it } from 'vitest';
import { planIpvlan } from '../../src/datapath/ipvlan.js';
import {
  gcLeakedRules, isLeakedVlanFilter,
} from '../../src/datapath/maintenance/gc-leaked-rules.js';
import { gcPolicyRoutes, ruleSync } from '../../src/datapath/maintenance/rule-sync.js';
import { planPolicyRoute } from '../../src/datapath/policy-route.js';
import { srcKeys } from '../../src/datapath/tc/u32.js';
import type { NetConf } from '../../src/rpc/messages.js';
import {
  eniMac, exampleNode, exampleSetup, hostNs, must, nginxVeth, runSetup, snapshot,
} from './fixtures.js';

const netConf: NetConf = {
  basicInfo: {
    podIp: { ipv4: '10.0.1.20' }, podCidr: { ipv4: '10.0.1.0/24' },
    gatewayIp: { ipv4: '10.0.1.253' }, serviceCidr: { ipv4: '192.168.0.0/16' },
  },
  eniInfo: { mac: eniMac, trunk: false, vid: 0, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false },
  ifName: '', extraRoutes: [], defaultRoute: true,
};

describe('daemon host maintenance', () => {
  it('ruleSync restores the ENI table route, the '
    + '/32 route and the rules, and nothing else', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    const intact = await snapshot(kernel, hostNs);
    must(await kernel.ruleDel(hostNs, { priority: 2048, src: '10.0.1.20/32' }));
    must(await kernel.routeDel(hostNs, { dst: '0.0.0.0/0', table: 1003 }));
    must(await kernel.routeDel(hostNs, { dst: '10.0.1.20/32', table: 254 }));
    must(await kernel.addrDel(hostNs, { linkIndex: 3, cidr: '10.0.0.10/32' }));
    expect(
      (
        await ruleSync(kernel, hostNs, { name: 'nginx', namespace: 'default', netConfs: [netConf] })
      ).ok
    ).toBe(true);
    const synced = await snapshot(kernel, hostNs);
    expect(synced.rules).toEqual(intact.rules);
    expect(synced.routes.filter((r) => r.table === 1003 || r.dst === '10.0.1.20/32')).toEqual(
      intact.routes.filter((r) => r.table === 1003 || r.dst === '10.0.1.20/32')
    );
    expect(synced.addrs.some((a) => a.linkIndex === 3 && a.cidr === '10.0.0.10/32')).toBe(false);
  });

  it('ruleSync skips a pod whose host veth is gone', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await ruleSync(kernel, hostNs, { name: 'nginx', namespace: 'default', netConfs: [netConf] })
      ).ok
    ).toBe(true);
    expect((await snapshot(kernel, hostNs)).rules.filter((r) => r.priority === 2048)).toEqual([]);
  });

  it('gcPolicyRoutes deletes the host veth and the rules of a deleted pod', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    expect(
      (
        await gcPolicyRoutes(
          kernel, hostNs,
          { name: 'nginx', namespace: 'default', eniMac, containerIpNet: { ipv4: '10.0.1.20/32' } },
        )
      ).ok
    ).toBe(true);
    const host = await snapshot(kernel, hostNs);
    expect(host.links.some((l) => l.name === nginxVeth)).toBe(false);
    expect(host.rules.filter((r) => r.priority === 512 || r.priority === 2048)).toEqual([]);
  });

  it('gcLeakedRules removes ipvl routes and VLAN push filters of pods that are gone', async () => {
    const kernel = await exampleNode();
    expect(
      (
        await runSetup(kernel, planIpvlan, exampleSetup({ dp: 'IPVlan', stripVlan: true, vid: 7 }))
      ).ok
    ).toBe(true);
    const outcome = await gcLeakedRules(kernel, hostNs, ['10.0.1.99']);
    // The pod's /32 and, as in Terway, the kernel's fe80::/64 on ipvl_3 (its dst is no pod IP).
    expect(outcome).toEqual({ routesDeleted: 2, filtersDeleted: 1, failures: 0 });
    const host = await snapshot(kernel, hostNs);
    expect(host.routes.filter((r) => r.dst === '10.0.1.20/32')).toEqual([]);
    expect(host.filters.map((f) => f.priority).sort()).toEqual([20000, 40000]);
    expect(await gcLeakedRules(kernel, hostNs, ['10.0.1.20'])).toEqual({
      routesDeleted: 0, filtersDeleted: 0, failures: 0,
    });
  });

  it('recognises v4 and v6 VLAN push filters by their keys', () => {
    const push = { kind: 'vlan', op: 'push', vlanId: 3, control: 'pipe' } as const;
    const base = {
      linkIndex: 3, parent: 'egress', kind: 'u32', protocol: 'ip', terminal: true,
      handle: '800::800', actions: [push],
    } as const;
    expect(
      isLeakedVlanFilter(
        { ...base, priority: 50001, keys: srcKeys('10.0.1.20/32') }, new Set(['10.0.1.20']),
      )
    ).toBe(false);
    expect(
      isLeakedVlanFilter({ ...base, priority: 50001, keys: srcKeys('10.0.1.20/32') }, new Set())
    ).toBe(true);
    expect(
      isLeakedVlanFilter(
        { ...base, priority: 50002, keys: srcKeys('2408:4001::14/128') },
        new Set(['2408:4001::14']),
      )
    ).toBe(false);
    expect(
      isLeakedVlanFilter(
        { ...base, priority: 50002, keys: srcKeys('2408:4001::14/128') }, new Set(),
      )
    ).toBe(true);
    expect(
      isLeakedVlanFilter({ ...base, priority: 40000, keys: srcKeys('10.0.1.20/32') }, new Set())
    ).toBe(false);
  });
});
