// The boundary check runs with the tests, so `npm test` (the README's test command, which CI
// runs) fails on a breach as `npm run lint` does. A small fixture repository shows the check can
// fail: production code importing another package's `./testing` entry, an undeclared import and a
// dependency against the architecture's direction are each reported with file and line.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boundaryBreaches } from './check-boundaries.js';

const fixtureRoot = mkdtempSync(join(tmpdir(), 'boundaries-'));

function write(path: string, text: string): void {
  const full = join(fixtureRoot, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function manifest(name: string, dependencies: Record<string, string>): string {
  return JSON.stringify({ name: `@terway-sim/${name}`, dependencies });
}

describe('package boundaries', () => {
  afterAll(() => rmSync(fixtureRoot, { recursive: true, force: true }));

  it('hold in this repository', () => {
    expect(boundaryBreaches()).toEqual([]);
  });

  it('report each kind of breach with its file and line', () => {
    write('package.json', JSON.stringify({ name: 'fixture', devDependencies: { vitest: '*' } }));
    write('packages/sim-base/package.json', manifest('sim-base', { '@terway-sim/world': '*' }));
    write('packages/sim-base/src/index.ts', "export const a = 1;\n");
    write('packages/world/package.json', manifest('world', { '@terway-sim/kernel-shim': '*' }));
    write('packages/world/src/index.ts', "import { x } from '@terway-sim/kernel-shim/testing';\n" +
      "import { y } from 'left-pad';\nexport const z = [x, y];\n");
    expect(boundaryBreaches(fixtureRoot)).toEqual([
      'packages/sim-base/package.json: depends on @terway-sim/world, against the dependency ' +
        'direction (sim-base may depend on nothing in the workspace)',
      'packages/world/src/index.ts:1: production code imports @terway-sim/kernel-shim/testing ' +
        '(test doubles stay in tests)',
      "packages/world/src/index.ts:2: imports left-pad, which world's package.json does not " +
        'declare in dependencies',
    ]);
  });
});
