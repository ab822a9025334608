// Deployment and StatefulSet objects as `kubectl create` would write them (with the defaults the
// API server fills in: RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds
// 600, OrderedReady), and the writes a user makes to them: scaling (what the /scale subresource
// does: set spec.replicas) and `kubectl rollout restart` (stamp the template with
// `kubectl.kubernetes.io/restartedAt`). The controllers react to these writes through their
// watches, exactly as to writes that come in over HTTP.

import type { V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { err, type Result } from '@terway-sim/sim-base';
import type { ObjectStore } from '../store/object-store.js';
import { statusFailure, type StatusFailure } from '../store/status.js';
import { templateSpec, type PodTemplate } from './pod-template.js';

export interface WorkloadSpec {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly template: PodTemplate;
}

/** The resources that can be scaled, by id. */
export type ScalableId = 'apps/deployments' | 'apps/statefulsets';

export const restartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

export function deploymentObject(spec: WorkloadSpec): V1Deployment {
  const labels = { app: spec.name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { namespace: spec.namespace, name: spec.name, labels },
    spec: {
      replicas: spec.replicas, selector: { matchLabels: labels },
      template: templateSpec(spec.template, labels),
      strategy: { type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    },
  };
}

export function statefulSetObject(spec: WorkloadSpec): V1StatefulSet {
  const labels = { app: spec.name };
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { namespace: spec.namespace, name: spec.name, labels },
    spec: {
      replicas: spec.replicas, selector: { matchLabels: labels }, serviceName: spec.name,
      template: templateSpec(spec.template, labels), podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
    },
  };
}

/** Sets spec.replicas, as a write to the /scale subresource does. */
export function scaleWorkload(store: ObjectStore, id: ScalableId, key: string,
  replicas: number): Result<V1Deployment | V1StatefulSet, StatusFailure> {
  if (!Number.isInteger(replicas) || replicas < 0) {
    return err(statusFailure('Invalid', `Scale.spec.replicas: Invalid value: ${replicas}: ` +
      'must be greater than or equal to 0'));
  }
  return store.patch<V1Deployment | V1StatefulSet>(id, key, (draft) => {
    if (draft.spec !== undefined) draft.spec.replicas = replicas;
  });
}

/** `kubectl rollout restart`: a new template annotation, hence a new revision. */
export function restartDeployment(store: ObjectStore, key: string,
  at: string): Result<V1Deployment, StatusFailure> {
  return store.patch<V1Deployment>('apps/deployments', key, (draft) => {
    const template = draft.spec?.template;
    if (template === undefined) return;
    template.metadata ??= {};
    template.metadata.annotations = { ...template.metadata.annotations,
      [restartedAtAnnotation]: at };
  });
}
