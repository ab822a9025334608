// A failure the kit reports is reproducible outside the test: `terway-sim run FILE --seed N` (the
// printed replay line) on the written scenario gives the same run — same report digest — and
// fails the same way (exit 1, the same invariant named).

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMutations, withMutation } from '@terway-sim/terway-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { checkScenarios, scenarioArbitrary, scenarioYaml } from '../../src/testing/index.js';
import { run } from '../cli/io.js';

const replayDir = mkdtempSync(join(tmpdir(), 'kit-replay-'));

afterEach(() => resetMutations());

/** The replay line's arguments after `npx terway-sim`. */
function argvOf(command: string): string[] {
  const words = command.split(' ');
  expect(words.slice(0, 3)).toEqual(['npx', 'terway-sim', 'run']);
  return words.slice(2);
}

describe('replay line', () => {
  it('reruns the shrunk failure bit for bit through the CLI', async () => {
    await withMutation('ip-twice', async () => {
      const arbitrary = scenarioArbitrary({ faultKinds: [] });
      const result = await checkScenarios({ arbitrary, runs: 10, replayDir, name: 'replay' });
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
    });
  }, 120_000);
});
