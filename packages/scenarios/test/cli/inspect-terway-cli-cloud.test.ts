// `terway-sim inspect … terway-cli NODE …` and `… cloud ACTION …` end to end: the quickstart
// replayed to an instant, the view printed on stdout, bad input one line on stderr with exit 2.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const quickstart = join(root, 'scenarios', 'quickstart.yaml');

describe('terway-sim inspect: terway-cli and cloud', () => {
  beforeAll(() => {
    process.env['XDG_CACHE_HOME'] = mkdtempSync(join(tmpdir(), 'terway-sim-cache-'));
  });

  it('terway-cli NODE mapping shows the pods on their ENIs at 3m (web has 60 replicas)',
    async () => {
    const shown = await run(['inspect', '--at', '3m', quickstart, 'terway-cli', 'pool-a-0',
      'mapping']);
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^└─┬ENI: eni-/);
    const podRow = /\n {4}[├└]──192\.168\.\d+\.\d+ {2}default\/web-[a-z0-9-]+ {2}Valid\n/;
    expect(shown.out).toMatch(podRow);
    expect(shown.out).toMatch(/└─┬Resource DB \(\d+ entries\)\n/);
  }, 120_000);

  it('cloud DescribeVSwitches prints the vSwitches at 3m as the aliyun CLI does', async () => {
    const shown = await run(['inspect', '--at', '3m', quickstart, 'cloud', 'DescribeVSwitches']);
    expect(shown.code).toBe(0);
    const body = JSON.parse(shown.out) as { VSwitches: { VSwitch: Array<{ CidrBlock: string }> } };
    expect(body.VSwitches.VSwitch.map((vSwitch) => vSwitch.CidrBlock).sort())
      .toEqual(['192.168.0.0/24', '192.168.16.0/20']);
    expect(shown.out).toMatch(/^\{\n\t"PageNumber": /);
  }, 120_000);

  it('refuses bad input with one line naming what exists, exit 2', async () => {
    const cases: ReadonlyArray<{ readonly argv: string[]; readonly says: RegExp }> = [
      { argv: ['terway-cli', 'nope', 'mapping'], says: /no node nope; nodes: pool-a-0/ },
      { argv: ['terway-cli', 'pool-a-0', 'maping'],
        says: /unknown command "maping" for "terway-cli"; commands: list, show, mapping/ },
      { argv: ['cloud', 'DescribeAll'],
        says: /InvalidAction\.NotFound: .*; actions: .*DescribeNetworkInterfaces/ },
    ];
    for (const { argv, says } of cases) {
      const result = await run(['inspect', '--at', '1m', quickstart, ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(says);
      expect(result.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  }, 120_000);
});
