import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignCounts, createCounts, popJobs, splitQueue, switchOut,
} from '../../src/pool/batch.js';
import { calculateToDel, type ToDelInput } from '../../src/pool/calculate-to-del.js';
import { decideLocalAllocate, type AllocateView } from '../../src/pool/decide-allocate.js';
import { canDispose, planDispose } from '../../src/pool/dispose-plan.js';
import { PoolIpSet, PoolIp } from '../../src/pool/ip-set.js';
import {
  localPriority, sortForAllocation, sortForDisposal, type SlotStatus,
} from '../../src/pool/priority.js';
import { LocalIpRequest } from '../../src/pool/types.js';

interface IpRow {
  ip: string;
  primary?: boolean;
  podId?: string;
  status?: PoolIp['status'];
}

function ipSet(entries: IpRow[]): PoolIpSet {
  const set = new PoolIpSet();
  entries.forEach((entry) => {
    const ip = new PoolIp(entry.ip, entry.primary ?? false, entry.status ?? 'Valid');
    ip.podId = entry.podId ?? '';
    set.add(ip);
  });
  return set;
}

function view(overrides: Partial<AllocateView> = {}): AllocateView {
  return {
    slotType: 'secondary', status: 'InUse', eniId: 'eni-1', enableIpv4: true, enableIpv6: false,
    ipv4: new PoolIpSet(), ipv6: new PoolIpSet(), queuedV4: 0, queuedV6: 0, cap: 10,
    inhibitUntilMs: 0, nowMs: 1000, ...overrides,
  };
}

const text = (ms: number): string => `t${ms}`;
const decide = (slot: AllocateView, request = new LocalIpRequest(), podId = 'ns/a') =>
  decideLocalAllocate(slot, request, podId, text);
const decline = (condition: string) => ({ kind: 'decline', trace: { condition } });
const queue = (expectV4: number, expectV6: number) => ({ kind: 'queue', expectV4, expectV6 });

describe('slot priority and ordering', () => {
  it('scores Deleting −100, Init 0, Creating 10, InUse 50, + addresses of enabled families', () => {
    type Row = { status: SlotStatus; v4: number; v6: number; dual: boolean; expected: number };
    const table: Row[] = [
      { status: 'Deleting', v4: 5, v6: 5, dual: true, expected: -100 },
      { status: 'Init', v4: 0, v6: 0, dual: false, expected: 0 },
      { status: 'Creating', v4: 0, v6: 0, dual: false, expected: 10 },
      { status: 'InUse', v4: 7, v6: 3, dual: false, expected: 57 },
      { status: 'InUse', v4: 7, v6: 3, dual: true, expected: 60 },
    ];
    table.forEach((row) => {
      const slot = { status: row.status, ipv4Count: row.v4, ipv6Count: row.v6, enableIpv4: true,
        enableIpv6: row.dual };
      expect(localPriority(slot)).toBe(row.expected);
    });
  });

  it('most_ips offers the fullest first; least_ips puts empty slots first', () => {
    const slots = [
      { name: 'empty', p: 0 }, { name: 'full', p: 58 }, { name: 'half', p: 54 },
      { name: 'empty2', p: 0 },
    ];
    const names = (list: typeof slots): string[] => list.map((slot) => slot.name);
    const most = [...slots];
    sortForAllocation(most, (slot) => slot.p, 'most_ips');
    expect(names(most)).toEqual(['full', 'half', 'empty', 'empty2']);
    const least = [...slots];
    sortForAllocation(least, (slot) => slot.p, 'least_ips');
    expect(names(least)).toEqual(['empty', 'empty2', 'half', 'full']);
    const dispose = [...slots];
    sortForDisposal(dispose, (slot) => slot.p, 'most_ips');
    expect(names(dispose)).toEqual(['empty', 'empty2', 'half', 'full']);
  });

  it('property: sorting is stable and ordered by priority', () => {
    const priorities = fc.array(fc.integer({ min: -100, max: 80 }), { maxLength: 16 });
    fc.assert(fc.property(priorities, fc.boolean(), (values, least) => {
      const items = values.map((p, index) => ({ p, index }));
      sortForAllocation(items, (item) => item.p, least ? 'least_ips' : 'most_ips');
      for (let index = 1; index < items.length; index++) {
        const [a, b] = [items[index - 1]!, items[index]!];
        const ordered = least ? a.p <= b.p : a.p >= b.p;
        expect(ordered).toBe(true);
        if (a.p === b.p) expect(a.index).toBeLessThan(b.index);
      }
    }));
  });
});

