// The pool manager and its Local slots over the fake factory (fixed latencies: create 3 s,
// assign 1 s): warm-up and batching, dual stack, inhibits and the SufficientIP condition, the
// per-slot rate limiters, and shrinking.
import { describe, expect, it } from 'vitest';
import { createPoolHarness, poolAddresses } from './harness.js';

type Harness = ReturnType<typeof createPoolHarness>;

/** `atMs op count outcome` for every factory call but metadata loads. */
const ops = (h: Harness): string[] => h.factory.calls.filter((call) => call.op !== 'load')
  .map((call) => {
    const outcome = call.ok ? 'ok' : call.code ?? 'failed';
    return `${call.atMs} ${call.op} ${call.count ?? ''} ${outcome}`.trim();
  });

describe('pool warm-up and batching (fake factory: create 3 s, assign 1 s)', () => {
  it('pre-warms to min_pool_size at start: one ENI with 5 IPs after the 300 ms window',
    async () => {
    const h = createPoolHarness({ pool: { minPoolSize: 5, maxPoolSize: 10 } });
    await h.start();
    await h.until(60_000);
    expect(ops(h)).toEqual(['3300 create 5 ok']);
    expect(h.slots[0]!.usage()).toEqual({ idle: 5, inUse: 0 });
    expect(h.gauge('idle')).toBe(5);
    expect(h.gauge('total')).toBe(5);
    h.stop();
  });

  it('a burst: the fullest ENI takes what fits, the next slot creates; ≤ 10 per call', async () => {
    const h = createPoolHarness({ pool: { maxEni: 3, maxIpPerEni: 10 } });
    await h.start();
    const first = ['a', 'b', 'c'].map((name) => h.alloc(name));
    await h.until(5_000);
    expect((await Promise.all(first)).map((r) => r.atMs)).toEqual([3300, 3300, 3300]);
    const burst = Array.from({ length: 12 }, (_, index) => h.alloc(`p${index}`));
    await h.until(20_000);
    const results = await Promise.all(burst);
    expect(results.every((r) => r.error === undefined)).toBe(true);
    // 7 fit on the in-use ENI (3 + 7 = cap 10); the other 5 went to an empty slot.
    expect(ops(h)).toEqual(['3300 create 3 ok', '6300 assignIpv4 7 ok', '8300 create 5 ok']);
    expect(results.filter((r) => r.atMs === 6300)).toHaveLength(7);
    expect(results.filter((r) => r.atMs === 8300)).toHaveLength(5);
    h.stop();
  });

  it('a long queue on one slot: create 10, then assigns of 10 and 5, 300 ms windows', async () => {
    const h = createPoolHarness({ pool: { maxEni: 1, maxIpPerEni: 30 } });
    await h.start();
    const pods = Array.from({ length: 25 }, (_, index) => h.alloc(`p${index}`));
    await h.until(20_000);
    expect((await Promise.all(pods)).every((r) => r.ip !== undefined)).toBe(true);
    expect(ops(h)).toEqual(['3300 create 10 ok', '4600 assignIpv4 10 ok', '5900 assignIpv4 5 ok']);
    h.stop();
  });

  it('least_ips spreads: new demand lands on an empty slot while one remains', async () => {
    const h = createPoolHarness({ pool: { maxEni: 3, eniSelectionPolicy: 'least_ips' } });
    await h.start();
    const a = h.alloc('a');
    await h.until(5_000);
    const b = h.alloc('b');
    await h.until(10_000);
    expect((await a).eniId).not.toBe((await b).eniId);
    expect(h.callsOf('create')).toHaveLength(2);
    h.stop();
  });
});

describe('dual stack', () => {
  it('creates with as many IPv6 as IPv4 requests, one of each per pod; assigns per family',
    async () => {
    const h = createPoolHarness({ pool: { maxEni: 1, enableIpv6: true },
      factory: { vSwitchIpv6Cidr: '2408:4000:1::/64' } });
    await h.start();
    const first = [h.alloc('a'), h.alloc('b')];
    await h.until(5_000);
    await Promise.all(first);
    const c = h.alloc('c');
    await h.until(10_000);
    await c;
    expect(ops(h)).toEqual(['3300 create 2 ok', '6300 assignIpv4 1 ok', '7300 assignIpv6 1 ok']);
    const owned = h.manager.status()[0]!.usage.filter(([, owner]) => owner !== '');
    for (const pod of ['default/a', 'default/b', 'default/c']) {
      const ips = owned.filter(([, owner]) => owner === pod)
        .map(([ip]) => (ip.includes(':') ? 'v6' : 'v4')).sort();
      expect(ips).toEqual(['v4', 'v6']);
    }
    expect(new Set(owned.map(([ip]) => ip)).size).toBe(6);
    expect([h.gauge('total', 'ipv6'), h.gauge('idle', 'ipv6')]).toEqual([3, 0]);
    h.stop();
  });
});

