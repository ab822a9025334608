// The multi-ip node controller's deciders, case by case after Terway's
// pkg/controller/multi-ip/node/pool_test.go and eni_test.go, plus properties over random pools.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addIpDemand, eniOptionsOf, spreadDemand, validOption, type EniOption,
} from '../../../src/controlplane/multi-ip/eni-options.js';
import {
  assignFromPool, isStaleAssigned, latestCniStatus, releasePodNotFound, type RuntimeView,
} from '../../../src/controlplane/multi-ip/pod-binding.js';
import {
  rdmaKey, secondaryKey, totalIdleIps, trunkKey,
} from '../../../src/controlplane/multi-ip/pool-state.js';
import { requeueAfterMs } from '../../../src/controlplane/multi-ip/pool-controller.js';
import {
  calculateToDel, releaseIdle, releaseUnusedIp, type ReclaimClock,
} from '../../../src/controlplane/multi-ip/reclaim.js';
import {
  checkWarmUpCompletion, countWarmUp, initializeWarmUp, warmUpRemaining,
} from '../../../src/controlplane/multi-ip/warm-up.js';
import type { Flavor, NodePoolSpec } from '../../../src/ports/crd.js';
import {
  dualStack, idleEni, ipv4Only, nic, pod, pods, statusOf,
} from './fixtures.js';

const pool = (extra: Partial<NodePoolSpec> = {}): NodePoolSpec => ({ maxPoolSize: 5,
  minPoolSize: 0, poolSyncPeriod: '', ...extra });
const clock = (extra: Partial<ReclaimClock> = {}): ReclaimClock => ({ nowMs: 1_000_000,
  lastModifiedMs: 0, nextReclaimMs: 0, afterMs: 0, intervalMs: 60_000,
  jitter: (ms) => ms, ...extra });

describe('idle IPs to give back (pool_test.go Test_calculateToDel)', () => {
  const reclaim = { after: '5m', interval: '1m', batchSize: 3, jitterFactor: '0.1' };
  const table: Array<{ name: string; enis: number[]; pool: NodePoolSpec;
    clock: ReclaimClock; toDel: number; next?: number | undefined }> = [
    { name: 'no reclaim block: idle above max', enis: [8], pool: pool(), clock: clock(),
      toDel: 3 },
    { name: 'no reclaim block: below max is negative', enis: [2], pool: pool(), clock: clock(),
      toDel: -3 },
    { name: 'pool changed within `after`: next reclaim reset', enis: [2],
      pool: pool({ reclaim }), clock: clock({ lastModifiedMs: 900_000, afterMs: 300_000 }),
      toDel: -3, next: 0 },
    { name: 'quiet long enough, first time: schedule the reclaim', enis: [2],
      pool: pool({ reclaim }), clock: clock({ afterMs: 300_000 }), toDel: -3,
      next: 1_060_000 },
    { name: 'reclaim not due yet', enis: [2], pool: pool({ reclaim }),
      clock: clock({ afterMs: 300_000, nextReclaimMs: 1_500_000 }), toDel: -3 },
    { name: 'reclaim due: a batch above min pool', enis: [4],
      pool: pool({ reclaim, minPoolSize: 1 }),
      clock: clock({ afterMs: 300_000, nextReclaimMs: 999_000 }), toDel: 3, next: 1_060_000 },
    { name: 'reclaim due: never below min pool', enis: [4],
      pool: pool({ reclaim, minPoolSize: 4 }),
      clock: clock({ afterMs: 300_000, nextReclaimMs: 999_000 }), toDel: 0, next: 1_060_000 },
    { name: 'batch size 0 turns reclaim off', enis: [4],
      pool: pool({ reclaim: { ...reclaim, batchSize: 0 } }), clock: clock(), toDel: -1 },
  ];
  for (const row of table) {
    it(row.name, () => {
      // `enis`: each ENI's IP count, the primary included; every IP is Valid and idle.
      const status = statusOf(row.enis.map((count, index) =>
        idleEni(`eni-${index}`, index, count - 1)));
      const decided = calculateToDel(status, { eni: ipv4Only, pool: row.pool }, row.clock);
      expect(decided.toDel).toBe(row.toDel);
      expect(decided.nextReclaimMs).toBe(row.next);
    });
  }

  it('unschedulable and non-InUse ENIs do not count (Test_countTotalIdleIPs_SkipsUnschedulable)',
    () => {
      const status = statusOf([idleEni('eni-a', 0, 3), idleEni('eni-b', 1, 3,
        { unschedulable: true }), idleEni('eni-c', 2, 3, { status: 'Attaching' })]);
      expect(totalIdleIps(status, ipv4Only)).toBe(4);
      expect(calculateToDel(status, { eni: ipv4Only, pool: pool({ maxPoolSize: 0 }) },
        clock()).toDel).toBe(4);
    });
});

