// The scheduler's index of candidate nodes by load, against the definition it stands for: after
// any sequence of node and pod-count changes, its loads list exactly the Ready, schedulable
// nodes with room, grouped by pod count from the lowest, each group in name order.

import type { V1Node } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNodeReady, resourceQuantity } from '../../src/api/objects.js';
import { NodeLoadIndex } from '../../src/scheduler/node-load-index.js';

const names = ['node-a', 'node-b', 'node-c', 'node-d', 'node-e', 'node-f'];

function node(name: string, ready: boolean, unschedulable: boolean, maxPods: number): V1Node {
  return {
    metadata: { name },
    spec: { unschedulable },
    status: { allocatable: { pods: String(maxPods) },
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const step = fc.oneof(
  fc.record({ kind: fc.constant('node' as const), name: fc.constantFrom(...names),
    gone: fc.boolean(), ready: fc.boolean(), unschedulable: fc.boolean(),
    maxPods: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('pods' as const), name: fc.constantFrom(...names),
    count: fc.integer({ min: 0, max: 5 }) }),
);

describe('NodeLoadIndex', () => {
  it('lists the candidates by load, lowest first, names sorted, after any changes', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const index = new NodeLoadIndex();
      const nodes = new Map<string, V1Node>();
      const pods = new Map<string, number>();
      for (const change of steps) {
        if (change.kind === 'pods') {
          pods.set(change.name, change.count);
          index.setPods(change.name, change.count);
          continue;
        }
        const value = change.gone ? undefined
          : node(change.name, change.ready, change.unschedulable, change.maxPods);
        if (value === undefined) nodes.delete(change.name);
        else nodes.set(change.name, value);
        index.setNode(change.name, value);
      }
      const expected = new Map<number, string[]>();
      for (const [name, value] of [...nodes].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const count = pods.get(name) ?? 0;
        if (!isNodeReady(value) || value.spec?.unschedulable === true
          || count >= resourceQuantity(value.status?.allocatable?.['pods'])) continue;
        expected.set(count, [...expected.get(count) ?? [], name]);
      }
      const byLoad = [...expected].sort(([a], [b]) => a - b).map(([, group]) => group);
      expect([...index.loads()]).toEqual(byLoad);
    }), { seed: 11, numRuns: 500 });
  });
});
