// The prefix-mode ENI allocator, after Terway's pkg/eni/eni_local_ipam_test.go: each describe
// names the Go test it follows; the properties at the end drive random allocate / release /
// Node CR update sequences and check the allocator's promises after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EniPrefixIpam } from '../../src/prefix/eni-prefix-ipam.js';
import { addressAt, offsetIn, prefixSize } from '../../src/prefix/prefix-math.js';
import type { IpFamily, IpPrefix, IpPrefixStatus, PrefixNic } from '../../src/prefix/types.js';

const p = (prefix: string, status: IpPrefixStatus = 'Valid'): IpPrefix => ({ prefix, status });

function ipam(ipv4: readonly IpPrefix[], ipv6: readonly IpPrefix[] = [],
  extra: Partial<PrefixNic> = {}): EniPrefixIpam {
  return new EniPrefixIpam({ id: 'eni-1', status: 'InUse', macAddress: '00:16:3e:00:00:01',
    vSwitchID: 'vsw-1', ipv4CIDR: '10.0.0.0/24', ipv6CIDR: '2408:4005:3c5:1::/64',
    ipv4Prefix: ipv4, ipv6Prefix: ipv6, ...extra });
}

const v6Prefix = '2408:4005:3c5:1:1::/80';

describe('TestCalculateIP, TestPrefixSize, TestFindPrefixContainingIP (and their IPv6 /80 cases)',
  () => {
  const cases = [
    { name: 'IPv4 /28 holds 16 from its network address', cidr: '10.0.0.16/28', size: 16,
      offset: 15, address: '10.0.0.31' },
    { name: 'offset zero is the network address', cidr: '10.0.0.16/28', size: 16, offset: 0,
      address: '10.0.0.16' },
    { name: 'an IPv6 /80 is capped at 65,536 in its low 16 bits', cidr: v6Prefix, size: 65_536,
      offset: 0xffff, address: '2408:4005:3c5:1:1::ffff' },
    { name: 'an IPv6 /120 keeps its 256', cidr: '2408:4005:3c5:1::/120', size: 256, offset: 5,
      address: '2408:4005:3c5:1::5' },
  ];
  for (const item of cases) {
    it(item.name, () => {
      expect(prefixSize(item.cidr)).toBe(item.size);
      expect(addressAt(item.cidr, item.offset)).toBe(item.address);
      expect(offsetIn(item.cidr, item.address)).toBe(item.offset);
    });
  }

  it('finds no offset outside the prefix or past the IPv6 cap; a bad CIDR has size 0', () => {
    expect(offsetIn('10.0.0.16/28', '10.0.0.32')).toBeUndefined();
    expect(offsetIn('10.0.0.16/28', '10.0.0.15')).toBeUndefined();
    expect(offsetIn(v6Prefix, '2408:4005:3c5:1:1:0:1:0')).toBeUndefined();
    expect(prefixSize('not-a-cidr')).toBe(0);
  });
});

describe('TestNewENILocalIPAMFromPrefix', () => {
  it('keeps Valid and Frozen prefixes, drops Invalid and Deleting, all addresses free', () => {
    const eni = ipam([p('10.0.0.0/28'), p('10.0.0.16/28', 'Frozen'), p('10.0.0.32/28', 'Invalid'),
      p('10.0.0.48/28', 'Deleting')], [p(v6Prefix)]);
    expect(eni.usage('ipv4').map((usage) => [usage.prefix, usage.status, usage.used])).toEqual([
      ['10.0.0.0/28', 'Valid', 0], ['10.0.0.16/28', 'Frozen', 0]]);
    expect(eni.poolStats()).toEqual({ totalIpv4: 32, idleIpv4: 32, totalIpv6: 65_536,
      idleIpv6: 65_536 });
    expect(eni.isEmpty()).toBe(false);
  });
});

