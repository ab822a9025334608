// The reachability probes a run's expectations ask for. Plain podsReachable/podsUnreachable
// share one run of random pod pairs (the largest `samples` of them), as they always did; one
// that narrows its probes (from, to, port) or names the policy that must decide (`because`)
// gets its own run, on its own seeded stream, so adding one never moves another's draws.

import { parseLabelSelector } from '@terway-sim/kube-sim';
import type { RandomStream } from '@terway-sim/sim-base';
import {
  probeReachability, type ProbeScope, type ReachabilityResult, type World,
} from '@terway-sim/world';
import type { ExpectationItem } from '../scenario/schema/expectations.js';

export type ProbeExpectation = Extract<ExpectationItem,
  { kind: 'podsReachable' | 'podsUnreachable' }>;

function isProbe(expectation: ExpectationItem): expectation is ProbeExpectation {
  return expectation.kind === 'podsReachable' || expectation.kind === 'podsUnreachable';
}

/** Whether the expectation needs probes of its own. */
export function isDirected(expectation: ProbeExpectation): boolean {
  return expectation.from !== undefined || expectation.to !== undefined
    || expectation.port !== undefined || expectation.because !== undefined;
}

/** The samples of the shared random-pair run (0: no such run). */
export function sharedProbeSamples(expectations: readonly ExpectationItem[]): number {
  return Math.max(0, ...expectations.filter(isProbe)
    .map((expectation) => (isDirected(expectation) ? 0 : expectation.samples)));
}

function scopeOf(expectation: ProbeExpectation): ProbeScope {
  const filter = (side: ProbeExpectation['from']) => {
    if (side === undefined) return undefined;
    const labels = side.labels === undefined ? undefined : parseLabelSelector(side.labels);
    return { namespace: side.namespace, labels: labels?.ok === true ? labels.value : undefined };
  };
  return {
    from: filter(expectation.from), to: filter(expectation.to),
    l4: expectation.port === undefined ? undefined
      : { protocol: expectation.protocol ?? 'TCP', dstPort: expectation.port },
  };
}

/** Runs each directed expectation's probes; keyed by the expectation object. */
export function directedProbes(world: World, expectations: readonly ExpectationItem[],
  streamOf: (name: string) => RandomStream): Map<ExpectationItem, ReachabilityResult> {
  const results = new Map<ExpectationItem, ReachabilityResult>();
  expectations.forEach((expectation, index) => {
    if (!isProbe(expectation) || !isDirected(expectation)) return;
    results.set(expectation, probeReachability(world, expectation.samples,
      streamOf(`check.reachability.${index}`), scopeOf(expectation)));
  });
  return results;
}

/** A scope in words, for assertion names: `from app=a to ns b, TCP/80`. */
export function describeScope(expectation: ProbeExpectation): string {
  const side = (label: string, filter: ProbeExpectation['from']) => filter === undefined ? []
    : [`${label} ${[filter.namespace === undefined ? '' : `namespace ${filter.namespace}`,
      filter.labels ?? ''].filter((part) => part !== '').join(' ')}`];
  const parts = [...side('from', expectation.from), ...side('to', expectation.to),
    ...(expectation.port === undefined ? []
      : [`${expectation.protocol ?? 'TCP'}/${expectation.port}`]),
    ...(expectation.because === undefined ? [] : [`because ${expectation.because}`])];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** Whether a rule (`namespace/name`) is the one `because` names (`name` or `namespace/name`). */
export function ruleMatches(rule: string | undefined, because: string): boolean {
  if (rule === undefined) return false;
  return because.includes('/') ? rule === because : rule.split('/')[1] === because;
}
