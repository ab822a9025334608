// Properties over one run of a generated scenario. A property reads the run (the document, the
// runner's outcome) and returns what is wrong with it: an empty list means it holds. Problems are
// sentences a person can act on; the property runner prints them with the replay line.
//
// When to use: pass one to `checkScenarios({ property })`, or combine them with `allOf`. The
// default, `runHolds`, is what `terway-sim run` judges: no invariant broke and every expectation in
// the file held — so a failure it finds is one the replay command shows too.

import type { RunOutcome } from '../../run/runner.js';
import type { GeneratedScenario } from '../arbitraries/scenario.js';

export interface ScenarioRun {
  readonly generated: GeneratedScenario;
  /** The runner's outcome, or the messages it refused the scenario with. */
  readonly outcome: { readonly ok: true; readonly value: RunOutcome } | { readonly ok: false; readonly error: readonly string[] };
}

export type ScenarioProperty = (run: ScenarioRun) => readonly string[];

/** No invariant broke, the runner accepted the scenario, and every expectation held. */
export const runHolds: ScenarioProperty = (run) => {
  if (!run.outcome.ok) return run.outcome.error.map((message) => `the runner refused the scenario: ${message}`);
  const { violation, report } = run.outcome.value;
  // A broken invariant stops the run: what the expectations say after it is noise.
  if (violation !== undefined) return [`invariant ${violation.check} broke at ${violation.atMs} ms: ${violation.detail}`];
  const problems: string[] = [];
  // Under faults Terway leaks under (stuck attaches, restarts), the teardown that cannot finish is
  // the leak showing, not a second finding.
  const leakProne = run.generated.facts.leakProne;
  for (const assertion of report.assertions) {
    if (assertion.ok || assertion.name.startsWith('invariants hold')) continue;
    if (leakProne && assertion.name === teardownInTime) continue;
    problems.push(`${assertion.name}: ${assertion.detail}`);
  }
  return problems;
};

/** The assertion the report adds when a teardown phase ran out of time (report-builder.ts). */
const teardownInTime = 'teardown finished in time';

/** Only the invariants: for runs whose expectations are not the point (wrong configs, drills). */
export const invariantsHold: ScenarioProperty = (run) => {
  if (!run.outcome.ok) return [];
  const { violation } = run.outcome.value;
  return violation === undefined ? [] : [`invariant ${violation.check} broke at ${violation.atMs} ms: ${violation.detail}`];
};

/**
 * The runner either runs the scenario or refuses it with messages that name the file and a key
 * (never a stack trace), and the invariants hold when it runs.
 */
export const runsOrRefusesClearly: ScenarioProperty = (run) => {
  if (run.outcome.ok) return invariantsHold(run);
  const crashed = run.outcome.error.filter((message) => message.startsWith('the run crashed: '));
  if (crashed.length > 0) return crashed;
  return run.outcome.error.filter((message) => !/: [a-zA-Z_.0-9]+[:.]/.test(message) || /\n\s+at /.test(message))
    .map((message) => `the runner refused the scenario without naming a key: ${message}`);
};

export function allOf(...properties: readonly ScenarioProperty[]): ScenarioProperty {
  return (run) => properties.flatMap((property) => property(run));
}
