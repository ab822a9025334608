// A fake Kubernetes API for the daemon's tests (the KubePort): pods and nodes in memory, merge
// patches applied in order, events and node-condition writes recorded with their virtual instant.
// Reads return copies; the cache never lags here (`cached` reads see what uncached reads see),
// and every call settles at once under virtual time.

import type { Scheduler } from '@terway-sim/sim-base';
import type { EventRecord, KubePort, NodeCondition, NodeObject, PodObject } from '../ports/kube.js';

export interface FakePodSpec {
  readonly namespace?: string;
  readonly name: string;
  readonly nodeName: string;
  readonly uid?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
  readonly ownerKind?: string;
  readonly hostNetwork?: boolean;
  readonly phase?: string;
  readonly creationTimestamp?: string;
}

type Labels = { readonly [key: string]: string };
type Patch = { readonly [key: string]: string | null };

export interface ConditionWrite extends NodeCondition {
  readonly t: number;
  readonly node: string;
}

export interface PodPatch {
  readonly t: number;
  readonly pod: string;
  readonly annotations: Patch;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const finished = (pod: PodObject): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class FakeKube implements KubePort {
  readonly pods = new Map<string, PodObject>();
  readonly nodes = new Map<string, NodeObject>();
  readonly events: Array<EventRecord & { readonly t: number }> = [];
  readonly conditionWrites: ConditionWrite[] = [];
  readonly podPatches: PodPatch[] = [];
  private uids = 0;

  constructor(private readonly scheduler: Scheduler) {}

  addNode(name: string, labels: Labels = {}): void {
    const metadata = { name, labels: { ...labels }, annotations: {} };
    this.nodes.set(name, { metadata, status: { conditions: [] } });
  }

  addPod(spec: FakePodSpec): PodObject {
    const namespace = spec.namespace ?? 'default';
    const owners = spec.ownerKind === undefined ? []
      : [{ kind: spec.ownerKind, name: `${spec.name}-owner` }];
    const pod: PodObject = {
      metadata: {
        name: spec.name, namespace, uid: spec.uid ?? `uid-${++this.uids}`,
        labels: { ...spec.labels }, annotations: { ...spec.annotations }, ownerReferences: owners,
        creationTimestamp: spec.creationTimestamp,
      },
      spec: {
        nodeName: spec.nodeName, hostNetwork: spec.hostNetwork ?? false,
        containers: [{ name: 'main' }],
      },
      status: { phase: spec.phase ?? 'Pending' },
    };
    this.pods.set(`${namespace}/${spec.name}`, pod);
    return clone(pod);
  }

  deletePod(namespace: string, name: string): void {
    this.pods.delete(`${namespace}/${name}`);
  }

  async getPod(namespace: string, name: string): Promise<PodObject | undefined> {
    const pod = this.pods.get(`${namespace}/${name}`);
    return pod === undefined ? undefined : clone(pod);
  }

  async listPodsOnNode(nodeName: string): Promise<readonly PodObject[]> {
    return [...this.pods.values()]
      .filter((pod) => pod.spec?.nodeName === nodeName && !finished(pod))
      .map(clone);
  }

  async getNode(name: string): Promise<NodeObject | undefined> {
    const node = this.nodes.get(name);
    return node === undefined ? undefined : clone(node);
  }

  async setNodeCondition(nodeName: string, condition: NodeCondition): Promise<void> {
    const node = this.nodes.get(nodeName);
    if (node === undefined) return;
    const others = (node.status?.conditions ?? [])
      .filter((existing) => existing.type !== condition.type);
    const conditions = [...others, clone(condition)];
    this.nodes.set(nodeName, { ...node, status: { ...node.status, conditions } });
    this.conditionWrites.push({ ...clone(condition), t: this.scheduler.nowMs(), node: nodeName });
  }

  async patchNodeAnnotations(nodeName: string, annotations: Patch): Promise<void> {
    const node = this.nodes.get(nodeName);
    if (node === undefined) return;
    const merged = merge(node.metadata?.annotations, annotations);
    this.nodes.set(nodeName, { ...node, metadata: { ...node.metadata, annotations: merged } });
  }

  async patchPodAnnotations(namespace: string, name: string, annotations: Patch): Promise<void> {
    const key = `${namespace}/${name}`;
    const pod = this.pods.get(key);
    if (pod === undefined) return;
    const merged = merge(pod.metadata?.annotations, annotations);
    this.pods.set(key, { ...pod, metadata: { ...pod.metadata, annotations: merged } });
    this.podPatches.push({ t: this.scheduler.nowMs(), pod: key, annotations: { ...annotations } });
  }

  async setNodeExtendedResources(nodeName: string,
    resources: { readonly [resource: string]: number }): Promise<void> {
    const node = this.nodes.get(nodeName);
    if (node === undefined) return;
    const status = { ...node.status, capacity: { ...node.status?.capacity, ...resources },
      allocatable: { ...node.status?.allocatable, ...resources } };
    this.nodes.set(nodeName, { ...node, status });
  }

  recordEvent(event: EventRecord): void {
    this.events.push({ ...event, t: this.scheduler.nowMs() });
  }
}

function merge(current: Labels | undefined, patch: Patch): { [key: string]: string } {
  const result: { [key: string]: string } = { ...current };
  Object.entries(patch).forEach(([key, value]) => {
    if (value === null) delete result[key];
    else result[key] = value;
  });
  return result;
}