describe('TestENILocalIPAM_AllocateRelease_PrefixMode, TestAllocateIPv4_Idempotent, ' +
  'TestRelease_DoubleFree, TestRelease_UnknownPodID', () => {
  it('hands out the lowest free address, the same one again to the same pod, and frees it once',
    () => {
    const eni = ipam([p('10.0.0.0/28')]);
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.0' });
    expect(eni.allocate('ipv4', 'ns/b')).toEqual({ ok: true, value: '10.0.0.1' });
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.0' });
    eni.release('ipv4', 'ns/a');
    eni.release('ipv4', 'ns/a');
    eni.release('ipv4', 'ns/unknown');
    expect(eni.allocationCount()).toBe(1);
    expect(eni.allocate('ipv4', 'ns/c')).toEqual({ ok: true, value: '10.0.0.0' });
  });
});

describe('TestAllocateIPv4_MostFullFirst, TestSortedValidPrefixes, ' +
  'TestAllocate_SkipFullPrefixUseNext', () => {
  it('picks the Valid prefix with the fewest free addresses, ties by CIDR text', () => {
    const eni = ipam([p('10.0.0.32/28'), p('10.0.0.16/28')]);
    // A tie: "10.0.0.16/28" sorts first.
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.16' });
    // Now .16/28 is fuller, so it keeps filling until full, then .32/28 takes over.
    for (let index = 1; index < 16; index++) eni.allocate('ipv4', `ns/fill-${index}`);
    expect(eni.allocate('ipv4', 'ns/next')).toEqual({ ok: true, value: '10.0.0.32' });
  });

  it('packs into a partly used prefix rather than an empty one', () => {
    const eni = ipam([p('10.0.0.0/28'), p('10.0.0.16/28')]);
    eni.restore('ns/old', { eniId: 'eni-1', ipv4: '10.0.0.20' });
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.16' });
  });
});

describe('TestENILocalIPAM_AllocateSkipsFrozenPrefix, TestAllocate_AllPrefixesFrozen, ' +
  'TestAllocate_AllPrefixesFull, TestAllocateIPv6_NoPrefixes, TestAllocate_AfterFrozenBecomesValid',
  () => {
  it('takes nothing from Frozen prefixes until they are Valid again', () => {
    const eni = ipam([p('10.0.0.0/28', 'Frozen')]);
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: false,
      error: { kind: 'no-free-address', family: 'ipv4' } });
    expect(eni.allocate('ipv6', 'ns/a').ok).toBe(false);
    eni.updatePrefixes('ipv4', [p('10.0.0.0/28')]);
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.0' });
  });

  it('fails when every Valid prefix is full', () => {
    const eni = ipam([p('10.0.0.0/28')]);
    for (let index = 0; index < 16; index++) expect(eni.allocate('ipv4', `ns/${index}`).ok)
      .toBe(true);
    expect(eni.allocate('ipv4', 'ns/17').ok).toBe(false);
  });
});

describe('TestENILocalIPAM_RestorePod_PrefixMode, TestRestorePod_IPInFrozenPrefix, ' +
  'TestRestorePod_IPNotInAnyPrefix, TestRestorePod_WrongENI, TestRestorePod_DuplicateRestore, ' +
  'TestRestorePod_DualStack, TestRestorePod_IPv6_80Prefix_OutOfRange', () => {
  const cases: { name: string; record: { eniId: string; ipv4?: string; ipv6?: string };
    restored: IpFamily[] }[] = [
    { name: 'an address in a Valid prefix', record: { eniId: 'eni-1', ipv4: '10.0.0.7' },
      restored: ['ipv4'] },
    { name: 'an address in a Frozen prefix', record: { eniId: 'eni-1', ipv4: '10.0.0.20' },
      restored: ['ipv4'] },
    { name: 'an address in no prefix', record: { eniId: 'eni-1', ipv4: '10.0.0.99' },
      restored: [] },
    { name: 'a record of another ENI', record: { eniId: 'eni-2', ipv4: '10.0.0.7' },
      restored: [] },
    { name: 'both families', record: { eniId: 'eni-1', ipv4: '10.0.0.7',
      ipv6: '2408:4005:3c5:1:1::5' }, restored: ['ipv4', 'ipv6'] },
    { name: 'an IPv6 address past the /80 cap', record: { eniId: 'eni-1',
      ipv6: '2408:4005:3c5:1:1:0:1:0' }, restored: [] },
  ];
  for (const item of cases) {
    it(item.name, () => {
      const eni = ipam([p('10.0.0.0/28'), p('10.0.0.16/28', 'Frozen')], [p(v6Prefix)]);
      expect(eni.restore('ns/a', item.record)).toEqual(item.restored);
      expect(eni.addressOf('ipv4', 'ns/a')).toBe(item.restored.includes('ipv4')
        ? item.record.ipv4 : undefined);
      expect(eni.allocationCount()).toBe(item.restored.length);
    });
  }

  it('a second restore of the same pod leaves one address taken', () => {
    const eni = ipam([p('10.0.0.0/28')]);
    eni.restore('ns/a', { eniId: 'eni-1', ipv4: '10.0.0.7' });
    eni.restore('ns/a', { eniId: 'eni-1', ipv4: '10.0.0.7' });
    expect(eni.usage('ipv4')[0]!.allocations).toEqual([['ns/a', '10.0.0.7']]);
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.7' });
  });
});

