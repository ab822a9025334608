// Test titles say the behaviour under test in words (issue 17): no section numbers, numbered
// quirks, failure-catalog numbers or "the reference" of notes kept outside the repository. The
// rules are tools/test-titles.ts's; the first tests show what they find.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shorthandIn, testTitles } from './test-titles.js';

const root = join(import.meta.dirname, '..');

describe('test titles', () => {
  it('reads the titles of describe, it, it.each and concatenated titles', () => {
    const text = [
      "describe('pool (§1.6)', () => {",
      "  it.each([1])('case %s', () => {});",
      "  it('a long title '",
      "    + 'in two parts (quirk 7)', async () => {});",
      "  const name = 'not a title (Q3)';",
      '});',
    ].join('\n');
    expect(testTitles('sample.test.ts', text)).toEqual([
      { line: 1, title: 'pool (§1.6)' },
      { line: 2, title: 'case %s' },
      { line: 3, title: 'a long title in two parts (quirk 7)' },
    ]);
  });

  it.each([
    { name: 'a section number into the reference', title: 'PolicyRoute setup (reference §3.1)',
      found: ['a section number', 'the outside reference'] },
    { name: 'a numbered quirk', title: 'CHECK succeeds when the daemon is unreachable (quirk 7)',
      found: ['a numbered quirk'] },
    { name: 'a quirk number', title: 'least_ips spreads (Q16)', found: ['a quirk number'] },
    { name: 'a failure-catalog number', title: 'F18: a whole-ENI pod on a trunk node fails',
      found: ['a failure-catalog number'] },
    { name: 'the reference', title: 'holds the reference numbers',
      found: ['the outside reference'] },
    { name: 'nothing in an upstream test name', found: [],
      title: 'getPoolConfig worked examples (after Terway\'s daemon/config_test.go)' },
    { name: 'nothing in the word reference', title: 'refuses a reference to an unknown vSwitch',
      found: [] },
  ])('finds $name', ({ title, found }) => {
    expect(shorthandIn(title)).toEqual(found);
  });

  it('use no shorthand of notes outside the repository', () => {
    const files = execFileSync('git', ['ls-files', '*.test.ts', '*.bench.ts'],
      { cwd: root, encoding: 'utf8' }).split('\n').filter((file) => file !== '');
    const found = files.flatMap((file) => testTitles(file, readFileSync(join(root, file), 'utf8'))
      .flatMap(({ line, title }) => shorthandIn(title)
        .map((what) => `${file}:${line}: ${what}: ${title}`)));
    expect(found).toEqual([]);
  });
});