describe('decideLocalAllocate (decision order of Local.Allocate)', () => {
  it('declines a request of the other eRDMA kind with ResourceTypeMismatch', () => {
    const request = new LocalIpRequest();
    request.localIpType = 'ERDMA';
    expect(decide(view(), request)).toEqual(decline('ResourceTypeMismatch'));
    expect(decideLocalAllocate(view(), { type: 'RemoteIP' }, 'ns/a', text).kind).toBe('decline');
  });

  it('declines silently while Deleting, before any other check', () => {
    const request = new LocalIpRequest();
    request.networkInterfaceId = 'eni-other';
    expect(decide(view({ status: 'Deleting' }), request)).toEqual({ kind: 'decline' });
  });

  it('declines another ENI id with NetworkInterfaceMismatch, but an empty slot accepts it', () => {
    const request = new LocalIpRequest();
    request.networkInterfaceId = 'eni-other';
    expect(decide(view(), request)).toEqual(decline('NetworkInterfaceMismatch'));
    expect(decide(view({ status: 'Init', eniId: undefined }), request)).toEqual(queue(1, 0));
  });

  it('commits the pod\'s own address first, then any allocatable one', () => {
    const ipv4 = ipSet([{ ip: '10.0.0.5' }, { ip: '10.0.0.9', podId: 'ns/a' }]);
    const own = decide(view({ ipv4 }));
    expect(own.kind === 'commit' && own.ipv4?.ip).toBe('10.0.0.9');
    const other = decide(view({ ipv4 }), new LocalIpRequest(), 'ns/b');
    expect(other.kind === 'commit' && other.ipv4?.ip).toBe('10.0.0.5');
  });

  it('is Full when addresses + queued reach the cap; a pre-warm ignores idle addresses', () => {
    const ipv4 = ipSet([{ ip: '10.0.0.5', podId: 'ns/x' }, { ip: '10.0.0.6' }]);
    expect(decide(view({ ipv4, cap: 2 })).kind).toBe('commit');
    const other = decide(view({ ipv4, cap: 3, queuedV4: 1 }), new LocalIpRequest(), 'ns/b');
    expect(other.kind).toBe('commit');
    const busy = ipSet([{ ip: '10.0.0.5', podId: 'ns/x' }]);
    expect(decide(view({ ipv4: busy, cap: 2, queuedV4: 1 }))).toEqual(decline('Full'));
    const warm = new LocalIpRequest();
    warm.noCache = true;
    expect(decide(view({ ipv4, cap: 3 }), warm, '')).toEqual(queue(1, 0));
    expect(decide(view({ ipv4, cap: 2 }), warm, '')).toEqual(decline('Full'));
  });

  it('declines with InsufficientVSwitchIP only when inhibited and a new address is needed', () => {
    const inhibited = { inhibitUntilMs: 601_000, nowMs: 1000 };
    const idle = ipSet([{ ip: '10.0.0.5' }]);
    expect(decide(view({ ...inhibited, ipv4: idle })).kind).toBe('commit');
    const reason = 'alloc inhibit, expire at t601000';
    const trace = { condition: 'InsufficientVSwitchIP', reason };
    expect(decide(view(inhibited))).toEqual({ kind: 'decline', trace });
    expect(decide(view({ ...inhibited, nowMs: 601_000 })).kind).toBe('queue');
  });

  it('dual stack: queues only the family that has no idle address', () => {
    const ipv4 = ipSet([{ ip: '10.0.0.5' }]);
    expect(decide(view({ enableIpv6: true, ipv4 }))).toEqual(queue(0, 1));
  });
});

