// An in-memory Kubernetes API server for the simulated cluster: nodes, pods and events, with
// watches. Objects are @kubernetes/client-node's V1 types; every write replaces the stored object
// (readers never see an object change under them).
//
// Watch listeners run synchronously inside the write, in registration order; a listener that wants
// to act schedules its work on the sim clock, as an informer's handler queues a key. Deletion is
// two-step as in Kubernetes: `deletePod` sets deletionTimestamp (the kubelet tears the sandbox
// down), `removePod` makes the object disappear.

import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { dateAt, type SimEnv } from '@terway-sim/sim-base';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type PodListener = (type: WatchType, pod: V1Pod, previous: V1Pod | undefined) => void;
/**
 * A mutating admission webhook for pod creation (Terway's controlplane webhook adds
 * `k8s.aliyun.com/pod-networks` and extended-resource requests). Returns the pod to store, or a
 * refusal message (the create fails, as a webhook denial does).
 */
export type PodAdmission = (pod: V1Pod) => { readonly pod: V1Pod } | { readonly denied: string };
export type NodeListener = (type: WatchType, node: V1Node, previous: V1Node | undefined) => void;

export interface KubeEvent {
  readonly atMs: number;
  readonly kind: 'Pod' | 'Node';
  readonly namespace: string;
  readonly name: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly source: string;
}

