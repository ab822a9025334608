// Runs the hostile corpus (cases.ts) through terway-sim's entry point in child processes, each
// with a 512 MB heap and a time limit, so that a case that hangs or grows without bound fails
// here instead of taking the machine (issue 17: a billion replicas took 2.4 GB, /dev/zero 16.9
// GB). Each case must end with its exit code, say its fragment, and print neither a stack trace
// nor a raw control character.
//
// Starting node with the sources costs a second or two, so cases run in small batches
// (batch.ts), two children at a time; the time limits guard against hangs, they measure nothing.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../cli/child.js';
import { hostileCases } from './cases.js';

const here = import.meta.dirname;
/** Children at once: the test machines have two cores, shared with other test files. */
const poolSize = Math.max(1, Math.min(2, availableParallelism()));
/** Cases per child: small enough that a crash blames few, large enough to load node rarely. */
const batchSize = 8;
/** Per case, far above the fraction of a second one takes; a batch gets its cases' sum. */
const caseTimeLimitMs = 20_000;
const heapMb = 512;

/** Control characters other than tab and line feed: input must never reach the terminal raw. */
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f]/;

interface CaseResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  /** Why the case has no exit code of its own (its batch hung or crashed), or undefined. */
  readonly failure?: string;
}

function makeTempFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'terway-sim-hostile-'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  writeFileSync(join(dir, 'large.yaml'), `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
  return dir;
}

async function runBatch(indexes: readonly number[],
  temp: string): Promise<Map<number, CaseResult>> {
  const batch = indexes.map((index) => ({ index,
    argv: hostileCases[index]!.argv.map((arg) => arg.replace('$TMP', temp)) }));
  const child = await runChild([JSON.stringify(batch)], { cwd: here, heapMb,
    script: ['--conditions=@terway-sim/source', '--import', 'tsx', join(here, 'batch.ts')],
    timeLimitMs: caseTimeLimitMs * indexes.length });
  const results = new Map<number, CaseResult>();
  for (const line of child.out.split('\n').filter((text) => text.startsWith('{'))) {
    const { index, code, out, err } = JSON.parse(line) as CaseResult & { index: number };
    results.set(index, { code, out, err });
  }
  const blamed = indexes.find((index) => !results.has(index));
  if (blamed !== undefined) {
    const how = child.timedOut ? 'hung (time limit)' : `crashed (exit ${child.code}, signal ` +
      `${child.signal}): ${child.err.slice(-2000)}`;
    results.set(blamed, { code: null, out: '', err: child.err, failure: how });
  }
  return results;
}

async function runAll(temp: string): Promise<Map<number, CaseResult>> {
  const batches: number[][] = [];
  hostileCases.forEach((_case, index) => {
    if (index % batchSize === 0) batches.push([]);
    batches.at(-1)!.push(index);
  });
  const results = new Map<number, CaseResult>();
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      (await runBatch(batch, temp)).forEach((result, index) => results.set(index, result));
    }
  };
  await Promise.all(Array.from({ length: poolSize }, worker));
  return results;
}

describe('the hostile corpus', () => {
  let results = new Map<number, CaseResult>();
  beforeAll(async () => {
    results = await runAll(makeTempFiles());
  }, 600_000);

  it('holds at least 50 scenario files and 25 eni-config cases', () => {
    const runs = hostileCases.filter((c) => c.argv[0] === 'run' &&
      c.argv[1]!.startsWith('scenarios/'));
    expect(runs.length).toBeGreaterThanOrEqual(50);
    expect(hostileCases.length - runs.length).toBeGreaterThanOrEqual(25);
    expect(new Set(hostileCases.map((c) => c.argv.join(' '))).size).toBe(hostileCases.length);
  });

  const rows = hostileCases.map((c, index) => [c.argv.join(' '), index] as const);
  it.each(rows)('%s', (_name, index) => {
    const hostile = hostileCases[index]!;
    const result = results.get(index);
    expect(result, 'the batch before this case failed').toBeDefined();
    expect({ failure: result!.failure, code: result!.code })
      .toEqual({ failure: undefined, code: hostile.exit });
    const said = `${result!.out}${result!.err}`;
    expect(said).toContain(hostile.says);
    if (hostile.never !== undefined) expect(said).not.toContain(hostile.never);
    expect(said).not.toMatch(/\n\s+at /);
    expect(said).not.toMatch(rawControl);
  });
});
