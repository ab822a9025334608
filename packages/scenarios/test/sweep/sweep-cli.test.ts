// `terway-sim sweep` end to end on a short scenario: the same results for one worker or two,
// shards merged byte for byte into what one sweep writes, bad input refused before anything is
// written, and sweep.html rendering in headless Chromium.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/io.js';
import { shortQuickstart } from './short-quickstart.js';

const chromiumPath = '/usr/bin/chromium';
const files = ['sweep.json', 'sweep.csv', 'sweep.html'];
let scenario = '';
let work = '';

/** The quickstart cut to 4 simulated minutes and 12 pods, without its scale steps. */
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'terway-sim-sweep-'));
  writeFileSync(join(work, 'quickstart-4m.yaml'), shortQuickstart());
  scenario = join(work, 'quickstart-4m.yaml');
});

const sweepArgs = (out: string, ...more: string[]): string[] => ['sweep', scenario,
  '--seeds', '1..2', '--vary', 'eniConfig.inline.max_pool_size=5,10', '--out', out, ...more];

function read(dir: string): Record<string, string> {
  return Object.fromEntries(files.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('terway-sim sweep', () => {
  it('gives the same results with one worker or two, and shards merge into the same files',
    async () => {
    const one = join(work, 'one');
    const two = join(work, 'two');
    expect((await run(sweepArgs(one, '--workers', '1'))).code).toBeLessThan(2);
    expect((await run(sweepArgs(two, '--workers', '2'))).code).toBeLessThan(2);
    expect(read(two)).toEqual(read(one));
    const results = JSON.parse(read(one)['sweep.json']!) as { runs: Array<{ run: number }> };
    expect(results.runs.map((entry) => entry.run)).toEqual([0, 1, 2, 3]);
    const shards = [0, 1].map((index) => join(work, `shard-${index}`));
    for (const [index, dir] of shards.entries()) {
      const ran = await run(sweepArgs(dir, '--workers', '1', '--shard', `${index}/2`));
      expect(ran.out).toContain(`(shard ${index}/2)`);
    }
    const merged = join(work, 'merged');
    const done = await run(['sweep', 'merge', ...shards, '--out', merged]);
    expect(done.code).toBe(0);
    expect(read(merged)).toEqual(read(one));
  }, 300_000);

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const out = join(work, 'refused');
    const cases: ReadonlyArray<{ readonly argv: string[]; readonly says: RegExp }> = [
      { argv: ['sweep', scenario, '--seeds', '9..3', '--out', out], says: /range is empty/ },
      { argv: [...sweepArgs(out), '--shard', '2/2'], says: /--shard "2\/2": expected I\/N/ },
      { argv: ['sweep', scenario, '--seeds', '1', '--vary', 'eniConfig.inline.nope=1',
        '--out', out], says: /nope is not an eni_conf key/ },
      { argv: ['sweep', scenario, '--out', out], says: /--seeds A\.\.B is required/ },
    ];
    for (const { argv, says } of cases) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(says);
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('refuses to merge shards of different sweeps, or a set with a shard missing', async () => {
    const a = join(work, 'merge-a');
    const b = join(work, 'merge-b');
    await run(['sweep', scenario, '--seeds', '1', '--shard', '0/2', '--workers', '1', '--out', a]);
    await run(['sweep', scenario, '--seeds', '2', '--shard', '1/2', '--workers', '1', '--out', b]);
    const mixed = await run(['sweep', 'merge', a, b, '--out', join(work, 'never')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/is a shard of another sweep/);
    const missing = await run(['sweep', 'merge', a, '--out', join(work, 'never')]);
    expect(missing.err).toMatch(/shards 1\/2 are missing/);
    expect(existsSync(join(work, 'never'))).toBe(false);
  }, 300_000);

  it.skipIf(!existsSync(chromiumPath))('sweep.html renders one row per variant in Chromium' +
    (existsSync(chromiumPath) ? '' : ' (skipped: /usr/bin/chromium is not installed)'),
  async () => {
    const one = join(work, 'one');
    expect(existsSync(join(one, 'sweep.html')), 'the first test wrote it').toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`file://${join(one, 'sweep.html')}`);
      const rows = await page.$$eval('#variants tbody tr', (trs) =>
        trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
      expect(rows).toHaveLength(2);
      expect(rows[0]![1]).toContain('eniConfig.inline.max_pool_size=5');
      expect(rows[1]![1]).toContain('max_pool_size=10');
      expect(rows[0]![2]).toMatch(/^\d\/2$/);
      const bars = await page.$$eval('#variants svg', (svgs) => svgs.length);
      expect(bars).toBe(2);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
