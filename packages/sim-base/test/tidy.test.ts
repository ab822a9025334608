// The determinism rule, checked by text as well as by ESLint: outside sim-base, no package source
// reads the wall clock, arms a real timer or draws unseeded randomness.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const forbidden =
  /\b(Date\.now\(|new Date\(\s*\)|Math\.random\(|performance\.now\(|setTimeout\(|setInterval\(|setImmediate\(|randomUUID\(|randomBytes\()/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('tidy', () => {
  it('keeps nondeterministic calls inside packages/sim-base', () => {
    const packages = readdirSync(join(root, 'packages')).filter((name) => name !== 'sim-base');
    const leaks = packages.flatMap((name) => {
      const src = join(root, 'packages', name, 'src');
      return sourceFiles(src).flatMap((file) => readFileSync(file, 'utf8').split('\n')
        .map((line, index) => ({ line, where: `${relative(root, file)}:${index + 1}` }))
        .filter(({ line }) => forbidden.test(line) && !line.includes('allow-nondeterminism'))
        .map(({ where, line }) => `${where}: ${line.trim()}`));
    });
    expect(leaks).toEqual([]);
  });
});
