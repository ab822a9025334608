import fc from 'fast-check';
import {
  Context, err, exponentialBackoffWithInitialDelay, ok, pollUntilContextTimeout, Rng, Scheduler,
  stepBackoff, waitTimeoutMessage, type Backoff, type Result, type UniformSource,
} from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { BackoffTable, backoffFromGoJson, backoffKeys } from '../../src/backoff/named.js';

const noJitter: UniformSource = { float: () => 0 };
const table = new BackoffTable();

function delays(backoff: Backoff, count: number, random: UniformSource = noJitter): number[] {
  const out: number[] = [];
  let state = backoff;
  for (let i = 0; i < count; i++) {
    const step = stepBackoff(state, random);
    out.push(step.delayMs);
    state = step.next;
  }
  return out;
}

/** Runs a backoff loop whose condition answers from `answers` and records the call instants. */
async function runLoop(options: {
  backoff: Backoff; initialDelayMs?: number; answers: Array<Result<boolean, string>>;
  timeoutMs?: number; random?: UniformSource }): Promise<{
    calls: number[]; outcome: unknown; nowMs: number }> {
  const scheduler = new Scheduler();
  const calls: number[] = [];
  let outcome: unknown;
  scheduler.spawn('loop', async () => {
    const root = Context.background(scheduler);
    const { ctx } =
      options.timeoutMs === undefined ? { ctx: root } : root.withTimeout(options.timeoutMs);
    const deps = { scheduler, random: options.random ?? noJitter };
    const condition = async (): Promise<Result<boolean, string>> => {
      calls.push(scheduler.nowMs());
      return options.answers[calls.length - 1] ?? ok(false);
    };
    outcome = await exponentialBackoffWithInitialDelay(deps, ctx,
      { ...options.backoff, initialDelayMs: options.initialDelayMs ?? 0 }, condition);
  });
  await scheduler.run();
  return { calls, outcome, nowMs: scheduler.nowMs() };
}

describe('Backoff.Step', () => {
  it('grows by Factor and keeps returning Duration once Steps run out', () => {
    expect(delays({ durationMs: 2_000, factor: 1.5, jitter: 0, steps: 3, capMs: 0 },
      5)).toEqual([2000, 3000, 4500, 6750, 6750]);
  });

  it('clamps to Cap and zeroes Steps when the cap is reached (eni_delete_confirm: 2 s, 3 s, 4 ' +
    's, 4 s)', () => {
    expect(delays(table.get(backoffKeys.eniDeleteConfirm), 5)).toEqual([2000, 3000, 4000, 4000,
      4000]);
    const afterCap = stepBackoff(stepBackoff({ durationMs: 2_000, factor: 1.5, jitter: 0, steps: 4,
      capMs: 4_000 }, noJitter).next, noJitter).next;
    expect(afterCap).toEqual({ durationMs: 4_000, factor: 1.5, jitter: 0, steps: 0, capMs: 4_000 });
  });

  it('adds jitter in [d, d + jitter × d) and draws only when Jitter > 0 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0.01, max: 3,
      noNaN: true }),
      fc.integer({ min: 0, max: 10 }), fc.double({ min: 1, max: 3, noNaN: true }), fc.nat(),
        (duration, jitter, steps, factor, seed) => {
        const stream = new Rng(seed).stream('backoff');
        const backoff = { durationMs: duration, factor, jitter, steps, capMs: 0 };
        const step = stepBackoff(backoff, stream);
        expect(step.delayMs).toBeGreaterThanOrEqual(duration);
        expect(step.delayMs).toBeLessThanOrEqual(Math.floor(duration + jitter * duration));
        expect(stream.drawCount).toBe(1);
        const plain = new Rng(seed).stream('plain');
        stepBackoff({ ...backoff, jitter: 0 }, plain);
        expect(plain.drawCount).toBe(0);
      }));
  });
});

