// The reachability probes a run's expectations ask for. Plain podsReachable/podsUnreachable
// share one run of random pod pairs (the largest `samples` of them), as they always did; one
// that narrows its probes (from, to, toAddress, protocol, port) gets its own run, on its own
// seeded stream (`check.reachability.<index>`), so adding one never moves another's draws.
// `because` only decides which of the probes count, so it does not narrow them.

import { parseLabelSelector, type LabelSelector } from '@terway-sim/kube-sim';
import type { L4Protocol } from '@terway-sim/kernel-shim';
import type { RandomStream } from '@terway-sim/sim-base';
import {
  probeReachability, type PodSelection, type ProbeSelection, type ReachabilityResult,
  type World,
} from '@terway-sim/world';
import type { ExpectationItem } from '../scenario/schema/expectations.js';

type ProbeExpectation = Extract<ExpectationItem,
  { kind: 'podsReachable' | 'podsUnreachable' }>;

type PodSide = NonNullable<ProbeExpectation['from']>;

function isProbe(expectation: ExpectationItem): expectation is ProbeExpectation {
  return expectation.kind === 'podsReachable' || expectation.kind === 'podsUnreachable';
}

/** Whether the expectation needs probes of its own. */
function isSelected(expectation: ProbeExpectation): boolean {
  return expectation.from !== undefined || expectation.to !== undefined ||
    expectation.toAddress !== undefined || expectation.protocol !== undefined ||
    expectation.port !== undefined;
}

/** The samples of the shared random-pair run (0: no such run). */
export function sharedProbeSamples(expectations: readonly ExpectationItem[]): number {
  return Math.max(0, ...expectations.filter(isProbe)
    .map((expectation) => (isSelected(expectation) ? 0 : expectation.samples)));
}

type PodFilter = { readonly namespace?: string | undefined; readonly labels?: string | undefined };

/** `{ namespace?, labels? }` as given; a plain label map is short for its labels. */
function isFilter(side: PodSide): side is PodFilter {
  return Object.keys(side).every((key) => key === 'namespace' || key === 'labels');
}

function labelSelector(map: Readonly<Record<string, string>>): LabelSelector {
  return Object.entries(map).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
}

function podSelection(side: PodSide | undefined): PodSelection | undefined {
  if (side === undefined) return undefined;
  if (!isFilter(side)) return { labels: labelSelector(side as Readonly<Record<string, string>>) };
  const labels = side.labels === undefined ? undefined : parseLabelSelector(side.labels);
  return { namespace: side.namespace, labels: labels?.ok === true ? labels.value : undefined };
}

const protocols: Readonly<Record<string, L4Protocol>> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** The world's selection for an expectation: a port without a protocol is TCP's. */
function selectionOf(expectation: ProbeExpectation): ProbeSelection {
  const protocol = expectation.protocol ?? (expectation.port === undefined ? undefined : 'TCP');
  return {
    from: podSelection(expectation.from), to: podSelection(expectation.to),
    toAddress: expectation.toAddress,
    ...(protocol === undefined ? {} : { protocol: protocols[protocol] }),
    port: expectation.port,
  };
}

/** Runs each selected expectation's probes; keyed by the expectation object. */
export function probeSelected(world: World, expectations: readonly ExpectationItem[],
  streamOf: (name: string) => RandomStream): Map<ExpectationItem, ReachabilityResult> {
  const results = new Map<ExpectationItem, ReachabilityResult>();
  expectations.forEach((expectation, index) => {
    if (!isProbe(expectation) || !isSelected(expectation)) return;
    results.set(expectation, probeReachability(world, expectation.samples,
      streamOf(`check.reachability.${index}`), selectionOf(expectation)));
  });
  return results;
}

/** ` (from app=web to namespace b app=db, TCP/80)` for a narrowed probe; '' for all pods. */
export function selectionText(expectation: ProbeExpectation): string {
  const side = (selection: PodSide | undefined): string => {
    if (selection === undefined) return 'any';
    if (!isFilter(selection))
      return Object.entries(selection as Readonly<Record<string, string>>)
        .map(([key, value]) => `${key}=${value}`).join(',');
    const parts = [selection.namespace === undefined ? '' : `namespace ${selection.namespace}`,
      selection.labels ?? ''].filter((part) => part !== '');
    return parts.length === 0 ? 'any' : parts.join(' ');
  };
  const l4 = expectation.port === undefined && expectation.protocol === undefined ? ''
    : `, ${expectation.protocol ?? 'TCP'}${expectation.port === undefined ? ''
      : `/${expectation.port}`}`;
  const target = expectation.toAddress ?? side(expectation.to);
  if (expectation.from === undefined && expectation.to === undefined &&
    expectation.toAddress === undefined) return l4 === '' ? '' : ` (${l4.slice(2)})`;
  return ` (from ${side(expectation.from)} to ${target}${l4})`;
}

/** Whether a rule (`namespace/name`) is the one `policy` names (`name` or `namespace/name`). */
export function ruleMatches(rule: string | undefined, policy: string): boolean {
  if (rule === undefined) return false;
  return policy.includes('/') ? rule === policy : rule.split('/')[1] === policy;
}
