// The deployment controller (k8s.io/kubernetes pkg/controller/deployment) together with the
// ReplicaSet controller it drives, for every apps/v1 Deployment object in the cluster. It
// reconciles from the object: `spec.replicas` is how many pods to keep (what `kubectl scale`
// writes through the /scale subresource), a change of `spec.template` is a new revision (what
// `kubectl rollout restart` writes), and the controller keeps `status` and the
// `deployment.kubernetes.io/revision` annotation on the object as the real one does.
//
// Behaviour: keeps `replicas` pods of the current revision, scales down the least useful pods
// first (unscheduled, then not Ready, then newest, as ReplicaSet does), and rolls out a new
// revision with the defaults maxSurge 25% (rounded up) and maxUnavailable 25% (rounded down).
// ReplicaSets are not objects here: the pods name theirs, `<deployment>-<pod-template-hash>`, in
// their ownerReference (docs/differences.md).
//
// Reconciles are coalesced per Deployment and run on the sim clock; writes to a Deployment
// (status, the revision annotation) are made there, never inside a watch callback.

import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { dateAt, type SimEnv } from '@terway-sim/sim-base';
import { podKey, type ApiServer } from '../api/api-server.js';
import { createdAtMs, isPodReady } from '../api/objects.js';
import { objectKey } from '../store/object-store.js';
import type { Change } from '../store/watch-history.js';
import { OwnedPods } from './owned-pods.js';
import { nameSuffix, podFromTemplate } from './pod-template.js';
import { ReconcileQueue } from './reconcile-queue.js';
import { WorkloadStates } from './workload-states.js';
import { deploymentStatus, maxSurge, maxUnavailable } from './workload-status.js';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
const deployments = 'apps/deployments';

interface DeploymentState {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  revision: number;
  /** The template of the current revision, as JSON (a different one is a new revision). */
  template: string;
  /** The current revision's ReplicaSet was made since the last status write. */
  replicaSetCreated: boolean;
  readonly pods: OwnedPods;
  readonly queue: ReconcileQueue;
}

/** ReplicaSet name of a revision: `<deployment>-<pod-template-hash>`, stable per revision. */
export function replicaSetName(deployment: string, revision: number): string {
  return `${deployment}-${templateHash(revision)}`;
}

function templateHash(revision: number): string {
  return (Math.imul(revision, 2654435761) >>> 0).toString(36).padStart(7, '0');
}

export class DeploymentController {
  private readonly workloads: WorkloadStates<DeploymentState, V1Deployment>;
  private readonly states: Map<string, DeploymentState>;
  /** `namespace/replicaSet` → the Deployment key that owns it. */
  private readonly replicaSets = new Map<string, string>();

  constructor(private readonly env: SimEnv, private readonly api: ApiServer) {
    this.workloads = new WorkloadStates(api.store, deployments);
    this.states = this.workloads.byKey;
    api.store.watch<V1Deployment>(deployments, (change) => this.onDeployment(change));
    api.watchPods((type, pod) => {
      const owner = pod.metadata?.ownerReferences?.[0];
      if (owner?.kind !== 'ReplicaSet') return;
      const key = this.replicaSets.get(objectKey(pod.metadata?.namespace, owner.name));
      const state = key === undefined ? undefined : this.states.get(key);
      if (state === undefined) return;
      state.pods.observe(type, pod);
      state.queue.trigger();
    });
  }

  /** The pods every Deployment wants right now (spec.replicas summed). */
  get desired(): number {
    return this.workloads.desired;
  }

  private onDeployment(change: Change<V1Deployment>): void {
    const { object } = change;
    const key = this.workloads.changed(change);
    if (key === undefined) return;
    let state = this.states.get(key);
    const template = JSON.stringify(object.spec?.template ?? {});
    if (state === undefined) {
      state = this.adopt(key, object, template);
    } else if (template !== state.template) {
      state.revision++;
      state.template = template;
      state.replicaSetCreated = true;
      this.replicaSets.set(objectKey(state.namespace,
        replicaSetName(state.name, state.revision)), key);
      this.api.activity.publish({ type: 'workload.rollout',
        workload: `deployment/${key}`, revision: state.revision });
    }
    const replicas = object.spec?.replicas ?? 1;
    if (change.previous === undefined || change.previous.spec?.replicas !== replicas) {
      this.api.activity.publish({ type: 'workload.scale', workload: `deployment/${key}`,
        replicas });
    }
    if (change.previous === undefined || change.previous.spec !== object.spec) {
      state.queue.trigger();
    }
  }

  private adopt(key: string, object: V1Deployment, template: string): DeploymentState {
    const revision = Number(object.metadata?.annotations?.[revisionAnnotation] ?? '1');
    const state: DeploymentState = {
      namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '',
      uid: object.metadata?.uid ?? '', revision, template, replicaSetCreated: true,
      pods: new OwnedPods((pod) => pod.metadata?.ownerReferences?.[0]?.name ?? ''),
      queue: new ReconcileQueue(this.env.scheduler, () => this.reconcile(key)),
    };
    this.states.set(key, state);
    for (let past = 1; past <= revision; past++) {
      this.replicaSets.set(objectKey(state.namespace, replicaSetName(state.name, past)), key);
    }
    return state;
  }

