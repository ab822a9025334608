// A rehearsal: the scenario (the cluster as it is) run three times from the same seed — as it is
// (the baseline), with the change applied at `atMs` (the rollout), and with the change applied and
// then undone at `rollbackMs` (the rollback) — and what the change did, figure against figure:
// pods that kept or lost their IPs, new pods' time to IP during and after the rollout and those
// that never got one, daemons that failed to start, the idle pool and ENIs, API calls per minute
// and those throttled, leaks after teardown, invariant violations. Any of these that is worse
// than the baseline is a reason the rollout breaks something (the command exits 1).

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { LoadedScenario } from '../scenario/load.js';
import type { ChangeItem } from '../scenario/schema/index.js';
import { resolveEniConfig } from '../run/eni-config-source.js';
import { RunSession } from '../run/runner.js';
import { RehearsalProbe } from './probe.js';
import { rollbackOf } from './revert.js';
import { judgeRehearsal, summarizeRun, type RunSummary } from './verdict.js';

export interface RehearsalInput {
  readonly loaded: LoadedScenario;
  /** The change list, each `at` counted from `atMs`. */
  readonly changes: readonly ChangeItem[];
  readonly atMs: number;
  readonly seed?: string | undefined;
}

export interface RehearsalReport {
  readonly scenario: string;
  readonly seed: string;
  readonly atMs: number;
  readonly rollbackAtMs: number;
  readonly changes: readonly string[];
  readonly ok: boolean;
  /** Why the rollout (or the rollback) breaks something; empty when nothing does. */
  readonly reasons: readonly string[];
  /** What changed without breaking anything (pool sizes, throttling, what was not reverted). */
  readonly notes: readonly string[];
  readonly runs: { readonly baseline: RunSummary; readonly rollout: RunSummary;
    readonly rollback: RunSummary };
}

/** The instant the rollback starts: halfway between the change and the end, on a second. */
export function rollbackInstant(atMs: number, endMs: number): number {
  return Math.floor((atMs + (endMs - atMs) / 2) / 1_000) * 1_000;
}

export async function rehearse(input: RehearsalInput): Promise<Result<RehearsalReport, string[]>> {
  const { loaded, atMs } = input;
  const { scenario } = loaded;
  const base = resolveEniConfig(loaded);
  if (!base.ok) return base;
  const rollbackAtMs = rollbackInstant(atMs, scenario.duration);
  const shifted = (changes: readonly ChangeItem[], byMs: number) =>
    changes.map((change) => ({ ...change, at: change.at + byMs }));
  const rollback = rollbackOf(scenario, base.value.eniConf, input.changes);
  const forward = shifted(input.changes, atMs);
  const plans = {
    baseline: scenario.changes,
    rollout: [...scenario.changes, ...forward],
    rollback: [...scenario.changes, ...forward, ...shifted(rollback.changes, rollbackAtMs)],
  };
  const runs: Partial<Record<keyof typeof plans, RunSummary>> = {};
  for (const name of ['baseline', 'rollout', 'rollback'] as const) {
    const run = await rehearsalRun({ ...loaded, scenario: { ...scenario, changes: plans[name] } },
      input.seed, atMs);
    if (!run.ok) return err(run.error);
    runs[name] = run.value;
  }
  const done = runs as Record<keyof typeof plans, RunSummary>;
  const verdict = judgeRehearsal(done, rollback.notReverted);
  return ok({ scenario: scenario.name, seed: done.baseline.seed, atMs, rollbackAtMs,
    changes: input.changes.map((change) => change.kind), ok: verdict.reasons.length === 0,
    reasons: verdict.reasons, notes: verdict.notes, runs: done });
}

/** One run, paused just before the change to take the probe's first look. */
async function rehearsalRun(loaded: LoadedScenario, seed: string | undefined,
  atMs: number): Promise<Result<RunSummary, string[]>> {
  const session = await RunSession.start(loaded, { seed });
  if (!session.ok) return session;
  const run = session.value;
  const probe = new RehearsalProbe(run.world, atMs);
  await run.advanceTo(atMs - 1);
  probe.atChange();
  await run.advanceTo(run.endMs);
  const figures = probe.atEnd();
  const daemonsDownAtEnd = [...run.world.liveNodes().values()]
    .filter((node) => !node.terway.running).map((node) => node.name).sort();
  const rollouts = run.changeRecords.flatMap((record) =>
    (record.result === 'rollout' && record.atMs >= atMs
      ? [{ atMs: record.atMs, outcome: record.rollout }] : []))
    .sort((a, b) => a.atMs - b.atMs);
  const refused = run.changeRecords.flatMap((record) => (record.result === 'refused'
    ? [`${record.kind}: ${record.reason}`] : []));
  const outcome = await run.finish();
  return ok(summarizeRun({ seed: run.seed, digest: outcome.report.digest, atMs,
    endMs: run.endMs, figures, daemonsDownAtEnd, rollouts, refused,
    leaksAfterTeardown: outcome.report.summary.leaksAfterTeardown,
    violation: outcome.violation === undefined ? undefined
      : `${outcome.violation.check}: ${outcome.violation.detail}` }));
}
