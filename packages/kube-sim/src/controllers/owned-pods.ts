// The pods one workload owns, kept up to date from the pod watch so that a reconcile and a status
// computation cost nothing per pod: which pods exist, which are active (not being deleted, not
// finished: what FilterActivePods keeps in k8s.io/kubernetes pkg/controller/controller_utils.go),
// which of those are Ready, grouped by the revision (ReplicaSet or controller revision) that
// made them.

import type { V1Pod } from '@kubernetes/client-node';
import { podKey } from '../api/api-server.js';
import { isPodReady, isPodTerminal } from '../api/objects.js';
import type { WatchType } from '../store/watch-history.js';

export class OwnedPods {
  private readonly pods = new Map<string, V1Pod>();
  /** Active pod keys by revision name. */
  private readonly activeByRevision = new Map<string, Set<string>>();
  private readonly ready = new Set<string>();

  constructor(private readonly revisionOf: (pod: V1Pod) => string) {}

  observe(type: WatchType, pod: V1Pod): void {
    const key = podKey(pod);
    const revision = this.revisionOf(pod);
    let active = this.activeByRevision.get(revision);
    if (active === undefined) this.activeByRevision.set(revision, (active = new Set()));
    if (type === 'DELETED') this.pods.delete(key);
    else this.pods.set(key, pod);
    const isActive = type !== 'DELETED' && pod.metadata?.deletionTimestamp === undefined
      && !isPodTerminal(pod);
    if (isActive) active.add(key);
    else active.delete(key);
    if (isActive && isPodReady(pod)) this.ready.add(key);
    else this.ready.delete(key);
  }

  get(key: string): V1Pod | undefined {
    return this.pods.get(key);
  }

  /** Pods that exist, terminating ones included. */
  get existing(): number {
    return this.pods.size;
  }

  activeCount(revision?: string): number {
    if (revision !== undefined) return this.activeByRevision.get(revision)?.size ?? 0;
    let total = 0;
    for (const set of this.activeByRevision.values()) total += set.size;
    return total;
  }

  get readyCount(): number {
    return this.ready.size;
  }

  /** Active pods, in key order. */
  active(): V1Pod[] {
    return [...this.activeByRevision.values()].flatMap((set) => [...set]).sort()
      .map((key) => this.pods.get(key)!);
  }
}