describe('errors, inhibits and the SufficientIP condition', () => {
  it('vSwitch IP shortage on assign ⇒ AllocIPFailed, 10-min inhibit ⇒ SufficientIP=False ⇒ '
    + 'True again after 10 min', async () => {
    const h = createPoolHarness({ pool: { maxEni: 1 } });
    await h.start();
    const warm = [h.alloc('a'), h.alloc('b')];
    await h.until(10_000);
    await Promise.all(warm);
    h.factory.exhaust(true);
    const c = h.alloc('c');
    await h.until(20_000);
    expect(h.events.map((e) => [e.t, e.reason])).toEqual([[11_300, 'AllocIPFailed']]);
    expect(h.events[0]!.message).toContain('errCode: InvalidVSwitchId.IpNotEnough');
    expect(h.slots[0]!.state.inhibitUntilMs).toBe(11_300 + 600_000);
    const d = h.alloc('d');
    await h.until(200_000);
    expect(await d).toMatchObject({ error: 'no eni can handle the allocation', atMs: 20_000 });
    expect(await c).toMatchObject({ error: 'context deadline exceeded', atMs: 128_000 });
    await h.until(700_000);
    expect(h.conditions).toEqual([
      { t: 0, status: 'True', reason: 'SufficientIP' },
      { t: 20_000, status: 'False', reason: 'InsufficientIP' },
      { t: 620_000, status: 'True', reason: 'SufficientIP' },
    ]);
    h.factory.exhaust(false);
    const e = h.alloc('e');
    await h.until(710_000);
    expect(await e).toMatchObject({ ip: '10.0.0.3', atMs: 701_300 });
    h.stop();
  });

  it('a release while exhausted writes SufficientIP=True at once', async () => {
    const h = createPoolHarness({ pool: { maxEni: 1, maxIpPerEni: 3 } });
    await h.start();
    const pods = [h.alloc('a'), h.alloc('b')];
    await h.until(10_000);
    const [a] = await Promise.all(pods);
    h.factory.exhaust(true);
    h.slots[0]!.state.inhibitUntilMs = 1_000_000;
    const c = h.alloc('c');
    await h.until(11_000);
    expect((await c).error).toBe('no eni can handle the allocation');
    h.release('a', a!.ip!, a!.eniId!);
    await h.until(12_000);
    const writes = h.conditions.map((condition) => [condition.t, condition.status]);
    expect(writes).toEqual([[0, 'True'], [10_000, 'False'], [11_000, 'True']]);
    h.stop();
  });

  it('EniPerInstanceLimitExceeded: 1-min inhibit, slot Deleting; the ENI goes once the queued '
    + 'pod gave up', async () => {
    const h = createPoolHarness({ pool: { maxEni: 2, maxIpPerEni: 2 } });
    // The pool counts on two secondary ENIs; the instance takes one: the second creation's attach
    // is refused and the ENI comes back with the failure.
    h.factory.passNext('create');
    h.factory.failNext('create', { code: 'EniPerInstanceLimitExceeded', withEni: true,
      message: 'Current instance eni count exceeds the limit.' });
    await h.start();
    const pods = [h.alloc('a'), h.alloc('b'), h.alloc('c')];
    await h.until(4_000);
    const slot1 = h.slots.find((slot) => slot.state.status === 'Deleting')!;
    expect(slot1.state.inhibitUntilMs).toBe(3_300 + 60_000);
    expect(h.events.map((e) => e.reason)).toEqual(['AllocIPFailed']);
    expect(h.events[0]!.message).toContain('EniPerInstanceLimitExceeded');
    // While the ENI waits for deletion the slot declines everything silently.
    const d = h.alloc('d');
    await h.until(200_000);
    expect(await d).toMatchObject({ error: 'no eni can handle the allocation', atMs: 4_000 });
    const results = await Promise.all(pods);
    expect(results[2]).toMatchObject({ error: 'context deadline exceeded', atMs: 118_000 });
    expect(ops(h)).toEqual([
      '3300 create 2 ok', '3300 create 1 EniPerInstanceLimitExceeded', '124000 delete  ok',
    ]);
    expect(slot1.state.status).toBe('Init');
    expect(slot1.state.inhibitUntilMs).toBe(0);
    expect(h.conditions.map((c) => c.status)).toEqual(['True']);
    h.stop();
  });

  it('throttling beyond the factory\'s retries: AllocIPFailed, no inhibit, the next round works',
    async () => {
    const h = createPoolHarness({ pool: { maxEni: 1 } });
    await h.start();
    const message = 'Request was denied due to request throttling.';
    h.factory.failNext('create', { code: 'Throttling', message });
    const a = h.alloc('a');
    await h.until(20_000);
    // Create failed at 3300; the worker retried after another 300 ms window (a token was left).
    expect(ops(h)).toEqual(['3300 create 1 Throttling', '6600 create 1 ok']);
    expect(await a).toMatchObject({ atMs: 6_600 });
    expect(h.slots[0]!.state.inhibitUntilMs).toBe(0);
    h.stop();
  });
});