export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export class ApiServer {
  private readonly pods = new Map<string, V1Pod>();
  private readonly nodes = new Map<string, V1Node>();
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly podListeners: PodListener[] = [];
  private readonly admissions: PodAdmission[] = [];
  private readonly nodeListeners: NodeListener[] = [];
  private readonly eventList: KubeEvent[] = [];
  private uidCount = 0;

  constructor(private readonly env: SimEnv) {}

  // ---- pods ---------------------------------------------------------------------------------

  getPod(key: string): V1Pod | undefined {
    return this.pods.get(key);
  }

  /** All pods, in key order (determinism: never Map insertion order across restarts). */
  listPods(): V1Pod[] {
    return [...this.pods.keys()].sort().map((key) => this.pods.get(key)!);
  }

  listPodsOnNode(nodeName: string): V1Pod[] {
    return [...(this.podsByNode.get(nodeName) ?? [])].sort().map((key) => this.pods.get(key)!);
  }

  get podCount(): number {
    return this.pods.size;
  }

  /** Registers a mutating admission webhook; webhooks run in registration order. */
  addPodAdmission(admission: PodAdmission): void {
    this.admissions.push(admission);
  }

  /**
   * Creates a pod; undefined if one with that namespace/name exists or a webhook denied it (the
   * denial is recorded as a `FailedCreate` event on the owner, as the workload controller would).
   */
  createPod(pod: V1Pod): V1Pod | undefined {
    const key = podKey(pod);
    if (this.pods.has(key)) return undefined;
    let admitted = pod;
    for (const admission of this.admissions) {
      const verdict = admission(admitted);
      if ('denied' in verdict) {
        const owner = pod.metadata?.ownerReferences?.[0];
        this.recordEvent({ kind: 'Pod', namespace: pod.metadata?.namespace ?? 'default', name: owner?.name ?? pod.metadata?.name ?? '',
          type: 'Warning', reason: 'FailedCreate', message: `Error creating: admission webhook denied the request: ${verdict.denied}`, source: 'controller-manager' });
        return undefined;
      }
      admitted = verdict.pod;
    }
    const created: V1Pod = {
      ...admitted,
      metadata: { ...admitted.metadata, uid: this.nextUid(), creationTimestamp: dateAt(this.env.scheduler.wallMs()) },
      status: { phase: 'Pending', ...admitted.status },
    };
    this.storePod(key, created, undefined);
    return created;
  }

  /** Replaces a pod with `mutate(current)`; no-op if it is gone. */
  updatePod(key: string, mutate: (pod: V1Pod) => V1Pod): V1Pod | undefined {
    const current = this.pods.get(key);
    if (current === undefined) return undefined;
    const next = mutate(current);
    this.storePod(key, next, current);
    return next;
  }

  /** Graceful delete: marks the pod; the kubelet (or `removePod` for unbound pods) finishes it. */
  deletePod(key: string): void {
    const pod = this.pods.get(key);
    if (pod === undefined || pod.metadata?.deletionTimestamp !== undefined) return;
    if (pod.spec?.nodeName === undefined) {
      this.removePod(key);
      return;
    }
    this.updatePod(key, (current) => ({
      ...current, metadata: { ...current.metadata, deletionTimestamp: dateAt(this.env.scheduler.wallMs()) },
    }));
  }

  /** The object disappears (the last step of a deletion). */
  removePod(key: string): void {
    const pod = this.pods.get(key);
    if (pod === undefined) return;
    this.pods.delete(key);
    const nodeName = pod.spec?.nodeName;
    if (nodeName !== undefined) this.podsByNode.get(nodeName)?.delete(key);
    this.podListeners.forEach((listener) => listener('DELETED', pod, pod));
  }

  watchPods(listener: PodListener): void {
    this.podListeners.push(listener);
  }

  // ---- nodes --------------------------------------------------------------------------------

  getNode(name: string): V1Node | undefined {
    return this.nodes.get(name);
  }

  listNodes(): V1Node[] {
    return [...this.nodes.keys()].sort().map((name) => this.nodes.get(name)!);
  }

  createNode(node: V1Node): V1Node {
    const name = node.metadata?.name ?? '';
    const created: V1Node = { ...node, metadata: { ...node.metadata, uid: this.nextUid(), creationTimestamp: dateAt(this.env.scheduler.wallMs()) } };
    this.nodes.set(name, created);
    this.nodeListeners.forEach((listener) => listener('ADDED', created, undefined));
    return created;
  }

  updateNode(name: string, mutate: (node: V1Node) => V1Node): V1Node | undefined {
    const current = this.nodes.get(name);
    if (current === undefined) return undefined;
    const next = mutate(current);
    this.nodes.set(name, next);
    this.nodeListeners.forEach((listener) => listener('MODIFIED', next, current));
    return next;
  }

  deleteNode(name: string): void {
    const node = this.nodes.get(name);
    if (node === undefined) return;
    this.nodes.delete(name);
    this.nodeListeners.forEach((listener) => listener('DELETED', node, node));
  }

  watchNodes(listener: NodeListener): void {
    this.nodeListeners.push(listener);
  }

  // ---- events -------------------------------------------------------------------------------

  recordEvent(event: Omit<KubeEvent, 'atMs'>): void {
    const stamped = { ...event, atMs: this.env.scheduler.nowMs() };
    this.eventList.push(stamped);
    this.env.log.record('k8s.event', {
      object: `${event.kind}/${event.kind === 'Pod' ? `${event.namespace}/` : ''}${event.name}`,
      type: event.type, reason: event.reason, message: event.message, source: event.source,
    });
  }

  events(): readonly KubeEvent[] {
    return this.eventList;
  }

  /** Events as Kubernetes would list them (for reports that want the API shape). */
  eventsAsV1(): CoreV1Event[] {
    return this.eventList.map((event, index) => ({
      metadata: { name: `${event.name}.${index.toString(16)}`, namespace: event.namespace },
      involvedObject: { kind: event.kind, name: event.name, namespace: event.namespace },
      type: event.type, reason: event.reason, message: event.message, source: { component: event.source },
      firstTimestamp: dateAt(this.env.scheduler.wallMs() - (this.env.scheduler.nowMs() - event.atMs)),
    }));
  }

  private storePod(key: string, pod: V1Pod, previous: V1Pod | undefined): void {
    this.pods.set(key, pod);
    const before = previous?.spec?.nodeName;
    const after = pod.spec?.nodeName;
    if (before !== after) {
      if (before !== undefined) this.podsByNode.get(before)?.delete(key);
      if (after !== undefined) {
        let set = this.podsByNode.get(after);
        if (set === undefined) this.podsByNode.set(after, (set = new Set()));
        set.add(key);
      }
    }
    this.podListeners.forEach((listener) => listener(previous === undefined ? 'ADDED' : 'MODIFIED', pod, previous));
  }

  private nextUid(): string {
    const hex = (++this.uidCount).toString(16).padStart(32, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
