// Workloads as objects: the controllers reconcile from Deployment and StatefulSet objects, keep
// their status as Kubernetes fills it, bump generation on spec changes, and stamp their pods
// with owner references and the controllers' labels; kubelets report container statuses.

import type {
  V1Deployment, V1Namespace, V1Node, V1Pod, V1StatefulSet,
} from '@kubernetes/client-node';
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import {
  DeploymentController, replicaSetName, revisionAnnotation,
} from '../../src/controllers/deployment.js';
import { StatefulSetController } from '../../src/controllers/statefulset.js';
import {
  deploymentObject, restartDeployment, scaleWorkload, statefulSetObject,
} from '../../src/controllers/workload-objects.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { KubeScheduler } from '../../src/scheduler/kube-scheduler.js';
import { FakePodNetwork } from '../../src/testing/fake-pod-network.js';

const template = { nodeSelector: {}, labels: { tier: 'web' }, annotations: {}, resources: {} };

function cluster() {
  const env = createSimEnv({ seed: 11 });
  const api = new ApiServer(env);
  const network = new FakePodNetwork(env.scheduler, { latencyMs: 200, capacityPerNode: 100 });
  new KubeScheduler(env, api);
  new DeploymentController(env, api);
  new StatefulSetController(env, api);
  const node: V1Node = { metadata: { name: 'node-0', labels: {} }, status: {
    allocatable: { pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [{ type: 'InternalIP', address: '192.168.0.10' }] } };
  api.createNode(node);
  new Kubelet({ env, api, network, nodeName: 'node-0' });
  const deployment = (): V1Deployment => api.store.get('apps/deployments', 'default/web')!;
  return { env, api, deployment };
}

describe('workload objects', () => {
  it('the namespaces of a new cluster exist as Active objects', () => {
    const { api } = cluster();
    const names = api.store.list<V1Namespace>('namespaces');
    expect(names.ok && names.value.items.map((ns) => [ns.metadata?.name, ns.status?.phase]))
      .toEqual([['default', 'Active'], ['kube-node-lease', 'Active'], ['kube-public', 'Active'],
        ['kube-system', 'Active']]);
  });

  it('a Deployment gets the status the deployment controller fills in', async () => {
    const { env, api, deployment } = cluster();
    api.store.create('apps/deployments',
      deploymentObject({ namespace: 'default', name: 'web', replicas: 4, template }));
    await env.scheduler.run({ untilMs: 1_000 });
    const rolling = deployment().status;
    expect(rolling?.replicas).toBe(4);
    expect(rolling?.readyReplicas).toBeUndefined();
    expect(rolling?.unavailableReplicas).toBe(4);
    expect(rolling?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable'],
      ['Progressing', 'True', 'ReplicaSetUpdated'],
    ]);
    await env.scheduler.run({ untilMs: 30_000 });
    const done = deployment();
    expect(done.status).toMatchObject({ observedGeneration: 1, replicas: 4, updatedReplicas: 4,
      readyReplicas: 4, availableReplicas: 4 });
    expect(done.status?.unavailableReplicas).toBeUndefined();
    expect(done.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable',
        `ReplicaSet "${replicaSetName('web', 1)}" has successfully progressed.`],
    ]);
    expect(done.metadata?.annotations?.[revisionAnnotation]).toBe('1');
    expect(api.listPods().every((pod) => pod.metadata?.ownerReferences?.[0]?.name
      === replicaSetName('web', 1))).toBe(true);
  });

  it('writing spec.replicas scales the pods and bumps generation; a status write does not', async () => {
    const { env, api, deployment } = cluster();
    api.store.create('apps/deployments',
      deploymentObject({ namespace: 'default', name: 'web', replicas: 2, template }));
    await env.scheduler.run({ untilMs: 30_000 });
    expect(deployment().metadata?.generation).toBe(1);
    const scaled = scaleWorkload(api.store, 'apps/deployments', 'default/web', 5);
    expect(scaled.ok && scaled.value.metadata?.generation).toBe(2);
    await env.scheduler.run({ untilMs: 60_000 });
    expect(api.listPods().filter((pod) => pod.metadata?.deletionTimestamp === undefined))
      .toHaveLength(5);
    expect(deployment().metadata?.generation).toBe(2);
    expect(deployment().status).toMatchObject({ observedGeneration: 2, readyReplicas: 5 });
    expect(scaleWorkload(api.store, 'apps/deployments', 'default/web', -1).ok).toBe(false);
  });

  it('a rollout restart is a new revision whose pods carry a new pod-template-hash', async () => {
    const { env, api, deployment } = cluster();
    api.store.create('apps/deployments',
      deploymentObject({ namespace: 'default', name: 'web', replicas: 3, template }));
    await env.scheduler.run({ untilMs: 30_000 });
    const hashes = (): Set<string> => new Set(api.listPods()
      .map((pod) => pod.metadata!.labels!['pod-template-hash']!));
    const [before] = [...hashes()];
    restartDeployment(api.store, 'default/web', '2026-01-01T00:00:30Z');
    await env.scheduler.run({ untilMs: 120_000 });
    const [after, ...others] = [...hashes()];
    expect(others).toEqual([]);
    expect(after).not.toBe(before);
    expect(deployment().metadata?.annotations?.[revisionAnnotation]).toBe('2');
    expect(deployment().metadata?.generation).toBe(2);
    const pod = api.listPods()[0]!;
    expect(pod.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet',
      name: `web-${after}`, uid: '', controller: true, blockOwnerDeletion: true }]);
    expect(pod.metadata?.labels).toMatchObject({ app: 'web', tier: 'web' });
  });

  it('StatefulSet pods are owned by the object and carry its revision and ordinal labels', async () => {
    const { env, api } = cluster();
    const created = api.store.create<V1StatefulSet>('apps/statefulsets',
      statefulSetObject({ namespace: 'default', name: 'db', replicas: 2, template }));
    await env.scheduler.run({ untilMs: 30_000 });
    const uid = created.ok ? created.value.metadata?.uid : undefined;
    const pod = api.getPod('default/db-1')!;
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'db',
      uid });
    expect(pod.metadata?.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1' });
    const sts = api.store.get<V1StatefulSet>('apps/statefulsets', 'default/db')!;
    expect(sts.status).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2,
      currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2,
      currentRevision: pod.metadata?.labels?.['controller-revision-hash'] });
  });

  it('the kubelet reports ContainerCreating, then a running and ready container', async () => {
    const { env, api } = cluster();
    const seen: Array<[string, string, boolean]> = [];
    api.watchPods((_type, pod: V1Pod) => {
      const container = pod.status?.containerStatuses?.[0];
      if (container === undefined) return;
      const state = container.state?.waiting?.reason
        ?? (container.state?.running === undefined ? '?' : 'running');
      const last = seen.at(-1);
      const entry: [string, string, boolean] = [pod.status?.phase ?? '', state, container.ready];
      if (last === undefined || last.join() !== entry.join()) seen.push(entry);
    });
    api.store.create('apps/statefulsets',
      statefulSetObject({ namespace: 'default', name: 'db', replicas: 1, template }));
    await env.scheduler.run({ untilMs: 30_000 });
    expect(seen).toEqual([['Pending', 'ContainerCreating', false], ['Running', 'running', false],
      ['Running', 'running', true]]);
    const pod = api.getPod('default/db-0')!;
    expect(pod.status?.hostIP).toBe('192.168.0.10');
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True',
      'PodScheduled=True']);
  });
});
