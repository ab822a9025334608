// Which nodes a scenario will have, and when, worked out from the file alone: each group starts
// with `count` nodes named `<group>-0`, `<group>-1`, …; a `nodes` workload step adds nodes with the
// next unused index or releases the newest ones; a `nodeLoss` fault removes its targets. The world
// names nodes the same way (packages/world, World.addNode and World.scaleGroup), so the checks
// that read this timeline (a fault naming a node that never exists, the peak node count) agree
// with the run. Steps after the run's end are ignored: the checks refuse them separately.
//
// Gotcha: a node added at `at` launches a little later (RunInstances, boot, registration), so a
// fault must come strictly after the step that adds its node; one at the same instant misses it.

import type { FaultItem, Scenario, WorkloadItem } from './schema/index.js';

export interface NodeLife {
  readonly group: string;
  readonly index: number;
  readonly name: string;
  /** When it exists: from the start (0) or strictly after the step that adds it. */
  readonly fromMs: number;
  readonly initial: boolean;
  /** When it is released or lost; undefined while it lives to the end. */
  readonly untilMs: number | undefined;
}

export interface NodeTimeline {
  readonly lives: readonly NodeLife[];
  /** The most nodes alive at once, and when that is first reached. */
  readonly peak: { readonly nodes: number; readonly atMs: number };
  /** Nodes launched over the run (initial ones included). */
  readonly created: number;
}

type Change =
  | { readonly atMs: number; readonly kind: 'scale'; readonly group: string; readonly count: number }
  | { readonly atMs: number; readonly kind: 'loss'; readonly group?: string | undefined;
    readonly node?: string | undefined };

/** Scale steps come before node losses at the same instant: the runner arms workloads first. */
function changesOf(workload: readonly WorkloadItem[], faults: readonly FaultItem[],
  endMs: number): Change[] {
  const scales: Change[] = workload.flatMap((item) => (item.kind === 'nodes' && item.at <= endMs
    ? [{ atMs: item.at, kind: 'scale' as const, group: item.group, count: item.count }] : []));
  const losses: Change[] = faults.flatMap((fault) => (fault.kind === 'nodeLoss' &&
    fault.at <= endMs ? [{ atMs: fault.at, kind: 'loss' as const, group: fault.group,
    node: fault.node }] : []));
  return [...scales, ...losses].map((change, order) => ({ change, order }))
    .sort((a, b) => a.change.atMs - b.change.atMs || a.order - b.order)
    .map(({ change }) => change);
}

interface Living {
  group: string;
  index: number;
  fromMs: number;
  initial: boolean;
  untilMs: number | undefined;
}

/** Stops following launches past this many: the run-size check refuses such a run anyway. */
export const nodesFollowedMax = 100_000;

export function nodeTimeline(scenario: Pick<Scenario, 'cluster' | 'workload' | 'faults' |
  'duration'>): NodeTimeline {
  const all: Living[] = [];
  const live = new Map<string, Living[]>();
  const nextIndex = new Map<string, number>();
  let alive = 0;
  const launch = (group: string, fromMs: number, initial: boolean) => {
    const index = nextIndex.get(group) ?? 0;
    nextIndex.set(group, index + 1);
    const node = { group, index, fromMs, initial, untilMs: undefined };
    all.push(node);
    live.get(group)?.push(node);
    alive++;
  };
  const end = (nodes: readonly Living[], atMs: number) => {
    nodes.forEach((node) => { node.untilMs = atMs; });
    alive -= nodes.length;
  };
  for (const group of scenario.cluster.nodeGroups) {
    live.set(group.name, []);
    for (let n = 0; n < group.count && all.length <= nodesFollowedMax; n++) {
      launch(group.name, 0, true);
    }
  }
  let peak = { nodes: alive, atMs: 0 };
  for (const change of changesOf(scenario.workload, scenario.faults, scenario.duration)) {
    const group = change.kind === 'scale' ? change.group
      : change.group ?? groupOf(change.node ?? '');
    const living = live.get(group);
    if (living === undefined) continue;
    if (change.kind === 'scale') {
      for (let n = living.length; n < change.count && all.length <= nodesFollowedMax; n++) {
        launch(group, change.atMs, false);
      }
      end(living.splice(change.count), change.atMs);
    } else if (change.group !== undefined) {
      end(living.splice(0), change.atMs);
    } else {
      const at = living.findIndex((node) => nameOf(node) === change.node);
      if (at >= 0) end(living.splice(at, 1), change.atMs);
    }
    if (alive > peak.nodes) peak = { nodes: alive, atMs: change.atMs };
  }
  return {
    lives: all.map((node) => ({ ...node, name: nameOf(node) })),
    peak,
    created: all.length,
  };
}

/** The group part of a node name `<group>-<index>`. */
export function groupOf(nodeName: string): string {
  return nodeName.replace(/-\d+$/, '');
}

function nameOf(node: { group: string; index: number }): string {
  return `${node.group}-${node.index}`;
}

/** Whether the node exists at `atMs` (see the gotcha above for nodes added by a step). */
export function livesAt(node: NodeLife, atMs: number): boolean {
  const started = node.initial ? atMs >= node.fromMs : atMs > node.fromMs;
  return started && (node.untilMs === undefined || atMs < node.untilMs);
}

/** Node names for a message: all of them when few, else the first and last few. */
export function nameList(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  if (names.length <= 8) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, … ${names.slice(-2).join(', ')} (${names.length})`;
}
