// The nodes a pod can go to, grouped by how many pods they run: what lets the scheduler find the
// least loaded feasible node without visiting every node for every pod. A node is a candidate
// while it is Ready, schedulable and below its allocatable `pods`; within a load, candidates are
// kept in name order, the order the API server lists nodes in, so a seeded pick among ties draws
// the same node as a pick from the full list would.

import type { V1Node } from '@kubernetes/client-node';
import { isNodeReady, resourceQuantity } from '../api/objects.js';

export class NodeLoadIndex {
  /** Pods counted on each node (kept by the scheduler from its watch). */
  private readonly pods = new Map<string, number>();
  private readonly nodes = new Map<string, V1Node>();
  /** byLoad[n]: candidate node names running n pods, sorted. */
  private readonly byLoad: string[][] = [];
  private readonly candidates = new Map<string, number>();

  /** A node was added, changed or (undefined) deleted. */
  setNode(name: string, node: V1Node | undefined): void {
    if (node === undefined) this.nodes.delete(name);
    else this.nodes.set(name, node);
    this.refresh(name);
  }

  node(name: string): V1Node | undefined {
    return this.nodes.get(name);
  }

  /** The node now runs `count` pods. */
  setPods(name: string, count: number): void {
    this.pods.set(name, count);
    this.refresh(name);
  }

  /** Candidate names running `load` pods, in name order, for loads from the lowest up. */
  *loads(): Generator<readonly string[]> {
    for (const names of this.byLoad) if (names !== undefined && names.length > 0) yield names;
  }

  private refresh(name: string): void {
    const node = this.nodes.get(name);
    const pods = this.pods.get(name) ?? 0;
    const candidate = node !== undefined && isNodeReady(node)
      && node.spec?.unschedulable !== true
      && pods < resourceQuantity(node.status?.allocatable?.['pods']);
    const before = this.candidates.get(name);
    if (before === (candidate ? pods : undefined)) return;
    if (before !== undefined) {
      const names = this.byLoad[before]!;
      names.splice(sortedIndex(names, name), 1);
      this.candidates.delete(name);
    }
    if (!candidate) return;
    const names = (this.byLoad[pods] ??= []);
    names.splice(sortedIndex(names, name), 0, name);
    this.candidates.set(name, pods);
  }
}

/** Where `name` is, or would go, in sorted `names`. */
function sortedIndex(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (names[middle]! < name) low = middle + 1;
    else high = middle;
  }
  return low;
}
