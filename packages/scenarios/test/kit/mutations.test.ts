// Mutation testing of the kit (in the spirit of FoundationDB's BUGGIFY): each deliberately broken
// variant of Terway's pool and daemon, switched on for one test, must make one of the CI
// properties fail and shrink to a short replay (≤ 10 workload/fault items and steps). The same
// properties with every variant off pass (properties.test.ts).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutationNames, type MutationName } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { checkScenarios, type PropertyFailure } from '../../src/testing/index.js';
import { ciProperties } from './ci-properties.js';

const replayDir = mkdtempSync(join(tmpdir(), 'kit-mutations-'));
const replayItemsMax = 10;

/** The first CI property that fails with the variant on (undefined: none caught it). */
async function firstFailure(name: MutationName): Promise<PropertyFailure | undefined> {
  for (const property of ciProperties) {
    const options = { ...property.options, replayDir, name: `${name}-${property.name}`,
      mutations: [name] };
    const result = await checkScenarios(options);
    if (!result.ok) return result.failure;
  }
  return undefined;
}

describe('mutations', () => {
  const cases = mutationNames.map((name) => [name]);
  it.each(cases)('%s is caught and shrunk to a short replay', async (name) => {
    const failure = await firstFailure(name);
    if (failure === undefined) throw new Error(`no CI property caught ${name}`);
    const size = failure.size.items + failure.size.steps;
    expect(size, failure.message).toBeLessThanOrEqual(replayItemsMax);
    expect(failure.message).toContain('replay: npx terway-sim run ');
    expect(failure.message).toContain(`--seed ${failure.scenarioSeed}`);
    expect(failure.message).toContain(`test-only mutation ${name}`);
    expect(failure.replay.command).toContain(` --mutation ${name}`);
  }, 240_000);
});