describe('releasing idle IPs of one ENI (eni_test.go releaseUnUsedIP)', () => {
  it('an idle Secondary ENI with fewer IPs than toDel goes whole', () => {
    const eni = statusOf([idleEni('eni-a', 0, 2)]).networkInterfaces['eni-a']!;
    expect(releaseUnusedIp(eni, 4)).toBe(3);
    expect(eni.status).toBe('Deleting');
  });
  it('exactly as many IPs as toDel: IPs go, the ENI stays (deleted only below toDel)', () => {
    const eni = statusOf([idleEni('eni-a', 0, 2)]).networkInterfaces['eni-a']!;
    expect(releaseUnusedIp(eni, 3)).toBe(2);
    expect(eni.status).toBe('InUse');
    expect(Object.values(eni.ipv4).filter((ip) => ip.status === 'Deleting')
      .map((ip) => ip.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
  it('bound and primary IPs are never marked', () => {
    const eni = statusOf([nic('eni-a', [{ ip: '10.0.0.0', primary: true },
      { ip: '10.0.0.1', pod: 'default/a' }, { ip: '10.0.0.2' }])]).networkInterfaces['eni-a']!;
    expect(releaseUnusedIp(eni, 5)).toBe(1);
    expect(eni.ipv4['10.0.0.1']!.status).toBe('Valid');
    expect(eni.ipv4['10.0.0.0']!.status).toBe('Valid');
  });
  it('skips unschedulable ENIs (Test_releaseUnUsedIP_SkipsUnschedulable)', () => {
    const eni = statusOf([idleEni('eni-a', 0, 2, { unschedulable: true })])
      .networkInterfaces['eni-a']!;
    expect(releaseUnusedIp(eni, 10)).toBe(0);
    expect(eni.status).toBe('InUse');
  });
  it('trunk and HighPerformance ENIs never go whole', () => {
    const status = statusOf([idleEni('eni-t', 0, 0, { networkInterfaceType: 'Trunk' }),
      idleEni('eni-h', 1, 0, { networkInterfaceTrafficMode: 'HighPerformance' })]);
    expect(releaseIdle(status, ipv4Only, 10)).toBe(0);
    expect(Object.values(status.networkInterfaces).map((item) => item.status))
      .toEqual(['InUse', 'InUse']);
  });
});

describe('adjustPool walks ENIs from the end (pool_test.go TestReconcileNode_adjustPool)',
  () => {
    it('the ENI with fewest IPs is released first', () => {
      const status = statusOf([idleEni('eni-big', 0, 6), idleEni('eni-small', 1, 1)]);
      expect(releaseIdle(status, ipv4Only, 4)).toBe(4);
      expect(status.networkInterfaces['eni-small']!.status).toBe('Deleting');
      expect(Object.values(status.networkInterfaces['eni-big']!.ipv4)
        .filter((ip) => ip.status === 'Deleting')).toHaveLength(2);
    });
  });

const flavor = (secondary: number, extra: Flavor[] = []): Flavor[] => [...extra,
  { networkInterfaceType: 'Secondary', networkInterfaceTrafficMode: 'Standard',
    count: secondary }];

describe('ENI options from the flavor (pool_test.go Test_getEniOptions)', () => {
  it('empty node: one option per secondary slot', () => {
    const options = eniOptionsOf(statusOf([]), { flavor: flavor(3), eni: ipv4Only });
    expect(options.map((entry) => [entry.key.type, entry.nic?.id ?? 'new']))
      .toEqual([['Secondary', 'new'], ['Secondary', 'new'], ['Secondary', 'new']]);
  });
  it('trunk and eRDMA slots first, then existing ENIs, then free secondary slots', () => {
    const spec = { flavor: flavor(1, [
      { networkInterfaceType: 'Trunk', networkInterfaceTrafficMode: 'Standard', count: 1 },
      { networkInterfaceType: 'Secondary', networkInterfaceTrafficMode: 'HighPerformance',
        count: 1 }]), eni: { ...ipv4Only, enableTrunk: true, enableERDMA: true } };
    const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 1)]), spec);
    expect(options.map((entry) => `${entry.key.type}/${entry.key.mode}/${entry.nic?.id ?? '-'}`))
      .toEqual(['Trunk/Standard/-', 'Secondary/HighPerformance/-', 'Secondary/Standard/eni-a']);
  });
  it('a full node has only its ENIs', () => {
    const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 1), idleEni('eni-b', 1, 2)]),
      { flavor: flavor(2), eni: ipv4Only });
    expect(options.map((entry) => entry.nic?.id)).toEqual(['eni-b', 'eni-a']);
  });
});

