// Properties over one run of a generated scenario. A property reads the run (the document, the
// runner's outcome) and returns what is wrong with it: an empty list means it holds. Problems are
// sentences a person can act on; the property runner prints them with the replay line.
//
// When to use: pass one to `checkScenarios({ property })`, or combine them with `allOf`. The
// default, `runHolds`, is what `terway-sim run` judges: no invariant broke and every expectation
// in the file held — so a failure it finds is one the replay command shows too.

import type { RunOutcome } from '../../run/runner.js';
import type { GeneratedScenario } from '../arbitraries/scenario.js';

export type RunResult =
  | { readonly ok: true; readonly value: RunOutcome }
  | { readonly ok: false; readonly error: readonly string[] };

export interface ScenarioRun {
  readonly generated: GeneratedScenario;
  /** The runner's outcome, or the messages it refused the scenario with. */
  readonly outcome: RunResult;
}

export type ScenarioProperty = (run: ScenarioRun) => readonly string[];

/** The assertion the report adds when a teardown phase ran out of time (report-builder.ts). */
const teardownInTime = 'teardown finished in time';
const crashed = 'the run crashed: ';

function brokenInvariant(outcome: RunOutcome): string[] {
  const violation = outcome.violation;
  if (violation === undefined) return [];
  return [`invariant ${violation.check} broke at ${violation.atMs} ms: ${violation.detail}`];
}

/** No invariant broke, the runner accepted the scenario, and every expectation held. */
export const runHolds: ScenarioProperty = (run) => {
  if (!run.outcome.ok) {
    return run.outcome.error.map((message) => `the runner refused the scenario: ${message}`);
  }
  // A broken invariant stops the run: what the expectations say after it is noise.
  const broken = brokenInvariant(run.outcome.value);
  if (broken.length > 0) return broken;
  // Under faults Terway leaks under (stuck attaches, restarts), the teardown that cannot finish
  // is the leak showing, not a second finding.
  const leakProne = run.generated.facts.leakProne;
  return run.outcome.value.report.assertions
    .filter((assertion) => !assertion.ok && !assertion.name.startsWith('invariants hold'))
    .filter((assertion) => !(leakProne && assertion.name === teardownInTime))
    .map((assertion) => `${assertion.name}: ${assertion.detail}`);
};

/** Only the invariants: for runs whose expectations are not the point (wrong configs, drills). */
export const invariantsHold: ScenarioProperty = (run) =>
  (run.outcome.ok ? brokenInvariant(run.outcome.value) : []);

/**
 * The runner either runs the scenario or refuses it with messages that name the file and a key
 * (never a stack trace), and the invariants hold when it runs. A crash is always a finding.
 */
export const runsOrRefusesClearly: ScenarioProperty = (run) => {
  if (run.outcome.ok) return invariantsHold(run);
  const crashes = run.outcome.error.filter((message) => message.startsWith(crashed));
  if (crashes.length > 0) return crashes;
  const namesAKey = (message: string): boolean => /: [a-zA-Z_.0-9]+[:.]/.test(message);
  const hasStack = (message: string): boolean => /\n\s+at /.test(message);
  return run.outcome.error.filter((message) => !namesAKey(message) || hasStack(message))
    .map((message) => `the runner refused the scenario without naming a key: ${message}`);
};

export function allOf(...properties: readonly ScenarioProperty[]): ScenarioProperty {
  return (run) => properties.flatMap((property) => property(run));
}
