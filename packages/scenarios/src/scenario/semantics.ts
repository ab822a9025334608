// Checks across fields that the schema cannot make key by key. Each catches a file that would
// otherwise run and pass without testing what it says (a false green, issue 17) or run forever:
// - `sampleEvery` longer than the run;
// - a workload step, fault or pod deletion after the run's end (it would never happen);
// - a window that ends before it starts;
// - a fault naming a node or group that does not exist at that time (it would hit nothing);
// - a `nodes` step for an unknown group, a pod deletion beyond a StatefulSet's replicas;
// - more nodes at once than Kubernetes supports;
// - `allPodsReady` when no workload creates a pod before the end ("0/0 Ready");
// - a change naming an unknown group, node, vSwitch or eni_conf key (change-semantics.ts).
// Each problem names the key and what exists, so the fix is obvious.

import { formatSpan } from '../report/svg-chart.js';
import { livesAt, nameList, nodeTimeline, groupOf, type NodeTimeline } from './node-timeline.js';
import { quoted } from './printable.js';
import { checkChanges } from './change-semantics.js';
import { bounds } from './schema/bounds.js';
import type { FaultItem, Scenario, WorkloadItem } from './schema/index.js';

export interface SemanticProblem {
  /** Path of the key in the file, e.g. ['faults', 2, 'node']. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type Path = readonly (string | number)[];

export function checkScenario(scenario: Scenario): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const add = (path: Path, message: string) => problems.push({ path, message });
  if (scenario.sampleEvery > scenario.duration) {
    add(['sampleEvery'], `${formatSpan(scenario.sampleEvery)} is longer than the run ` +
      `(duration ${formatSpan(scenario.duration)}): sample at most once per run`);
  }
  scenario.workload.forEach((item, index) => checkWorkloadItem(scenario, item, ['workload', index],
    add));
  const timeline = nodeTimeline(scenario);
  scenario.faults.forEach((fault, index) => checkFault(scenario, timeline, fault,
    ['faults', index], add));
  checkChanges(scenario, timeline, { changes: scenario.changes, offsetMs: 0, path: ['changes'] },
    add);
  if (timeline.peak.nodes > bounds.nodes.max) {
    const when =
      timeline.peak.atMs === 0 ? 'from the start' : `at ${formatSpan(timeline.peak.atMs)}`;
    add(['cluster', 'nodeGroups'], `${timeline.peak.nodes.toLocaleString('en-US')} nodes at once ` +
      `(${when}) is more than ${bounds.nodes.max.toLocaleString('en-US')} (${bounds.nodes.why})`);
  }
  scenario.expect.forEach((expectation, index) => {
    if (expectation.kind === 'allPodsReady' && !createsPods(scenario)) {
      add(['expect', index], 'the scenario has no deployment, StatefulSet or jobs, so "all pods ' +
        'Ready" would pass with nothing checked (0/0): add a workload or remove the expectation');
    }
  });
  return problems;
}

export type Add = (path: Path, message: string) => void;

export function afterEnd(scenario: Scenario, atMs: number, path: Path, add: Add): void {
  if (atMs > scenario.duration) {
    add(path, `${formatSpan(atMs)} is after the run's end (duration ` +
      `${formatSpan(scenario.duration)}): it would never happen`);
  }
}

/** A step before its workload exists would act on nothing (kubectl scale: NotFound). */
function beforeArrival(item: { readonly name: string; readonly at: number }, atMs: number,
  path: Path, add: Add): void {
  if (atMs >= item.at) return;
  add(path, `${formatSpan(atMs)} is before ${quoted(item.name)} exists (at ` +
    `${formatSpan(item.at)}): the step would act on nothing; put it at or after ` +
    `${formatSpan(item.at)}`);
}

function checkWorkloadItem(scenario: Scenario, item: WorkloadItem, path: Path, add: Add): void {
  const groups = scenario.cluster.nodeGroups.map((group) => group.name);
  switch (item.kind) {
    case 'deployment':
    case 'statefulset': {
      afterEnd(scenario, item.at, [...path, 'at'], add);
      item.scale.forEach((step, i) => {
        afterEnd(scenario, step.at, [...path, 'scale', i, 'at'], add);
        beforeArrival(item, step.at, [...path, 'scale', i, 'at'], add);
      });
      if (item.kind === 'deployment') {
        item.rollouts.forEach((step, i) => {
          afterEnd(scenario, step.at, [...path, 'rollouts', i, 'at'], add);
          beforeArrival(item, step.at, [...path, 'rollouts', i, 'at'], add);
        });
        return;
      }
      const replicasMax = Math.max(item.replicas, ...item.scale.map((step) => step.replicas));
      item.podDeletions.forEach((deletion, i) => {
        afterEnd(scenario, deletion.at, [...path, 'podDeletions', i, 'at'], add);
        beforeArrival(item, deletion.at, [...path, 'podDeletions', i, 'at'], add);
        if (deletion.ordinal >= replicasMax) {
          add([...path, 'podDeletions', i, 'ordinal'], `${item.name} never has a pod ` +
            `${item.name}-${deletion.ordinal} (at most ${replicasMax} replicas, ordinals 0 to ` +
            `${replicasMax - 1}): the deletion would do nothing`);
        }
      });
      return;
    }
    case 'jobs':
      afterEnd(scenario, item.from, [...path, 'from'], add);
      if (item.to < item.from) {
        add([...path, 'to'], `the window ends (${formatSpan(item.to)}) before it starts ` +
          `(from ${formatSpan(item.from)}): no job would arrive`);
      }
      return;
    case 'nodes':
      afterEnd(scenario, item.at, [...path, 'at'], add);
      if (!groups.includes(item.group)) {
        add([...path, 'group'], `no node group ${quoted(item.group)}; the groups are ` +
          `${nameList(groups)}`);
      }
  }
}

function checkFault(scenario: Scenario, timeline: NodeTimeline, fault: FaultItem, path: Path,
  add: Add): void {
  if (fault.kind === 'daemonRestart' || fault.kind === 'nodeLoss') {
    afterEnd(scenario, fault.at, [...path, 'at'], add);
    checkTarget(scenario, timeline, fault, path, add);
    return;
  }
  if (fault.kind === 'metadata' && fault.lag === undefined && !fault.unreachable) {
    add(path, 'a metadata fault needs `lag` or `unreachable: true`; this one does nothing');
  }
  afterEnd(scenario, fault.from, [...path, 'from'], add);
  if (fault.to !== undefined && fault.to < fault.from) {
    add([...path, 'to'], `the window ends (${formatSpan(fault.to)}) before it starts (from ` +
      `${formatSpan(fault.from)}): the fault would never be active`);
  }
}

/**
 * A node fault must name a group that exists and a node that has been launched by then. A node
 * already lost or released is allowed (the run records `fault.no-target`): generated schedules
 * lose a node and later restart it, and the file says plainly what it asks for.
 */
export function checkTarget(scenario: Scenario, timeline: NodeTimeline,
  fault: { readonly at: number; readonly node?: string | undefined;
    readonly group?: string | undefined }, path: Path, add: Add): void {
  const groups = scenario.cluster.nodeGroups.map((group) => group.name);
  const group = fault.group ?? groupOf(fault.node ?? '');
  const key = fault.group === undefined ? 'node' : 'group';
  if (!groups.includes(group)) {
    add([...path, key], `no node group ${quoted(group)}; the groups are ${nameList(groups)} ` +
      `(nodes are named <group>-<index>)`);
    return;
  }
  const launched = timeline.lives.filter((node) => node.group === group &&
    (node.initial || fault.at > node.fromMs));
  const aliveThen = launched.filter((node) => livesAt(node, fault.at)).map((node) => node.name);
  if (fault.node === undefined) {
    if (launched.length === 0) add([...path, key], `${group} has no node by ` +
      `${formatSpan(fault.at)}: the fault would hit nothing`);
    return;
  }
  if (launched.some((node) => node.name === fault.node)) return;
  const later = timeline.lives.find((node) => node.name === fault.node);
  const when = later === undefined ? 'never exists'
    : `is launched only after ${formatSpan(later.fromMs)}`;
  add([...path, key], `${quoted(fault.node)} ${when}; at ${formatSpan(fault.at)} ${group} has ` +
    `${nameList(aliveThen)}`);
}

/**
 * Whether any workload item could create a pod. Items with zero replicas count: the file asks for
 * them explicitly, and generated scenarios (the property kit) contain such items.
 */
function createsPods(scenario: Scenario): boolean {
  return scenario.workload.some((item) => item.kind !== 'nodes');
}