function spread(options: EniOption[], toAdd: number, extra: Partial<Parameters<
  typeof spreadDemand>[1]> = {}): Array<[number, number]> {
  spreadDemand(options, { toAdd, eni: ipv4Only, nodeCap: { ipv4PerAdapter: 10,
    ipv6PerAdapter: 10 }, requested: () => undefined,
  accept: (entry) => validOption(entry, [secondaryKey, trunkKey], () => true), ...extra });
  return options.map((entry) => [entry.addIpv4, entry.addIpv6]);
}

describe('spreading demand over ENI options (pool_test.go Test_assignEniWithOptions)', () => {
  it('an InUse ENI takes up to its free quota, a new ENI the rest', () => {
    const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 6)]),
      { flavor: flavor(2), eni: ipv4Only });
    expect(spread(options, 8)).toEqual([[3, 0], [5, 0]]);
  });
  it('at most 10 per call', () => {
    const options = eniOptionsOf(statusOf([]), { flavor: flavor(3), eni: ipv4Only });
    expect(spread(options, 25, { nodeCap: { ipv4PerAdapter: 30, ipv6PerAdapter: 30 } }))
      .toEqual([[10, 0], [10, 0], [5, 0]]);
  });
  it('a full ENI is marked full', () => {
    const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 9)]),
      { flavor: flavor(1), eni: ipv4Only });
    spread(options, 2);
    expect(options[0]!.isFull).toBe(true);
  });
  it('a new trunk asks for one IP even without demand', () => {
    const options = eniOptionsOf(statusOf([]), { flavor: flavor(1, [{
      networkInterfaceType: 'Trunk', networkInterfaceTrafficMode: 'Standard', count: 1 }]),
    eni: { ...ipv4Only, enableTrunk: true } });
    expect(spread(options, 0)).toEqual([[1, 0], [0, 0]]);
  });
  it('an ENI whose vSwitch has no IP is skipped with an error', () => {
    const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 1)]),
      { flavor: flavor(1), eni: ipv4Only });
    spread(options, 3, { accept: (entry) => validOption(entry, [secondaryKey], () => false) });
    expect(options[0]!.addIpv4).toBe(0);
    expect(options[0]!.errors.map((error) => error.ipNotEnough)).toEqual([true]);
  });
});

