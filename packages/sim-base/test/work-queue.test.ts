import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Context, createSimEnv, failureDelayMs, WorkQueue } from '../src/index.js';

describe('work queue', () => {
  it('failure delays double from 5 ms and cap at 1000 s', () => {
    expect([0, 1, 2, 10].map(failureDelayMs)).toEqual([5, 10, 20, 5_120]);
    expect(failureDelayMs(40)).toBe(1_000_000);
  });

  it('never runs one key twice at once, and re-runs a key added while it ran', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 30 }), async (adds) => {
      const env = createSimEnv({ seed: 5 });
      const running = new Set<string>();
      const runs = new Map<string, number>();
      let overlap = false;
      const queue = new WorkQueue({ scheduler: env.scheduler, onError: () => undefined,
        reconcile: async (_ctx, key) => {
          if (running.has(key)) overlap = true;
          running.add(key);
          await env.scheduler.sleep(7);
          running.delete(key);
          runs.set(key, (runs.get(key) ?? 0) + 1);
          return {};
        } }, { name: 'test', maxConcurrent: 2 });
      queue.start(Context.background(env.scheduler));
      adds.forEach(([key, atMs]) => env.scheduler.at(atMs, () => queue.add(`k${key}`)));
      await env.scheduler.run({ untilMs: 10_000 });
      expect(overlap).toBe(false);
      const keys = new Set(adds.map(([key]) => `k${key}`));
      keys.forEach((key) => expect(runs.get(key)).toBeGreaterThan(0));
      expect(queue.depth).toBe(0);
    }), { numRuns: 25 });
  });
});