  private reconcile(key: string): void {
    const target = this.workloads.target(key);
    if (target === undefined) return;
    this.scalePods(target.state, target.object);
    this.syncStatus(target.state, target.object);
  }

  private scalePods(state: DeploymentState, object: V1Deployment): void {
    const replicas = object.spec?.replicas ?? 1;
    const currentRs = replicaSetName(state.name, state.revision);
    const liveTotal = state.pods.activeCount();
    const liveCurrent = state.pods.activeCount(currentRs);
    if (liveTotal === liveCurrent && liveCurrent === replicas) return; // settled
    const live = state.pods.active();
    const current = live.filter((pod) => ownerName(pod) === currentRs);
    const old = live.filter((pod) => ownerName(pod) !== currentRs);
    if (old.length === 0) {
      if (current.length < replicas) this.create(state, object, replicas - current.length);
      else if (current.length > replicas) this.deleteRanked(current, current.length - replicas);
      return;
    }
    // Rolling update, in the deployment controller's two steps. First scale the new ReplicaSet
    // up, never past replicas + maxSurge pods in total.
    const room = replicas + maxSurge(replicas) - live.length;
    if (room > 0 && current.length < replicas) {
      this.create(state, object, Math.min(room, replicas - current.length));
    }
    // Then scale old pods down while at least replicas - maxUnavailable stay Ready. Old pods that
    // are not Ready cost no availability and go first.
    const minAvailable = replicas - maxUnavailable(replicas);
    const readyTotal = live.filter(isPodReady).length;
    const unready = old.filter((pod) => !isPodReady(pod)).length;
    this.deleteRanked(old, Math.min(old.length, unready + Math.max(0, readyTotal - minAvailable)));
  }

  private deleteRanked(pods: readonly V1Pod[], count: number): void {
    rankForDeletion(pods).slice(0, count).forEach((pod) => this.api.deletePod(podKey(pod)));
  }

  private create(state: DeploymentState, object: V1Deployment, count: number): void {
    const names = this.env.rng.stream(`workload.names.${state.name}`);
    const rsName = replicaSetName(state.name, state.revision);
    const template = object.spec?.template ?? {};
    for (let i = 0; i < count; i++) {
      // A generated name may collide with a live pod; draw another, as the API server's
      // generateName does. A webhook denial is final for this pass (the event says why).
      let name = `${rsName}-${nameSuffix(names)}`;
      while (this.api.getPod(objectKey(state.namespace, name)) !== undefined) {
        name = `${rsName}-${nameSuffix(names)}`;
      }
      this.api.createPod(podFromTemplate({
        namespace: state.namespace, name, template,
        owner: { kind: 'ReplicaSet', name: rsName, uid: '' },
        labels: { 'pod-template-hash': templateHash(state.revision) },
      }));
    }
  }

  /** Writes status and the revision annotation when they differ from what is stored. */
  private syncStatus(state: DeploymentState, object: V1Deployment): void {
    const status = deploymentStatus(object.status, {
      desired: object.spec?.replicas ?? 1, generation: object.metadata?.generation ?? 1,
      active: state.pods.activeCount(), ready: state.pods.readyCount,
      updated: state.pods.activeCount(replicaSetName(state.name, state.revision)),
      replicaSet: replicaSetName(state.name, state.revision),
      replicaSetCreated: state.replicaSetCreated,
    }, dateAt(this.env.scheduler.wallMs()));
    state.replicaSetCreated = false;
    const revision = String(state.revision);
    const sameStatus = JSON.stringify(status) === JSON.stringify(object.status ?? {});
    if (sameStatus && object.metadata?.annotations?.[revisionAnnotation] === revision) return;
    this.api.store.patch<V1Deployment>(deployments, objectKey(state.namespace, state.name),
      (draft) => {
        draft.metadata ??= {};
        draft.metadata.annotations = { ...draft.metadata.annotations,
          [revisionAnnotation]: revision };
        if (!sameStatus) draft.status = status;
      });
  }
}

function ownerName(pod: V1Pod): string {
  return pod.metadata?.ownerReferences?.[0]?.name ?? '';
}

/** ReplicaSet's deletion preference: unscheduled, then not Ready, then newest first. */
export function rankForDeletion(pods: readonly V1Pod[]): V1Pod[] {
  const rank = (pod: V1Pod): number =>
    (pod.spec?.nodeName === undefined ? 0 : isPodReady(pod) ? 2 : 1);
  return [...pods].sort((a, b) => rank(a) - rank(b) || createdAtMs(b) - createdAtMs(a)
    || (podKey(a) < podKey(b) ? 1 : -1));
}
