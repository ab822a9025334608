// Turns a scenario's expectations into assertions (name, ok, detail) from the facts of a run.
// Each detail states what was measured, so a failed assertion explains itself.

import type { DropCause } from '@terway-sim/kernel-shim';
import type { ExpectationItem } from '../scenario/schema/index.js';
import type { Assertion } from '../report/model.js';
import { percentile } from '../report/stats.js';
import { formatSpan } from '../report/svg-chart.js';
import { ruleMatches, selectionText } from './probes.js';

export interface RunFacts {
  /** Pods the workload controllers want at the end and how many of those were Ready. */
  readonly desiredPods: number;
  readonly readyPods: number;
  readonly notReadyPods: number;
  /** Longest creation → Ready time among pods Ready at the end, and pods never Ready. */
  readonly slowestReadyMs: number;
  readonly timeToIpMs: readonly number[];
  readonly throttledCalls: number;
  /** Node conditions seen: `type/status/reason`. */
  readonly conditionsSeen: ReadonlySet<string>;
  readonly eventsByReason: Readonly<Record<string, number>>;
  /** Leak findings after teardown (empty = clean), or undefined when teardown did not run. */
  readonly leaks: readonly string[] | undefined;
  /** Pod name → the IPs it had, in order of its incarnations. */
  readonly ipHistory: ReadonlyMap<string, readonly string[]>;
  /** Reachability probe results, or undefined when not probed. */
  readonly reachability: Reachability | undefined;
  /** Results of the probes an expectation narrowed (probes.ts), by expectation. */
  readonly selectedProbes?: ReadonlyMap<ExpectationItem, Reachability>;
  /** Declared id → minted id (security groups, vSwitches), to match `because.group`. */
  readonly declaredIds?: ReadonlyMap<string, string>;
}

interface Reachability {
  readonly probes: number;
  /** Of the probed pairs, those also traced over IPv6 (both pods dual stack). */
  readonly probesIpv6: number;
  readonly failures: readonly string[];
  /** Per failure, the drop as values (reason, and the rule that dropped it). */
  readonly drops?: readonly { readonly reason: string; readonly because?: DropCause }[];
  /** Per delivered packet, the NetworkPolicies (namespace/name) that let it through. */
  readonly allowedBy?: readonly (readonly string[])[];
}

function probesOf(expectation: ExpectationItem, facts: RunFacts): Reachability | undefined {
  return facts.selectedProbes?.get(expectation) ?? facts.reachability;
}

/** True when failure `index` was dropped as `because` asks (any cause when it asks nothing). */
function droppedBecause(expectation: Of<'podsUnreachable'>, facts: RunFacts,
  result: Reachability, index: number): boolean {
  const asked = expectation.because;
  if (asked === undefined) return true;
  const cause = result.drops?.[index]?.because;
  if (cause?.kind !== asked.kind) return false;
  if (asked.kind === 'networkPolicy')
    return asked.policy === undefined || (cause.kind === 'networkPolicy' &&
      ruleMatches(cause.policy, asked.policy));
  if (asked.kind !== 'securityGroup' || asked.group === undefined) return true;
  return cause.kind === 'securityGroup' &&
    cause.id === (facts.declaredIds?.get(asked.group) ?? asked.group);
}

export function evaluate(expectations: readonly ExpectationItem[], facts: RunFacts): Assertion[] {
  return expectations.map((expectation) => evaluateOne(expectation, facts));
}

type Of<K extends ExpectationItem['kind']> = Extract<ExpectationItem, { kind: K }>;

function allPodsReady(expectation: Of<'allPodsReady'>, facts: RunFacts): Assertion {
  const ok =
    facts.notReadyPods === 0 &&
    facts.readyPods >= facts.desiredPods &&
    facts.slowestReadyMs <= expectation.within;
  // Zero of zero is a pass that checked nothing: say so, so it is not read as a green run.
  const none = facts.desiredPods === 0 && facts.readyPods === 0 && facts.notReadyPods === 0
    ? ' (no pod was wanted or left at the end: nothing to check)' : '';
  return {
    name: `all pods Ready within ${formatSpan(expectation.within)}`,
    ok,
    detail: `${facts.readyPods}/${facts.desiredPods} Ready, ${facts.notReadyPods} not Ready; slowest creation→Ready ${formatSpan(facts.slowestReadyMs)}${none}`,
  };
}

function timeToIp(expectation: Of<'timeToIp'>, facts: RunFacts): Assertion {
  const sorted = [...facts.timeToIpMs].sort((a, b) => a - b);
  const value = percentile(sorted, expectation.percentile);
  return {
    name: `time to IP p${expectation.percentile} under ${formatSpan(expectation.under)}`,
    ok: sorted.length > 0 && value < expectation.under,
    detail:
      sorted.length === 0
        ? 'no pod got an IP'
        : `p${expectation.percentile} = ${formatSpan(value)} over ${sorted.length} pods`,
  };
}

