// What a sweep keeps of each run: its verdict and the figures a capacity planner compares
// across variants, taken from the run's report (the same numbers `run` prints).

import type { RunReport } from '../report/model.js';

export interface RunFigures {
  readonly run: number;
  readonly variant: number;
  readonly seed: string;
  readonly verdict: 'pass' | 'fail';
  /** Names of the expectations that failed. */
  readonly failed: readonly string[];
  readonly podsReady: number;
  readonly podsNotReady: number;
  readonly timeToIpP50Ms: number;
  readonly timeToIpP99Ms: number;
  readonly apiCallsPerMinute: number;
  readonly apiThrottled: number;
  /** Leaks found after teardown; null when the scenario skips teardown. */
  readonly leaks: number | null;
  /** Free IPv4 addresses per vSwitch (by its id in the scenario) at the end of the run. */
  readonly vSwitchFree: Readonly<Record<string, number>>;
  readonly digest: string;
}

export function runFigures(run: number, variant: number, report: RunReport): RunFigures {
  const failed = report.assertions.filter((assertion) => !assertion.ok)
    .map((assertion) => assertion.name);
  const minutes = report.simulatedMs / 60_000;
  const { summary } = report;
  return {
    run, variant, seed: report.seed, verdict: failed.length === 0 ? 'pass' : 'fail', failed,
    podsReady: summary.podsReadyAtEnd, podsNotReady: summary.podsNotReadyAtEnd,
    timeToIpP50Ms: summary.timeToIpMs.p50, timeToIpP99Ms: summary.timeToIpMs.p99,
    apiCallsPerMinute: minutes > 0 ? round1(summary.apiCalls / minutes) : 0,
    apiThrottled: summary.apiThrottled, leaks: summary.leaksAfterTeardown,
    vSwitchFree: Object.fromEntries(Object.entries(report.series.vSwitchFree)
      .map(([id, series]) => [report.vSwitchDeclaredIds[id] ?? id, series.at(-1)?.[1] ?? 0])),
    digest: report.digest,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
