// The simulated cluster's API server as its in-process clients use it: typed reads, writes and
// watches of pods and nodes, events, and the object store underneath for every other resource
// (custom resources, ConfigMaps, …). What real API-server behaviour each call has is the store's
// (object-store.ts); what is pod- and node-specific is here:
// - a pod is created Pending; mutating admission (Terway's webhook) runs first, and a denial is
//   recorded as `FailedCreate` on the pod's owner, as the workload controller records it;
// - deleting a pod bound to a node is graceful (deletionTimestamp; the kubelet tears the sandbox
//   down and removes the object), an unbound pod goes at once;
// - events are also kept in recording order for reports (`events()`), and each is an Event
//   object in the store, as `kubectl get events` lists them;
// - the namespaces a new cluster has (default, kube-node-lease, kube-public, kube-system) exist
//   from the start; others are made with `ensureNamespace`, as `kubectl create namespace` does.
//
// Watch listeners run synchronously inside the write, in registration order; a listener that
// wants to act schedules its work on the sim clock, as an informer's handler queues a key.

import type { CoreV1Event, V1Namespace, V1Node, V1Pod } from '@kubernetes/client-node';
import { Topic, assert, dateAt, type SimEnv } from '@terway-sim/sim-base';
import { logActivity, type KubeActivity, type KubeEventRecord } from '../activity.js';
import { EventCorrelator, bound } from './event-correlator.js';
import { EventExpiry } from './event-ttl.js';
import {
  ObjectStore, objectKey, type Admission, type ObjectStoreOptions,
} from '../store/object-store.js';
import type { KubeObject } from '../store/resources.js';
import type { WatchType } from '../store/watch-history.js';

export type { WatchType } from '../store/watch-history.js';
export type PodListener = (type: WatchType, pod: V1Pod, previous: V1Pod | undefined) => void;
/**
 * A mutating admission webhook for pod creation (Terway's controlplane webhook adds
 * `k8s.aliyun.com/pod-networks` and extended-resource requests). Returns the pod to store, or a
 * refusal message (the create fails, as a webhook denial does).
 */
export type PodAdmission = (pod: V1Pod) => { readonly pod: V1Pod } | { readonly denied: string };
export type NodeListener = (type: WatchType, node: V1Node, previous: V1Node | undefined) => void;

export type KubeEvent = KubeEventRecord;

/** Seconds a deleted pod is given before it must be gone (the pod spec's default). */
export const defaultPodGraceSeconds = 30;

const webhookDenial = 'admission webhook denied the request: ';