describe('batch sizes and queue popping', () => {
  it('creates with min(10, max(queued, 1)) IPv4 and assigns min(10, queued)', () => {
    expect(createCounts(0, 0, 10)).toEqual({ ipv4: 1, ipv6: 0 });
    expect(createCounts(3, 3, 10)).toEqual({ ipv4: 3, ipv6: 3 });
    expect(createCounts(25, 12, 10)).toEqual({ ipv4: 10, ipv6: 10 });
    expect(assignCounts(0, 0, 10)).toEqual({ ipv4: 0, ipv6: 0 });
    expect(assignCounts(17, 4, 10)).toEqual({ ipv4: 10, ipv6: 4 });
  });

  it('a partial reply pops fewer requests: 2 queued, 1 address ⇒ 1 stays queued', () => {
    const [a, b] = [new LocalIpRequest(), new LocalIpRequest()];
    const next = popJobs({ allocating: [a, b], dangling: [] }, 1);
    expect(next.allocating).toEqual([b]);
    expect(next.dangling).toEqual([a]);
  });

  it('pops pre-warm requests to completion; Go Split semantics past the end', () => {
    const warm = new LocalIpRequest();
    warm.noCache = true;
    const next = popJobs({ allocating: [warm, new LocalIpRequest()], dangling: [] }, 1);
    expect(next.complete).toEqual([warm]);
    expect(splitQueue([1, 2], 5)).toEqual({ popped: [1, 2], rest: [] });
    expect(splitQueue([1, 2], -1)).toEqual({ popped: [1, 2], rest: [] });
  });

  it('a queued request that ends hands its place to the first live dangling request', () => {
    const [a, b, c] = [new LocalIpRequest(), new LocalIpRequest(), new LocalIpRequest()];
    b.endWorker();
    const queues = { allocating: [a], dangling: [b, c] };
    expect(switchOut(queues, a)).toEqual({ allocating: [c], dangling: [] });
    const unqueued = { allocating: [], dangling: [c] };
    expect(switchOut(unqueued, a)).toEqual(unqueued);
  });

  it('property: popping n keeps every request exactly once and pops min(n, len) in order', () => {
    const lengths = fc.integer({ min: 0, max: 15 });
    fc.assert(fc.property(lengths, fc.integer({ min: 0, max: 20 }), (length, n) => {
      const queued = Array.from({ length }, () => new LocalIpRequest());
      const next = popJobs({ allocating: queued, dangling: [] }, n);
      expect([...next.dangling, ...next.allocating]).toEqual(queued);
      expect(next.dangling.length).toBe(n > length ? length : n);
    }));
  });
});

describe('Local.Dispose choices', () => {
  const base = { hasEni: true, status: 'InUse' as const, ipv6: new PoolIpSet(), canDispose: true };
  const picked = (plan: ReturnType<typeof planDispose>): string[] | false =>
    plan.kind === 'ips' && plan.picksV4.map((entry) => entry.ip);

  it('gives up the whole ENI when n covers every address and nothing uses it', () => {
    const ipv4 = ipSet([{ ip: '10.0.0.2', primary: true }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }]);
    expect(planDispose({ ...base, ipv4 }, 3)).toEqual({ kind: 'eni', count: 3 });
    expect(planDispose({ ...base, ipv4, status: 'Creating' }, 3)).toEqual({ kind: 'none' });
  });

  it('else disposes idle secondaries ascending, the primary last and still counted', () => {
    const ipv4 = ipSet([
      { ip: '10.0.0.2', primary: true }, { ip: '10.0.0.7' }, { ip: '10.0.0.3' },
      { ip: '10.0.0.4', podId: 'ns/a' },
    ]);
    const two = planDispose({ ...base, ipv4, canDispose: false }, 2);
    expect(picked(two)).toEqual(['10.0.0.3', '10.0.0.7']);
    const five = planDispose({ ...base, ipv4, canDispose: false }, 5);
    expect(picked(five)).toEqual(['10.0.0.3', '10.0.0.7', '10.0.0.2']);
    expect(five.kind === 'ips' && five.count).toBe(3);
  });

  it('marks idle Invalid addresses Deleting uncounted, and they still count as idle', () => {
    const ipv4 = ipSet([
      { ip: '10.0.0.2', primary: true, podId: 'ns/p' }, { ip: '10.0.0.3', status: 'Invalid' },
      { ip: '10.0.0.5' },
    ]);
    const plan = planDispose({ ...base, ipv4, canDispose: false }, 2);
    expect(plan.kind === 'ips' && plan.invalid.map((entry) => entry.ip)).toEqual(['10.0.0.3']);
    expect(picked(plan)).toEqual(['10.0.0.5']);
    expect(plan.kind === 'ips' && plan.count).toBe(2);
  });

  it('canDispose: never trunk or eRDMA slots, nor with addresses in use or requests queued', () => {
    const idle = { hasEni: true, slotType: 'secondary', eniIsTrunk: false, inUseV4: 0, inUseV6: 0,
      queuedV4: 0, queuedV6: 0 };
    expect(canDispose(idle)).toBe(true);
    expect(canDispose({ ...idle, slotType: 'trunk' })).toBe(false);
    expect(canDispose({ ...idle, slotType: 'erdma' })).toBe(false);
    expect(canDispose({ ...idle, eniIsTrunk: true })).toBe(false);
    expect(canDispose({ ...idle, inUseV6: 1 })).toBe(false);
    expect(canDispose({ ...idle, queuedV4: 1 })).toBe(false);
    expect(canDispose({ ...idle, hasEni: false, inUseV4: 3 })).toBe(true);
  });

  it('property: never picks an in-use address; count = max over families of min(idle, n)', () => {
    const status = fc.constantFrom<PoolIp['status']>('Valid', 'Invalid', 'Deleting');
    const rows = fc.array(fc.record({ used: fc.boolean(), status }), { maxLength: 12 });
    fc.assert(fc.property(rows, fc.integer({ min: 0, max: 15 }), (table, n) => {
      const ipv4 = ipSet(table.map((row, index) => ({
        ip: `10.0.0.${index + 2}`, primary: index === 0, podId: row.used ? `ns/${index}` : '',
        // A primary is never Deleting (Dispose leaves it as it is).
        status: index === 0 && row.status === 'Deleting' ? 'Valid' : row.status,
      })));
      const plan = planDispose({ ...base, ipv4, canDispose: false }, n);
      if (plan.kind !== 'ips') return;
      expect(plan.picksV4.every((entry) => !entry.inUse)).toBe(true);
      expect(plan.count).toBe(Math.min(ipv4.idles().length, n));
      expect(plan.picksV4.length).toBeLessThanOrEqual(plan.count);
    }));
  });
});

