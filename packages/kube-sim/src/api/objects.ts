// Small readers and builders for Kubernetes objects, shared by the cluster model's components.

import type { V1Node, V1Pod } from '@kubernetes/client-node';

/** Parses a resource quantity as the scheduler compares it (integers; "110", 110). Missing = 0. */
export function resourceQuantity(value: string | number | undefined): number {
  if (value === undefined) return 0;
  const number = typeof value === 'number' ? value : Number.parseInt(value, 10);
  return Number.isFinite(number) ? number : 0;
}

/** Extended-resource requests of all containers (cpu/memory are not modelled). */
export function podRequests(pod: V1Pod): Map<string, number> {
  const requests = new Map<string, number>();
  for (const container of pod.spec?.containers ?? []) {
    for (const [resource, quantity] of Object.entries(container.resources?.requests ?? {})) {
      if (resource === 'cpu' || resource === 'memory') continue;
      requests.set(
        resource,
        (requests.get(resource) ?? 0) + resourceQuantity(quantity as string | number),
      );
    }
  }
  return requests;
}

export function isNodeReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) === true
  );
}

export function isPodReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) === true
  );
}

export function isPodTerminal(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Unix ms of the pod's creation (0 if unknown). */
export function createdAtMs(pod: V1Pod): number {
  const created = pod.metadata?.creationTimestamp;
  return created instanceof Date ? created.getTime() : 0;
}
