// The property runner: generates scenarios, runs each through the same runner `terway-sim run`
// uses, judges the run with a property, and on failure shrinks to the smallest workload and fault
// schedule that still fails, writes that scenario out and prints the line that replays it.
//
// When to use: in a vitest test of your own CI,
//   await assertScenarios({ arbitrary: scenarioArbitrary(), runs: 20 });
// or `checkScenarios` to get the failure as a value (the kit's own tests do).
//
// Gotchas:
//   - shrinking re-runs the scenario for every candidate; `shrinkRunsMax` bounds the runs it may
//     spend (later candidates are skipped and the smallest failure so far is reported);
//   - the default fast-check seed is fixed (or TERWAY_SIM_KIT_SEED), so CI is reproducible;
//     change it to explore more, and pass `seed` and `path` from a failure message to replay the
//     search;
//   - the property must be a function of the run only: runs are deterministic, which is what
//     makes shrinking and the replay line sound;
//   - `mutations` (the kit's own tests) run every node with deliberately broken variants of
//     Terway; the replay line then carries `--mutation` flags so the CLI reproduces the run.

import { join } from 'node:path';
import { Mutations, type MutationName } from '@terway-sim/terway-core';
import fc from 'fast-check';
import { runScenario } from '../../run/runner.js';
import { formatProblem, parseScenarioText } from '../../scenario/load.js';
import {
  scenarioSize, type GeneratedScenario, type ScenarioInput,
} from '../arbitraries/scenario.js';
import { kitSeed } from './kit-seed.js';
import {
  runHolds, type RunResult, type ScenarioProperty, type ScenarioRun,
} from './properties.js';
import { scenarioYaml, writeReplay, type ReplayFile } from './replay.js';

export interface CheckScenariosOptions {
  readonly arbitrary: fc.Arbitrary<GeneratedScenario>;
  /** Generated cases (fast-check numRuns); default 20. */
  readonly runs?: number;
  /** Default `runHolds`: no invariant broke and every expectation in the file held. */
  readonly property?: ScenarioProperty;
  /** fast-check seed; default TERWAY_SIM_KIT_SEED or a fixed one. */
  readonly seed?: number;
  /** fast-check replay path (from a failure message), to rerun one shrink path. */
  readonly path?: string;
  /** Runs spent on shrinking at most (default 300; a small run takes 0.05–0.5 s). */
  readonly shrinkRunsMax?: number;
  /** Every invariant after every event (default true: generated clusters are small). */
  readonly checkEveryEvent?: boolean;
  /** Where the failing scenario is written (default `reports/kit` under the working directory). */
  readonly replayDir?: string;
  /** Names the replay file (default `property`). */
  readonly name?: string;
  /** Called after every run (statistics, progress). */
  readonly onRun?: (run: ScenarioRun, problems: readonly string[]) => void;
  /** Test only: broken variants of Terway every run uses (mutation testing); default none. */
  readonly mutations?: readonly MutationName[];
}

export interface PropertyFailure {
  readonly seed: number;
  readonly path: string;
  /** Cases run before the first failure, the failing one included. */
  readonly runs: number;
  /** Successful shrink steps, and runs spent shrinking. */
  readonly shrinks: number;
  readonly shrinkRuns: number;
  readonly document: ScenarioInput;
  readonly text: string;
  readonly problems: readonly string[];
  readonly size: { readonly items: number; readonly steps: number };
  readonly replay: ReplayFile;
  readonly scenarioSeed: string;
  /** The report digest of the failing run (the replay must give the same). */
  readonly digest: string | undefined;
  readonly message: string;
}

export type ScenarioCheck =
  | { readonly ok: true; readonly runs: number; readonly seed: number }
  | { readonly ok: false; readonly failure: PropertyFailure };

const defaultShrinkRunsMax = 300;
const crashStackLines = 6;

/** Runs one generated scenario exactly as `terway-sim run` would run its YAML text. */
export async function runGenerated(generated: GeneratedScenario,
  options: { checkEveryEvent?: boolean; file?: string; mutations?: Mutations } = {},
): Promise<{ run: ScenarioRun; text: string }> {
  const text = scenarioYaml(generated.document);
  const loaded = parseScenarioText(text, options.file ?? join(process.cwd(), 'generated.yaml'));
  if (!loaded.ok) {
    const error = loaded.error.map((problem) => `does not parse: ${formatProblem(problem)}`);
    return { text, run: { generated, outcome: { ok: false, error } } };
  }
  let outcome: RunResult;
  try {
    const checkEveryEvent = options.checkEveryEvent ?? true;
    const ran = await runScenario(loaded.value, { checkEveryEvent, mutations: options.mutations });
    outcome = ran.ok ? { ok: true, value: ran.value } : { ok: false, error: ran.error };
  } catch (error) {
    // A crash inside the simulation is a finding like any other: the same text replays it.
    const stack = error instanceof Error ? error.stack ?? error.message : String(error);
    const top = stack.split('\n').slice(0, crashStackLines).join('\n');
    outcome = { ok: false, error: [`the run crashed: ${top}`] };
  }
  return { text, run: { generated, outcome } };
}

