// The controlplane's prefix upkeep decisions, after Terway's
// pkg/controller/multi-ip/node/pool_prefix_test.go (TestAssignEniPrefixWithOptions,
// TestSyncPrefixAllocation and its variants, TestPrefixCapacityCalculation) and eni_test.go's
// prefix merge, with ipv4PerAdapter 15 as those tests use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IpPrefix, IpPrefixStatus, PrefixNic } from '../../src/prefix/types.js';
import { mergeIpPrefixes, planNewEniPrefixes, planPrefixAssigns, planPrefixUpkeep,
  thawFrozenPrefixes, type PrefixUpkeepInput } from '../../src/prefix/upkeep.js';

function eni(id: string, options: { status?: string; ips?: number; v4?: number; v6?: number;
  v4Status?: IpPrefixStatus; unschedulable?: boolean } = {}): PrefixNic {
  const ips = Object.fromEntries(Array.from({ length: options.ips ?? 1 },
    (_, index) => [`10.0.9.${index}`, {}]));
  const list = (count: number, family: 4 | 6, status: IpPrefixStatus): IpPrefix[] =>
    Array.from({ length: count }, (_, index) => ({ status,
      prefix: family === 4 ? `10.${id.length}.${index}.0/28` : `2408::${index + 1}:0:0:0/80` }));
  return { id, status: options.status ?? 'InUse', ipv4: ips,
    ipv4Prefix: list(options.v4 ?? 0, 4, options.v4Status ?? 'Valid'),
    ipv6Prefix: list(options.v6 ?? 0, 6, 'Valid'),
    ...(options.unschedulable === undefined ? {} : { unschedulable: options.unschedulable }) };
}

function input(extra: Partial<PrefixUpkeepInput>): PrefixUpkeepInput {
  return { enableIpv4: true, enableIpv6: false, ipv4PrefixCount: 0, ipv6PrefixCount: 0,
    ipv4PerAdapter: 15, nics: [], newEniSlots: ['Secondary', 'Secondary', 'Secondary'],
    ...extra };
}