describe('an Attaching ENI\'s share (pool_test.go Test_assignEniWithOptions_AttachingENI)',
  () => {
    it('what the attach task asked for counts against the demand', () => {
      const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 0, { status: 'Attaching' })]),
        { flavor: flavor(2), eni: ipv4Only });
      expect(spread(options, 7, { requested: () => ({ ipv4: 5, ipv6: 0 }) }))
        .toEqual([[0, 0], [2, 0]]);
    });
    it('an Attaching ENI without a task asks nothing and takes nothing', () => {
      const options = eniOptionsOf(statusOf([idleEni('eni-a', 0, 0, { status: 'Attaching' })]),
        { flavor: flavor(2), eni: ipv4Only });
      expect(spread(options, 3)).toEqual([[0, 0], [3, 0]]);
    });
  });

describe('addIP demand (pool_test.go TestAddIPDemandCalculation, TestStalePodExcludedFromDemand)',
  () => {
    const table: Array<{ name: string; pods: number; stale: number; idle: number; min: number;
      warm: number; demand: number }> = [
      // Terway counts unserved pods twice when the pool is empty: min pool 0 + 3 pods − 0 idle.
      { name: 'pods only, empty pool', pods: 3, stale: 0, idle: 0, min: 0, warm: 0, demand: 6 },
      { name: 'pods only, idle IPs cover them', pods: 3, stale: 0, idle: 3, min: 0, warm: 0,
        demand: 3 },
      { name: 'min pool tops up after serving pods', pods: 2, stale: 0, idle: 1, min: 3, warm: 0,
        demand: 6 },
      { name: 'min pool already met', pods: 0, stale: 0, idle: 5, min: 3, warm: 0, demand: 0 },
      { name: 'warm-up outweighs min pool', pods: 1, stale: 0, idle: 0, min: 2, warm: 8,
        demand: 9 },
      { name: 'stale pods add nothing', pods: 1, stale: 4, idle: 1, min: 0, warm: 0, demand: 1 },
    ];
    for (const row of table) {
      it(row.name, () => {
        const unsatisfied = [
          ...Array.from({ length: row.pods }, (_, i) => ({ pod: pod(`p${i}`), stale: false })),
          ...Array.from({ length: row.stale }, (_, i) => ({ pod: pod(`s${i}`, { ipv4: '1.1.1.1' }),
            stale: true }))];
        expect(addIpDemand({ unsatisfied, totalIdle: row.idle, minPoolSize: row.min,
          warmUpRemaining: row.warm }).demand).toBe(row.demand);
      });
    }
    it('eRDMA pods are their own demand', () => {
      const decided = addIpDemand({ unsatisfied: [{ pod: pod('r', { requireErdma: true }),
        stale: false }, { pod: pod('n'), stale: false }], totalIdle: 1, minPoolSize: 0,
      warmUpRemaining: 0 });
      expect([decided.demand, decided.rdmaDemand]).toEqual([1, 1]);
    });
  });