describe('exponentialBackoff', () => {
  it('checks at t=0, then after each Step, at most Steps times, then reports the wait timeout',
    async () => {
    const run = await runLoop({ backoff: { durationMs: 2_000, factor: 1.5, jitter: 0, steps: 4,
      capMs: 0 }, answers: [] });
    expect(run.calls).toEqual([0, 2000, 5000, 9500]);
    expect(run.outcome).toEqual(err({ kind: 'timeout', message: waitTimeoutMessage }));
    expect(run.nowMs).toBe(9500); // no sleep after the last permitted check
  });

  it('stops on done and on a condition error, returning that error, not the timeout', async () => {
    const done = await runLoop({ backoff: table.get(backoffKeys.eniOps), answers: [ok(false),
      ok(true)] });
    expect(done.calls).toEqual([0, 5000]);
    expect(done.outcome).toEqual(ok(undefined));
    const failed = await runLoop({ backoff: table.get(backoffKeys.eniOps), answers: [ok(false),
      err('Forbidden.RAM')] });
    expect(failed.outcome).toEqual(err({ kind: 'condition', error: 'Forbidden.RAM' }));
  });

  it('eni_delete_confirm checks at +1 s, +3 s, +6 s and +10 s after its initial delay', async () =>
    {
    const run = await runLoop({ backoff: table.get(backoffKeys.eniDeleteConfirm),
      initialDelayMs: 1_000, answers: [] });
    expect(run.calls).toEqual([1000, 3000, 6000, 10000]);
  });

  it('ends with the context error when the context ends during a sleep', async () => {
    const run = await runLoop({ backoff: table.get(backoffKeys.eniOps), answers: [],
      timeoutMs: 12_000 });
    expect(run.calls).toEqual([0, 5000]);
    expect(run.outcome).toMatchObject({ ok: false, error: { kind: 'context',
      message: 'context deadline exceeded' } });
    expect(run.nowMs).toBe(12_000);
  });

  it('with Steps 0 never calls the condition', async () => {
    const run = await runLoop({ backoff: { durationMs: 1, factor: 1, jitter: 0, steps: 0,
      capMs: 0 }, answers: [] });
    expect(run.calls).toEqual([]);
    expect(run.outcome).toEqual(err({ kind: 'timeout', message: waitTimeoutMessage }));
  });

  it('never calls the condition more than Steps times and spaces calls within the jitter ' +
    'bounds (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 10,
      max: 5_000 }),
      fc.double({ min: 1, max: 2.5, noNaN: true }), fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.nat(),
      async (steps, duration, factor, jitter, seed) => {
        const backoff = { durationMs: duration, factor, jitter, steps, capMs: 0 };
        const run = await runLoop({ backoff, answers: [], random: new Rng(seed).stream('p') });
        expect(run.calls.length).toBe(steps);
        let base = duration;
        for (let i = 1; i < run.calls.length; i++) {
          const gap = run.calls[i]! - run.calls[i - 1]!;
          expect(gap).toBeGreaterThanOrEqual(Math.floor(base));
          expect(gap).toBeLessThanOrEqual(Math.floor(base + jitter * base));
          base *= factor;
        }
      }), { numRuns: 40 });
  });
});

describe('pollUntilContextTimeout', () => {
  async function poll(options: { immediate: boolean; readyAtMs?: number; checkCostMs?: number }):
    Promise<{ checks: number[]; outcome: unknown }> {
    const scheduler = new Scheduler();
    const checks: number[] = [];
    let outcome: unknown;
    scheduler.spawn('poll', async () => {
      outcome = await pollUntilContextTimeout({ scheduler }, Context.background(scheduler),
        { intervalMs: 1_000, timeoutMs: 10_000, immediate: options.immediate }, async () => {
          checks.push(scheduler.nowMs());
          if (options.checkCostMs !== undefined) await scheduler.sleep(options.checkCostMs);
          return ok(options.readyAtMs !== undefined && scheduler.nowMs() >= options.readyAtMs);
        });
    });
    await scheduler.run();
    return { checks, outcome };
  }

  it('checks every second from +1 s and times out with the deadline at +10 s', async () => {
    const run = await poll({ immediate: false });
    expect(run.checks).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(run.outcome).toMatchObject({ ok: false, error: { kind: 'context',
      message: 'context deadline exceeded' } });
  });

  it('checks at once when immediate and stops when the condition holds', async () => {
    expect((await poll({ immediate: true, readyAtMs: 0 })).checks).toEqual([0]);
    expect((await poll({ immediate: true, readyAtMs: 2_500 })).checks).toEqual([0, 1000, 2000,
      3000]);
  });

  it('keeps the ticker phase when a check outlasts the interval (one waiting tick, others ' +
    'dropped)', async () => {
    const run = await poll({ immediate: false, checkCostMs: 1_500, readyAtMs: 100_000 });
    // check at 1000 ends 2500 (tick 2000 waiting) -> check at 2500 ends 4000 (tick 3000 waiting,
    // 4000 arrives with it and is dropped) -> 4000 ends 5500 -> 5500 ends 7000 -> 7000 ends 8500 ->
    // 8500
    expect(run.checks).toEqual([1000, 2500, 4000, 5500, 7000, 8500]);
  });
});

