import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCapacity } from '../../src/capacity/node-capacity.js';
import type { CapacityInput, NodeCapacity } from '../../src/capacity/types.js';
import { configOf, instanceType } from '../config/fixtures.js';

// Catalog-shaped records (values as in packages/cloud-emulator's catalog).
const g7xlarge = instanceType();
const c6large = instanceType({ InstanceTypeId: 'ecs.c6.large', EniQuantity: 2,
  EniPrivateIpAddressQuantity: 6, EniIpv6AddressQuantity: 1, EniTotalQuantity: 2,
  EniTrunkSupported: false });
const g6xlarge = instanceType({ InstanceTypeId: 'ecs.g6.xlarge', EniQuantity: 3,
  EniPrivateIpAddressQuantity: 10, EniIpv6AddressQuantity: 1, EniTotalQuantity: 3,
  EniTrunkSupported: false });

function capacity(input: CapacityInput): NodeCapacity {
  const result = nodeCapacity(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('eniip', () => {
  it('ecs.g7.xlarge: 3 secondary ENIs × 15 IPs = 45, limited by EniQuantity', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'eniip' });
    expect(c).toMatchObject({ instanceType: 'ecs.g7.xlarge', mode: 'eniip', maxPods: 45,
      limitedBy: 'EniQuantity', ipam: 'legacy', enis: 3, ipsPerEni: 15, pool: { minPoolSize: 0,
      maxPoolSize: 0 } });
    expect(c.formula).toContain('= 45');
    expect(c.advertisedMaxAvailableIp).toBeUndefined();
  });

  it('max_eni binds and the pool is clamped to capacity', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({ max_eni: 2,
      max_pool_size: 100, min_pool_size: 40 }) });
    expect(c).toMatchObject({ maxPods: 30, limitedBy: 'max_eni', enis: 2, pool: { maxPoolSize: 30,
      minPoolSize: 30 } });
  });

  it('eni_cap_ratio above 1 is clamped to what the instance attaches, and says so', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({
      eni_cap_ratio: 2 }) });
    expect(c).toMatchObject({ maxPods: 45, limitedBy: 'EniQuantity',
      advertisedMaxAvailableIp: 105 });
    expect(c.notes.join('\n')).toContain('EniPerInstanceLimitExceeded');
  });

  it('ipam_type crd ignores max_eni and keeps the configured pool', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({
      ipam_type: 'crd', max_eni: 1, max_pool_size: 5 }) });
    expect(c).toMatchObject({ maxPods: 45, ipam: 'crd', pool: { maxPoolSize: 5, minPoolSize: 0 } });
    expect(c.notes.join('\n')).toContain('ignores max_eni');
  });

  it('prefix mode: ENIs × (IPs − 1) × 16, advertised with EniTotalQuantity', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({
      ipam_type: 'crd', enable_ip_prefix: true, ipv4_prefix_count: 100 }) });
    expect(c).toMatchObject({ maxPods: 3 * 14 * 16, ipam: 'prefix', limitedBy: 'EniQuantity',
      advertisedMaxAvailableIp: 14 * 16 * 19 });
    expect(c.bounds?.map((bound) => [bound.limitedBy, bound.maxPods])).toEqual([
      ['EniQuantity', 672], ['ipv4_prefix_count', 1600]]);
  });

  const prefixCounts = [
    { name: "ipv4_prefix_count binds below the ENIs' slots", keys: { ipv4_prefix_count: 5 },
      maxPods: 80, limitedBy: 'ipv4_prefix_count' },
    { name: 'ipv4_prefix_count 0 keeps no prefix at all', keys: {}, maxPods: 0,
      limitedBy: 'ipv4_prefix_count' },
    { name: 'an IPv6-only node keeps one /80 of 65,536', keys: { ip_stack: 'ipv6',
      ipv6_prefix_count: 1 }, maxPods: 65_536, limitedBy: 'ipv6_prefix_count' },
  ];
  for (const item of prefixCounts) {
    it(`prefix mode: ${item.name}`, () => {
      const c = capacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({
        ipam_type: 'crd', enable_ip_prefix: true, ...item.keys }) });
      expect(c).toMatchObject({ maxPods: item.maxPods, limitedBy: item.limitedBy, ipam: 'prefix' });
    });
  }

  it('notes dual stack disabled on a type with 1 IPv6 per ENI', () => {
    const c = capacity({ instanceType: g6xlarge, mode: 'eniip', config: configOf({
      ip_stack: 'dual' }), modelledFields: ['EniIpv6AddressQuantity'] });
    expect(c.maxPods).toBe(20);
    expect(c.notes.join('\n')).toContain('instance is not support multi ipv6');
    expect(c.notes.join('\n')).toContain('EniIpv6AddressQuantity is modelled for this type');
  });

  it('fails naming the key when an idle-reclaim value does not parse', () => {
    const result = nodeCapacity({ instanceType: g7xlarge, mode: 'eniip', config: configOf({
      idle_ip_reclaim_after: 'soon' }) });
    expect(!result.ok && result.error.path).toBe('eni_conf.idle_ip_reclaim_after');
  });
});