describe('binding pods to IPs (pool_test.go Test_assignIPFromLocalPool)', () => {
  it('a pod takes back the IP in its status before others choose', () => {
    const status = statusOf([idleEni('eni-a', 0, 2)]);
    const left = assignFromPool(status, pods([pod('a'), pod('b', { ipv4: '10.0.0.0' })]),
      ipv4Only, () => undefined);
    expect(left).toEqual([]);
    expect(status.networkInterfaces['eni-a']!.ipv4['10.0.0.0']!.podID).toBe('default/b');
    expect(status.networkInterfaces['eni-a']!.ipv4['10.0.0.1']!.podID).toBe('default/a');
  });
  it('a pod whose status IP is not in the pool is stale (TestIsStaleAssigned)', () => {
    const status = statusOf([idleEni('eni-a', 0, 2)]);
    const left = assignFromPool(status, pods([pod('a', { ipv4: '10.9.9.9' })]), ipv4Only,
      () => undefined);
    expect(left.map((entry) => [entry.pod.podId, entry.stale])).toEqual([['default/a', true]]);
    expect(isStaleAssigned(pod('a', { ipv4: '10.9.9.9' }), {})).toBe(true);
  });
  it('eRDMA pods only on HighPerformance ENIs, others never there', () => {
    const status = statusOf([idleEni('eni-h', 0, 0, {
      networkInterfaceTrafficMode: 'HighPerformance' }), idleEni('eni-s', 1, 0)]);
    assignFromPool(status, pods([pod('n'), pod('r', { requireErdma: true })]), ipv4Only,
      () => undefined);
    expect(status.networkInterfaces['eni-h']!.ipv4['10.0.0.0']!.podID).toBe('default/r');
    expect(status.networkInterfaces['eni-s']!.ipv4['10.0.1.0']!.podID).toBe('default/n');
  });
  it('dual stack: IPv6 from the IPv4\'s ENI, else the IPv4 is given back', () => {
    const status = statusOf([nic('eni-a', [{ ip: '10.0.0.1' }], { ipv6: {} }),
      nic('eni-b', [], { ipv6: { 'fd00::1': { ip: 'fd00::1', primary: false, status: 'Valid',
        podID: '', podUID: '' } } })]);
    const left = assignFromPool(status, pods([pod('a', { requireIpv6: true })]), dualStack,
      () => undefined);
    expect(left).toHaveLength(1);
    expect(status.networkInterfaces['eni-a']!.ipv4['10.0.0.1']!.podID).toBe('');
  });
  it('unschedulable and Attaching ENIs serve nobody', () => {
    const status = statusOf([idleEni('eni-u', 0, 1, { unschedulable: true }),
      idleEni('eni-x', 1, 1, { status: 'Attaching' })]);
    expect(assignFromPool(status, pods([pod('a')]), ipv4Only, () => undefined)).toHaveLength(1);
  });
});

describe('releasing IPs of pods that are gone (pool_test.go TestReleasePodNotFound)', () => {
  const bound = (): ReturnType<typeof statusOf> => statusOf([nic('eni-a', [
    { ip: '10.0.0.1', pod: 'default/gone', uid: 'u-gone' },
    { ip: '10.0.0.2', pod: 'default/nouid' },
    { ip: '10.0.0.3', pod: 'default/bad', uid: 'u-bad', status: 'Invalid' },
    { ip: '10.0.0.4', pod: 'default/live', uid: 'old' }])]);
  const runtime = (pods: Record<string, 'initial' | 'deleted'>): RuntimeView => ({
    kind: 'present', runtime: { metadata: { name: 'n' }, status: { pods: Object.fromEntries(
      Object.entries(pods).map(([uid, status]) => [uid, { podID: '',
        status: { [status]: { lastUpdateTime: '2026-01-01T00:00:00Z' } } }])) } } });
  const table: Array<{ name: string; view: RuntimeView; freed: string[] }> = [
    { name: 'NodeRuntime says deleted: freed; no uid: freed at once',
      view: runtime({ 'u-gone': 'deleted', 'u-bad': 'deleted' }),
      freed: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] },
    { name: 'NodeRuntime without the pod: only the uid-less IP', view: runtime({}),
      freed: ['10.0.0.2'] },
    { name: 'NodeRuntime unreadable: nothing', view: { kind: 'unreadable' }, freed: [] },
    { name: 'NodeRuntime missing, daemon would write one: nothing',
      view: { kind: 'missing', daemonSupports: true }, freed: [] },
    { name: 'NodeRuntime missing, old daemon: everything gone',
      view: { kind: 'missing', daemonSupports: false },
      freed: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const status = bound();
      const freed = releasePodNotFound(status, pods([pod('live')]), row.view);
      expect(freed.map((ip) => ip.ip)).toEqual(row.freed);
      expect(status.networkInterfaces['eni-a']!.ipv4['10.0.0.4']!.podUID)
        .toBe(row.view.kind === 'unreadable' || row.view.kind === 'missing'
          && row.view.daemonSupports ? 'old' : 'uid-live');
      if (row.freed.includes('10.0.0.3')) {
        expect(status.networkInterfaces['eni-a']!.ipv4['10.0.0.3']!.status).toBe('Deleting');
      }
    });
  }
  it('the latest CNI status wins, deleted on a tie', () => {
    expect(latestCniStatus({ podID: '', status: { initial: { lastUpdateTime: 'b' },
      deleted: { lastUpdateTime: 'a' } } })).toBe('initial');
    expect(latestCniStatus({ podID: '', status: { initial: { lastUpdateTime: 'a' },
      deleted: { lastUpdateTime: 'a' } } })).toBe('deleted');
  });
});

