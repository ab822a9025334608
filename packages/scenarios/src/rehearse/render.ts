// A rehearsal as a person reads it: the verdict and its reasons first, then the figures of the
// three runs side by side (baseline, rollout, rollback), then the notes.

import type { Percentiles } from '../report/model.js';
import { formatSpan } from '../report/svg-chart.js';
import type { RehearsalReport } from './rehearse.js';
import type { RunSummary } from './verdict.js';

function timeToIp(figures: Percentiles): string {
  return figures.count === 0 ? 'no pods'
    : `${figures.count} pods, p50 ${formatSpan(figures.p50)}, p99 ${formatSpan(figures.p99)}`;
}

function rolloutLine(run: RunSummary): string {
  const { rollout } = run;
  if (rollout.state === 'none') return 'no rollout';
  if (rollout.state === 'done') {
    return `done: ${rollout.updated} node(s) by ${formatSpan(rollout.endMs)}`;
  }
  return `STALLED on ${rollout.waitingOn.join(', ')} (${rollout.updated} updated, ` +
    `${rollout.notStarted} not started)`;
}

function apiLine(run: RunSummary): string {
  const { busiest } = run.api;
  const api = busiest === undefined ? 'no calls' : `${busiest.action} ${busiest.callsInMinute}` +
    ` of ${busiest.limitPerMinute}/min`;
  return `${run.api.peakCallsPerMinute}/min, ${api}, ${run.api.throttled} throttled`;
}

const rows: ReadonlyArray<readonly [string, (run: RunSummary) => string]> = [
  ['rollout', rolloutLine],
  ['pods Ready at the change', (run) => `${run.pods.readyAtChange}: ${run.pods.keptIp} kept ` +
    `their IP, ${run.pods.lostIp.length} lost it`],
  ['new pods, time to IP during the rollout', (run) => timeToIp(run.newPods.duringRollout)],
  ['new pods, time to IP after the rollout', (run) => timeToIp(run.newPods.afterRollout)],
  ['new pods not Ready at the end', (run) => String(run.newPods.notReady.length)],
  ['terway start failures', (run) => (run.daemons.failedStarts === 0 ? 'none'
    : `${run.daemons.failedStarts} on ${run.daemons.failedNodes.join(', ')}`)],
  ['terway down at the end', (run) => (run.daemons.downAtEnd.length === 0 ? 'none'
    : run.daemons.downAtEnd.join(', '))],
  ['idle pool IPs / ENIs at the change', (run) => `${run.pool.atChange.idleIps} / ` +
    `${run.pool.atChange.enis}`],
  ['idle pool IPs / ENIs at the end', (run) => `${run.pool.atEnd.idleIps} / ` +
    `${run.pool.atEnd.enis}`],
  ['API calls: busiest minute, busiest API against its limit, throttled', apiLine],
  ['leaked after teardown', (run) => String(run.leaksAfterTeardown ?? 'no teardown')],
  ['invariants', (run) => run.violation ?? 'held'],
];

export function renderRehearsal(report: RehearsalReport): string {
  const lines = [`rehearse ${report.scenario} (seed ${report.seed}): ${report.changes.join(', ')}` +
    ` at ${formatSpan(report.atMs)}, rolled back at ${formatSpan(report.rollbackAtMs)}`,
  report.ok ? 'OK: the rollout and the rollback break nothing the baseline did not'
    : `BREAKS: ${report.reasons.length} reason(s)`];
  lines.push(...report.reasons.map((reason) => `  - ${reason}`), '');
  const { baseline, rollout, rollback } = report.runs;
  for (const [name, value] of rows) {
    lines.push(`${name}:`, `  baseline  ${value(baseline)}`, `  rollout   ${value(rollout)}`,
      `  rollback  ${value(rollback)}`);
  }
  if (report.notes.length > 0) {
    lines.push('', 'notes:', ...report.notes.map((note) => `  - ${note}`));
  }
  lines.push('', `digests: baseline ${baseline.digest.slice(0, 12)}, rollout ` +
    `${rollout.digest.slice(0, 12)}, rollback ${rollback.digest.slice(0, 12)}`);
  return `${lines.join('\n')}\n`;
}
