// A sweep's results as files: sweep.json (the inputs and every run's figures, in run order),
// sweep.csv (one row per run) and sweep.html (the variants compared). A shard writes the same
// files over its share of the runs and says which shard it is; merging shards of one sweep gives
// byte for byte what one sweep of all the runs writes.

import type { RunFigures } from './figures.js';
import type { SweepPlan } from './plan.js';

export const sweepFormat = 'terway-sim.sweep';

export interface SweepResults {
  readonly format: typeof sweepFormat;
  readonly version: 1;
  readonly scenario: string;
  readonly inputsDigest: string;
  readonly seeds: readonly string[];
  readonly vary: ReadonlyArray<{ readonly key: string; readonly values: readonly string[] }>;
  readonly variants: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Which share of the runs this is (absent: all of them). */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly runs: readonly RunFigures[];
  /** Runs that could not run at all (a scenario error), with the reason. */
  readonly errors: ReadonlyArray<{ readonly run: number; readonly error: string }>;
}

export function sweepResults(plan: SweepPlan, runs: readonly RunFigures[],
  errors: SweepResults['errors'], shard?: SweepResults['shard']): SweepResults {
  return {
    format: sweepFormat, version: 1, scenario: plan.scenario.scenario.name,
    inputsDigest: plan.inputsDigest, seeds: plan.seeds,
    vary: plan.axes.map((axis) => ({ key: axis.key, values: axis.texts })),
    variants: plan.variants,
    ...(shard === undefined ? {} : { shard }),
    runs: [...runs].sort((a, b) => a.run - b.run),
    errors: [...errors].sort((a, b) => a.run - b.run),
  };
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function sweepCsv(results: SweepResults): string {
  const keys = results.vary.map((axis) => axis.key);
  const vSwitches = [...new Set(results.runs.flatMap((run) => Object.keys(run.vSwitchFree)))]
    .sort();
  const header = ['run', 'variant', ...keys, 'seed', 'verdict', 'pods_ready', 'pods_not_ready',
    'time_to_ip_p50_ms', 'time_to_ip_p99_ms', 'api_calls_per_min', 'api_throttled', 'leaks',
    ...vSwitches.map((id) => `free_ips_${id}`), 'failed', 'digest'];
  const rows = results.runs.map((run) => [run.run, run.variant,
    ...keys.map((key) => results.variants[run.variant]![key]!), run.seed, run.verdict,
    run.podsReady, run.podsNotReady, run.timeToIpP50Ms, run.timeToIpP99Ms, run.apiCallsPerMinute,
    run.apiThrottled, run.leaks, ...vSwitches.map((id) => run.vSwitchFree[id] ?? null),
    run.failed.join('; '), run.digest]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