/** The namespaces every new cluster has. */
export const initialNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export class ApiServer {
  readonly store: ObjectStore;
  /** The cluster's typed activity; the event log is its first subscriber. */
  readonly activity = new Topic<KubeActivity>();
  private readonly eventList: KubeEvent[] = [];
  private eventCount = 0;
  private readonly correlator = new EventCorrelator();
  private readonly eventExpiry = new EventExpiry();
  /** The Event object each correlation key last wrote. */
  private readonly eventObjects = new Map<string, string>();

  constructor(private readonly env: SimEnv, options: ObjectStoreOptions = {}) {
    this.store = new ObjectStore(env.scheduler, options);
    this.activity.subscribe(logActivity(env.log));
    this.store.addIndex('pods', 'spec.nodeName', (pod) => (pod as V1Pod).spec?.nodeName);
    for (const name of initialNamespaces) this.ensureNamespace(name);
  }

  // ---- namespaces ---------------------------------------------------------------------------

  /** Creates the namespace unless it exists (Active, with the name label the API server adds). */
  ensureNamespace(name: string): void {
    if (this.store.get('namespaces', name) !== undefined) return;
    this.must(this.store.create<V1Namespace>('namespaces', {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    }));
  }

  // ---- pods ---------------------------------------------------------------------------------

  getPod(key: string): V1Pod | undefined {
    return this.store.get<V1Pod>('pods', key);
  }

  /** All pods, in key order. */
  listPods(): V1Pod[] {
    return this.must(this.store.list<V1Pod>('pods')).items;
  }

  /** Every pod, unsorted (the store's own order): for counts and checks over all of them. */
  eachPod(visit: (pod: V1Pod) => void): void {
    this.store.each<V1Pod>('pods', visit);
  }

  listPodsOnNode(nodeName: string): V1Pod[] {
    return this.store.byIndex<V1Pod>('pods', 'spec.nodeName', nodeName);
  }

  get podCount(): number {
    return this.store.count('pods');
  }

  /** Registers a mutating admission webhook; webhooks run in registration order. */
  addPodAdmission(admission: PodAdmission): void {
    this.addAdmission<V1Pod>('pods', (pod) => {
      const verdict = admission(pod);
      return 'denied' in verdict ? verdict : { object: verdict.pod };
    });
  }

  /**
   * Registers an admission webhook for creates of any resource (a custom resource's id is
   * `<group>/<plural>`); a denial reaches the creator in the API server's webhook wording.
   */
  addAdmission<T extends KubeObject>(resourceId: string, admission: Admission<T>): void {
    this.store.addAdmission<T>(resourceId, (object) => {
      const verdict = admission(object);
      return 'denied' in verdict ? { denied: `${webhookDenial}${verdict.denied}` } : verdict;
    });
  }

  /**
   * Creates a pod; undefined if one with that namespace/name exists or a webhook denied it (the
   * denial is recorded as a `FailedCreate` event on the owner, as the workload controller would).
   */
  createPod(pod: V1Pod): V1Pod | undefined {
    const created = this.store.create<V1Pod>('pods', {
      ...pod, status: { phase: 'Pending', ...pod.status },
    });
    if (created.ok) return created.value;
    if (created.error.reason === 'Forbidden') {
      const owner = pod.metadata?.ownerReferences?.[0];
      this.recordEvent({ kind: 'Pod', namespace: pod.metadata?.namespace ?? 'default',
        name: owner?.name ?? pod.metadata?.name ?? '', type: 'Warning', reason: 'FailedCreate',
        message: `Error creating: ${created.error.message}`, source: 'controller-manager' });
    }
    return undefined;
  }

  /** Replaces a pod with `mutate(current)`; no-op if it is gone. */
  updatePod(key: string, mutate: (pod: V1Pod) => V1Pod): V1Pod | undefined {
    const current = this.getPod(key);
    if (current === undefined) return undefined;
    return this.replace('pods', mutate(current));
  }

  /**
   * Graceful delete: marks a bound pod (the kubelet finishes it); an unbound one goes now. A
   * bound pod is given `gracePeriodSeconds` (default 30), at least 1: a force delete (0) still
   * lets the kubelet tear the sandbox down (docs/differences.md).
   */
  deletePod(key: string, options: { readonly gracePeriodSeconds?: number } = {}): void {
    const pod = this.getPod(key);
    if (pod === undefined || pod.metadata?.deletionTimestamp !== undefined) return;
    const bound = pod.spec?.nodeName !== undefined;
    const grace = Math.max(1, Math.ceil(options.gracePeriodSeconds ?? defaultPodGraceSeconds));
    this.store.delete('pods', key, { gracePeriodSeconds: bound ? grace : 0 });
  }

  /** The object disappears (the kubelet's final delete, grace 0). */
  removePod(key: string): void {
    if (this.getPod(key) !== undefined) this.store.delete('pods', key, { gracePeriodSeconds: 0 });
  }

  watchPods(listener: PodListener): void {
    this.store.watch<V1Pod>('pods', (change) => listener(change.type, change.object,
      change.type === 'ADDED' ? undefined : change.previous));
  }

  // ---- nodes --------------------------------------------------------------------------------

  getNode(name: string): V1Node | undefined {
    return this.store.get<V1Node>('nodes', name);
  }

  listNodes(): V1Node[] {
    return this.must(this.store.list<V1Node>('nodes')).items;
  }

  createNode(node: V1Node): V1Node {
    return this.must(this.store.create<V1Node>('nodes', node));
  }

  updateNode(name: string, mutate: (node: V1Node) => V1Node): V1Node | undefined {
    const current = this.getNode(name);
    if (current === undefined) return undefined;
    return this.replace('nodes', mutate(current));
  }

  deleteNode(name: string): void {
    if (this.getNode(name) !== undefined) this.store.delete('nodes', name);
  }

  watchNodes(listener: NodeListener): void {
    this.store.watch<V1Node>('nodes', (change) => listener(change.type, change.object,
      change.type === 'ADDED' ? undefined : change.previous));
  }

  // ---- events -------------------------------------------------------------------------------

  /**
   * Records an event as a component's event recorder does: published as activity, kept for
   * reports, and written as an Event object; a repeat updates the earlier object's count
   * (event-correlator.ts).
   */
  recordEvent(event: Omit<KubeEvent, 'atMs'>): void {
    const stamped = { ...event, atMs: this.env.scheduler.nowMs() };
    this.expireEvents();
    this.eventList.push(stamped);
    this.activity.publish({ type: 'k8s.event', event: stamped });
    const object = this.eventObject(stamped);
    const involved = object.involvedObject;
    const { key, message } = this.correlator.correlate({ source: event.source,
      object: [involved.kind, involved.namespace, involved.name, involved.uid].join('/'),
      type: event.type, reason: event.reason, message: event.message },
    this.env.scheduler.wallMs());
    const earlier = this.eventObjects.get(key);
    if (earlier !== undefined) {
      const updated = this.store.patch<CoreV1Event>('events', earlier, (draft) => {
        draft.count = (draft.count ?? 1) + 1;
        draft.lastTimestamp = object.lastTimestamp!;
        draft.message = message;
      });
      if (updated.ok) {
        this.eventExpiry.written(earlier, stamped.atMs);
        return;
      }
    }
    const created = this.store.create<CoreV1Event>('events', { ...object, message });
    if (!created.ok) return;
    const stored = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    this.eventObjects.set(key, stored);
    this.eventExpiry.written(stored, stamped.atMs);
    bound(this.eventObjects);
  }

  /** Event objects whose TTL ran out are deleted, as their etcd lease would delete them. */
  private expireEvents(): void {
    for (const key of this.eventExpiry.expired(this.env.scheduler.nowMs())) {
      this.store.delete('events', key, { gracePeriodSeconds: 0 });
    }
  }

  /** Every event recorded, in recording order. */
  events(): readonly KubeEvent[] {
    return this.eventList;
  }

  /** Events as Kubernetes lists them (Event objects). */
  eventsAsV1(): CoreV1Event[] {
    this.expireEvents();
    return this.must(this.store.list<CoreV1Event>('events')).items;
  }

  private eventObject(event: KubeEvent): CoreV1Event & { metadata: { namespace: string } } {
    const namespace = event.kind === 'Pod' ? event.namespace : 'default';
    const involved = event.kind === 'Pod'
      ? this.getPod(objectKey(event.namespace, event.name)) : this.getNode(event.name);
    const at = dateAt(this.env.scheduler.wallMs());
    return {
      metadata: { name: `${event.name}.${(++this.eventCount).toString(16).padStart(16, '0')}`,
        namespace },
      involvedObject: { kind: event.kind, name: event.name, apiVersion: 'v1',
        ...(event.kind === 'Pod' ? { namespace: event.namespace } : {}),
        ...(involved?.metadata?.uid === undefined ? {} : { uid: involved.metadata.uid }) },
      type: event.type, reason: event.reason, message: event.message,
      source: { component: event.source }, count: 1, firstTimestamp: at, lastTimestamp: at,
      reportingComponent: event.source, reportingInstance: '',
    };
  }

  private replace<T extends V1Pod | V1Node>(id: 'pods' | 'nodes', next: T): T | undefined {
    const stored = this.store.update<T>(id, { ...next, metadata: { ...next.metadata,
      resourceVersion: undefined } });
    return stored.ok ? stored.value : undefined;
  }

  private must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    assert(result.ok, () => (result.ok ? '' : result.error.message));
    return result.value;
  }
}