function noThrottling(_expectation: Of<'noThrottling'>, facts: RunFacts): Assertion {
  return {
    name: 'no API call throttled',
    ok: facts.throttledCalls === 0,
    detail: `${facts.throttledCalls} calls throttled`,
  };
}

function throttled(expectation: Of<'throttled'>, facts: RunFacts): Assertion {
  return {
    name: `at least ${expectation.atLeast} API calls throttled`,
    ok: facts.throttledCalls >= expectation.atLeast,
    detail: `${facts.throttledCalls} calls throttled`,
  };
}

function nodeCondition(expectation: Of<'nodeCondition'>, facts: RunFacts): Assertion {
  const key = `${expectation.type}/${expectation.status}${expectation.reason === undefined ? '' : `/${expectation.reason}`}`;
  const ok = [...facts.conditionsSeen].some(
    (seen) =>
      seen === key ||
      seen.startsWith(`${key}/`) ||
      (expectation.reason === undefined &&
        seen.startsWith(`${expectation.type}/${expectation.status}/`)),
  );
  return {
    name: `node condition ${key} seen`,
    ok,
    detail: ok ? 'seen' : `seen: ${[...facts.conditionsSeen].sort().join(', ') || 'none'}`,
  };
}

function event(expectation: Of<'event'>, facts: RunFacts): Assertion {
  const count = facts.eventsByReason[expectation.reason] ?? 0;
  const ok = expectation.seen ? count >= expectation.atLeast : count === 0;
  return {
    name: expectation.seen
      ? `event ${expectation.reason} seen`
      : `event ${expectation.reason} not seen`,
    ok,
    detail: `${count} recorded`,
  };
}

function podsNotReady(expectation: Of<'podsNotReady'>, facts: RunFacts): Assertion {
  const n = facts.notReadyPods;
  const ok =
    (expectation.atLeast === undefined || n >= expectation.atLeast) &&
    (expectation.atMost === undefined || n <= expectation.atMost);
  const bounds = [
    expectation.atLeast === undefined ? '' : `≥ ${expectation.atLeast}`,
    expectation.atMost === undefined ? '' : `≤ ${expectation.atMost}`,
  ]
    .filter(Boolean)
    .join(' and ');
  return { name: `pods not Ready at end ${bounds}`, ok, detail: `${n} not Ready` };
}

function noLeaks(_expectation: Of<'noLeaks'>, facts: RunFacts): Assertion {
  return facts.leaks === undefined
    ? {
        name: 'nothing leaked after teardown',
        ok: false,
        detail: 'teardown is off for this scenario, so leaks were not checked',
      }
    : {
        name: 'nothing leaked after teardown',
        ok: facts.leaks.length === 0,
        detail:
          facts.leaks.length === 0
            ? 'no ENI, IP, route entry, link, route or rule left'
            : facts.leaks.slice(0, 10).join('; ') +
              (facts.leaks.length > 10 ? ` (+${facts.leaks.length - 10} more)` : ''),
      };
}

function leaked(expectation: Of<'leaked'>, facts: RunFacts): Assertion {
  const leaks = (facts.leaks ?? []).filter(
    (leak) => expectation.mentions === undefined || leak.includes(expectation.mentions),
  );
  const what =
    expectation.mentions === undefined ? 'leaks' : `leaks mentioning "${expectation.mentions}"`;
  return {
    name: `at least ${expectation.atLeast} ${what} after teardown`,
    ok: facts.leaks !== undefined && leaks.length >= expectation.atLeast,
    detail:
      facts.leaks === undefined
        ? 'teardown is off for this scenario'
        : leaks.length === 0
          ? 'nothing leaked'
          : leaks.slice(0, 5).join('; '),
  };
}

function ipKept(expectation: Of<'ipKept'>, facts: RunFacts): Assertion {
  const history = facts.ipHistory.get(expectation.pod) ?? [];
  const ok = history.length >= 2 && history.every((ip) => ip === history[0]);
  return {
    name: `pod ${expectation.pod} keeps its IP`,
    ok,
    detail:
      history.length === 0
        ? 'the pod never got an IP'
        : `IPs over its incarnations: ${history.join(' → ')}`,
  };
}

/** ` by a security group (sg-db)`, ` for want of SNAT`, ` by policy deny`: what `because` asks. */
function becauseText(asked: Of<'podsUnreachable'>['because']): string {
  if (asked === undefined) return '';
  if (asked.kind === 'noSnat') return ' for want of SNAT';
  if (asked.kind === 'networkPolicy')
    return asked.policy === undefined ? ' by a network policy' : ` by policy ${asked.policy}`;
  return ` by a security group${asked.group === undefined ? '' : ` (${asked.group})`}`;
}

