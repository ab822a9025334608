import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePoolSizing, getPoolConfig, type PoolSizing } from '../../src/config/pool-config.js';
import { configOf, limitsOf } from './fixtures.js';

function sizing(input: Parameters<typeof computePoolSizing>[0]): PoolSizing {
  const result = computePoolSizing(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe(
  'getPoolConfig worked examples (after Terway\'s daemon/config_test.go)', () => {
  it('Adapters 10, IPv4 5, ratio 1: maxENI 9, capacity 45; max_pool_size 1000 clamps to 45', () => {
    const s = sizing({ config: configOf({ max_pool_size: 1000, eni_cap_ratio: 1 }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(10, 5) });
    expect(s).toMatchObject({ maxEni: 9, capacity: 45, maxPoolSize: 45, minPoolSize: 0,
      maxIpPerEni: 5, batchSize: 10 });
  });

  it('Adapters 10, IPv4 5, pool 5/1: kept as configured', () => {
    const s = sizing({ config: configOf({ max_pool_size: 5, min_pool_size: 1 }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(10, 5) });
    expect(s).toMatchObject({ maxPoolSize: 5, minPoolSize: 1, maxIpPerEni: 5 });
  });

  it('Adapters 4, IPv4 10: capacity 30, maxENI 3; max_eni 2 gives 20', () => {
    expect(sizing({ config: configOf(), daemonMode: 'ENIMultiIP', limits: limitsOf(4,
      10) })).toMatchObject({ capacity: 30, maxEni: 3 });
    const capped = sizing({ config: configOf({ max_eni: 2 }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10) });
    expect(capped).toMatchObject({ capacity: 20, maxEni: 2 });
    expect(capped.eniCount.limitedBy).toBe('max_eni');
  });

  it('max_eni at or above the computed count changes nothing', () => {
    const s = sizing({ config: configOf({ max_eni: 3 }), daemonMode: 'ENIMultiIP', limits: limitsOf(
      4, 10) });
    expect(s).toMatchObject({ maxEni: 3, capacity: 30 });
    expect(s.eniCount.limitedBy).toBe('EniQuantity');
  });

  it('ENIOnly Adapters 4: capacity 3, one IP per ENI, pool forced to 0', () => {
    const s = sizing({ config: configOf({ max_pool_size: 5, min_pool_size: 2 }),
      daemonMode: 'ENIOnly', limits: limitsOf(4, 10) });
    expect(s).toMatchObject({ capacity: 3, maxEni: 3, maxIpPerEni: 1, maxPoolSize: 0,
      minPoolSize: 0, maxMemberEni: 0 });
  });

  it('ipam_type crd zeroes the pool bounds but keeps capacity', () => {
    const s = sizing({ config: configOf({ max_pool_size: 10, min_pool_size: 2, ipam_type: 'crd' }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(10, 5) });
    expect(s).toMatchObject({ capacity: 45, maxPoolSize: 0, minPoolSize: 0 });
  });

  it('min_eni overrides min pool (× IPs per ENI), then clamps to max pool', () => {
    const s = sizing({ config: configOf({ max_pool_size: 100, min_pool_size: 1, min_eni: 2 }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10) });
    expect(s.minPoolSize).toBe(20);
    const clamped = sizing({ config: configOf({ max_pool_size: 15, min_eni: 2 }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10) });
    expect(clamped.minPoolSize).toBe(15);
    const minAboveMax = sizing({ config: configOf({ max_pool_size: 3, min_pool_size: 8 }),
      daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10) });
    expect(minAboveMax).toMatchObject({ maxPoolSize: 3, minPoolSize: 3 });
  });

  it('eni_cap_ratio truncates like Go int(), eni_cap_shift adds', () => {
    expect(sizing({ config: configOf({ eni_cap_ratio: 0.5 }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(7, 10) }).maxEni).toBe(2);
    expect(sizing({ config: configOf({ eni_cap_shift: -1 }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10) }).maxEni).toBe(2);
    expect(sizing({ config: configOf({ eni_cap_ratio: 0.1 }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10) }).capacity).toBe(-10);
  });

  it('Windows nodes keep the ENI primary IP back', () => {
    expect(sizing({ config: configOf(), daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10),
      windows: true })).toMatchObject({ maxIpPerEni: 9, capacity: 27 });
  });

  it('eRDMA capacity: ERDMARes × IPv4 per ENI (multi-IP), EriQuantity (ENIOnly)', () => {
    const limits = limitsOf(8, 10, { EriQuantity: 4 });
    expect(sizing({ config: configOf({ enable_erdma: true }), daemonMode: 'ENIMultiIP',
      limits }).erdmaCapacity).toBe(20);
    expect(sizing({ config: configOf({ enable_erdma: true }), daemonMode: 'ENIOnly',
      limits }).erdmaCapacity).toBe(4);
    expect(sizing({ config: configOf(), daemonMode: 'ENIMultiIP', limits }).erdmaCapacity).toBe(0);
  });

  it('reclaim: parsed durations and factor; defaults after Populate; after absent = off', () => {
    const s = sizing({ config: configOf({ idle_ip_reclaim_after: '30m',
      idle_ip_reclaim_interval: '5m', idle_ip_reclaim_batch_size: 3,
      idle_ip_reclaim_jitter_factor: '0.2' }), daemonMode: 'ENIMultiIP', limits: limitsOf(10, 5) });
    expect(s.reclaim).toEqual({ afterMs: 1_800_000, intervalMs: 300_000, batchSize: 3,
      jitterFactor: 0.2 });
    expect(sizing({ config: configOf(), daemonMode: 'ENIMultiIP', limits: limitsOf(10,
      5) }).reclaim).toEqual({ afterMs: 0, intervalMs: 600_000, batchSize: 5, jitterFactor: 0.1 });
  });

  it('an unparsable reclaim value fails like Terway, naming the key', () => {
    for (const [key, value] of [['idle_ip_reclaim_interval', 'invalid'], ['idle_ip_reclaim_after',
      '10'], ['idle_ip_reclaim_jitter_factor', 'x']] as const) {
      const result = computePoolSizing({ config: configOf({ [key]: value }),
        daemonMode: 'ENIMultiIP', limits: limitsOf(10, 5) });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.path).toBe(`eni_conf.${key}`);
    }
  });

  it('pool sync period: default 120 s, invalid 120 s, valid as written', () => {
    expect(sizing({ config: configOf(), daemonMode: 'ENIMultiIP', limits: limitsOf(4,
      10) }).poolSyncPeriodMs).toBe(120_000);
    expect(sizing({ config: configOf({ ip_pool_sync_period: '2 m' }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10) }).poolSyncPeriodMs).toBe(120_000);
    expect(sizing({ config: configOf({ ip_pool_sync_period: '30s' }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10) }).poolSyncPeriodMs).toBe(30_000);
  });
});

describe('getPoolConfig node facts', () => {
  const node = { zoneId: 'cn-hangzhou-i', instanceId: 'i-1', instanceVSwitchId: 'vsw-node',
    primaryEniSecurityGroupIds: ['sg-primary'], enableIpv4: true, enableIpv6: false };

  it('uses the zone vSwitches, the SG union and the mapped policies', () => {
    const config = configOf({ vswitches: { 'cn-hangzhou-i': ['vsw-b', 'vsw-a'] },
      security_group: 'sg-2', security_groups: ['sg-1', 'sg-2'],
      vswitch_selection_policy: 'ordered', eni_selection_policy: 'least_ips' });
    const result = getPoolConfig({ config, daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10),
      node });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ vSwitchOptions: ['vsw-b', 'vsw-a'], securityGroupIds: [
      'sg-1', 'sg-2'], vSwitchSelectionPolicy: 'most', eniSelectionPolicy: 'least_ips',
      zoneId: 'cn-hangzhou-i', instanceId: 'i-1' });
  });

  it('falls back to the instance vSwitch and the primary ENI security groups', () => {
    const result = getPoolConfig({ config: configOf({ vswitches: { 'cn-hangzhou-k': ['vsw-k'],
      'cn-hangzhou-i': [] } }), daemonMode: 'ENIMultiIP', limits: limitsOf(4, 10), node });
    expect(result.ok && result.value.vSwitchOptions).toEqual(['vsw-node']);
    expect(result.ok && result.value.securityGroupIds).toEqual(['sg-primary']);
    expect(result.ok && result.value.vSwitchSelectionPolicy).toBe('random');
  });

  it('adds the creator=terway tag only when eni_tags is configured', () => {
    const without = getPoolConfig({ config: configOf(), daemonMode: 'ENIMultiIP', limits: limitsOf(
      4, 10), node });
    expect(without.ok && without.value.eniTags).toEqual({});
    const withTags = getPoolConfig({ config: configOf({ eni_tags: {} }), daemonMode: 'ENIMultiIP',
      limits: limitsOf(4, 10), node });
    expect(withTags.ok && withTags.value.eniTags).toEqual({ creator: 'terway' });
  });
});

