import fc from 'fast-check';
import { Context, EventLog, Scheduler, type LoggedEvent } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { Logger } from '../../src/log/logger.js';
import { newRateLimiterLatency } from '../../src/metrics/terway-metrics.js';
import { ApiRateLimiter, newEniSlotLimiter, rateLimitProblems
} from '../../src/ratelimit/api-limiter.js';
import { TokenBucket, perMinute } from '../../src/ratelimit/token-bucket.js';

/**
 * Starts `count` waiters on `bucket` at the given instants; returns the instants they got a token.
 */
async function grants(scheduler: Scheduler, bucket: TokenBucket,
  startsMs: number[]): Promise<number[]> {
  const granted: number[] = [];
  startsMs.forEach((startMs) => scheduler.at(startMs, () => scheduler.spawn('w', async () => {
    const outcome = await bucket.wait(Context.background(scheduler));
    if (outcome.ok) granted.push(scheduler.nowMs());
  })));
  await scheduler.run();
  return granted;
}

describe('TokenBucket', () => {
  it('per-ENI-slot limiter: a burst of 2, then one token every 6 s, reservations queueing',
    async () => {
    const scheduler = new Scheduler();
    expect(await grants(scheduler, newEniSlotLimiter(scheduler), [0, 0, 0, 0, 0])).toEqual([0, 0,
      6000, 12000, 18000]);
  });

  it('refills while idle but never above the burst', async () => {
    const scheduler = new Scheduler();
    expect(await grants(scheduler, newEniSlotLimiter(scheduler), [0, 0, 60_000, 60_000, 60_000,
      61_000])).toEqual([0, 0, 60_000, 60_000, 66_000, 72_000]);
  });

  it('500 per minute: 500 at once, then one every 120 ms, exactly', async () => {
    const scheduler = new Scheduler();
    const bucket = new TokenBucket({ scheduler }, perMinute(500));
    const result = await grants(scheduler, bucket, new Array<number>(503).fill(0));
    expect(result.slice(498)).toEqual([0, 0, 120, 240, 360]);
  });

  it('gives the token back when the context ends during the wait', async () => {
    const scheduler = new Scheduler();
    const bucket = newEniSlotLimiter(scheduler);
    const outcomes: string[] = [];
    scheduler.spawn('drain', async () => {
      await bucket.wait(Context.background(scheduler));
      await bucket.wait(Context.background(scheduler));
      const { ctx } = Context.background(scheduler).withTimeout(1_000);
      const outcome = await bucket.wait(ctx);
      outcomes.push(outcome.ok ? 'granted' : `${outcome.error.message}@${scheduler.nowMs()}`);
      outcomes.push(`tokens ${bucket.tokens().toFixed(4)}`);
    });
    await scheduler.run();
    // the cancelled reservation is restored: at 1 s the bucket holds 1/6 of a token, not -5/6
    expect(outcomes).toEqual(['context deadline exceeded@1000', 'tokens 0.1667']);
  });

  it('never grants more than burst + rate × t tokens by time t (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 100, max: 10_000 }), fc.array(fc.integer({ min: 0, max: 30_000 }),
        { minLength: 1, maxLength: 40 }),
      async (burst, count, periodMs, starts) => {
        const scheduler = new Scheduler();
        const bucket = new TokenBucket({ scheduler }, { count, periodMs, burst });
        const granted = await grants(scheduler, bucket, starts);
        expect(granted).toHaveLength(starts.length);
        granted.sort((a, b) => a - b).forEach((atMs, index) => {
          expect(index + 1).toBeLessThanOrEqual(burst + Math.floor((atMs * count) / periodMs));
        });
      }), { numRuns: 60 });
  });
});

describe('ApiRateLimiter', () => {
  interface Rig {
    scheduler: Scheduler;
    limiter: ApiRateLimiter;
    events: LoggedEvent[];
    latency: ReturnType<typeof newRateLimiterLatency>;
  }

  function setup(overrides?: Record<string, number>): Rig {
    const scheduler = new Scheduler();
    const log = new EventLog(scheduler);
    const events: LoggedEvent[] = [];
    log.subscribe((event) => events.push(event));
    const latency = newRateLimiterLatency();
    const limiter = new ApiRateLimiter({ scheduler, rateLimiterLatency: latency,
      logger: new Logger({ log }, { component: 'terway-daemon' }) }, overrides === undefined ? {}
        : { overrides });
    return { scheduler, limiter, events, latency };
  }

  it('uses Terway default budgets, with unknown actions on the shared "" bucket', () => {
    const { limiter } = setup();
    expect(limiter.bucketFor('DescribeVSwitches').limit).toEqual({ count: 300, periodMs: 60_000,
      burst: 300 });
    expect(limiter.bucketFor('CreateRouteEntry')).toBe(limiter.bucketFor(''));
    expect(limiter.bucketFor('DescribeNetworkInterfaceAttribute').limit.burst).toBe(2000);
  });

  it('applies rate_limit overrides, observes every wait and logs waits of 5 s or more', async () =>
    {
    const { scheduler, limiter, events, latency } = setup({ CreateNetworkInterface: 2,
      CreateRouteEntry: 10 });
    expect(limiter.bucketFor('CreateRouteEntry')).not.toBe(limiter.bucketFor(''));
    const done: number[] = [];
    for (let i = 0; i < 4; i++) {
      scheduler.spawn('create', async () => {
        await limiter.wait(Context.background(scheduler), 'CreateNetworkInterface');
        done.push(scheduler.nowMs());
      });
    }
    await scheduler.run();
    expect(done).toEqual([0, 0, 30_000, 60_000]);
    const snapshot = latency.snapshot().series[0]!;
    expect(snapshot.count).toBe(4);
    expect(snapshot.sum).toBe(90_000);
    const logs = events.filter((event) => event.kind === 'log').map((event) => ({ t: event.t,
      message: event.fields['message'], fields: event.fields['fields'] }));
    expect(logs).toEqual([
      { t: 30_000, message: 'client rate limit', fields: { api: 'CreateNetworkInterface',
        took: 30 } },
      { t: 60_000, message: 'client rate limit', fields: { api: 'CreateNetworkInterface',
        took: 60 } },
    ]);
  });

  it('rejects a bad rate_limit entry with the key and what is expected', () => {
    expect(rateLimitProblems({ DescribeVSwitches: 0, AttachNetworkInterface: 10 })).toEqual([
      'rate_limit.DescribeVSwitches: expected a positive integer (calls per minute), got 0']);
  });
});
