// What one rehearsal run shows, as figures a person or a script reads (RunSummary), and the
// verdict of a rehearsal: each way the rollout or the rollback is worse than the baseline is a
// reason (the command exits 1); changes that break nothing (idle IPs released, more calls, more
// throttling that no pod felt) are notes. A figure is compared with the baseline's rather than
// with zero, so a cluster that already struggles is not blamed on the change.

import type { RolloutOutcome } from '@terway-sim/world';
import type { Percentiles } from '../report/model.js';
import { percentiles } from '../report/stats.js';
import type { BusiestApi, PoolFigures, ProbeFigures } from './probe.js';

export interface RunSummary {
  readonly seed: string;
  readonly digest: string;
  /** The first rollout the change started: when it ended, or where it stalled. */
  readonly rollout: { readonly state: 'none' | 'done' | 'stalled'; readonly endMs: number;
    readonly updated: number; readonly waitingOn: readonly string[];
    readonly notStarted: number };
  readonly pods: { readonly readyAtChange: number; readonly keptIp: number;
    readonly lostIp: readonly string[] };
  /** Pods created after the change: time to IP during and after the rollout; never Ready. */
  readonly newPods: { readonly duringRollout: Percentiles; readonly afterRollout: Percentiles;
    readonly notReady: readonly string[] };
  readonly daemons: { readonly failedStarts: number; readonly failedNodes: readonly string[];
    readonly firstError: string | undefined; readonly downAtEnd: readonly string[] };
  readonly pool: { readonly atChange: PoolFigures; readonly atEnd: PoolFigures };
  /** Cloud calls from the change on: the busiest minute, and those throttled. */
  readonly api: { readonly peakCallsPerMinute: number; readonly throttled: number;
    readonly busiest: BusiestApi | undefined };
  /** Changes the cloud refused (a quota below what is held, a vSwitch CIDR taken). */
  readonly refused: readonly string[];
  readonly leaksAfterTeardown: number | null;
  readonly violation: string | undefined;
}

export interface RunEnd {
  readonly seed: string;
  readonly digest: string;
  readonly atMs: number;
  readonly endMs: number;
  readonly figures: ProbeFigures;
  readonly rollouts: ReadonlyArray<{ readonly atMs: number; readonly outcome: RolloutOutcome }>;
  readonly daemonsDownAtEnd: readonly string[];
  readonly refused: readonly string[];
  readonly leaksAfterTeardown: number | null;
  readonly violation: string | undefined;
}

export function summarizeRun(end: RunEnd): RunSummary {
  const { figures } = end;
  const first = end.rollouts[0];
  const rollout = first === undefined ? { state: 'none' as const, endMs: end.atMs, updated: 0,
    waitingOn: [], notStarted: 0 }
    : first.outcome.kind === 'done' ? { state: 'done' as const,
      endMs: first.atMs + first.outcome.tookMs, updated: first.outcome.nodes.length,
      waitingOn: [], notStarted: 0 }
      : { state: 'stalled' as const, endMs: end.endMs, updated: first.outcome.updated.length,
        waitingOn: first.outcome.waitingOn, notStarted: first.outcome.notStarted.length };
  const during = figures.newPodIps.filter((pod) => pod.createdMs < rollout.endMs);
  const after = figures.newPodIps.filter((pod) => pod.createdMs >= rollout.endMs);
  const minutes = [...figures.callsPerMinute.values()];
  return {
    seed: end.seed, digest: end.digest, rollout,
    pods: { readyAtChange: figures.podsAtChange, keptIp: figures.podsKeptIp,
      lostIp: figures.podsLostIp },
    newPods: { duringRollout: percentiles(during.map((pod) => pod.ms)),
      afterRollout: percentiles(after.map((pod) => pod.ms)), notReady: figures.newPodsNotReady },
    daemons: { failedStarts: figures.startFailures.length,
      failedNodes: [...new Set(figures.startFailures.map((failure) => failure.node))].sort(),
      firstError: figures.startFailures[0]?.error, downAtEnd: end.daemonsDownAtEnd },
    pool: { atChange: figures.poolAtChange, atEnd: figures.poolAtEnd },
    api: { peakCallsPerMinute: Math.max(0, ...minutes.map((minute) => minute.calls)),
      throttled: minutes.reduce((sum, minute) => sum + minute.throttled, 0),
      busiest: figures.busiestApi },
    refused: end.refused, leaksAfterTeardown: end.leaksAfterTeardown, violation: end.violation,
  };
}

const examplesMax = 3;

