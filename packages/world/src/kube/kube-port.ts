// terway-core's KubePort over the simulated API server, for one node's daemon: reads return the
// stored objects (which are never mutated in place), writes are merge patches. The informer cache
// is not modelled: a cached read sees the API server's current state (docs/differences.md).

import type { V1Node, V1NodeCondition } from '@kubernetes/client-node';
import type {
  EventRecord,
  KubePort,
  NodeCondition,
  NodeObject,
  PodObject,
} from '@terway-sim/terway-core';
import { dateAt } from '@terway-sim/sim-base';
import type { ApiServer } from '@terway-sim/kube-sim';

function asDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined || value instanceof Date) return value;
  return dateAt(Date.parse(value));
}

function mergeAnnotations(
  current: Record<string, string> | undefined,
  patch: { readonly [key: string]: string | null },
): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export class ApiServerKubePort implements KubePort {
  constructor(private readonly api: ApiServer) {}

  getPod(namespace: string, name: string): Promise<PodObject | undefined> {
    return Promise.resolve(this.api.getPod(`${namespace}/${name}`));
  }

  listPodsOnNode(nodeName: string): Promise<readonly PodObject[]> {
    return Promise.resolve(
      this.api
        .listPodsOnNode(nodeName)
        .filter((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed'),
    );
  }

  getNode(name: string): Promise<NodeObject | undefined> {
    return Promise.resolve(this.api.getNode(name));
  }

  setNodeCondition(nodeName: string, condition: NodeCondition): Promise<void> {
    this.api.updateNode(nodeName, (node) => {
      const stored: V1NodeCondition = {
        type: condition.type,
        status: condition.status,
        ...(condition.reason === undefined ? {} : { reason: condition.reason }),
        ...(condition.message === undefined ? {} : { message: condition.message }),
        ...(asDate(condition.lastHeartbeatTime) === undefined
          ? {}
          : { lastHeartbeatTime: asDate(condition.lastHeartbeatTime)! }),
        ...(asDate(condition.lastTransitionTime) === undefined
          ? {}
          : { lastTransitionTime: asDate(condition.lastTransitionTime)! }),
      };
      const others = (node.status?.conditions ?? []).filter(
        (existing) => existing.type !== condition.type,
      );
      return { ...node, status: { ...node.status, conditions: [...others, stored] } };
    });
    return Promise.resolve();
  }

  patchNodeAnnotations(
    nodeName: string,
    annotations: { readonly [key: string]: string | null },
  ): Promise<void> {
    this.api.updateNode(nodeName, (node): V1Node => ({
      ...node,
      metadata: {
        ...node.metadata,
        annotations: mergeAnnotations(node.metadata?.annotations, annotations),
      },
    }));
    return Promise.resolve();
  }

  patchPodAnnotations(
    namespace: string,
    name: string,
    annotations: { readonly [key: string]: string | null },
  ): Promise<void> {
    this.api.updatePod(`${namespace}/${name}`, (pod) => ({
      ...pod,
      metadata: {
        ...pod.metadata,
        annotations: mergeAnnotations(pod.metadata?.annotations, annotations),
      },
    }));
    return Promise.resolve();
  }

  setNodeExtendedResources(
    nodeName: string,
    resources: { readonly [resource: string]: number },
  ): Promise<void> {
    this.api.updateNode(nodeName, (node) => {
      const quantities = Object.fromEntries(
        Object.entries(resources).map(([resource, count]) => [resource, String(count)]),
      );
      return {
        ...node,
        status: {
          ...node.status,
          capacity: { ...node.status?.capacity, ...quantities },
          allocatable: { ...node.status?.allocatable, ...quantities },
        },
      };
    });
    return Promise.resolve();
  }

  recordEvent(event: EventRecord): void {
    const target = event.target;
    this.api.recordEvent({
      kind: target.kind,
      namespace: target.kind === 'Pod' ? target.namespace : '',
      name: target.name,
      type: event.type,
      reason: event.reason,
      message: event.message,
      source: event.source,
    });
  }
}
