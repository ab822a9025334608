// Where reports go, checked before the run: `--out` naming a file, an unwritable place or /proc
// used to be found only after the whole run (a stack trace, the results lost), and a scenario
// name such as ../../../../x wrote reports outside reports/ (issue 17).
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutDir, defaultOutDir, slug } from '../../src/cli/output-dir.js';
import { runChild } from './child.js';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');
const dir = mkdtempSync(join(tmpdir(), 'terway-sim-out-'));

describe('the default output directory', () => {
  it('is a safe slug of the scenario name', () => {
    const table = [
      { name: 'quickstart', slug: 'quickstart' },
      { name: '../../../../x', slug: 'x' },
      { name: '..', slug: 'scenario' },
      { name: 'a/b\\c', slug: 'a-b-c' },
      { name: 'Line\nbreak\u001b[31m', slug: 'line-break-31m' },
      { name: 'Zoë Façade', slug: 'zoe-facade' },
      { name: '.hidden', slug: 'hidden' },
      { name: '', slug: 'scenario' },
      { name: 'x'.repeat(100), slug: 'x'.repeat(64) },
    ];
    for (const row of table) expect(slug(row.name), JSON.stringify(row.name)).toBe(row.slug);
    expect(defaultOutDir('../../../../x')).toBe(join('reports', 'x'));
  });
});

describe('checkOutDir', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const blocked = join(dir, 'blocked');
  mkdirSync(join(blocked, 'report.json'), { recursive: true });

  it('accepts a directory that exists or can be made', () => {
    expect(checkOutDir(dir)).toEqual({ ok: true, value: dir });
    expect(checkOutDir(join(dir, 'new', 'deeper')).ok).toBe(true);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('refuses a file, a path below a file, kernel interfaces and a blocked report file', () => {
    const table = [
      { out: file, error: 'it is a file; expected a directory' },
      { out: join(file, 'below'),
        error: `${file} is a file, so no directory can be made below it` },
      { out: '/proc/self/reports', error: 'it lies under /proc, a kernel interface, not storage' },
      { out: '/sys/kernel/x', error: 'it lies under /sys' },
      { out: '/dev/null', error: 'it lies under /dev' },
      { out: blocked, error: 'report.json in it is not a file and cannot be replaced' },
      { out: '', error: 'expected a directory, got an empty path' },
    ];
    for (const row of table) {
      const checked = checkOutDir(row.out);
      expect(checked.ok, row.out).toBe(false);
      if (!checked.ok) expect(checked.error, row.out).toContain(row.error);
    }
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)('refuses a directory it cannot write (as a non-root user)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    expect(checkOutDir(join(locked, 'out'))).toMatchObject({ ok: false,
      error: expect.stringContaining('is not writable (EACCES)') });
  });
});

describe('terway-sim run --out', () => {
  it('refuses a bad --out before the run, with exit 2 and one line', async () => {
    for (const out of [join(dir, 'a-file'), '/proc/self/x']) {
      const result = await run(['run', quickstart, '--out', out]);
      expect(result.code, out).toBe(2);
      expect(result.err.trim().split('\n'), out)
        .toEqual([expect.stringMatching(/^terway-sim run: --out /)]);
      expect(result.out).toBe('');
    }
  });

  it('writes the reports of a scenario named ../../../../x to reports/x', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'terway-sim-slug-'));
    const work = join(cwd, 'a', 'b', 'c', 'd');
    mkdirSync(work, { recursive: true });
    const scenario = readFileSync(join(root, 'scenarios', 'exclusive-eni.yaml'), 'utf8')
      .replace(/^name: .*$/m, 'name: "../../../../x"').replace(/^duration: .*$/m, 'duration: 2m');
    writeFileSync(join(work, 'scenario.yaml'), scenario);
    const result = await runChild(['run', 'scenario.yaml'], { cwd: work, timeLimitMs: 120_000 });
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(work, 'reports'))).toEqual(['x']);
    expect(existsSync(join(work, 'reports', 'x', 'report.json'))).toBe(true);
    expect(readdirSync(cwd)).toEqual(['a']);
  }, 150_000);
});
