// A small async workload in the shape of Terway's cloud loops (calls with latency, throttling,
// timeouts and jittered retries), used by `terway-sim selfcheck` to show that this machine
// reproduces a run bit for bit.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';

async function callWithRetry(env: SimEnv, worker: number): Promise<void> {
  const latency = env.rng.stream('api.latency');
  const faults = env.rng.stream('api.faults');
  const backoff = env.rng.stream('worker.backoff');
  for (let attempt = 0; attempt < 6; attempt++) {
    const { ctx, cancel } = Context.background(env.scheduler).withTimeout(1_000);
    try {
      await env.scheduler.sleep(
        latency.lognormalInt({ medianMs: 120, sigma: 0.9, max: 3_000 }),
        ctx,
      );
      const throttled = faults.bernoulli(1, 4);
      env.log.record('api.call', { worker, attempt, code: throttled ? 'Throttling' : 'OK' });
      if (!throttled) return;
    } catch (error) {
      env.log.record('api.call', { worker, attempt, code: (error as Error).name });
    } finally {
      cancel();
    }
    await env.scheduler.sleep(backoff.jitter(500 * 2 ** attempt, 0.3));
  }
}

export async function runRetryWorkload(
  seed: string | number,
  workers = 200,
): Promise<{ digest: string; events: number; nowMs: number }> {
  const env = createSimEnv({ seed });
  const arrivals = env.rng.stream('workload.arrivals');
  for (let worker = 0; worker < workers; worker++) {
    env.scheduler.at(arrivals.int(60_000), () =>
      env.scheduler.spawn(`worker-${worker}`, () => callWithRetry(env, worker)),
    );
  }
  const summary = await env.scheduler.run({ stepsMax: 10_000_000 });
  return { digest: env.log.digest(), events: env.log.size, nowMs: summary.nowMs };
}
