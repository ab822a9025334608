// Turns a scenario's expectations into assertions (name, ok, detail) from the facts of a run.
// Each detail states what was measured, so a failed assertion explains itself.

import type { ExpectationItem } from '../scenario/schema/index.js';
import type { Assertion } from '../report/model.js';
import { percentile } from '../report/stats.js';
import { formatSpan } from '../report/svg-chart.js';
import type { ProbeOutcome } from '@terway-sim/world';
import {
  describeScope, isDirected, ruleMatches, type ProbeExpectation,
} from './probes.js';

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
  readonly reachability: ProbeResult | undefined;
  /** The probes of expectations that narrow theirs or name a policy (probes.ts). */
  readonly directedReachability?: ReadonlyMap<ExpectationItem, ProbeResult> | undefined;
}

interface ProbeResult {
  readonly probes: number;
  readonly failures: readonly string[];
  readonly outcomes?: readonly ProbeOutcome[];
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

function probesOf(expectation: ProbeExpectation, facts: RunFacts): ProbeResult | undefined {
  return isDirected(expectation) ? facts.directedReachability?.get(expectation)
    : facts.reachability;
}

function podsUnreachable(expectation: Of<'podsUnreachable'>, facts: RunFacts): Assertion {
  const result = probesOf(expectation, facts);
  const scope = describeScope(expectation);
  if (result === undefined)
    return {
      name: `some pods cannot reach others${scope}`,
      ok: false,
      detail: 'reachability was not probed',
    };
  const because = expectation.because;
  const outcomes = result.outcomes ?? [];
  const dropped = because === undefined ? result.failures.filter(
    (failure) => expectation.reason === undefined || failure.includes(expectation.reason),
  ) : result.failures.filter((failure, index) => ruleMatches(
    outcomes.filter((outcome) => !outcome.delivered)[index]?.droppedBy, because));
  return {
    name: `at least ${expectation.atLeast} probes dropped${expectation.reason === undefined ? '' : ` (${expectation.reason})`}${scope}`,
    ok: dropped.length >= expectation.atLeast,
    detail: `${dropped.length}/${result.probes} dropped${because === undefined ? ''
      : ` by ${because}`}${dropped.length > 0 ? `: ${dropped.slice(0, 3).join('; ')}` : ''}`,
  };
}

function podsReachable(expectation: Of<'podsReachable'>, facts: RunFacts): Assertion {
  const result = probesOf(expectation, facts);
  const name = `pods reach each other${describeScope(expectation)}`;
  if (result === undefined)
    return { name, ok: false, detail: 'reachability was not probed' };
  // No probe, no evidence: a run without two Ready pods must not pass as "reachable".
  if (result.probes === 0)
    return {
      name,
      ok: false,
      detail: 'no two Ready pods to probe: nothing was checked',
    };
  const because = expectation.because;
  const unexplained = because === undefined ? 0 : (result.outcomes ?? []).filter((outcome) =>
    outcome.delivered && !outcome.acceptedBy.some((rule) => ruleMatches(rule, because))).length;
  return {
    name,
    ok: result.failures.length === 0 && unexplained === 0,
    detail:
      result.failures.length > 0
        ? `${result.failures.length}/${result.probes} dropped: ${result.failures.slice(0, 5).join('; ')}`
        : unexplained > 0
          ? `${unexplained}/${result.probes} delivered without ${because} allowing them`
          : `${result.probes} probes delivered${because === undefined ? ''
            : `, each allowed by ${because}`}`,
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