describe('pool sizing properties', () => {
  const poolArb = fc.record({
    adapters: fc.integer({ min: 2, max: 32 }), ipv4: fc.integer({ min: 1, max: 50 }),
    maxPool: fc.integer({ min: 0, max: 2000 }), minPool: fc.integer({ min: 0, max: 2000 }),
    maxEni: fc.integer({ min: 0, max: 40 }), minEni: fc.integer({ min: 0, max: 40 }),
  });

  it('min ≤ max ≤ capacity whenever capacity ≥ 0', () => {
    fc.assert(fc.property(poolArb, (p) => {
      const s = sizing({ config: configOf({ max_pool_size: p.maxPool, min_pool_size: p.minPool,
        max_eni: p.maxEni, min_eni: p.minEni }), daemonMode: 'ENIMultiIP', limits: limitsOf(
        p.adapters, p.ipv4) });
      expect(s.capacity).toBeGreaterThanOrEqual(0);
      expect(s.minPoolSize).toBeLessThanOrEqual(s.maxPoolSize);
      expect(s.maxPoolSize).toBeLessThanOrEqual(s.capacity);
      expect(s.maxEni).toBeLessThanOrEqual(p.adapters - 1);
      expect(s.capacity).toBe(s.maxEni * s.maxIpPerEni);
    }));
  });

  it('capacity is monotone in ENIs and in IPs per ENI', () => {
    fc.assert(fc.property(poolArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 20 }),
      (p, moreEnis, moreIps) => {
      const config = configOf({ max_eni: p.maxEni });
      const base = sizing({ config, daemonMode: 'ENIMultiIP', limits: limitsOf(p.adapters,
        p.ipv4) }).capacity;
      const bigger = sizing({ config, daemonMode: 'ENIMultiIP', limits: limitsOf(
        p.adapters + moreEnis, p.ipv4 + moreIps) }).capacity;
      expect(bigger).toBeGreaterThanOrEqual(base);
    }));
  });

  it('ENIOnly capacity never exceeds ExclusiveENIPod and its pool is always 0/0', () => {
    fc.assert(fc.property(poolArb, (p) => {
      const s = sizing({ config: configOf({ max_pool_size: p.maxPool, max_eni: p.maxEni }),
        daemonMode: 'ENIOnly', limits: limitsOf(p.adapters, p.ipv4) });
      expect(s.capacity).toBeLessThanOrEqual(p.adapters - 1);
      expect([s.maxPoolSize, s.minPoolSize]).toEqual([0, 0]);
    }));
  });
});