describe('warm-up (pool_test.go TestInitializeWarmUp, TestCheckWarmUpCompletion)',
  () => {
    it('a new node with a size gets a target; IPs count until it is reached', () => {
      const status = statusOf([]);
      initializeWarmUp(status, pool({ warmUpSize: 6 }));
      expect([status.warmUpTarget, status.warmUpAllocatedCount, status.warmUpCompleted])
        .toEqual([6, 0, false]);
      countWarmUp(status, 4);
      expect(warmUpRemaining(status)).toBe(2);
      checkWarmUpCompletion(status);
      expect(status.warmUpCompleted).toBe(false);
      countWarmUp(status, 3);
      checkWarmUpCompletion(status);
      expect([status.warmUpCompleted, warmUpRemaining(status)]).toEqual([true, 0]);
    });
    it('no size: completed at once; an initialized node is left alone', () => {
      const none = statusOf([]);
      initializeWarmUp(none, pool());
      expect(none.warmUpCompleted).toBe(true);
      const done = statusOf([], { warmUpCompleted: true });
      initializeWarmUp(done, pool({ warmUpSize: 9 }));
      expect(done.warmUpTarget).toBeUndefined();
    });
  });

describe('requeue timing (pool_test.go TestReconcileNode_requeueAfter)', () => {
  const table: Array<{ name: string; period: number; next: number; now: number; want: number }> = [
    { name: 'pool period when no sync is due sooner', period: 120_000, next: 0, now: 5,
      want: 120_000 },
    { name: 'the next OpenAPI sync when sooner', period: 120_000, next: 30_000, now: 0,
      want: 30_000 },
    { name: 'at least one second', period: 120_000, next: 500, now: 0, want: 1_000 },
  ];
  for (const row of table) {
    it(row.name, () => expect(requeueAfterMs(row.period, row.next, row.now)).toBe(row.want));
  }
});

// ---- properties ----------------------------------------------------------------------------

const poolArb = fc.array(fc.record({
  idle: fc.integer({ min: 0, max: 6 }),
  bound: fc.integer({ min: 0, max: 3 }),
  status: fc.constantFrom('InUse', 'InUse', 'Attaching'),
  unschedulable: fc.boolean(),
  hp: fc.boolean(),
}), { maxLength: 4 });

function buildPool(spec: ReadonlyArray<{ idle: number; bound: number; status: string;
  unschedulable: boolean; hp: boolean }>): ReturnType<typeof statusOf> {
  return statusOf(spec.map((eni, index) => {
    const list = [{ ip: `10.0.${index}.0`, primary: true }];
    for (let i = 1; i <= eni.idle; i++) list.push({ ip: `10.0.${index}.${i}`, primary: false });
    const bound = Array.from({ length: eni.bound }, (_, i) => ({ ip: `10.0.${index}.${100 + i}`,
      pod: `default/old-${index}-${i}` }));
    return nic(`eni-${index}`, [...list, ...bound], { status: eni.status,
      unschedulable: eni.unschedulable,
      networkInterfaceTrafficMode: eni.hp ? 'HighPerformance' : 'Standard' });
  }));
}

