import { Context, err, ok, Rng, Scheduler, type Result } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { ClientFailure } from '../../src/cloud/errors.js';
import type { VSwitchInfo } from '../../src/cloud/vpc-client.js';
import { deriveGatewayIp } from '../../src/vswitch/derive-gateway.js';
import { LruExpireCache } from '../../src/vswitch/lru-expire-cache.js';
import { VSwitchPool, aggregateMessage, daemonVSwitchPool } from '../../src/vswitch/pool.js';

/** A DescribeVSwitches stand-in with a 20 ms latency, counting calls per id. */
function fakeVpc(scheduler: Scheduler, table: Record<string,
  { zone: string; free: number } | 'error'>): {
  describeVSwitchById: (ctx: Context, id: string) => Promise<Result<VSwitchInfo,
    ClientFailure>>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async describeVSwitchById(_ctx, id) {
      calls.push(id);
      await scheduler.sleep(20);
      const entry = table[id];
      if (entry === 'error') return err({ kind: 'api', code: 'Throttling', httpStatus: 400,
        requestId: 'R', message: 'errCode: Throttling, msg: x, requestID: R' });
      if (entry === undefined) return err({ kind: 'not-found', message: 'not found' });
      return ok({ vSwitchId: id, zoneId: entry.zone, availableIpAddressCount: entry.free,
        cidrBlock: '10.0.0.0/24', ipv6CidrBlock: '' });
    },
  };
}

async function run<T>(scheduler: Scheduler, work: () => Promise<T>): Promise<T> {
  let value: T | undefined;
  scheduler.spawn('t', async () => { value = await work(); });
  await scheduler.run();
  return value as T;
}

describe('LruExpireCache', () => {
  it('serves an entry until its expiry instant, then misses', () => {
    const scheduler = new Scheduler();
    const cache = new LruExpireCache<string>({ clock: scheduler }, 2);
    cache.add('a', 'A', 100);
    scheduler.runSync({ untilMs: 100 });
    expect(cache.get('a')).toBe('A');
    scheduler.runSync({ untilMs: 101 });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry; get and re-add refresh recency and expiry', () => {
    const scheduler = new Scheduler();
    const cache = new LruExpireCache<string>({ clock: scheduler }, 2);
    cache.add('a', 'A', 100);
    cache.add('b', 'B', 100);
    cache.get('a');
    cache.add('c', 'C', 100);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    scheduler.runSync({ untilMs: 90 });
    cache.add('a', 'A2', 100);
    scheduler.runSync({ untilMs: 150 });
    expect([cache.get('a'), cache.get('c')]).toEqual(['A2', undefined]);
  });
});

