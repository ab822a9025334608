// The kit's properties over real runs: every generated scenario (plausibly wrong eni-configs and
// every fault kind included) parses and runs — or is refused with a message that names a key —
// with the invariants holding; and the CI properties pass with every mutation off.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkScenarios, runsOrRefusesClearly, scenarioArbitrary,
} from '../../src/testing/index.js';
import { ciProperties } from './ci-properties.js';

const replayDir = mkdtempSync(join(tmpdir(), 'kit-properties-'));

describe('generated scenarios', () => {
  it('parse and run (or are refused naming a key), with the invariants holding', async () => {
    const outcomes = new Set<string>();
    const result = await checkScenarios({
      arbitrary: scenarioArbitrary({ configMistakes: true }), runs: 20,
      property: runsOrRefusesClearly, replayDir, name: 'parse-and-run',
      onRun: (run) => outcomes.add(run.outcome.ok ? 'ran' : 'refused'),
    });
    expect(result.ok ? 'passed' : result.failure.message).toBe('passed');
    expect(outcomes.has('ran')).toBe(true);
  }, 240_000);
});

describe('CI properties with every mutation off', () => {
  const cases = ciProperties.map((property) => [property.name, property] as const);
  it.each(cases)('%s holds', async (_, property) => {
    const result = await checkScenarios({ ...property.options, replayDir });
    expect(result.ok ? 'passed' : result.failure.message).toBe('passed');
  }, 240_000);
});
