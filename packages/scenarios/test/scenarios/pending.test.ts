// Scenarios written ahead of the code that runs them (scenarios/pending/): each must load and
// validate now, so it is ready to move into scenarios/ (and so into shipped.test.ts and the
// digests) the day its feature is wired. ip-prefix waits for centralized IPAM (docs/ip-prefix.md).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios', 'pending');
const files = readdirSync(root).filter((name) => name.endsWith('.yaml')).sort();

describe('pending scenarios', () => {
  it('include ip-prefix', () => {
    expect(files).toContain('ip-prefix.yaml');
  });

  it.each(files)('%s loads', (name) => {
    const loaded = loadScenarioFile(join(root, name));
    if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
    expect(loaded.value.scenario.name).toBe(name.replace(/\.yaml$/, ''));
  });
});
