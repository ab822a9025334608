// A failure the kit reports is reproducible outside the test: `terway-sim run FILE --seed N` (the
// printed replay line, with `--mutation` for the broken variant the property ran) on the written
// scenario gives the same run — same report digest — and fails the same way (exit 1, the same
// invariant named).

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarios, scenarioArbitrary, scenarioYaml } from '../../src/testing/index.js';
import { run } from '../cli/io.js';

const replayDir = mkdtempSync(join(tmpdir(), 'kit-replay-'));

/** The replay line's arguments after `npx terway-sim`. */
function argvOf(command: string): string[] {
  const words = command.split(' ');
  expect(words.slice(0, 3)).toEqual(['npx', 'terway-sim', 'run']);
  return words.slice(2);
}

describe('replay line', () => {
  it('reruns the shrunk failure bit for bit through the CLI', async () => {
    const arbitrary = scenarioArbitrary({ faultKinds: [] });
    const result = await checkScenarios({ arbitrary, runs: 10, replayDir, name: 'replay',
      mutations: ['ip-twice'] });
    if (result.ok) throw new Error('the ip-twice variant was not caught');
    const { failure } = result;
    expect(readFileSync(failure.replay.file, 'utf8')).toBe(failure.text);
    expect(failure.text).toBe(scenarioYaml(failure.document));
    const out = join(replayDir, 'out');
    const cli = await run([...argvOf(failure.replay.command), '--out', out, '--json']);
    expect(cli.code).toBe(1);
    const check = /^invariant (\S+) broke/.exec(failure.problems[0] ?? '')?.[1];
    expect(check, failure.message).toBeDefined();
    expect(cli.err).toContain(`invariant violated: ${check}:`);
    const report = JSON.parse(cli.out) as { digest: string; seed: string };
    expect(report.seed).toBe(failure.scenarioSeed);
    expect(report.digest).toBe(failure.digest);
    // The variant lives in the run's options, not in the process: without the flag, the same
    // file in the same process runs Terway as shipped and no invariant breaks.
    const replayArgv = argvOf(failure.replay.command);
    const flag = replayArgv.indexOf('--mutation');
    expect(flag).toBeGreaterThan(0);
    const argv = replayArgv.filter((_, index) => index < flag || index > flag + 1);
    const clean = await run([...argv, '--out', join(replayDir, 'clean'), '--json']);
    expect(clean.err).not.toContain('invariant violated');
  }, 120_000);
});