function examples(names: readonly string[]): string {
  const shown = names.slice(0, examplesMax).join(', ');
  return names.length > examplesMax ? `${shown}, …` : shown;
}

/**
 * Reasons a run is worse than the baseline, each prefixed with what was run. The rollback is
 * judged by where it leaves the cluster (`atEndOnly`): a stall or a failed start the rollback
 * mended is not held against it; daemons still down at the end are.
 */
function reasonsOf(label: string, run: RunSummary, baseline: RunSummary,
  atEndOnly: boolean): string[] {
  const reasons: string[] = [];
  if (run.violation !== undefined) reasons.push(`${label}: an invariant broke: ${run.violation}`);
  if (atEndOnly && run.daemons.downAtEnd.length > baseline.daemons.downAtEnd.length) {
    reasons.push(`${label}: terway is still down at the end on ` +
      `${run.daemons.downAtEnd.length} node(s) (${examples(run.daemons.downAtEnd)})`);
  }
  if (!atEndOnly && run.rollout.state === 'stalled') {
    reasons.push(`${label}: the rollout stalled: terway did not come back up on ` +
      `${examples(run.rollout.waitingOn)} (${run.rollout.updated} node(s) updated, ` +
      `${run.rollout.notStarted} not started)`);
  }
  if (!atEndOnly && run.daemons.failedNodes.length > baseline.daemons.failedNodes.length) {
    reasons.push(`${label}: terway failed to start on ${run.daemons.failedNodes.length} ` +
      `node(s) (${examples(run.daemons.failedNodes)}): ${run.daemons.firstError ?? ''}`);
  }
  if (run.pods.lostIp.length > baseline.pods.lostIp.length) {
    reasons.push(`${label}: ${run.pods.lostIp.length} pod(s) Ready before the change lost ` +
      `their IP (${examples(run.pods.lostIp)}; baseline ${baseline.pods.lostIp.length})`);
  }
  if (run.newPods.notReady.length > baseline.newPods.notReady.length) {
    reasons.push(`${label}: ${run.newPods.notReady.length} pod(s) created after the change ` +
      `are not Ready at the end (${examples(run.newPods.notReady)}; baseline ` +
      `${baseline.newPods.notReady.length})`);
  }
  if ((run.leaksAfterTeardown ?? 0) > (baseline.leaksAfterTeardown ?? 0)) {
    reasons.push(`${label}: ${run.leaksAfterTeardown} ENI(s)/IP(s) or kernel objects leaked ` +
      `after teardown (baseline ${baseline.leaksAfterTeardown ?? 0})`);
  }
  return reasons;
}

/**
 * Idle IPs with and without the change. Only when the pods hold as many IPs in both runs is the
 * difference what the pools gave back (or kept); otherwise pods took or lacked some of them.
 */
function idleNote(before: PoolFigures, after: PoolFigures): string | undefined {
  if (before.idleIps === after.idleIps) return undefined;
  const fewer = before.idleIps > after.idleIps;
  const difference = Math.abs(before.idleIps - after.idleIps);
  const what = before.usedIps !== after.usedIps ? (fewer ? 'fewer' : 'more')
    : fewer ? 'released to the vSwitch' : 'more held';
  return `idle pool IPs at the end: ${before.idleIps} without the change, ${after.idleIps} ` +
    `with it (${difference} ${what})`;
}

export function judgeRehearsal(runs: { baseline: RunSummary; rollout: RunSummary;
  rollback: RunSummary }, notReverted: readonly string[]): { reasons: string[];
    notes: string[] } {
  const { baseline, rollout, rollback } = runs;
  const reasons = [...reasonsOf('rollout', rollout, baseline, false),
    ...reasonsOf('rollback', rollback, baseline, true)];
  const notes: string[] = [...rollout.refused.map((refusal) => `refused: ${refusal}`)];
  const idle = idleNote(baseline.pool.atEnd, rollout.pool.atEnd);
  if (idle !== undefined) notes.push(idle);
  if (baseline.pool.atEnd.enis !== rollout.pool.atEnd.enis) {
    notes.push(`ENIs at the end: ${baseline.pool.atEnd.enis} without the change, ` +
      `${rollout.pool.atEnd.enis} with it`);
  }
  if (rollout.api.throttled > baseline.api.throttled) {
    notes.push(`throttled calls after the change: ${rollout.api.throttled} (baseline ` +
      `${baseline.api.throttled}); busiest minute ${rollout.api.peakCallsPerMinute} calls`);
  }
  notes.push(...notReverted.map((what) => `not rolled back: ${what}`));
  return { reasons, notes };
}
