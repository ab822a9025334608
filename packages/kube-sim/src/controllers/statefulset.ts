// The StatefulSet controller (k8s.io/kubernetes pkg/controller/statefulset) for every apps/v1
// StatefulSet object, with the default OrderedReady policy: pod `<name>-<i>` is created only once
// pods 0..i-1 are Running and Ready; scale-down removes the highest ordinal first, one at a time.
// A deleted pod comes back under the same name, which is what Terway's sticky IPs key on. It
// reconciles from the object (`spec.replicas`, `spec.template`) and keeps its `status`.
// Template updates (rolling a StatefulSet) are not modelled: one revision per object.
//
// Reconciles are coalesced per StatefulSet and run on the sim clock, where status is written.

import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { SimEnv } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import { isPodReady } from '../api/objects.js';
import { objectKey } from '../store/object-store.js';
import type { Change } from '../store/watch-history.js';
import { OwnedPods } from './owned-pods.js';
import { podFromTemplate } from './pod-template.js';
import { ReconcileQueue } from './reconcile-queue.js';
import { WorkloadStates } from './workload-states.js';
import { statefulSetStatus } from './workload-status.js';

const statefulSets = 'apps/statefulsets';

interface StatefulSetState {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** Ordinals of the pods that exist, from the watch. */
  readonly ordinals: Set<number>;
  readonly pods: OwnedPods;
  readonly queue: ReconcileQueue;
}

/** The controller revision every pod of a StatefulSet carries (one revision per object). */
export function statefulSetRevision(name: string): string {
  return `${name}-${(Math.imul(1, 2654435761) >>> 0).toString(36)}`;
}

export class StatefulSetController {
  private readonly workloads: WorkloadStates<StatefulSetState, V1StatefulSet>;
  private readonly states: Map<string, StatefulSetState>;

  constructor(private readonly env: SimEnv, private readonly api: ApiServer) {
    this.workloads = new WorkloadStates(api.store, statefulSets);
    this.states = this.workloads.byKey;
    api.store.watch<V1StatefulSet>(statefulSets, (change) => this.onStatefulSet(change));
    api.watchPods((type, pod) => {
      const owner = pod.metadata?.ownerReferences?.[0];
      if (owner?.kind !== 'StatefulSet') return;
      const state = this.states.get(objectKey(pod.metadata?.namespace, owner.name));
      if (state === undefined) return;
      const ordinal = Number((pod.metadata?.name ?? '').slice(state.name.length + 1));
      if (type === 'DELETED') state.ordinals.delete(ordinal);
      else state.ordinals.add(ordinal);
      state.pods.observe(type, pod);
      state.queue.trigger();
    });
  }

  /** The pods every StatefulSet wants right now (spec.replicas summed). */
  get desired(): number {
    return this.workloads.desired;
  }

  private onStatefulSet(change: Change<V1StatefulSet>): void {
    const { object } = change;
    const key = this.workloads.changed(change);
    if (key === undefined) return;
    let state = this.states.get(key);
    if (state === undefined) {
      state = {
        namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '',
        uid: object.metadata?.uid ?? '', ordinals: new Set(),
        pods: new OwnedPods(() => statefulSetRevision(object.metadata?.name ?? '')),
        queue: new ReconcileQueue(this.env.scheduler, () => this.reconcile(key)),
      };
      this.states.set(key, state);
    }
    const replicas = object.spec?.replicas ?? 1;
    if (change.previous === undefined || change.previous.spec?.replicas !== replicas) {
      this.api.activity.publish({ type: 'workload.scale', workload: `statefulset/${key}`,
        replicas });
    }
    if (change.previous === undefined || change.previous.spec !== object.spec) {
      state.queue.trigger();
    }
  }

  private podKey(state: StatefulSetState, ordinal: number): string {
    return objectKey(state.namespace, `${state.name}-${ordinal}`);
  }

  private reconcile(key: string): void {
    const target = this.workloads.target(key);
    if (target === undefined) return;
    this.scalePods(target.state, target.object);
    this.syncStatus(target.state, target.object);
  }

  private scalePods(state: StatefulSetState, object: V1StatefulSet): void {
    const replicas = object.spec?.replicas ?? 1;
    // Scale down first, highest ordinal, one pod at a time.
    for (let ordinal = Math.max(-1, ...state.ordinals); ordinal >= replicas; ordinal--) {
      const pod = this.api.getPod(this.podKey(state, ordinal));
      if (pod === undefined) continue;
      if (pod.metadata?.deletionTimestamp === undefined) {
        this.api.deletePod(this.podKey(state, ordinal));
      }
      return;
    }
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = this.api.getPod(this.podKey(state, ordinal));
      if (pod === undefined) {
        this.api.createPod(this.podFor(state, object, ordinal));
        return;
      }
      if (!isPodReady(pod) || pod.metadata?.deletionTimestamp !== undefined) return;
    }
  }

  private podFor(state: StatefulSetState, object: V1StatefulSet, ordinal: number): V1Pod {
    const name = `${state.name}-${ordinal}`;
    return podFromTemplate({
      namespace: state.namespace, name, template: object.spec?.template ?? {},
      owner: { kind: 'StatefulSet', name: state.name, uid: state.uid },
      labels: { 'controller-revision-hash': statefulSetRevision(state.name),
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal) },
    });
  }

  private syncStatus(state: StatefulSetState, object: V1StatefulSet): void {
    const status = statefulSetStatus({
      generation: object.metadata?.generation ?? 1, existing: state.pods.existing,
      active: state.pods.activeCount(), ready: state.pods.readyCount,
      revision: statefulSetRevision(state.name),
    });
    if (JSON.stringify(status) === JSON.stringify(object.status ?? {})) return;
    this.api.store.patch<V1StatefulSet>(statefulSets, objectKey(state.namespace, state.name),
      (draft) => {
        draft.status = status;
      });
  }
}
