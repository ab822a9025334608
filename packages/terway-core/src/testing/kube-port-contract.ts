// The KubePort's contract as executable cases (ports/kube.ts states it in words), run against
// every implementation — the simulated API server's adapter in the world package and FakeKube
// here — so the fake cannot drift from what the daemon meets in a run.
//
// The port has no way to create pods or nodes (Terway never does), so each implementation comes
// with a small fixture that seeds them. Cases throw `AssertionFailed` with what they saw.

import { assert } from '@terway-sim/sim-base';
import type { KubePort } from '../ports/kube.js';
import type { ContractCase } from './crd-port-contract.js';

export interface KubePortFixture {
  readonly port: KubePort;
  addNode(name: string): void;
  addPod(pod: { readonly namespace: string; readonly name: string; readonly nodeName: string;
    readonly phase?: string }): void;
  /** Events recorded through the port, oldest first. */
  events(): ReadonlyArray<{ readonly reason: string; readonly message: string;
    readonly type: string }>;
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, () => `${what}: expected ${e}, got ${a}`);
}

export const kubePortContract: ReadonlyArray<ContractCase<KubePortFixture>> = [
  {
    name: 'reads: a missing object is undefined; what was read never changes afterwards',
    async run({ port, addNode, addPod }) {
      same(await port.getPod('default', 'none', { cached: false }), undefined, 'a missing pod');
      same(await port.getNode('none'), undefined, 'a missing node');
      addNode('n1');
      addPod({ namespace: 'default', name: 'a', nodeName: 'n1' });
      const before = await port.getPod('default', 'a', { cached: false });
      const nodeBefore = await port.getNode('n1');
      await port.patchPodAnnotations('default', 'a', { x: '1' });
      await port.patchNodeAnnotations('n1', { y: '2' });
      same(before?.metadata?.annotations?.['x'], undefined, 'a pod read before the patch');
      same(nodeBefore?.metadata?.annotations?.['y'], undefined, 'a node read before the patch');
      same((await port.getPod('default', 'a', { cached: true }))?.metadata?.annotations?.['x'], '1',
        'a cached read after the patch');
    },
  },
  {
    name: 'listPodsOnNode: the node\'s pods that have not finished',
    async run({ port, addNode, addPod }) {
      addNode('n1');
      addNode('n2');
      addPod({ namespace: 'default', name: 'a', nodeName: 'n1', phase: 'Running' });
      addPod({ namespace: 'default', name: 'b', nodeName: 'n1', phase: 'Succeeded' });
      addPod({ namespace: 'default', name: 'c', nodeName: 'n2', phase: 'Running' });
      addPod({ namespace: 'kube-system', name: 'd', nodeName: 'n1', phase: 'Pending' });
      const names = (await port.listPodsOnNode('n1'))
        .map((pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`).sort();
      same(names, ['default/a', 'kube-system/d'], 'pods on n1');
    },
  },
  {
    name: 'setNodeCondition sets or replaces one condition by type and keeps the others',
    async run({ port, addNode }) {
      addNode('n1');
      await port.setNodeCondition('n1', { type: 'SufficientIP', status: 'False',
        reason: 'InsufficientIP', message: 'out of IPs' });
      await port.setNodeCondition('n1', { type: 'Other', status: 'True' });
      await port.setNodeCondition('n1', { type: 'SufficientIP', status: 'True',
        reason: 'SufficientIP' });
      const conditions = (await port.getNode('n1'))?.status?.conditions ?? [];
      same(conditions.filter((c) => c.type === 'SufficientIP').map((c) => c.status), ['True'],
        'SufficientIP conditions');
      same(conditions.some((c) => c.type === 'Other'), true, 'the other condition kept');
    },
  },
  {
    name: 'annotation patches merge, a null value deletes, a missing object is no error',
    async run({ port, addNode, addPod }) {
      addNode('n1');
      addPod({ namespace: 'default', name: 'a', nodeName: 'n1' });
      await port.patchNodeAnnotations('n1', { a: '1', b: '2' });
      await port.patchNodeAnnotations('n1', { a: null, c: '3' });
      same((await port.getNode('n1'))?.metadata?.annotations, { b: '2', c: '3' }, 'node');
      await port.patchPodAnnotations('default', 'a', { k: 'v' });
      await port.patchPodAnnotations('default', 'a', { k: null });
      same((await port.getPod('default', 'a', { cached: false }))?.metadata?.annotations?.['k'],
        undefined, 'a deleted pod annotation');
      await port.patchNodeAnnotations('missing', { a: '1' });
      await port.patchPodAnnotations('default', 'missing', { a: '1' });
    },
  },
  {
    name: 'setNodeExtendedResources sets capacity and allocatable of the named resources only',
    async run({ port, addNode }) {
      addNode('n1');
      await port.setNodeExtendedResources('n1', { 'aliyun/eni': 3 });
      await port.setNodeExtendedResources('n1', { 'aliyun/member-eni': 16 });
      const status = (await port.getNode('n1'))?.status;
      same(String(status?.allocatable?.['aliyun/eni']), '3', 'aliyun/eni kept');
      same(String(status?.capacity?.['aliyun/member-eni']), '16', 'aliyun/member-eni capacity');
      same(String(status?.allocatable?.['aliyun/member-eni']), '16', 'allocatable');
    },
  },
  {
    name: 'recordEvent records the reason, type and message',
    async run({ port, addNode, events }) {
      addNode('n1');
      port.recordEvent({ target: { kind: 'Node', name: 'n1' }, type: 'Warning',
        reason: 'AllocIPFailed', message: 'no IP', source: 'terway-daemon' });
      same(events().map((event) => [event.type, event.reason, event.message]),
        [['Warning', 'AllocIPFailed', 'no IP']], 'events');
    },
  },
];