describe('TestAssignEniPrefixWithOptions', () => {
  const cases = [
    { name: '0 prefix - no ENI should be created', given: input({ ipv4PrefixCount: 0 }),
      v4: [], v6: [] },
    { name: '1 prefix - 1 ENI (primary IP + 1 prefix)', given: input({ ipv4PrefixCount: 1 }),
      v4: [1], v6: [0] },
    { name: '14 prefixes - 2 ENIs (10 + 4 due to API limit)',
      given: input({ ipv4PrefixCount: 14 }), v4: [10, 4], v6: [0, 0] },
    { name: '28 prefixes - 3 ENIs (10 + 10 + 8 due to API limit)',
      given: input({ ipv4PrefixCount: 28 }), v4: [10, 10, 8], v6: [0, 0, 0] },
    { name: 'dual stack 14 prefixes - 2 ENIs each with auto 1 IPv6 prefix',
      given: input({ ipv4PrefixCount: 14, enableIpv6: true, ipv6PrefixCount: 5 }),
      v4: [10, 4], v6: [1, 1] },
    { name: 'ipv6 only with ipv6 prefix count 1',
      given: input({ enableIpv4: false, enableIpv6: true, ipv6PrefixCount: 1 }), v4: [0], v6: [1] },
    { name: 'ipv6 only with ipv6 prefix count 0 - no ENI needed',
      given: input({ enableIpv4: false, enableIpv6: true }), v4: [], v6: [] },
    { name: 'existing ENI with prefixes - allocate demand considering existing capacity',
      given: input({ ipv4PrefixCount: 15, nics: [eni('eni-a', { v4: 10 })] }), v4: [1], v6: [0] },
    { name: 'existing ENI has enough prefixes - no new allocation',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a', { v4: 5 })] }), v4: [], v6: [] },
    { name: 'attaching ENI with prefixes - count pending prefixes',
      given: input({ ipv4PrefixCount: 15, nics: [eni('eni-a', { status: 'Attaching', v4: 10 })] }),
      v4: [5], v6: [0] },
    { name: 'attaching ENI counted by its task when the CR lists nothing yet',
      given: input({ ipv4PrefixCount: 15, nics: [eni('eni-a', { status: 'Attaching' })],
        attachTasks: { 'eni-a': { ipv4PrefixCount: 10, ipv6PrefixCount: 0 } } }),
      v4: [5], v6: [0] },
    { name: 'existing ENI without prefixes but with capacity - no new ENI needed',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a')] }), v4: [], v6: [] },
    { name: 'existing ENI with some IPs and no capacity - must create new ENI',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a', { ips: 15 })] }), v4: [5], v6: [0] },
    { name: 'existing ENI with partial capacity - partial new ENI needed',
      given: input({ ipv4PrefixCount: 10, nics: [eni('eni-a', { ips: 12 })] }), v4: [7], v6: [0] },
    { name: 'an unschedulable ENI lends no capacity',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a', { unschedulable: true, v4: 5 })] }),
      v4: [5], v6: [0] },
  ];
  for (const item of cases) {
    it(item.name, () => {
      const plans = planNewEniPrefixes(item.given);
      expect(plans.map((plan) => plan.ipv4PrefixCount)).toEqual(item.v4);
      expect(plans.map((plan) => plan.ipv6PrefixCount)).toEqual(item.v6);
    });
  }

  it('a new trunk slot always asks for its one IPv4, with or without prefix demand', () => {
    expect(planNewEniPrefixes(input({ newEniSlots: ['Trunk', 'Secondary'] }))).toEqual([
      { slot: 'Trunk', ipv4Count: 1, ipv4PrefixCount: 0, ipv6PrefixCount: 0 }]);
  });
});

describe('TestPrefixCapacityCalculation', () => {
  const cases = [
    { name: 'standard capacity 15 slots', perAdapter: 15, perNewEni: 10 },
    { name: 'standard capacity 10 slots', perAdapter: 10, perNewEni: 9 },
    { name: 'minimum capacity 2 slots', perAdapter: 2, perNewEni: 1 },
    { name: 'edge case 1 slot - no room for a prefix beside the primary', perAdapter: 1,
      perNewEni: undefined },
  ];
  for (const item of cases) {
    it(item.name, () => {
      const plans = planNewEniPrefixes(input({ ipv4PrefixCount: 40,
        ipv4PerAdapter: item.perAdapter }));
      expect(plans[0]?.ipv4PrefixCount).toBe(item.perNewEni);
    });
  }
});

describe('TestSyncPrefixAllocation', () => {
  const cases = [
    { name: 'no existing ENIs - nothing to sync', given: input({ ipv4PrefixCount: 5 }),
      calls: [] },
    { name: 'ENI already has enough prefixes',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a', { v4: 5 })] }), calls: [] },
    { name: 'ENI needs more prefixes - partial allocation',
      given: input({ ipv4PrefixCount: 8, nics: [eni('eni-a', { v4: 5 })] }),
      calls: [['eni-a', 'ipv4', 3]] },
    { name: 'skip Attaching ENI',
      given: input({ ipv4PrefixCount: 5, nics: [eni('eni-a', { status: 'Attaching' })] }),
      calls: [] },
    { name: 'dual stack - sync IPv4 prefixes, auto-ensure 1 IPv6 prefix',
      given: input({ ipv4PrefixCount: 3, enableIpv6: true, nics: [eni('eni-a')] }),
      calls: [['eni-a', 'ipv4', 3], ['eni-a', 'ipv6', 1]] },
    { name: 'dual stack - ENI already has IPv6 prefix, no additional v6 assign',
      given: input({ ipv4PrefixCount: 3, enableIpv6: true,
        nics: [eni('eni-a', { v4: 1, v6: 1 })] }),
      calls: [['eni-a', 'ipv4', 2]] },
    { name: 'multiple ENIs - distribute prefixes across ENIs',
      given: input({ ipv4PrefixCount: 20,
        nics: [eni('eni-b', { v4: 10 }), eni('eni-a', { v4: 4 })] }),
      calls: [['eni-a', 'ipv4', 6]] },
    { name: 'more than ten on one ENI go in calls of at most ten',
      given: input({ ipv4PrefixCount: 14, nics: [eni('eni-a')] }),
      calls: [['eni-a', 'ipv4', 10], ['eni-a', 'ipv4', 4]] },
    { name: 'demand already satisfied - no allocation needed',
      given: input({ ipv4PrefixCount: 10,
        nics: [eni('eni-a', { v4: 6 }), eni('eni-b', { v4: 4 })] }),
      calls: [] },
    { name: 'attaching ENI in-flight prefixes reduce demand on InUse ENI',
      given: input({ ipv4PrefixCount: 10, nics: [eni('eni-a'),
        eni('eni-b', { status: 'Attaching', v4: 10 })] }), calls: [] },
    { name: 'attaching ENI partially satisfies demand - only remaining needed on InUse ENI',
      given: input({ ipv4PrefixCount: 10, nics: [eni('eni-a'),
        eni('eni-b', { status: 'Attaching', v4: 6 })] }), calls: [['eni-a', 'ipv4', 4]] },
    { name: 'ENI fully occupied (SlotWithPrimaryIP, PrefixAndIPCoexist, ENIFullyOccupied)',
      given: input({ ipv4PrefixCount: 10, nics: [eni('eni-a', { ips: 5, v4: 10 }),
        eni('eni-b', { ips: 13 })] }), calls: [] },
    { name: 'Invalid prefixes hold a slot but not the count',
      given: input({ ipv4PrefixCount: 3, nics: [eni('eni-a', { ips: 12, v4: 2,
        v4Status: 'Invalid' })] }), calls: [['eni-a', 'ipv4', 1]] },
    { name: 'ipv6 only: one /80 on the first ENI without one',
      given: input({ enableIpv4: false, enableIpv6: true, ipv6PrefixCount: 1,
        nics: [eni('eni-b'), eni('eni-a')] }), calls: [['eni-a', 'ipv6', 1]] },
  ];
  for (const item of cases) {
    it(item.name, () => {
      expect(planPrefixAssigns(item.given).map((call) => [call.eniId, call.family, call.count]))
        .toEqual(item.calls);
    });
  }
});

describe('processFrozenExpireAt', () => {
  it('thaws a Frozen prefix at its frozenExpireAt, not before; keeps one without a time', () => {
    const list: IpPrefix[] = [
      { prefix: '10.0.0.0/28', status: 'Frozen', frozenExpireAt: '2026-01-01T00:01:00Z' },
      { prefix: '10.0.0.16/28', status: 'Frozen' },
      { prefix: '10.0.0.32/28', status: 'Valid' },
    ];
    const at = Date.UTC(2026, 0, 1, 0, 1, 0);
    expect(thawFrozenPrefixes(list, at - 1_000)).toBe(list);
    expect(thawFrozenPrefixes(list, at)).toEqual([{ prefix: '10.0.0.0/28', status: 'Valid' },
      list[1], list[2]]);
  });
});

describe('mergeIPPrefixes (eni_test.go)', () => {
  it('keeps known prefixes as recorded, adds new ones Valid, drops Deleting, marks the rest ' +
    'Invalid', () => {
    const frozen: IpPrefix = { prefix: 'a/28', status: 'Frozen',
      frozenExpireAt: '2026-01-01T00:00:00Z' };
    const merged = mergeIpPrefixes(['a/28', 'new/28'], [frozen,
      { prefix: 'gone-deleting/28', status: 'Deleting' },
      { prefix: 'gone-valid/28', status: 'Valid' },
      { prefix: 'gone-invalid/28', status: 'Invalid' }]);
    expect(merged).toEqual([frozen, { prefix: 'new/28', status: 'Valid' },
      { prefix: 'gone-valid/28', status: 'Invalid' },
      { prefix: 'gone-invalid/28', status: 'Invalid' }]);
  });
});

describe('properties of the prefix upkeep', () => {
  const nicArb = fc.record({ ips: fc.integer({ min: 1, max: 15 }), v4: fc.integer({ min: 0,
    max: 14 }), attaching: fc.boolean(), unschedulable: fc.boolean() });
  it('never asks more than ten per call or more than an ENI\'s free slots, and the node ends ' +
    'at the target when the InUse ENIs have room', () => {
    fc.assert(fc.property(fc.array(nicArb, { maxLength: 4 }), fc.integer({ min: 0, max: 60 }),
      (shapes, target) => {
        const nics = shapes.map((shape, index) => eni(`eni-${index}`, { ips: shape.ips,
          v4: Math.min(shape.v4, 15 - shape.ips), unschedulable: shape.unschedulable,
          status: shape.attaching ? 'Attaching' : 'InUse' }));
        const given = input({ ipv4PrefixCount: target, nics });
        const plan = planPrefixUpkeep(given);
        for (const call of plan.assigns) expect(call.count).toBeGreaterThanOrEqual(1);
        for (const call of plan.assigns) expect(call.count).toBeLessThanOrEqual(10);
        for (const created of plan.newEnis) expect(created.ipv4PrefixCount).toBeLessThanOrEqual(10);
        const held = (nic: PrefixNic) => nic.unschedulable === true ? 0
          : (nic.ipv4Prefix ?? []).length;
        const before = nics.reduce((sum, nic) => sum + held(nic), 0);
        const added = plan.assigns.reduce((sum, call) => sum + call.count, 0);
        for (const nic of nics) {
          const onNic = plan.assigns.filter((call) => call.eniId === nic.id)
            .reduce((sum, call) => sum + call.count, 0);
          expect(onNic).toBeLessThanOrEqual(15 - Object.keys(nic.ipv4 ?? {}).length
            - (nic.ipv4Prefix ?? []).length);
        }
        const planned = plan.newEnis.reduce((sum, created) => sum + created.ipv4PrefixCount, 0);
        // Never past the target; short of it only by what three new slots could not carry.
        expect(before + added).toBeLessThanOrEqual(Math.max(before, target));
        if (before < target) expect(before + added + planned).toBeGreaterThanOrEqual(
          Math.min(target, before + added + 3 * 10));
      }), { numRuns: 300 });
  });
});
