// The daemon's side of centralized IPAM: the Node CR spec it writes (after Terway's
// pkg/eni/node_reconcile_test.go "Node controller / Create Node"), the search for the pod's IP
// and NodeRuntime's bookkeeping (crdv2_test.go TestInUsedPodUIDs, Test_syncBack,
// Test_removeDeleted).

import { describe, expect, it } from 'vitest';
import { attachedEniOf, findPodIps } from '../../src/crdv2/crdv2-backend.js';
import { authorNodeSpec, crdFlavorOf, withAuthoredSpec } from '../../src/crdv2/node-spec.js';
import {
  emptyNodeRuntime, markDeleted, podsInUse, syncDeletedPods,
} from '../../src/crdv2/node-runtime.js';
import type { NodeCap, NodeCr, NodeRuntime } from '../../src/ports/crd.js';
import { configOf } from '../config/fixtures.js';
import { ips, nic } from '../controlplane/multi-ip/fixtures.js';

const cap: NodeCap = { adapters: 5, totalAdapters: 20, ipv4PerAdapter: 15, ipv6PerAdapter: 15,
  memberAdapterLimit: 12, maxMemberAdapterLimit: 12, eriQuantity: 0 };

function author(conf: Record<string, unknown>, extra: Partial<Parameters<
  typeof authorNodeSpec>[0]> = {}): ReturnType<typeof authorNodeSpec> {
  return authorNodeSpec({ config: configOf({ version: '1', ipam_type: 'crd', ...conf }),
    nodeCap: cap, vSwitchOptions: ['vsw-1'], securityGroupIds: ['sg-1'], exclusive: false,
    previousEni: undefined, ...extra });
}

