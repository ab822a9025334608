import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/runner.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

async function digestOf(file: string, seed: string, trail?: string[]): Promise<string> {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
  const outcome = await runScenario(loaded.value, { seed,
    onProgress: () => trail?.push(file) });
  if (!outcome.ok) throw new Error(outcome.error.join('\n'));
  return outcome.value.report.digest;
}

describe('two runs in one process', () => {
  it('interleaved, each gives the digest it gives alone (no state is process-global)',
    async () => {
      const files = ['scenarios/quickstart.yaml', 'scenarios/trunk.yaml'] as const;
      const alone = [await digestOf(files[0], '5'), await digestOf(files[1], '5')];
      // Both runs advance their own clocks in turns: each yields to the event loop between
      // timers, so the other run's steps fall between them.
      const trail: string[] = [];
      const together = await Promise.all([digestOf(files[0], '5', trail),
        digestOf(files[1], '5', trail)]);
      expect(together).toEqual(alone);
      // The runs really did take turns: the progress trail switches between them many times.
      const switches = trail.filter((file, index) => index > 0 && file !== trail[index - 1]);
      expect(switches.length).toBeGreaterThan(10);
      expect(alone[0]).not.toBe(alone[1]);
    }, 180_000);
});
