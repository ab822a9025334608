// Progress is reported from the start, also inside long sample slices (`sampleEvery: 1h` used to
// show nothing for a whole slice), and reporting it changes nothing about the run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/runner.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = readFileSync(join(root, 'scenarios', 'quickstart.yaml'), 'utf8');

async function run(text: string, onProgress?: (nowMs: number) => void) {
  const loaded = parseScenarioText(text, join(root, 'scenarios', 'progress.yaml'));
  if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
  const outcome = await runScenario(loaded.value,
    onProgress === undefined ? {} : { onProgress: (progress) => onProgress(progress.nowMs) });
  if (!outcome.ok) throw new Error(outcome.error.join('\n'));
  return outcome.value.report;
}

describe('run progress', () => {
  it('comes every 10 simulated seconds inside a long slice, and the report is the same', async () => {
    const text = quickstart.replace('duration: 30m', 'duration: 30m\nsampleEvery: 10m');
    const times: number[] = [];
    const withProgress = await run(text, (nowMs) => times.push(nowMs));
    expect(times.slice(0, 3)).toEqual([10_000, 20_000, 30_000]);
    expect(times.filter((nowMs) => nowMs < 600_000).length).toBeGreaterThanOrEqual(59);
    const without = await run(text);
    expect(JSON.stringify(withProgress)).toBe(JSON.stringify(without));
  }, 180_000);
});
