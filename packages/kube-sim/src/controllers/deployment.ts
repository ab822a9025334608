// A Deployment and its ReplicaSets: keeps `replicas` pods of the current revision, scales down
// the least useful pods first (unscheduled, then not Ready, then newest, as ReplicaSet does), and
// rolls out a new revision with the defaults maxSurge 25% (rounded up) and maxUnavailable 25%
// (rounded down).

import type { V1Pod } from '@kubernetes/client-node';
import type { SimEnv } from '@terway-sim/sim-base';
import { podKey, type ApiServer } from '../api/api-server.js';
import { createdAtMs, isPodReady } from '../api/objects.js';
import { buildPod, nameSuffix, type PodTemplate } from './pod-template.js';
import { ReconcileQueue } from './reconcile-queue.js';

export interface DeploymentOptions {
  readonly namespace: string;
  readonly name: string;
  readonly template: PodTemplate;
}

export class DeploymentController {
  private replicas = 0;
  private revision = 1;
  private readonly queue: ReconcileQueue;
  /** The pods this deployment owns, kept from the watch (no cluster-wide scans per reconcile). */
  private readonly pods = new Map<string, V1Pod>();
  /** Owned pods not being deleted, by ReplicaSet name: the reconcile's fast path counts these. */
  private readonly liveByReplicaSet = new Map<string, Set<string>>();

  constructor(private readonly env: SimEnv, private readonly api: ApiServer, private readonly options: DeploymentOptions) {
    this.queue = new ReconcileQueue(env.scheduler, () => this.reconcile());
    api.watchPods((type, pod) => {
      if (!this.owns(pod)) return;
      const key = podKey(pod);
      const rsName = pod.metadata?.ownerReferences?.[0]?.name ?? '';
      let live = this.liveByReplicaSet.get(rsName);
      if (live === undefined) this.liveByReplicaSet.set(rsName, (live = new Set()));
      if (type === 'DELETED') this.pods.delete(key);
      else this.pods.set(key, pod);
      if (type === 'DELETED' || pod.metadata?.deletionTimestamp !== undefined) live.delete(key);
      else live.add(key);
      this.queue.trigger();
    });
  }

  scale(replicas: number): void {
    this.replicas = replicas;
    this.api.activity.publish({ type: 'workload.scale', workload: `deployment/${this.options.namespace}/${this.options.name}`, replicas });
    this.queue.trigger();
  }

  rollout(): void {
    this.revision++;
    this.api.activity.publish({ type: 'workload.rollout', workload: `deployment/${this.options.namespace}/${this.options.name}`, revision: this.revision });
    this.queue.trigger();
  }

  /** The pods this deployment wants right now (for the allPodsReady expectation). */
  get desired(): number {
    return this.replicas;
  }

  /** ReplicaSet name of a revision: `<deployment>-<pod-template-hash>`, stable per revision. */
  private replicaSetName(revision: number): string {
    const hash = (Math.imul(revision, 2654435761) >>> 0).toString(36).padStart(7, '0');
    return `${this.options.name}-${hash}`;
  }

  private owns(pod: V1Pod): boolean {
    const owner = pod.metadata?.ownerReferences?.[0];
    if (pod.metadata?.namespace !== this.options.namespace || owner?.kind !== 'ReplicaSet') return false;
    for (let revision = this.revision; revision >= 1; revision--) {
      if (owner.name === this.replicaSetName(revision)) return true;
    }
    return false;
  }

  private reconcile(): void {
    const currentRs = this.replicaSetName(this.revision);
    const liveTotal = [...this.liveByReplicaSet.values()].reduce((sum, set) => sum + set.size, 0);
    const liveCurrent = this.liveByReplicaSet.get(currentRs)?.size ?? 0;
    if (liveTotal === liveCurrent && liveCurrent === this.replicas) return; // settled: nothing to do
    const live = [...this.liveByReplicaSet.values()].flatMap((set) => [...set]).sort().map((key) => this.pods.get(key)!);
    const current = live.filter((pod) => pod.metadata?.ownerReferences?.[0]?.name === currentRs);
    const old = live.filter((pod) => pod.metadata?.ownerReferences?.[0]?.name !== currentRs);
    if (old.length === 0) {
      this.resize(current, this.replicas, currentRs);
      return;
    }
    // Rolling update, in the deployment controller's two steps. First scale the new ReplicaSet
    // up, never past replicas + maxSurge pods in total.
    const maxSurge = Math.ceil(this.replicas * 0.25);
    const maxUnavailable = Math.floor(this.replicas * 0.25);
    const room = this.replicas + maxSurge - live.length;
    if (room > 0 && current.length < this.replicas) this.create(Math.min(room, this.replicas - current.length), currentRs);
    // Then scale old pods down while at least replicas - maxUnavailable stay Ready. Old pods that
    // are not Ready cost no availability and go first.
    const minAvailable = this.replicas - maxUnavailable;
    const readyTotal = live.filter(isPodReady).length;
    const unready = old.filter((pod) => !isPodReady(pod)).length;
    const deletable = Math.min(old.length, unready + Math.max(0, readyTotal - minAvailable));
    rankForDeletion(old).slice(0, deletable).forEach((pod) => this.api.deletePod(podKey(pod)));
  }

  private resize(current: V1Pod[], replicas: number, rsName: string): void {
    if (current.length < replicas) this.create(replicas - current.length, rsName);
    else if (current.length > replicas) rankForDeletion(current).slice(0, current.length - replicas).forEach((pod) => this.api.deletePod(podKey(pod)));
  }

  private create(count: number, rsName: string): void {
    const names = this.env.rng.stream(`workload.names.${this.options.name}`);
    for (let i = 0; i < count; i++) {
      // A generated name may collide with a live pod; draw another, as the API server's
      // generateName does. A webhook denial is final for this pass (the event says why).
      let name = `${rsName}-${nameSuffix(names)}`;
      while (this.api.getPod(`${this.options.namespace}/${name}`) !== undefined) name = `${rsName}-${nameSuffix(names)}`;
      this.api.createPod(buildPod({
        namespace: this.options.namespace, name, template: this.options.template,
        owner: { kind: 'ReplicaSet', name: rsName }, labels: { app: this.options.name },
      }));
    }
  }
}

/** ReplicaSet's deletion preference: unscheduled, then not Ready, then newest first. */
export function rankForDeletion(pods: readonly V1Pod[]): V1Pod[] {
  const rank = (pod: V1Pod): number => (pod.spec?.nodeName === undefined ? 0 : isPodReady(pod) ? 2 : 1);
  return [...pods].sort((a, b) => rank(a) - rank(b) || createdAtMs(b) - createdAtMs(a) || (podKey(a) < podKey(b) ? 1 : -1));
}