describe('properties of the pool deciders', () => {
  it('binding never gives one IP to two pods nor a pod two IPv4s; only fitting ENIs serve', () => {
    fc.assert(fc.property(poolArb, fc.array(fc.boolean(), { maxLength: 12 }), (spec, erdma) => {
      const status = buildPool(spec);
      const asking = pods(erdma.map((rdma, i) => pod(`p${i}`, { requireErdma: rdma })));
      assignFromPool(status, asking, ipv4Only, () => undefined);
      const owners = new Map<string, number>();
      for (const item of Object.values(status.networkInterfaces)) {
        for (const ip of Object.values(item.ipv4)) {
          if (ip.podID === '' || !asking.has(ip.podID)) continue;
          owners.set(ip.podID, (owners.get(ip.podID) ?? 0) + 1);
          const want = asking.get(ip.podID)!;
          expect(item.status).toBe('InUse');
          expect(item.unschedulable).not.toBe(true);
          expect(ip.status).toBe('Valid');
          expect(item.networkInterfaceTrafficMode === 'HighPerformance')
            .toBe(want.requireErdma);
        }
      }
      expect([...owners.values()].every((count) => count === 1)).toBe(true);
    }));
  });

  it('reclaim never marks a bound or primary IP, nor deletes an ENI that holds a pod', () => {
    fc.assert(fc.property(poolArb, fc.integer({ min: 0, max: 30 }), (spec, toDel) => {
      const status = buildPool(spec);
      const released = releaseIdle(status, ipv4Only, toDel);
      expect(released).toBeGreaterThanOrEqual(0);
      for (const item of Object.values(status.networkInterfaces)) {
        const ips = Object.values(item.ipv4);
        if (item.status === 'Deleting') {
          expect(ips.every((ip) => ip.podID === '')).toBe(true);
        }
        for (const ip of ips) {
          if (ip.status === 'Deleting') expect(ip.podID === '' && !ip.primary).toBe(true);
        }
      }
    }));
  });

  it('demand is spread in calls of at most 10 within each ENI\'s quota', () => {
    fc.assert(fc.property(poolArb, fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 4 }), (spec, toAdd, slots) => {
        const status = buildPool(spec);
        const options = eniOptionsOf(status, { flavor: flavor(spec.length + slots),
          eni: ipv4Only });
        spreadDemand(options, { toAdd, eni: ipv4Only, nodeCap: { ipv4PerAdapter: 10,
          ipv6PerAdapter: 10 }, requested: () => undefined,
        accept: (entry) => validOption(entry, [secondaryKey, trunkKey, rdmaKey], () => true) });
        let total = 0;
        for (const entry of options) {
          expect(entry.addIpv4).toBeLessThanOrEqual(10);
          const held = Object.keys(entry.nic?.ipv4 ?? {}).length;
          expect(held + entry.addIpv4).toBeLessThanOrEqual(Math.max(10, held));
          total += entry.addIpv4;
        }
        expect(total).toBeLessThanOrEqual(toAdd);
      }));
  });

  it('demand covers the pods and never drops below what min pool asks', () => {
    fc.assert(fc.property(fc.nat(20), fc.nat(20), fc.nat(20), fc.nat(20),
      (asking, idle, min, warm) => {
        const unsatisfied = Array.from({ length: asking }, (_, i) => ({ pod: pod(`p${i}`),
          stale: false }));
        const decided = addIpDemand({ unsatisfied, totalIdle: idle, minPoolSize: min,
          warmUpRemaining: warm });
        expect(decided.demand).toBeGreaterThanOrEqual(asking);
        expect(decided.demand + idle).toBeGreaterThanOrEqual(min + asking);
        expect(decided.demand).toBeGreaterThanOrEqual(asking + warm);
      }));
  });
});