describe('Node CR spec from the eni-config (node_reconcile_test.go Create Node)', () => {
  const flavorText = (spec: ReturnType<typeof author>): string[] => spec.flavor.map((item) =>
    `${item.networkInterfaceType}/${item.networkInterfaceTrafficMode}/${item.count}`);
  const table: Array<{ name: string; conf: Record<string, unknown>; cap?: Partial<NodeCap>;
    flavor: string[]; v4: boolean; v6: boolean; trunk: boolean; erdma: boolean }> = [
    { name: 'New regular node with IPv4 configuration', conf: {},
      flavor: ['Secondary/Standard/4'], v4: true, v6: false, trunk: false, erdma: false },
    { name: 'New regular node with dual stack configuration', conf: { ip_stack: 'dual' },
      flavor: ['Secondary/Standard/4'], v4: true, v6: true, trunk: false, erdma: false },
    { name: 'New regular node with unsupported dual stack configuration',
      conf: { ip_stack: 'dual' }, cap: { ipv6PerAdapter: 10 }, flavor: ['Secondary/Standard/4'],
      v4: true, v6: false, trunk: false, erdma: false },
    { name: 'New regular node with IPv6-only configuration', conf: { ip_stack: 'ipv6' },
      flavor: ['Secondary/Standard/4'], v4: false, v6: true, trunk: false, erdma: false },
    { name: 'New regular node with ENI trunking enabled', conf: { enable_eni_trunking: true },
      flavor: ['Trunk/Standard/1', 'Secondary/Standard/3'], v4: true, v6: false, trunk: true,
      erdma: false },
    { name: 'New regular node with ERDMA enabled', conf: { enable_erdma: true },
      cap: { eriQuantity: 1 }, flavor: ['Secondary/HighPerformance/1', 'Secondary/Standard/3'],
      v4: true, v6: false, trunk: false, erdma: true },
    { name: 'ERDMA boundary conditions: no eRDMA interface on the instance',
      conf: { enable_erdma: true }, flavor: ['Secondary/Standard/4'], v4: true, v6: false,
      trunk: false, erdma: false },
    { name: 'New regular node with both ERDMA and trunking enabled',
      conf: { enable_erdma: true, enable_eni_trunking: true }, cap: { eriQuantity: 2 },
      flavor: ['Trunk/Standard/1', 'Secondary/HighPerformance/1', 'Secondary/Standard/2'],
      v4: true, v6: false, trunk: true, erdma: true },
    { name: 'Trunking boundary conditions: no member ENIs on the instance',
      conf: { enable_eni_trunking: true }, cap: { memberAdapterLimit: 0 },
      flavor: ['Secondary/Standard/4'], v4: true, v6: false, trunk: false, erdma: false },
  ];
  for (const row of table) {
    it(row.name, () => {
      const spec = author(row.conf, { nodeCap: { ...cap, ...row.cap } });
      expect(flavorText(spec)).toEqual(row.flavor);
      expect([spec.eni.enableIPv4, spec.eni.enableIPv6, spec.eni.enableTrunk,
        spec.eni.enableERDMA]).toEqual([row.v4, row.v6, row.trunk, row.erdma]);
    });
  }

  it('max_eni and friends do not shrink the flavor (the controlplane ignores them)', () => {
    expect(crdFlavorOf({ adapters: 3 }, { trunk: false, erdma: false })[0]!.count).toBe(2);
    expect(flavorText(author({ max_eni: 1 }))).toEqual(['Secondary/Standard/4']);
  });

  it('New regular node with idle IP reclaim configuration', () => {
    const spec = author({ max_pool_size: 10, min_pool_size: 2, ip_warm_up_size: 5,
      ip_pool_sync_period: '30s', idle_ip_reclaim_after: '5m' });
    expect(spec.pool).toEqual({ maxPoolSize: 10, minPoolSize: 2, poolSyncPeriod: '30s',
      warmUpSize: 5, reclaim: { after: '5m', interval: '10m', batchSize: 5,
        jitterFactor: '0.1' } });
  });

  it('New regular node without idle IP reclaim configuration', () => {
    expect(author({ max_pool_size: 10 }).pool.reclaim).toBeUndefined();
  });

  it('exclusive-ENI nodes and prefix mode pin the pool sizes to 0, and trunk off', () => {
    const spec = author({ max_pool_size: 10, min_pool_size: 2, enable_eni_trunking: true },
      { exclusive: true });
    expect([spec.pool.maxPoolSize, spec.pool.minPoolSize, spec.eni.enableTrunk])
      .toEqual([0, 0, false]);
  });

  it('EnableIPPrefix set from config on first creation, then immutable', () => {
    expect(author({ enable_ip_prefix: true }).eni.enableIPPrefix).toBe(true);
    const later = author({ enable_ip_prefix: true }, { previousEni: { enableTrunk: false,
      enableIPPrefix: false } });
    expect(later.eni.enableIPPrefix).toBe(false);
    expect(later.warnings.map((warning) => warning.reason)).toEqual(['PrefixModeImmutable']);
  });

  it('prefix mode carries ipv4_prefix_count and ipv6_prefix_count; other modes leave them out',
    () => {
      const prefix = author({ enable_ip_prefix: true, ipv4_prefix_count: 8 }).eni;
      expect([prefix.ipv4PrefixCount, prefix.ipv6PrefixCount]).toEqual([8, 0]);
      expect('ipv4PrefixCount' in author({ ipv4_prefix_count: 8 }).eni).toBe(false);
    });

  it('"ordered" selects `most`; the spec is written only when it changes', () => {
    const spec = author({ vswitch_selection_policy: 'ordered' });
    expect(spec.eni.vSwitchSelectPolicy).toBe('most');
    const cr: NodeCr = { metadata: { name: 'n1' }, spec: { nodeMetadata: { regionID: 'r',
      instanceType: 't', instanceID: 'i', zoneID: 'z' }, nodeCap: cap, flavor: [],
    eni: { enableTrunk: false } }, status: { networkInterfaces: {} } };
    const written = withAuthoredSpec(cr, spec)!;
    expect(withAuthoredSpec(written, spec)).toBeUndefined();
  });
});

