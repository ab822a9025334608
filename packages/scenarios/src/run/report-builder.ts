// Assembles report.json's value from a finished run: the expectations judged, the invariant and
// leak verdicts as assertions too, the summary, the series and the event timeline.

import { createHash } from 'node:crypto';
import type { Assertion, RunReport, TimelineEntry, Why } from '../report/model.js';
import { explainRun } from '../report/why.js';
import { groupEvents } from '../report/event-groups.js';
import { histogram, percentiles, timeToIpBoundsMs } from '../report/stats.js';
import type { LoadedScenario } from '../scenario/load.js';
import { toolVersion } from '../version.js';
import type { InvariantChecker, TeardownResult, World } from '@terway-sim/world';
import { evaluate, expectsFailure, type RunFacts } from './expectations.js';
import { resolveEniConfig } from './eni-config-source.js';
import type { RunObserver } from './run-observer.js';
import { eniConfVSwitches, validateScenarioConfig, type RecordedWhyFacts } from './why-facts.js';

const timelineMax = 2_000;
const eventGroupsMax = 5_000;

export interface ReportInputs {
  readonly loaded: LoadedScenario;
  readonly seed: string;
  readonly world: World;
  readonly observer: RunObserver;
  readonly checker: InvariantChecker;
  readonly facts: Omit<RunFacts, 'leaks'>;
  /** The "why" facts as they stood at the end of the main phase. */
  readonly whyFacts: RecordedWhyFacts;
  readonly teardown: TeardownResult | undefined;
}

function invariantAssertion(checker: InvariantChecker): Assertion {
  const violation = checker.violation;
  return {
    name: checker.everyEvent
      ? 'invariants hold after every event'
      : 'invariants hold (targeted checks after every event, full checks every sample)',
    ok: violation === undefined,
    detail:
      violation === undefined
        ? `${checker.counts.events} events checked, ${checker.counts.full} full checks of the whole world passed`
        : `${violation.check}: ${violation.detail}${violation.afterEvent === undefined ? '' : ` (after ${violation.afterEvent.kind} at ${violation.afterEvent.t} ms)`}`,
  };
}

/** The first Kubernetes events of the run, each with the node it concerns where known. */
function timelineOf(world: ReportInputs['world'], observer: ReportInputs['observer'],
  max = timelineMax): TimelineEntry[] {
  return world.api.events().slice(0, max).map((event) => {
    const node = event.kind === 'Node' ? event.name
      : observer.nodeOfPod(`${event.namespace}/${event.name}`);
    return {
      t: event.atMs,
      object: `${event.kind}/${event.kind === 'Pod' ? `${event.namespace}/` : ''}${event.name}`,
      type: event.type, reason: event.reason, message: event.message,
      ...(node === undefined ? {} : { node }),
    };
  });
}

/** Decides the report's "why" from the run's facts, the assertions and the eni-config. */
function whyOf(inputs: ReportInputs, assertions: readonly Assertion[]): Why {
  const { loaded, observer, facts, whyFacts } = inputs;
  const config = resolveEniConfig(loaded);
  const listed = config.ok ? eniConfVSwitches(config.value) : new Set<string>();
  return explainRun({
    ...whyFacts,
    endMs: loaded.scenario.duration,
    mode: loaded.scenario.cluster.mode,
    failedAssertions: assertions.filter((a) => !a.ok).map((a) => a.name),
    podsNotReady: facts.notReadyPods,
    vSwitches: observer.why.vSwitchFacts(observer.collector.vSwitchFree, listed),
    validate: config.ok ? validateScenarioConfig(loaded, config.value) : [],
  });
}

/** What a drill report shows besides the series: grouped events, conditions, declared ids. */
function drillSections({ world, observer }: ReportInputs): Pick<RunReport, 'eventGroups' |
  'eventGroupsTruncated' | 'nodeConditions' | 'vSwitchDeclaredIds' | 'terwayLog'> {
  const groups = groupEvents(timelineOf(world, observer, Number.MAX_SAFE_INTEGER));
  return {
    eventGroups: groups.slice(0, eventGroupsMax),
    eventGroupsTruncated: Math.max(0, groups.length - eventGroupsMax),
    nodeConditions: observer.conditionChanges,
    terwayLog: observer.terwayLog.result(),
    vSwitchDeclaredIds: Object.fromEntries(world.cloud.vSwitches
      .flatMap((v) => (v.declaredId === undefined ? [] : [[v.id, v.declaredId]]))),
  };
}