describe('eni (exclusive)', () => {
  it('EniQuantity − 1 ENIs, one pod each; max_eni binds', () => {
    expect(capacity({ instanceType: g7xlarge, mode: 'eni' })).toMatchObject({ maxPods: 3,
      limitedBy: 'EniQuantity', enis: 3, ipsPerEni: 1, pool: undefined });
    expect(capacity({ instanceType: g7xlarge, mode: 'eni', config: configOf({
      max_eni: 1 }) })).toMatchObject({ maxPods: 1, limitedBy: 'max_eni' });
    expect(capacity({ instanceType: c6large, mode: 'eni' }).maxPods).toBe(1);
  });
});

describe('trunk', () => {
  it('EniTotalQuantity − EniQuantity member ENIs; modelled note passed through', () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'trunk', modelledFields: [
      'EniTotalQuantity'] });
    expect(c).toMatchObject({ maxPods: 16, limitedBy: 'EniTotalQuantity', enis: 16 });
    expect(c.notes.join('\n')).toContain('EniTotalQuantity is modelled for this type');
  });

  it('0 and EniTrunkSupported on a type without trunking', () => {
    expect(capacity({ instanceType: c6large, mode: 'trunk' })).toMatchObject({ maxPods: 0,
      limitedBy: 'EniTrunkSupported' });
  });

  it('0 when the config leaves trunking off, or no ENI slot is left for the trunk ENI', () => {
    expect(capacity({ instanceType: g7xlarge, mode: 'trunk', config: configOf() })).toMatchObject({
      maxPods: 0, limitedBy: 'enable_eni_trunking' });
    expect(capacity({ instanceType: g7xlarge, mode: 'trunk', config: configOf({
      enable_eni_trunking: true, eni_cap_shift: -3 }) })).toMatchObject({ maxPods: 0,
      limitedBy: 'max_eni' });
    expect(capacity({ instanceType: g7xlarge, mode: 'trunk', config: configOf({
      enable_eni_trunking: true }) }).maxPods).toBe(16);
  });
});

