// What the property kit found in Terway's model, each as the (shrunk) scenario file it printed,
// kept as a test: the finding still reproduces, with the same check failing. docs/ci.md ("What
// the kit found") explains each. When one of these starts to pass, the behaviour changed: if it
// was fixed on purpose, delete its file and entry here; if not, find out what moved.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/runner.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const findings = join(import.meta.dirname, 'findings');

const known = [
  { file: 'unassign-race-ip-on-no-eni.yaml', fails: 'store-cloud-agree' },
  { file: 'orphan-ips-fill-eni.yaml', fails: 'all pods Ready within' },
  { file: 'trunk-rules-left-after-gc.yaml', fails: 'pod policy rules left' },
];

describe('known findings', () => {
  const cases = known.map((finding) => [finding.file, finding] as const);
  it.each(cases)('%s still reproduces', async (_, finding) => {
    const loaded = loadScenarioFile(join(findings, finding.file));
    if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
    const outcome = await runScenario(loaded.value, { checkEveryEvent: true });
    if (!outcome.ok) throw new Error(outcome.error.join('\n'));
    const { violation, report } = outcome.value;
    const failures = [
      ...(violation === undefined ? [] : [violation.check]),
      ...report.assertions.filter((assertion) => !assertion.ok)
        .map((assertion) => `${assertion.name}: ${assertion.detail}`),
    ];
    const reproduced = failures.some((failure) => failure.includes(finding.fails));
    expect(reproduced, failures.join('\n')).toBe(true);
  }, 120_000);
});