describe('withTimeout', () => {
  it('lets a waiter woken by the deadline run at the deadline instant, and leaves no timer behind',
    async () => {
    const scheduler = new Scheduler();
    const seen: string[] = [];
    scheduler.spawn('sleeper', async () => {
      const { ctx } = Context.background(scheduler).withTimeout(100);
      await scheduler.sleep(1_000, ctx).catch(() => seen.push(`woke@${scheduler.nowMs()}`));
    });
    scheduler.spawn('quick', async () => {
      const { ctx, cancel } = Context.background(scheduler).withTimeout(60_000);
      await scheduler.sleep(10, ctx);
      cancel();
    });
    scheduler.after(500, () => seen.push('later@500'));
    const summary = await scheduler.run();
    expect(seen).toEqual(['woke@100', 'later@500']);
    expect(summary.nowMs).toBe(
      500); // disarmed timers (the sleep, the 60 s deadline and its guard) do not move the clock
  });
});

describe('BackoffTable', () => {
  it('holds Terway\'s default backoff entries and falls back to the default one for unknown '
    + 'keys', () => {
    expect(table.get('eni_create')).toEqual({ initialDelayMs: 0, durationMs: 10_000, factor: 2,
      jitter: 0.3, steps: 2, capMs: 0 });
    expect(table.get('eni_ip_ops')).toEqual({ initialDelayMs: 0, durationMs: 5_000, factor: 1,
      jitter: 1.3, steps: 6, capMs: 0 });
    expect(table.get('no_such_key')).toEqual(table.get(''));
    expect(table.get('wait_networkinterface_status').steps).toBe(120);
  });

  it('overrides wholesale but keeps the stored InitialDelay when the override gives 0', () => {
    const own = new BackoffTable();
    const result = own.override({
      eni_delete_confirm: backoffFromGoJson({ Duration: 3e9, Factor: 1, Steps: 2 }),
      wait_eni_status: backoffFromGoJson({ InitialDelay: 5e8, Duration: 1e9, Factor: 2,
        Jitter: 0.1, Steps: 3 }),
      custom_key: backoffFromGoJson({ Duration: 1e9, Steps: 1 }),
    });
    expect(result).toEqual(ok(undefined));
    expect(own.get('eni_delete_confirm')).toEqual({ initialDelayMs: 1_000, durationMs: 3_000,
      factor: 1, jitter: 0, steps: 2, capMs: 0 });
    expect(own.get('wait_eni_status')).toEqual({ initialDelayMs: 500, durationMs: 1_000, factor: 2,
      jitter: 0.1, steps: 3, capMs: 0 });
    expect(own.get('custom_key').initialDelayMs).toBe(0);
    expect(table.get('eni_delete_confirm').durationMs).toBe(2_000); // other tables untouched
  });

  it('rejects a malformed override naming the key and field, applying nothing', () => {
    const own = new BackoffTable();
    const result = own.override({ eni_ops: backoffFromGoJson({ Duration: 1e9, Steps: 2 }),
      eni_create: backoffFromGoJson({ Duration: -1, Steps: 2 }) });
    expect(result).toEqual(err(
      'backoff_override.eni_create: Duration must be >= 0, got -0.000001'));
    expect(own.get('eni_ops').durationMs).toBe(5_000);
  });
});