describe('vpc', () => {
  it("kubelet's default max-pods (110) binds before a /24 podCIDR's 253: 110 is the headline", () => {
    const c = capacity({ instanceType: g7xlarge, mode: 'vpc' });
    expect(c).toMatchObject({
      maxPods: 110,
      limitedBy: 'kubeletMaxPods',
      ipam: 'host-local',
      cluster: { maxNodes: 200, maxPods: 200 * 110, limitedBy: 'routeTableEntryQuota' },
    });
    expect(c.bounds?.map(({ limitedBy, maxPods }) => ({ limitedBy, maxPods }))).toEqual([
      { limitedBy: 'kubeletMaxPods', maxPods: 110 },
      { limitedBy: 'podCIDR', maxPods: 253 },
    ]);
    expect(c.formula).toContain('min(kubeletMaxPods 110, podCIDR 253) = 110');
  });

  it('the binding limit is whichever is lower', () => {
    const table = [
      { kubeletMaxPods: 300, nodeCidrMask: 24, maxPods: 253, limitedBy: 'podCIDR' },
      { kubeletMaxPods: undefined, nodeCidrMask: 26, maxPods: 61, limitedBy: 'podCIDR' },
      { kubeletMaxPods: 50, nodeCidrMask: 24, maxPods: 50, limitedBy: 'kubeletMaxPods' },
      { kubeletMaxPods: 253, nodeCidrMask: 24, maxPods: 253, limitedBy: 'podCIDR' },
      { kubeletMaxPods: undefined, nodeCidrMask: 31, maxPods: 0, limitedBy: 'podCIDR' },
    ];
    for (const row of table) {
      const c = capacity({ instanceType: g7xlarge, mode: 'vpc', nodeCidrMask: row.nodeCidrMask,
        kubeletMaxPods: row.kubeletMaxPods });
      expect({ maxPods: c.maxPods, limitedBy: c.limitedBy }, JSON.stringify(row)).toEqual({
        maxPods: row.maxPods, limitedBy: row.limitedBy });
    }
  });

  it('cluster CIDR bounds the nodes; the cluster\'s pods use the binding figure', () => {
    expect(capacity({ instanceType: g7xlarge, mode: 'vpc',
      clusterCidr: '172.20.0.0/18' }).cluster).toEqual({ maxNodes: 64, maxPods: 64 * 110,
      limitedBy: 'clusterCIDR' });
    expect(capacity({ instanceType: g7xlarge, mode: 'vpc', kubeletMaxPods: 300,
      clusterCidr: '172.20.0.0/18' }).cluster).toEqual({ maxNodes: 64, maxPods: 64 * 253,
      limitedBy: 'clusterCIDR' });
  });
});

describe('capacity properties', () => {
  const typeArb = fc.record({
    EniQuantity: fc.integer({ min: 1, max: 32 }), EniPrivateIpAddressQuantity: fc.integer({ min: 1,
      max: 50 }),
    extra: fc.integer({ min: 0, max: 100 }), EniTrunkSupported: fc.boolean(),
  }).map((t) => instanceType({ InstanceTypeId: 't', EniQuantity: t.EniQuantity,
    EniPrivateIpAddressQuantity: t.EniPrivateIpAddressQuantity,
    EniTotalQuantity: t.EniQuantity + t.extra, EniTrunkSupported: t.EniTrunkSupported }));
  const configArb = fc.record({ max_eni: fc.integer({ min: 0, max: 40 }),
    eni_cap_ratio: fc.constantFrom(0.5, 1, 1.5, 2), eni_cap_shift: fc.integer({ min: -3,
    max: 3 }) });

  it('never exceeds the instance quotas, never negative', () => {
    fc.assert(fc.property(typeArb, configArb, (type, eniConf) => {
      const config = configOf(eniConf);
      const eniip = capacity({ instanceType: type, mode: 'eniip', config });
      expect(eniip.maxPods).toBeGreaterThanOrEqual(0);
      expect(eniip.maxPods).toBeLessThanOrEqual((
        type.EniQuantity - 1) * type.EniPrivateIpAddressQuantity);
      const eni = capacity({ instanceType: type, mode: 'eni', config });
      expect(eni.maxPods).toBeGreaterThanOrEqual(0);
      expect(eni.maxPods).toBeLessThanOrEqual(type.EniQuantity - 1);
      const trunk = capacity({ instanceType: type, mode: 'trunk', config: configOf({ ...eniConf,
        enable_eni_trunking: true }) });
      expect(trunk.maxPods).toBeLessThanOrEqual(type.EniTrunkSupported ?
        type.EniTotalQuantity - type.EniQuantity : 0);
    }));
  });
});