function podsUnreachable(expectation: Of<'podsUnreachable'>, facts: RunFacts): Assertion {
  const result = probesOf(expectation, facts);
  const because = becauseText(expectation.because);
  if (result === undefined)
    return {
      name: `some pods cannot reach others${because}${selectionText(expectation)}`,
      ok: false,
      detail: 'reachability was not probed',
    };
  const dropped = result.failures.filter(
    (failure, index) => (expectation.reason === undefined || failure.includes(expectation.reason))
      && droppedBecause(expectation, facts, result, index),
  );
  return {
    name: `at least ${expectation.atLeast} probes dropped` +
      `${expectation.reason === undefined ? '' : ` (${expectation.reason})`}` +
      `${because}${selectionText(expectation)}`,
    ok: dropped.length >= expectation.atLeast,
    detail: `${dropped.length}/${result.probes} dropped${because}` +
      `${dropped.length > 0 ? `: ${dropped.slice(0, 3).join('; ')}` : ''}`,
  };
}

/** Delivered packets no rule of the `because` policy let through (0 when none is named). */
function unexplained(expectation: Of<'podsReachable'>, result: Reachability): number {
  const asked = expectation.because;
  if (asked === undefined) return 0;
  const delivered = result.probes + result.probesIpv6 - result.failures.length;
  const allowed = (result.allowedBy ?? []).filter((rules) =>
    rules.some((rule) => ruleMatches(rule, asked.policy))).length;
  return delivered - allowed;
}

function podsReachable(expectation: Of<'podsReachable'>, facts: RunFacts): Assertion {
  const result = probesOf(expectation, facts);
  const wantsIpv6 = expectation.families.includes('ipv6');
  const policy = expectation.because?.policy;
  const name = `pods reach each other${wantsIpv6 ? ' over IPv4 and IPv6' : ''}` +
    `${policy === undefined ? '' : `, allowed by policy ${policy}`}${selectionText(expectation)}`;
  if (result === undefined) return { name, ok: false, detail: 'reachability was not probed' };
  // No probe, no evidence: a run without two Ready pods must not pass as "reachable".
  if (result.probes === 0)
    return { name, ok: false, detail: 'no two Ready pods to probe: nothing was checked' };
  if (wantsIpv6 && result.probesIpv6 === 0)
    return { name, ok: false,
      detail: 'no probed pair of pods had IPv6 addresses: IPv6 was not checked' };
  const sent = result.probes + result.probesIpv6;
  const ipv6 = result.probesIpv6 === 0 ? '' : ` (${result.probesIpv6} of the pairs over IPv6 too)`;
  const missing = unexplained(expectation, result);
  return {
    name,
    ok: result.failures.length === 0 && missing === 0,
    detail:
      result.failures.length > 0
        ? `${result.failures.length}/${sent} dropped: ${result.failures.slice(0, 5).join('; ')}`
        : missing > 0
          ? `${missing}/${sent} delivered without policy ${policy} allowing them`
          : `${sent} probes delivered${ipv6}${policy === undefined ? ''
            : `, each allowed by policy ${policy}`}`,
  };
}

/** One evaluator per expectation kind; the table's type makes a missing kind a type error. */
const evaluators: { readonly [K in ExpectationItem['kind']]: (expectation: Of<K>,
  facts: RunFacts) => Assertion } = {
  allPodsReady, timeToIp, noThrottling, throttled, nodeCondition, event, podsNotReady, noLeaks,
  leaked, ipKept, podsUnreachable, podsReachable,
};

function evaluateOne(expectation: ExpectationItem, facts: RunFacts): Assertion {
  const evaluate = evaluators[expectation.kind] as (item: ExpectationItem, facts: RunFacts) =>
    Assertion;
  return evaluate(expectation, facts);
}

/**
 * Whether an expectation asserts that a failure happened (a drill's expected failure) rather
 * than that things worked: when it holds, the report reads "reproduced", not "pass". An event
 * expectation counts when the run recorded its reason as a Warning.
 */
export function expectsFailure(expectation: ExpectationItem,
  warningReasons: ReadonlySet<string>): boolean {
  switch (expectation.kind) {
    case 'podsNotReady': return (expectation.atLeast ?? 0) > 0;
    case 'throttled': case 'leaked': case 'podsUnreachable': return true;
    case 'event': return expectation.seen && warningReasons.has(expectation.reason);
    case 'nodeCondition':
      // Ready and SufficientIP are healthy when True; the other conditions when False.
      return expectation.type === 'Ready' || expectation.type === 'SufficientIP'
        ? expectation.status !== 'True' : expectation.status === 'True';
    default: return false;
  }
}