describe('calculateToDel (pool shrink and idle reclaim)', () => {
  const off = { afterMs: 0, intervalMs: 600_000, batchSize: 5, jitterFactor: 0.1 };
  const on = { ...off, afterMs: 300_000 };
  const input = (overrides: Partial<ToDelInput>): ToDelInput => ({
    idle: 12, maxPoolSize: 10, minPoolSize: 2, reclaim: on, lastModifiedMs: 0, nextReclaimMs: null,
    nowMs: 0, jitter: (duration) => duration, ...overrides,
  });

  it('is idle − max_pool_size when reclaim is off (possibly negative)', () => {
    expect(calculateToDel(input({ reclaim: off }))).toEqual({ toDel: 2, nextReclaimMs: null });
    expect(calculateToDel(input({ reclaim: off, idle: 3 })).toDel).toBe(-7);
    const noBatch = { ...on, batchSize: 0 };
    expect(calculateToDel(input({ reclaim: noBatch, nowMs: 10_000_000 })).toDel).toBe(2);
  });

  it('resets the reclaim clock while the pool was modified recently', () => {
    const busy = input({ lastModifiedMs: 100_000, nowMs: 399_999, nextReclaimMs: 5 });
    expect(calculateToDel(busy)).toEqual({ toDel: 2, nextReclaimMs: null });
  });

  it('first quiet sync arms the jittered reclaim instant; reclaim happens once it has come', () => {
    const halfJitter = (duration: number, factor: number): number =>
      duration + Math.floor(duration * factor / 2);
    expect(calculateToDel(input({ nowMs: 300_000, jitter: halfJitter })))
      .toEqual({ toDel: 2, nextReclaimMs: 300_000 + 630_000 });
    expect(calculateToDel(input({ nowMs: 929_999, nextReclaimMs: 930_000 })))
      .toEqual({ toDel: 2, nextReclaimMs: 930_000 });
    // idle 12, max 10 ⇒ 2; extra = min(5, 12 − 2 − 2) = 5.
    expect(calculateToDel(input({ nowMs: 930_000, nextReclaimMs: 930_000 })))
      .toEqual({ toDel: 7, nextReclaimMs: 1_530_000 });
    // Below max: toDel clamps to 0 and reclaim stops at min_pool_size.
    expect(calculateToDel(input({ idle: 4, nowMs: 930_000, nextReclaimMs: 930_000 })))
      .toEqual({ toDel: 2, nextReclaimMs: 1_530_000 });
  });

  it('a jitter factor ≤ 0 means 0.1', () => {
    let seen = -1;
    const spy = (duration: number, factor: number): number => {
      seen = factor;
      return duration;
    };
    calculateToDel(input({ reclaim: { ...on, jitterFactor: 0 }, nowMs: 400_000, jitter: spy }));
    expect(seen).toBe(0.1);
  });

  it('property: reclaim never takes the pool below min_pool_size beyond the max excess', () => {
    const count = (max: number) => fc.integer({ min: 0, max });
    fc.assert(fc.property(count(60), count(30), count(30), (idle, max, min) => {
      const due = { idle, maxPoolSize: max, minPoolSize: min, nowMs: 5_000_000, nextReclaimMs: 1 };
      const result = calculateToDel(input(due));
      const excess = Math.max(0, idle - max);
      expect(result.toDel).toBeGreaterThanOrEqual(excess);
      const extraMax = Math.max(0, Math.min(5, idle - excess - min));
      expect(result.toDel - excess).toBeLessThanOrEqual(extraMax);
    }));
  });
});
