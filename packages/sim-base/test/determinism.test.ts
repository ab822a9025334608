import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Context, createSimEnv, type SimEnv } from '../src/index.js';

// An async workload in the shape of Terway's loops: workers that call a flaky "API" with a
// timeout, retry with jittered backoff, and log what happened. Its log must be a pure function of
// the seed.
async function flakyCall(env: SimEnv, worker: number): Promise<string> {
  const latency = env.rng
    .stream('api.latency')
    .lognormalInt({ medianMs: 80, sigma: 0.8, max: 5_000 });
  await env.scheduler.sleep(latency);
  return env.rng.stream('api.faults').bernoulli(1, 3) ? 'Throttling' : `ok-${worker}`;
}

async function worker(env: SimEnv, id: number): Promise<void> {
  const backoff = env.rng.stream(`worker.${id}.backoff`);
  for (let attempt = 0; attempt < 6; attempt++) {
    const { ctx, cancel } = Context.background(env.scheduler).withTimeout(300);
    try {
      const reply = await ctx.race(flakyCall(env, id));
      env.log.record('call', { worker: id, attempt, reply });
      if (reply !== 'Throttling') return;
    } catch (error) {
      env.log.record('call', { worker: id, attempt, reply: (error as Error).name });
    } finally {
      cancel();
    }
    await env.scheduler.sleep(backoff.jitter(100 * 2 ** attempt, 0.3));
  }
  env.log.record('gave-up', { worker: id });
}

async function runWorkload(
  seed: number,
  workers: number,
): Promise<{ digest: string; lines: readonly string[] }> {
  const env = createSimEnv({ seed, retainMax: 10_000 });
  for (let id = 0; id < workers; id++) {
    env.scheduler.at(env.rng.stream('arrivals').int(1_000), () => {
      env.scheduler.spawn(`worker-${id}`, () => worker(env, id));
    });
  }
  await env.scheduler.run({ stepsMax: 1_000_000 });
  return { digest: env.log.digest(), lines: env.log.lines() };
}

describe('run determinism', () => {
  it('gives byte-identical logs for the same seed and different logs for another seed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 3, max: 12 }),
        async (seed, workers) => {
          const first = await runWorkload(seed, workers);
          const second = await runWorkload(seed, workers);
          expect(second.lines).toEqual(first.lines);
          expect(second.digest).toBe(first.digest);
          const other = await runWorkload(seed + 1, workers);
          expect(other.digest).not.toBe(first.digest);
        },
      ),
      { numRuns: 25 },
    );
  });
});
