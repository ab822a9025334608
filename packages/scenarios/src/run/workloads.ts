// Turns the scenario's workload list into controllers and timed actions: deployments and
// StatefulSets with their scale steps, rollouts and pod deletions, job churn, and node-group
// scaling. Everything is armed on the sim clock before the run starts.

import type { SimEnv } from '@terway-sim/sim-base';
import {
  DeploymentController, JobChurn, StatefulSetController, isPodReady, type ApiServer,
  type PodTemplate,
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
  readonly statefulSets: ReadonlyMap<string, StatefulSetController>;
}

/** Terway's opt-in for a PodENI (a member ENI on trunk nodes, a whole ENI on exclusive ones). */
export const podEniAnnotation = 'k8s.aliyun.com/pod-eni';

export function armWorkloads(env: SimEnv, api: ApiServer, items: readonly WorkloadItem[], hooks: WorkloadHooks,
  mode: NetworkMode): Workloads {
  // In trunk and exclusive-ENI clusters workload pods ask for a PodENI unless they say otherwise.
  const template = (item: Exclude<WorkloadItem, { kind: 'nodes' }>): PodTemplate => ({
    nodeSelector: item.nodeSelector, labels: item.labels, resources: item.resources,
    annotations: (mode === 'trunk' || mode === 'eni') && item.annotations[podEniAnnotation] === undefined
      ? { ...item.annotations, [podEniAnnotation]: 'true' } : item.annotations,
  });
  const { scheduler } = env;
  const deployments: DeploymentController[] = [];
  const statefulSets = new Map<string, StatefulSetController>();
  const churns: JobChurn[] = [];
  let stopped = false;
  for (const item of items) {
    if (item.kind === 'deployment') {
      const controller = new DeploymentController(env, api, { namespace: item.namespace, name: item.name, template: template(item) });
      deployments.push(controller);
      scheduler.at(item.at, () => { if (!stopped) controller.scale(item.replicas); });
      item.scale.forEach((step) => scheduler.at(step.at, () => { if (!stopped) controller.scale(step.replicas); }));
      item.rollouts.forEach((rollout) => scheduler.at(rollout.at, () => { if (!stopped) controller.rollout(); }));
    } else if (item.kind === 'statefulset') {
      const controller = new StatefulSetController(env, api, { namespace: item.namespace, name: item.name, template: template(item) });
      statefulSets.set(`${item.namespace}/${item.name}`, controller);
      scheduler.at(item.at, () => { if (!stopped) controller.scale(item.replicas); });
      item.scale.forEach((step) => scheduler.at(step.at, () => { if (!stopped) controller.scale(step.replicas); }));
      item.podDeletions.forEach((deletion) => scheduler.at(deletion.at, () => { if (!stopped) controller.deletePod(deletion.ordinal); }));
    } else if (item.kind === 'jobs') {
      churns.push(new JobChurn(env, api, {
        namespace: item.namespace, name: item.name, template: template(item), fromMs: item.from, toMs: item.to,
        perMinute: item.perMinute, runForMedianMs: item.runFor.median, runForSigma: item.runFor.sigma,
        onExit: (podKey, nodeName) => hooks.containerExited(podKey, nodeName),
      }));
    } else {
      scheduler.at(item.at, () => { if (!stopped) hooks.scaleNodeGroup(item.group, item.count); });
    }
  }
  return {
    statefulSets,
    desiredPods: () => deployments.reduce((sum, d) => sum + d.desired, 0) + [...statefulSets.values()].reduce((sum, s) => sum + s.desired, 0),
    scaleToZero: () => {
      stopped = true;
      deployments.forEach((controller) => controller.scale(0));
      statefulSets.forEach((controller) => controller.scale(0));
      churns.forEach((churn) => churn.stop());
      // The jobs go too (kubectl delete job): a job pod that never started would wait forever.
      api.listPods().filter((pod) => pod.metadata?.ownerReferences?.some((owner) => owner.kind === 'Job') && !isPodReady(pod))
        .forEach((pod) => api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`));
    },
  };
}