describe('TestENILocalIPAM_UpdatePrefixes, TestUpdatePrefixes_RemoveOccupied, ' +
  'TestUpdatePrefixes_RemoveEmpty, TestUpdatePrefixes_AllRemoved, TestRelease_AfterPrefixRemoved',
  () => {
  it('updates statuses, drops empty removed prefixes, adds new ones', () => {
    const eni = ipam([p('10.0.0.0/28'), p('10.0.0.16/28')]);
    eni.allocate('ipv4', 'ns/a');
    eni.updatePrefixes('ipv4', [p('10.0.0.0/28', 'Frozen'), p('10.0.0.32/28')]);
    expect(eni.usage('ipv4').map((usage) => [usage.prefix, usage.status])).toEqual([
      ['10.0.0.0/28', 'Frozen'], ['10.0.0.32/28', 'Valid']]);
  });

  it('keeps a removed prefix with pods as Deleting until its last pod goes', () => {
    const eni = ipam([p('10.0.0.0/28')]);
    eni.allocate('ipv4', 'ns/a');
    eni.updatePrefixes('ipv4', []);
    expect(eni.usage('ipv4').map((usage) => usage.status)).toEqual(['Deleting']);
    expect(eni.allocate('ipv4', 'ns/b').ok).toBe(false);
    expect(eni.isEmpty()).toBe(false);
    eni.release('ipv4', 'ns/a');
    eni.updatePrefixes('ipv4', []);
    expect(eni.isEmpty()).toBe(true);
  });

  it('drops a drained prefix the CR marks Deleting at once', () => {
    const eni = ipam([p('10.0.0.0/28')]);
    eni.updatePrefixes('ipv4', [p('10.0.0.0/28', 'Deleting')]);
    expect(eni.isEmpty()).toBe(true);
  });
});

describe('TestENILocalIPAM_DualStack, TestAllocateIPv6_80Prefix, TestPoolStats_DualStack', () => {
  it('allocates both families independently and counts them', () => {
    const eni = ipam([p('10.0.0.0/28')], [p(v6Prefix)]);
    expect(eni.allocate('ipv4', 'ns/a')).toEqual({ ok: true, value: '10.0.0.0' });
    expect(eni.allocate('ipv6', 'ns/a')).toEqual({ ok: true, value: '2408:4005:3c5:1:1::' });
    expect(eni.allocate('ipv6', 'ns/b')).toEqual({ ok: true, value: '2408:4005:3c5:1:1::1' });
    expect(eni.poolStats()).toEqual({ totalIpv4: 16, idleIpv4: 15, totalIpv6: 65_536,
      idleIpv6: 65_534 });
    expect(eni.allocationCount()).toBe(3);
  });
});

// ---- properties ---------------------------------------------------------------------------

const cidrs = ['10.0.0.0/28', '10.0.0.16/28', '10.0.0.32/28'] as const;
const statuses: IpPrefixStatus[] = ['Valid', 'Valid', 'Frozen', 'Deleting', 'Invalid'];