/** pass / FAIL per assertion, `reproduced` where an expected failure happened. */
function verdictsOf(inputs: ReportInputs,
  assertions: readonly Assertion[]): RunReport['verdicts'] {
  const warnings = new Set(inputs.world.api.events().filter((e) => e.type === 'Warning')
    .map((e) => e.reason));
  const expectations = inputs.loaded.scenario.expect;
  // assertions[0] is the invariants' verdict, then one per expectation, then teardown's.
  return assertions.map((assertion, index) => {
    if (!assertion.ok) return 'FAIL';
    const expectation = expectations[index - 1];
    return expectation !== undefined && expectsFailure(expectation, warnings)
      ? 'reproduced' : 'pass';
  });
}

export function buildReport(inputs: ReportInputs): RunReport {
  const { loaded, world, observer, checker, facts, teardown } = inputs;
  const { env } = world;
  const scenario = loaded.scenario;
  const fullFacts: RunFacts = { ...facts, leaks: teardown?.leaks };
  const assertions = [invariantAssertion(checker), ...evaluate(scenario.expect, fullFacts)];
  // A teardown phase that ran out of time shows up as leaks; state it plainly unless the scenario
  // expects leaks.
  const expectsLeaks = scenario.expect.some((expectation) => expectation.kind === 'leaked');
  if (teardown !== undefined && teardown.notes.length > 0 && !expectsLeaks)
    assertions.push({
      name: 'teardown finished in time',
      ok: false,
      detail: teardown.notes.join('; '),
    });
  const collector = observer.collector;
  const totals = collector.totals();
  const timeline = timelineOf(world, observer);
  const events: Record<string, number> = {};
  Object.keys(facts.eventsByReason)
    .sort()
    .forEach((reason) => {
      events[reason] = facts.eventsByReason[reason]!;
    });
  return {
    scenario: scenario.name,
    description: scenario.description.trim(),
    seed: inputs.seed,
    digest: env.log.digest(),
    scenarioDigest: createHash('sha256').update(loaded.text).digest('hex'),
    toolVersion: toolVersion(),
    mode: scenario.cluster.mode,
    simulatedMs: env.scheduler.nowMs(),
    assertions,
    summary: {
      nodes: world.allNodes().length,
      podsCreated: observer.created.pods,
      podsReadyAtEnd: facts.readyPods,
      podsNotReadyAtEnd: facts.notReadyPods,
      timeToIpMs: percentiles(facts.timeToIpMs),
      apiCalls: totals.calls,
      apiThrottled: totals.throttled,
      apiFailed: totals.failed,
      enisCreated: observer.created.enis,
      leaksAfterTeardown: teardown === undefined ? null : teardown.leaks.length,
      events,
      invariantChecks: checker.counts.full,
    },
    series: {
      podsReady: collector.podsReady,
      podsPending: collector.podsPending,
      timeToIpHistogram: histogram(facts.timeToIpMs, timeToIpBoundsMs),
      poolIdlePerNode: collector.poolIdle,
      poolUsedPerNode: collector.poolUsed,
      enisPerNode: collector.enis,
      vSwitchFree: collector.vSwitchFree,
      apiPerMinute: collector.apiPerMinute(),
      apiByAction: collector.apiByAction(),
      terwayMetrics: collector.terwayMetrics.result(),
    },
    timeline,
    timelineTruncated: Math.max(0, world.api.events().length - timelineMax),
    rngDraws: env.rng.drawCounts(),
    eventKinds: env.log.countsByKind(),
    ...drillSections(inputs),
    verdicts: verdictsOf(inputs, assertions),
    why: whyOf(inputs, assertions),
  };
}
