// How big a run will be, estimated from the file before anything starts: nodes × simulated time,
// pods created, samples of the metric series, the full-check work those samples cost, and the
// events the log will hold. A run over any bound of `runSizeBounds` is refused with the figure,
// the bound and its reason (exit 2): before this check `sampleEvery: 0` looped forever and
// `duration: 100000h` ran for hours with no output (issue 17). `terway-sim run` prints the
// estimate as its first progress line.
//
// The figures are rough estimates, not promises: pods are counted as every scale step, rollout
// and job arrival creates them; retries of pods that never get an IP add events the estimate does
// not count (a capacity wall can log five times the estimate).

import { formatSpan } from '../report/svg-chart.js';
import { nodeTimeline } from './node-timeline.js';
import { runSizeBounds, type Bound } from './schema/bounds.js';
import type { Scenario, WorkloadItem } from './schema/index.js';

export interface RunSize {
  /** The most nodes at once. */
  readonly nodesPeak: number;
  /** Nodes launched over the run (initial ones included). */
  readonly nodesCreated: number;
  /** nodesPeak × simulated minutes. */
  readonly nodeMinutes: number;
  /** Pods wanted at once at most (Kubernetes' 150,000-pod bound applies to this). */
  readonly podsPeak: number;
  readonly podsCreated: number;
  readonly samples: number;
  /** samples × (nodesPeak + podsPeak). */
  readonly sampleVisits: number;
  /** Events the log is expected to hold (about 20 per pod, 50 per node). */
  readonly events: number;
}

/** Measured on the shipped scenarios: 15 to 20 events per pod created, about 10 per idle node. */
const eventsPerPod = 20;
const eventsPerNode = 50;

export function estimateRunSize(scenario: Scenario): RunSize {
  const timeline = nodeTimeline(scenario);
  const end = scenario.duration;
  let podsPeak = 0;
  let podsCreated = 0;
  for (const item of scenario.workload) {
    const pods = podsOf(item, end);
    podsPeak += pods.peak;
    podsCreated += pods.created;
  }
  const nodesPeak = timeline.peak.nodes;
  const samples = Math.ceil(end / Math.max(1, scenario.sampleEvery));
  return {
    nodesPeak, nodesCreated: timeline.created,
    nodeMinutes: Math.ceil(nodesPeak * (end / 60_000)),
    podsPeak, podsCreated, samples,
    sampleVisits: samples * (nodesPeak + podsPeak),
    events: podsCreated * eventsPerPod + timeline.created * eventsPerNode,
  };
}

/** Pods one workload item wants at its peak and creates over the run (steps up to `endMs`). */
function podsOf(item: WorkloadItem, endMs: number): { peak: number; created: number } {
  if (item.kind === 'nodes') return { peak: 0, created: 0 };
  if (item.kind === 'jobs') {
    const minutes = Math.max(0, Math.min(item.to, endMs) - item.from) / 60_000;
    const lifetimeMinutes = (item.runFor.median * 2 + 45_000) / 60_000;
    return { peak: Math.ceil(item.perMinute * lifetimeMinutes),
      created: Math.ceil(item.perMinute * minutes) };
  }
  const steps = [{ at: item.at, replicas: item.replicas }, ...item.scale]
    .filter((step) => step.at <= endMs)
    .sort((a, b) => a.at - b.at);
  let current = 0;
  let peak = 0;
  let created = 0;
  for (const step of steps) {
    created += Math.max(0, step.replicas - current);
    current = step.replicas;
    peak = Math.max(peak, current);
  }
  if (item.kind === 'deployment') {
    // A rollout replaces every pod (with maxSurge 25% above the count while it runs).
    created += item.rollouts.filter((rollout) => rollout.at <= endMs).length * peak;
    peak += item.rollouts.length > 0 ? Math.ceil(peak / 4) : 0;
  } else {
    created += item.podDeletions.filter((deletion) => deletion.at <= endMs).length;
  }
  return { peak, created };
}

/** Each figure over its bound, as a sentence naming the figure, the bound and the reason. */
export function runSizeProblems(size: RunSize, scenario: Scenario): string[] {
  const problems: string[] = [];
  const over = (figure: number, bound: Bound, what: string) => {
    if (figure > bound.max) {
      problems.push(`the run is too large: ${what} = ${figure.toLocaleString('en-US')}, above ` +
        `the bound of ${bound.max.toLocaleString('en-US')} (${bound.why})`);
    }
  };
  const span = formatSpan(scenario.duration);
  over(size.nodeMinutes, runSizeBounds.nodeMinutes,
    `${size.nodesPeak.toLocaleString('en-US')} nodes × ${span} in node-minutes`);
  over(size.nodesCreated, runSizeBounds.nodesCreated, 'nodes launched over the run');
  over(size.podsPeak, runSizeBounds.podsPeak, 'pods wanted at once');
  over(size.podsCreated, runSizeBounds.podsCreated, 'pods created over the run');
  over(size.samples, runSizeBounds.samples,
    `samples (duration ${span} / sampleEvery ${formatSpan(scenario.sampleEvery)})`);
  over(size.sampleVisits, runSizeBounds.sampleVisits,
    `samples × (nodes + pods), the work of the checks every sample runs`);
  return problems;
}

/** One line for the start of a run: what it will simulate, roughly. */
export function describeRunSize(size: RunSize, scenario: Scenario): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(size.nodesPeak)} node(s) for ${formatSpan(scenario.duration)}, about ` +
    `${n(size.podsCreated)} pod(s) created, ${n(size.samples)} sample(s), about ` +
    `${n(size.events)} events`;
}