type Step =
  | { readonly kind: 'allocate'; readonly pod: number }
  | { readonly kind: 'release'; readonly pod: number }
  | { readonly kind: 'update'; readonly list: readonly IpPrefix[] };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('allocate' as const),
    pod: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const),
    pod: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update' as const),
    list: fc.subarray([...cidrs]).chain((chosen) => fc.tuple(...chosen.map((cidr) =>
      fc.constantFrom(...statuses).map((status) => p(cidr, status))))) }) },
);

function freeOf(eni: EniPrefixIpam): Map<string, number> {
  return new Map(eni.usage('ipv4').filter((usage) => usage.status === 'Valid')
    .map((usage) => [usage.prefix, usage.total - usage.used]));
}

function checkAllocation(eni: EniPrefixIpam, pod: string): void {
  const held = eni.addressOf('ipv4', pod);
  const free = freeOf(eni);
  const open = [...free].filter(([, count]) => count > 0);
  const result = eni.allocate('ipv4', pod);
  if (held !== undefined) {
    expect(result).toEqual({ ok: true, value: held });
    return;
  }
  expect(result.ok).toBe(open.length > 0);
  if (!result.ok) return;
  const fewest = Math.min(...open.map(([, count]) => count));
  const chosen = open.filter(([, count]) => count === fewest).map(([cidr]) => cidr).sort()[0]!;
  const usage = eni.usage('ipv4').find((entry) => entry.prefix === chosen)!;
  const taken = new Set(usage.allocations.filter(([owner]) => owner !== pod)
    .map(([, address]) => offsetIn(chosen, address)));
  let lowest = 0;
  while (taken.has(lowest)) lowest++;
  expect(result.value).toBe(addressAt(chosen, lowest));
}

function checkInvariants(eni: EniPrefixIpam): void {
  const usage = eni.usage('ipv4');
  const addresses = usage.flatMap((entry) => entry.allocations.map(([, address]) => address));
  expect(new Set(addresses).size).toBe(addresses.length);
  for (const entry of usage) {
    expect(entry.used).toBe(entry.allocations.length);
    for (const [, address] of entry.allocations) {
      expect(offsetIn(entry.prefix, address)).toBeDefined();
    }
  }
  const stats = eni.poolStats();
  expect(stats.totalIpv4 - stats.idleIpv4).toBe(addresses.length);
  expect(eni.allocationCount()).toBe(addresses.length);
}

describe('properties of the prefix allocator', () => {
  it('never hands one address to two pods, picks the fullest Valid prefix and its lowest free ' +
    'offset, and drains removed prefixes', () => {
    fc.assert(fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => {
      const eni = ipam([p(cidrs[0]), p(cidrs[1])]);
      for (const step of steps) {
        if (step.kind === 'allocate') checkAllocation(eni, `ns/pod-${step.pod}`);
        else if (step.kind === 'release') eni.release('ipv4', `ns/pod-${step.pod}`);
        else {
          eni.updatePrefixes('ipv4', step.list);
          // A drained Deleting prefix goes at the update; one drained later waits for the next.
          expect(eni.usage('ipv4').filter((entry) => entry.status === 'Deleting'
            && entry.used === 0)).toEqual([]);
        }
        checkInvariants(eni);
      }
    }), { numRuns: 300 });
  });

  it('restoring every held address into a fresh allocator over the same prefixes gives the ' +
    'same allocations', () => {
    fc.assert(fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
      const eni = ipam([p(cidrs[0]), p(cidrs[1]), p(cidrs[2])]);
      for (const step of steps) {
        if (step.kind === 'allocate') eni.allocate('ipv4', `ns/pod-${step.pod}`);
        else if (step.kind === 'release') eni.release('ipv4', `ns/pod-${step.pod}`);
      }
      const again = ipam([p(cidrs[0]), p(cidrs[1]), p(cidrs[2])]);
      for (const entry of eni.usage('ipv4')) {
        for (const [pod, address] of entry.allocations) {
          again.restore(pod, { eniId: 'eni-1', ipv4: address });
        }
      }
      expect(again.usage('ipv4')).toEqual(eni.usage('ipv4'));
    }), { numRuns: 200 });
  });
});
