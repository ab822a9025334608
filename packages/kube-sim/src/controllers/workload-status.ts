// The status the workload controllers keep on their objects, computed from pod counts, as
// k8s.io/kubernetes pkg/controller/deployment/sync.go (calculateStatus) and
// pkg/controller/deployment/util/deployment_util.go (SetDeploymentCondition) and
// pkg/controller/statefulset/stateful_set_control.go fill them. Pure: counts in, status out.
//
// Deployment conditions follow the real rules: a condition is replaced only when its status or
// reason changes (the replaced one moves to the end of the list, which is why `Available`
// usually comes first), and keeps its lastTransitionTime while its status stays the same.
// Progress deadlines are not modelled (docs/differences.md).

import type {
  V1DeploymentCondition, V1DeploymentStatus, V1StatefulSetStatus,
} from '@kubernetes/client-node';

export interface DeploymentCounts {
  /** spec.replicas. */
  readonly desired: number;
  readonly generation: number;
  /** Active pods of every revision. */
  readonly active: number;
  /** Active pods of the current revision. */
  readonly updated: number;
  readonly ready: number;
  /** Name of the current revision's ReplicaSet. */
  readonly replicaSet: string;
  /** Whether that ReplicaSet was made by this reconcile. */
  readonly replicaSetCreated: boolean;
}

/** maxUnavailable of the default RollingUpdate strategy (25%, rounded down). */
export function maxUnavailable(replicas: number): number {
  return Math.floor(replicas * 0.25);
}

/** maxSurge of the default RollingUpdate strategy (25%, rounded up). */
export function maxSurge(replicas: number): number {
  return Math.ceil(replicas * 0.25);
}

export function deploymentStatus(previous: V1DeploymentStatus | undefined,
  counts: DeploymentCounts, now: Date): V1DeploymentStatus {
  const available = counts.ready;
  const unavailable = Math.max(0, counts.desired - available);
  let conditions = [...previous?.conditions ?? []];
  const minimum = available >= counts.desired - maxUnavailable(counts.desired);
  conditions = setCondition(conditions, minimum
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.' }, now);
  conditions = setCondition(conditions, progressing(counts, available), now);
  return {
    observedGeneration: counts.generation,
    ...nonZero({ replicas: counts.active, updatedReplicas: counts.updated,
      readyReplicas: counts.ready, availableReplicas: available,
      unavailableReplicas: unavailable }),
    conditions,
  };
}

/** The counts that are not zero: the API leaves zero counts out (`omitempty`). */
function nonZero<K extends string>(counts: Record<K, number>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0)) as
    Partial<Record<K, number>>;
}

function progressing(counts: DeploymentCounts, available: number): Omit<
  V1DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'> {
  const complete = counts.updated === counts.desired && counts.active === counts.desired
    && available === counts.desired;
  if (complete) {
    return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${counts.replicaSet}" has successfully progressed.` };
  }
  if (counts.replicaSetCreated) {
    return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${counts.replicaSet}"` };
  }
  return { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated',
    message: `ReplicaSet "${counts.replicaSet}" is progressing.` };
}

function setCondition(conditions: V1DeploymentCondition[],
  next: Omit<V1DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>,
  now: Date): V1DeploymentCondition[] {
  const current = conditions.find((condition) => condition.type === next.type);
  if (current !== undefined && current.status === next.status
    && current.reason === next.reason) {
    return conditions;
  }
  const transition = current !== undefined && current.status === next.status
    ? current.lastTransitionTime ?? now : now;
  return [...conditions.filter((condition) => condition.type !== next.type),
    { ...next, lastUpdateTime: now, lastTransitionTime: transition }];
}

export interface StatefulSetCounts {
  readonly generation: number;
  /** Pods that exist, terminating ones included. */
  readonly existing: number;
  /** Pods not being deleted (all of the one revision). */
  readonly active: number;
  readonly ready: number;
  readonly revision: string;
}

export function statefulSetStatus(counts: StatefulSetCounts): V1StatefulSetStatus {
  return {
    observedGeneration: counts.generation,
    replicas: counts.existing,
    ...nonZero({ readyReplicas: counts.ready, currentReplicas: counts.active,
      updatedReplicas: counts.active }),
    availableReplicas: counts.ready,
    currentRevision: counts.revision,
    updateRevision: counts.revision,
    collisionCount: 0,
  };
}