interface LastFailure {
  readonly generated: GeneratedScenario;
  readonly text: string;
  readonly problems: readonly string[];
  readonly digest: string | undefined;
}

export async function checkScenarios(options: CheckScenariosOptions): Promise<ScenarioCheck> {
  const property = options.property ?? runHolds;
  const shrinkRunsMax = options.shrinkRunsMax ?? defaultShrinkRunsMax;
  const checkEveryEvent = options.checkEveryEvent ?? true;
  const mutations = Mutations.of(options.mutations ?? []);
  const seed = kitSeed(options.seed);
  let failed: LastFailure | undefined;
  let shrinkRuns = 0;
  const predicate = fc.asyncProperty(options.arbitrary, async (generated) => {
    // Past the budget every candidate "passes": fast-check stops, keeping the last failure.
    if (failed !== undefined && ++shrinkRuns > shrinkRunsMax) return true;
    const { run, text } = await runGenerated(generated, { checkEveryEvent, mutations });
    const problems = judge(property, run);
    options.onRun?.(run, problems);
    if (problems.length === 0) return true;
    const digest = run.outcome.ok ? run.outcome.value.report.digest : undefined;
    failed = { generated, text, problems, digest };
    return false;
  });
  const path = options.path === undefined ? {} : { path: options.path };
  const details = await fc.check(predicate, { numRuns: options.runs ?? 20, seed, ...path });
  if (!details.failed) return { ok: true, runs: details.numRuns, seed };
  if (failed === undefined) {
    const cause = String(details.errorInstance);
    throw new Error(`property kit: fast-check failed without a failing run: ${cause}`);
  }
  const budget = { spent: Math.min(shrinkRuns, shrinkRunsMax), checkEveryEvent };
  const failure = describeFailure(failed, details, seed, { ...budget, mutations }, options);
  return { ok: false, failure };
}

/** A property that throws is a failing property: its message is the problem. */
function judge(property: ScenarioProperty, run: ScenarioRun): readonly string[] {
  try {
    return property(run);
  } catch (error) {
    const text = error instanceof Error ? error.stack ?? error.message : String(error);
    return [`the property threw: ${text}`];
  }
}

function describeFailure(failed: LastFailure, details: fc.RunDetails<[GeneratedScenario]>,
  seed: number, run: { spent: number; checkEveryEvent: boolean; mutations: Mutations },
  options: CheckScenariosOptions): PropertyFailure {
  const { document } = failed.generated;
  const scenarioSeed = String(document.seed ?? 1);
  const mutations = run.mutations.names;
  const replay = writeReplay({ dir: options.replayDir ?? join(process.cwd(), 'reports', 'kit'),
    name: `${options.name ?? 'property'}-${seed}`, text: failed.text, seed: scenarioSeed,
    checkEveryEvent: run.checkEveryEvent, mutations });
  const size = scenarioSize(document);
  const path = details.counterexamplePath ?? '';
  const message = [
    `property failed after ${details.numRuns} run(s); shrunk ${details.numShrinks} time(s) in ` +
      `${run.spent} run(s) (fast-check seed ${seed}, path "${path}")`,
    ...failed.problems.map((problem) => `  - ${problem}`),
    `smallest failing scenario: ${size.items} workload/fault item(s), ${size.steps} step(s) ` +
      `inside them; written to ${replay.file}`,
    `replay: ${replay.command}`,
    ...(mutations.length === 0 ? []
      : [`(with the test-only mutation ${mutations.join(', ')} switched on)`]),
  ].join('\n');
  return { seed, path, runs: details.numRuns, shrinks: details.numShrinks, shrinkRuns: run.spent,
    document, text: failed.text, problems: failed.problems, size, replay, scenarioSeed,
    digest: failed.digest, message };
}

/** `checkScenarios`, throwing an Error whose message has the problems and the replay line. */
export async function assertScenarios(options: CheckScenariosOptions): Promise<void> {
  const result = await checkScenarios(options);
  if (!result.ok) throw new Error(result.failure.message);
}
