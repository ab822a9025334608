// The node controller, case by case after Terway's own tests (pkg/controller/node
// predict_test.go TestPredicateNode and TestNeedUpdate): which nodes get no Node CR, quietly, and
// when an existing Node CR's metadata and capacity follow the node. Each `it` names the Go test
// and case it reproduces; the code is ours.

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { NodeController } from '../../src/controlplane/node-controller.js';
import { controlplaneRig, type ControlplaneRig } from './controlplane-rig.js';

async function reconcileNode(rig: ControlplaneRig, name: string): Promise<unknown> {
  const controller = new NodeController(rig.runtime);
  return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler), name));
}

describe('TestPredicateNode (through the controller: no CR, no error, no event)', () => {
  const region = 'topology.kubernetes.io/region';
  const table: Array<{ name: string; labels: Record<string, string>; created: boolean }> = [
    { name: 'SupportEFLOFalseAndNoRegionLabel', labels: { [region]: '', 'other-label': 'value' },
      created: false },
    { name: 'IgnoredByTerway', labels: { 'k8s.aliyun.com/ignore-by-terway': 'true' },
      created: false },
    { name: 'Ignore Lunjun worker', labels: { 'alibabacloud.com/lingjun-worker': 'true' },
      created: false },
    { name: 'VKNode', labels: { type: 'virtual-kubelet' }, created: false },
    { name: 'AllConditionsSatisfied', labels: {}, created: true },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const rig = controlplaneRig();
      rig.addNode('n', row.labels);
      expect(await reconcileNode(rig, 'n')).toEqual({});
      expect(rig.crd.peek('Node', { name: 'n' }) !== undefined).toBe(row.created);
      expect(rig.kube.events).toEqual([]);
    });
  }
});

describe('TestNeedUpdate (createOrUpdate on an existing Node CR)', () => {
  it('no update needed: the CR is not written again', async () => {
    const rig = controlplaneRig();
    rig.addNode('n');
    await reconcileNode(rig, 'n');
    const before = rig.crd.peek('Node', { name: 'n' })!;
    await reconcileNode(rig, 'n');
    expect(rig.crd.peek('Node', { name: 'n' })!.metadata.resourceVersion)
      .toBe(before.metadata.resourceVersion);
  });

  it('instance type changed: metadata and nodeCap follow the node, the flavor stays',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('n');
      await reconcileNode(rig, 'n');
      const before = rig.crd.peek('Node', { name: 'n' })!;
      rig.addNode('n', { 'node.kubernetes.io/instance-type': 'ecs.g7.large' });
      expect(await reconcileNode(rig, 'n')).toEqual({});
      const after = rig.crd.peek('Node', { name: 'n' })!;
      expect(after.spec.nodeMetadata).toEqual({ ...before.spec.nodeMetadata,
        instanceType: 'ecs.g7.large' });
      expect(after.spec.nodeCap.adapters).toBe(3);
      expect(before.spec.nodeCap.adapters).toBe(4);
      expect(after.spec.flavor).toEqual(before.spec.flavor);
    });
});