function nodeCr(nics: NodeCr['status']['networkInterfaces']): NodeCr {
  return { metadata: { name: 'n1' }, spec: { nodeMetadata: { regionID: 'r', instanceType: 't',
    instanceID: 'i', zoneID: 'z' }, nodeCap: cap, flavor: [], eni: { enableTrunk: false },
  pool: { maxPoolSize: 0, minPoolSize: 0, poolSyncPeriod: '' } },
  status: { networkInterfaces: nics } };
}

describe('finding the pod\'s IP in the Node CR (crdv2.go tryAllocateIP)', () => {
  const cr = nodeCr({
    'eni-a': nic('eni-a', [{ ip: '10.0.0.5', pod: 'default/a', uid: 'u1' },
      { ip: '10.0.0.6', pod: 'default/b', uid: 'u2', status: 'Deleting' },
      { ip: '10.0.0.7', pod: 'default/c' }], { macAddress: 'aa', ipv4CIDR: '10.0.0.0/24' }),
    'eni-x': nic('eni-x', [{ ip: '10.0.1.5', pod: 'default/d' }], { status: 'Attaching' }),
  });
  const table: Array<{ name: string; pod: string; uid: string; want?: string | undefined }> = [
    { name: 'bound with the same uid', pod: 'default/a', uid: 'u1', want: '10.0.0.5' },
    { name: 'bound to an earlier pod of that name', pod: 'default/a', uid: 'u9' },
    { name: 'bound without a uid yet', pod: 'default/c', uid: 'u3', want: '10.0.0.7' },
    { name: 'IP being deleted', pod: 'default/b', uid: 'u2' },
    { name: 'ENI not InUse', pod: 'default/d', uid: '' },
  ];
  for (const row of table) {
    it(row.name, () => expect(findPodIps(cr, row.pod, row.uid)?.ipv4).toBe(row.want));
  }
  it('the gateway comes from the ENI\'s vSwitch CIDR', () => {
    const eni = attachedEniOf(cr.status.networkInterfaces['eni-a']!, false);
    expect([eni.gatewayIp.ipv4, eni.vSwitchCidr.ipv4, eni.mac])
      .toEqual(['10.0.0.253', '10.0.0.0/24', 'aa']);
  });
});

describe('NodeRuntime bookkeeping (crdv2_test.go Test_syncBack, Test_removeDeleted)',
  () => {
    const at = (status: 'initial' | 'deleted', time: string) => ({ [status]: {
      lastUpdateTime: time } });
    it('released pods are marked deleted, keeping their earlier statuses', () => {
      const before: NodeRuntime = { metadata: { name: 'n1' }, status: { pods: {
        u1: { podID: 'default/a', status: at('initial', 't0') } } } };
      const after = markDeleted(before, new Map([['u1', 'default/a'], ['u2', 'default/b']]),
        't1');
      expect(after.status.pods).toEqual({
        u1: { podID: 'default/a', status: { initial: { lastUpdateTime: 't0' },
          deleted: { lastUpdateTime: 't1' } } },
        u2: { podID: 'default/b', status: { deleted: { lastUpdateTime: 't1' } } } });
    });
    it('deleted pods no IP names go; IPs\' pods missing are added as initial', () => {
      const cr = nodeCr({ 'eni-a': { ...nic('eni-a', []), ipv4: ips([
        { ip: '10.0.0.1', pod: 'default/a', uid: 'u1' },
        { ip: '10.0.0.2', pod: 'default/c', uid: 'u3' }]) } });
      expect([...podsInUse(cr)]).toEqual([['u1', 'default/a'], ['u3', 'default/c']]);
      const runtime: NodeRuntime = { ...emptyNodeRuntime('n1'), status: { pods: {
        u1: { podID: 'default/a', status: at('deleted', 't1') },
        u2: { podID: 'default/b', status: at('deleted', 't1') },
        u4: { podID: 'default/d', status: at('initial', 't1') } } } };
      const next = syncDeletedPods(runtime, podsInUse(cr), 't2');
      expect(Object.keys(next.status.pods).sort()).toEqual(['u1', 'u3', 'u4']);
      expect(next.status.pods['u3']).toEqual({ podID: 'default/c',
        status: { initial: { lastUpdateTime: 't2' } } });
    });
  });
