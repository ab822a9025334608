import { captureCheckpoint } from '@terway-sim/world';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunSession, runScenario } from '../../src/run/runner.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const loaded = loadScenarioFile('scenarios/quickstart.yaml');

async function session(seed: string): Promise<RunSession> {
  if (!loaded.ok) throw new Error('quickstart.yaml does not load');
  const started = await RunSession.start(loaded.value, { seed });
  if (!started.ok) throw new Error(started.error.join('\n'));
  return started.value;
}

describe('a run paused and looked at', () => {
  it('reaches the same state at an instant however it got there, and ends the same', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 400_000 }), fc.integer({ min: 1, max: 400_000 }),
      async (seed, a, b) => {
        const [first, second] = a < b ? [a, b] : [b, a];
        const straight = await session(String(seed));
        await straight.advanceTo(second);
        const stepped = await session(String(seed));
        await stepped.advanceTo(first);
        await captureCheckpoint(stepped.world); // a look in between
        await stepped.advanceTo(second);
        const [seen, expected] = [await captureCheckpoint(stepped.world),
          await captureCheckpoint(straight.world)];
        expect(seen.atMs).toBe(Math.min(second, straight.endMs));
        expect(JSON.stringify(seen)).toBe(JSON.stringify(expected));
        const [end1, end2] = [await straight.finish(), await stepped.finish()];
        expect(end2.report.digest).toBe(end1.report.digest);
        if (!loaded.ok) return;
        const unpaused = await runScenario(loaded.value, { seed: String(seed) });
        expect(unpaused.ok && unpaused.value.report.digest).toBe(end1.report.digest);
      }), { numRuns: 4 });
  }, 600_000);
});
