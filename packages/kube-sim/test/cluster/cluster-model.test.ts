// The cluster model end to end on a fake pod network: workloads as objects driven by writes to
// them (create, scale, rollout restart, pod deletion), the scheduler, kubelets.

import type { V1Node } from '@kubernetes/client-node';
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import { DeploymentController } from '../../src/controllers/deployment.js';
import { StatefulSetController } from '../../src/controllers/statefulset.js';
import {
  deploymentObject, restartDeployment, scaleWorkload, statefulSetObject,
} from '../../src/controllers/workload-objects.js';
import { KubeScheduler } from '../../src/scheduler/kube-scheduler.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { isPodReady } from '../../src/api/objects.js';
import { FakePodNetwork } from '../../src/testing/fake-pod-network.js';

const template = { nodeSelector: {}, labels: {}, annotations: {}, resources: {} };

function readyNode(name: string, pods: number): V1Node {
  return { metadata: { name, labels: {} }, status: { allocatable: { pods: String(pods) }, conditions: [{ type: 'Ready', status: 'True' }] } };
}

function cluster(nodeCount: number, capacityPerNode: number, maxPods = 110) {
  const env = createSimEnv({ seed: 7 });
  const api = new ApiServer(env);
  const network = new FakePodNetwork(env.scheduler, { latencyMs: 500, capacityPerNode });
  new KubeScheduler(env, api);
  new DeploymentController(env, api);
  new StatefulSetController(env, api);
  const kubelets = Array.from({ length: nodeCount }, (_, index) => {
    api.createNode(readyNode(`node-${index}`, maxPods));
    return new Kubelet({ env, api, network, nodeName: `node-${index}` });
  });
  const deploy = (name: string, replicas: number): void => {
    api.store.create('apps/deployments',
      deploymentObject({ namespace: 'default', name, replicas, template }));
  };
  const scale = (name: string, replicas: number): void => {
    scaleWorkload(api.store, 'apps/deployments', `default/${name}`, replicas);
  };
  return { env, api, network, kubelets, deploy, scale };
}

describe('cluster model', () => {
  it('schedules, networks and readies a deployment, spreading it, then scales it down with DELs', async () => {
    const { env, api, network, deploy, scale } = cluster(3, 50);
    deploy('web', 30);
    await env.scheduler.run({ untilMs: 60_000 });
    const pods = api.listPods();
    expect(pods).toHaveLength(30);
    expect(pods.every(isPodReady)).toBe(true);
    const perNode = [0, 1, 2].map((n) => api.listPodsOnNode(`node-${n}`).length);
    expect(perNode).toEqual([10, 10, 10]);
    scale('web', 5);
    await env.scheduler.run({ untilMs: 120_000 });
    expect(api.listPods()).toHaveLength(5);
    expect(network.held.size).toBe(5);
    expect(network.deleted).toHaveLength(25);
  });

  it('retries a failed sandbox after the pod-worker back-off and cleans up the failed one', async () => {
    const { env, api, network, deploy } = cluster(1, 50);
    network.failNextAdds(2);
    deploy('one', 1);
    await env.scheduler.run({ untilMs: 120_000 });
    expect(api.listPods().every(isPodReady)).toBe(true);
    const failures = api.events().filter((event) => event.reason === 'FailedCreatePodSandBox');
    expect(failures).toHaveLength(2);
    expect(failures[0]!.message).toMatch(/plugin type="terway" name="terway" failed \(add\): injected failure/);
    expect(network.deleted).toHaveLength(2); // containerd tore each failed sandbox down
  });

  it('leaves pods Pending with FailedScheduling when maxPods is reached', async () => {
    const { env, api, deploy } = cluster(2, 50, 3);
    deploy('big', 8);
    await env.scheduler.run({ untilMs: 30_000 });
    expect(api.listPods().filter((pod) => pod.spec?.nodeName === undefined)).toHaveLength(2);
    const event = api.events().find((e) => e.reason === 'FailedScheduling');
    expect(event?.message).toBe('0/2 nodes are available: 2 Too many pods.');
  });

  it('recreates a StatefulSet pod under the same name, in ordinal order', async () => {
    const { env, api } = cluster(2, 50);
    api.store.create('apps/statefulsets',
      statefulSetObject({ namespace: 'default', name: 'db', replicas: 3, template }));
    await env.scheduler.run({ untilMs: 30_000 });
    expect(api.listPods().map((pod) => pod.metadata?.name)).toEqual(['db-0', 'db-1', 'db-2']);
    const uidBefore = api.getPod('default/db-1')?.metadata?.uid;
    api.deletePod('default/db-1');
    await env.scheduler.run({ untilMs: 60_000 });
    const again = api.getPod('default/db-1');
    expect(again?.metadata?.uid).not.toBe(uidBefore);
    expect(isPodReady(again!)).toBe(true);
  });

  it('rolls a deployment to a new revision keeping at least 75% Ready', async () => {
    const { env, api, deploy } = cluster(2, 100);
    deploy('web', 8);
    await env.scheduler.run({ untilMs: 30_000 });
    const before = new Set(api.listPods().map((pod) => pod.metadata?.name));
    let minReady = 8;
    api.watchPods(() => { minReady = Math.min(minReady, api.listPods().filter((pod) => isPodReady(pod) && pod.metadata?.deletionTimestamp === undefined).length); });
    restartDeployment(api.store, 'default/web', '2026-01-01T00:00:30Z');
    await env.scheduler.run({ untilMs: 120_000 });
    const after = api.listPods();
    expect(after).toHaveLength(8);
    expect(after.every((pod) => !before.has(pod.metadata?.name))).toBe(true);
    expect(minReady).toBeGreaterThanOrEqual(6);
  });
});