describe('per-slot rate limiters', () => {
  it('ENI creations on a slot: a burst of 2, then a token per 6 s (the 4th try waits 2.1 s)',
    async () => {
    const h = createPoolHarness({ pool: { maxEni: 1 } });
    await h.start();
    const message = 'The request processing has failed due to some unknown error.';
    h.factory.failNext('create', { code: 'InternalError', message, times: 3 });
    const a = h.alloc('a');
    await h.until(30_000);
    // Tries start at 300, 3600, 6900 (tokens at hand) and 12300 (bucket at −0.35 token at 10200).
    expect(ops(h)).toEqual([
      '3300 create 1 InternalError', '6600 create 1 InternalError', '9900 create 1 InternalError',
      '15300 create 1 ok',
    ]);
    expect(await a).toMatchObject({ atMs: 15_300 });
    expect(h.events.map((event) => event.reason)).toEqual(Array(3).fill('AllocIPFailed'));
    h.stop();
  });
});

describe('pool shrinking', () => {
  it('max_pool_size: the sync disposes the excess idle IPs, lowest first, unassigns them',
    async () => {
    const h = createPoolHarness({ pool: { maxEni: 2, maxPoolSize: 5 } });
    await h.start();
    const pods = Array.from({ length: 10 }, (_, index) => h.alloc(`p${index}`));
    await h.until(10_000);
    const results = await Promise.all(pods);
    results.slice(0, 8).forEach((r, index) => h.release(`p${index}`, r.ip!, r.eniId!));
    await h.until(1_000_000);
    const unassigns = h.factory.calls.filter((call) => call.op === 'unassignIpv4');
    expect(unassigns.map((call) => call.count)).toEqual([3]);
    const used = h.slots.find((slot) => slot.state.eni !== undefined)!;
    expect(used.usage()).toEqual({ idle: 5, inUse: 2 });
    expect(h.gauge('idle')).toBe(5);
    expect(h.gauge('total')).toBe(7);
    expect(h.metrics.resourcePoolDisposed.snapshot().series[0]?.value).toBe(3);
    h.stop();
  });

  it('a whole idle ENI goes back when max_pool_size is 0', async () => {
    const h = createPoolHarness({ pool: { maxEni: 2, maxPoolSize: 0 } });
    await h.start();
    const a = await (async () => {
      const pending = h.alloc('a');
      await h.until(5_000);
      return pending;
    })();
    h.release('a', a.ip!, a.eniId!);
    await h.until(600_000);
    expect(h.callsOf('delete').map((call) => call.eniId)).toEqual([a.eniId]);
    expect(h.slots.every((slot) => slot.state.status === 'Init')).toBe(true);
    expect(h.factory.instanceEnis()).toHaveLength(0);
    h.stop();
  });

  it('idle reclaim: after the quiet period, batches of 5 then 3, down to min_pool_size',
    async () => {
    const h = createPoolHarness({ pool: { maxEni: 1, minPoolSize: 2, maxPoolSize: 10,
      reclaim: { afterMs: 300_000, intervalMs: 600_000, batchSize: 5, jitterFactor: 0.1 } } });
    await h.start();
    const pods = Array.from({ length: 10 }, (_, index) => h.alloc(`p${index}`));
    await h.until(10_000);
    (await Promise.all(pods)).forEach((r, index) => h.release(`p${index}`, r.ip!, r.eniId!));
    await h.until(10_800_000);
    const unassigns = h.factory.calls.filter((call) => call.op === 'unassignIpv4');
    expect(unassigns.map((call) => call.count)).toEqual([5, 3]);
    // Nothing before the pool was quiet for 5 min plus one ≥ 10-min jittered interval.
    expect(unassigns[0]!.atMs).toBeGreaterThan(10_000 + 300_000 + 600_000);
    expect(h.slots[0]!.usage()).toEqual({ idle: 2, inUse: 0 });
    expect(poolAddresses(h.slots).map((entry) => entry.ip)).toEqual(['10.0.0.10', '10.0.0.1']);
    h.stop();
  });
});