describe('VSwitchPool.getOne', () => {
  const table = { 'vsw-1': { zone: 'z1', free: 0 }, 'vsw-2': { zone: 'z1', free: 5 },
    'vsw-3': { zone: 'z1', free: 50 },
    'vsw-far': { zone: 'z2', free: 100 }, 'vsw-bad': 'error' as const };

  it('ordered: skips read failures, other zones and empty vSwitches, in order', async () => {
    const scheduler = new Scheduler();
    const pool = new VSwitchPool({ vpc: fakeVpc(scheduler, table), scheduler,
      random: new Rng(1).stream('vsw') });
    const chosen = await run(scheduler, () => pool.getOne(Context.background(scheduler), 'z1',
      ['vsw-bad', 'vsw-far', 'vsw-1', 'vsw-2', 'vsw-3'], { policy: 'ordered' }));
    expect(chosen.ok && chosen.value.id).toBe('vsw-2');
  });

  it('most: orders by available IPs, most first', async () => {
    const scheduler = new Scheduler();
    const pool = new VSwitchPool({ vpc: fakeVpc(scheduler, table), scheduler,
      random: new Rng(1).stream('vsw') });
    const chosen = await run(scheduler, () => pool.getOne(Context.background(scheduler), 'z1',
      ['vsw-1', 'vsw-2', 'vsw-3'], { policy: 'most' }));
    expect(chosen.ok && chosen.value.id).toBe('vsw-3');
  });

  it('random: shuffles from the named stream (same seed, same choice; every candidate reachable)',
    async () => {
    const pick = async (seed: number): Promise<string> => {
      const scheduler = new Scheduler();
      const pool = new VSwitchPool({ vpc: fakeVpc(scheduler, table), scheduler,
        random: new Rng(seed).stream('vsw') });
      const chosen = await run(scheduler, () => pool.getOne(Context.background(scheduler), 'z1',
        ['vsw-2', 'vsw-3'], { policy: 'random' }));
      return chosen.ok ? chosen.value.id : '';
    };
    expect(await pick(7)).toBe(await pick(7));
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(await pick(seed));
    expect([...seen].sort()).toEqual(['vsw-2', 'vsw-3']);
  });

  it('fails with every reason and the no-available text, flagging IP-not-enough', async () => {
    const scheduler = new Scheduler();
    const pool = new VSwitchPool({ vpc: fakeVpc(scheduler, table), scheduler,
      random: new Rng(1).stream('vsw') });
    const ctx = Context.background(scheduler);
    const failed = await run(scheduler, () => pool.getOne(ctx, 'z1', ['vsw-1', 'vsw-bad',
      'vsw-far'], { policy: 'ordered' }));
    expect(failed).toEqual({ ok: false, error: { ipNotEnough: true,
      reasons: expect.any(Array) as unknown,
      message: '[vsw-1 no ip left, error get vSwitch vsw-bad, errCode: Throttling, msg: x, ' +
        'requestID: R, no available vSwitch for zone z1, vswList [vsw-1 vsw-bad vsw-far]]' } });
    const onlyFar = await run(scheduler, () => pool.getOne(ctx, 'z1', ['vsw-far'],
      { policy: 'ordered' }));
    expect(onlyFar).toMatchObject({ ok: false, error: { ipNotEnough: false,
      message: 'no available vSwitch for zone z1, vswList [vsw-far]' } });
    const fallback = await run(scheduler, () => pool.getOne(ctx, 'z1', ['vsw-1', 'vsw-far'],
      { policy: 'ordered', ignoreZone: true }));
    expect(fallback.ok && fallback.value.id).toBe('vsw-far');
  });

  it('caches for the TTL with one read in flight per id, and block() empties a vSwitch for a ' +
    'full TTL', async () => {
    const scheduler = new Scheduler();
    const vpc = fakeVpc(scheduler, table);
    const pool = new VSwitchPool({ vpc, scheduler, random: new Rng(1).stream('vsw') },
      daemonVSwitchPool);
    const ctx = Context.background(scheduler);
    await run(scheduler, async () => {
      await Promise.all([pool.getById(ctx, 'vsw-2'), pool.getById(ctx, 'vsw-2')]);
    });
    expect(vpc.calls).toEqual(['vsw-2']);
    pool.block('vsw-2');
    pool.block('vsw-unknown'); // not cached: nothing happens
    const blocked = await run(scheduler, () => pool.getOne(ctx, 'z1', ['vsw-2'],
      { policy: 'ordered' }));
    expect(blocked.ok ? ''
      : blocked.error.message).toBe(
        '[vsw-2 no ip left, no available vSwitch for zone z1, vswList [vsw-2]]');
    await run(scheduler, () => scheduler.sleep(10 * 60_000 + 1));
    const refreshed = await run(scheduler, () => pool.getOne(ctx, 'z1', ['vsw-2'],
      { policy: 'ordered' }));
    expect(refreshed.ok && refreshed.value.availableIpCount).toBe(5);
    expect(vpc.calls).toEqual(['vsw-2', 'vsw-2']);
  });
});

describe('aggregateMessage and deriveGatewayIp', () => {
  it('formats like Kubernetes aggregate errors', () => {
    expect(aggregateMessage(['a'])).toBe('a');
    expect(aggregateMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });

  it('derives the gateway as the last address minus two', () => {
    const cases: Array<{ cidr: string; gateway: string }> = [
      { cidr: '192.168.1.0/24', gateway: '192.168.1.253' }, { cidr: '10.0.0.0/30',
        gateway: '10.0.0.1' },
      { cidr: '10.0.0.0/31', gateway: '' }, { cidr: '10.0.0.7', gateway: '' }, { cidr: 'nonsense',
        gateway: '' },
      { cidr: '172.16.0.0/12', gateway: '172.31.255.253' }, { cidr: '2408:4000:1::/64',
        gateway: '2408:4000:1:0:ffff:ffff:ffff:fffd' },
    ];
    cases.forEach(({ cidr, gateway }) => expect(deriveGatewayIp(cidr), cidr).toBe(gateway));
  });
});
