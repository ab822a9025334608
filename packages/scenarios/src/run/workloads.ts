// Turns the scenario's workload list into objects and timed writes, as a user with kubectl would
// make them: each Deployment and StatefulSet is created as an apps/v1 object at its time, scale
// steps write spec.replicas (what `kubectl scale` does), rollouts stamp the pod template (what
// `kubectl rollout restart` does), pod deletions delete pods; kube-sim's workload controllers
// react to those writes through their watches. Job churn and node-group scaling are armed
// directly. Everything is armed on the sim clock before the run starts.

import { isoSeconds, type SimEnv } from '@terway-sim/sim-base';
import {
  DeploymentController, JobChurn, StatefulSetController, deploymentObject, isPodReady,
  restartDeployment, scaleWorkload, statefulSetObject, type ApiServer, type PodTemplate,
  type ScalableId, type WorkloadSpec,
} from '@terway-sim/kube-sim';
import type { NetworkMode, WorkloadItem } from '../scenario/schema/index.js';

export interface WorkloadHooks {
  /** A job's container finished on `nodeName`. */
  containerExited(podKey: string, nodeName: string): void;
  /** Scale a node group to `count` nodes. */
  scaleNodeGroup(group: string, count: number): void;
}

export interface Workloads {
  /** Pods the deployments and StatefulSets want now. */
  desiredPods(): number;
  /** Scale every workload to zero and stop job arrivals (teardown). */
  scaleToZero(): void;
}

/** Terway's opt-in for a PodENI (a member ENI on trunk nodes, a whole ENI on exclusive ones). */
export const podEniAnnotation = 'k8s.aliyun.com/pod-eni';

type PodWorkload = Exclude<WorkloadItem, { kind: 'nodes' | 'jobs' }>;

export function armWorkloads(env: SimEnv, api: ApiServer, items: readonly WorkloadItem[],
  hooks: WorkloadHooks, mode: NetworkMode): Workloads {
  // In trunk and exclusive-ENI clusters workload pods ask for a PodENI unless they say otherwise.
  const template = (item: Exclude<WorkloadItem, { kind: 'nodes' }>): PodTemplate => ({
    nodeSelector: item.nodeSelector, labels: item.labels, resources: item.resources,
    annotations: (mode === 'trunk' || mode === 'eni')
      && item.annotations[podEniAnnotation] === undefined
      ? { ...item.annotations, [podEniAnnotation]: 'true' } : item.annotations,
  });
  const deployments = new DeploymentController(env, api);
  const statefulSets = new StatefulSetController(env, api);
  const churns: JobChurn[] = [];
  const created: Array<{ readonly id: ScalableId; readonly key: string }> = [];
  let stopped = false;
  const when = (at: number, action: () => void): void => {
    env.scheduler.at(at, () => { if (!stopped) action(); });
  };
  for (const item of items) {
    if (item.kind !== 'nodes') api.ensureNamespace(item.namespace);
    if (item.kind === 'deployment' || item.kind === 'statefulset') {
      armPodWorkload(item, template(item), { api, env, when,
        created: (id, key) => created.push({ id, key }) });
    } else if (item.kind === 'jobs') {
      churns.push(new JobChurn(env, api, {
        namespace: item.namespace, name: item.name, template: template(item),
        fromMs: item.from, toMs: item.to, perMinute: item.perMinute,
        runForMedianMs: item.runFor.median, runForSigma: item.runFor.sigma,
        onExit: (podKey, nodeName) => hooks.containerExited(podKey, nodeName),
      }));
    } else {
      when(item.at, () => hooks.scaleNodeGroup(item.group, item.count));
    }
  }
  return {
    desiredPods: () => deployments.desired + statefulSets.desired,
    scaleToZero: () => {
      stopped = true;
      for (const { id, key } of created) scaleWorkload(api.store, id, key, 0);
      churns.forEach((churn) => churn.stop());
      // The jobs go too (kubectl delete job): a job pod that never started would wait forever.
      api.listPods().filter((pod) => pod.metadata?.ownerReferences
        ?.some((owner) => owner.kind === 'Job') && !isPodReady(pod))
        .forEach((pod) => api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`));
    },
  };
}

/** Creates the workload's object at its time and arms its scale steps, rollouts and deletions. */
function armPodWorkload(item: PodWorkload, template: PodTemplate, deps: {
  readonly api: ApiServer; readonly env: SimEnv;
  readonly when: (at: number, action: () => void) => void;
  readonly created: (id: ScalableId, key: string) => void;
}): void {
  const { api, env, when } = deps;
  const id: ScalableId = item.kind === 'deployment' ? 'apps/deployments' : 'apps/statefulsets';
  const key = `${item.namespace}/${item.name}`;
  const spec: WorkloadSpec = { namespace: item.namespace, name: item.name,
    replicas: item.replicas, template };
  when(item.at, () => {
    const object = item.kind === 'deployment' ? deploymentObject(spec) : statefulSetObject(spec);
    if (api.store.create(id, object).ok) deps.created(id, key);
  });
  item.scale.forEach((step) => when(step.at,
    () => scaleWorkload(api.store, id, key, step.replicas)));
  if (item.kind === 'deployment') {
    item.rollouts.forEach((rollout) => when(rollout.at,
      () => restartDeployment(api.store, key, isoSeconds(env.scheduler.wallMs()))));
  } else {
    item.podDeletions.forEach((deletion) => when(deletion.at,
      () => api.deletePod(`${item.namespace}/${item.name}-${deletion.ordinal}`)));
  }
}
