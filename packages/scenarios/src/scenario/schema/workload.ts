// What runs on the cluster over time: deployments scaling and rolling, StatefulSets whose pods come
// back with the same name, job churn as a Poisson process, and node groups scaling.

import { z } from 'zod';
import { bounds } from './bounds.js';
import { boundedInt, boundedList, boundedNumber, duration, objectName, stringMap } from './primitives.js';

const podTemplate = {
  nodeSelector: stringMap.default({}),
  annotations: stringMap.default({}),
  labels: stringMap.default({}),
  /** Extended resources requested per pod, e.g. { "aliyun/eni": 1 }. */
  resources: z.record(z.string(), boundedInt(bounds.resource)).default({}),
};

const scaleStep = z.strictObject({ at: duration, replicas: boundedInt(bounds.pods) });

export const deploymentSpec = z.strictObject({
  kind: z.literal('deployment'),
  name: objectName,
  namespace: objectName.default('default'),
  at: duration.default(0),
  replicas: boundedInt(bounds.pods),
  scale: boundedList(scaleStep).default([]),
  /** Rolling updates (maxSurge 25%, maxUnavailable 25%, as Kubernetes' defaults). */
  rollouts: boundedList(z.strictObject({ at: duration })).default([]),
  ...podTemplate,
});

export const statefulSetSpec = z.strictObject({
  kind: z.literal('statefulset'),
  name: objectName,
  namespace: objectName.default('default'),
  at: duration.default(0),
  replicas: boundedInt(bounds.pods),
  scale: boundedList(scaleStep).default([]),
  /** Delete pod `ordinal` at `at`; the controller recreates it under the same name. */
  podDeletions: boundedList(z.strictObject({ at: duration, ordinal: boundedInt(bounds.ordinal) })).default([]),
  ...podTemplate,
});

export const jobChurnSpec = z.strictObject({
  kind: z.literal('jobs'),
  name: objectName,
  namespace: objectName.default('default'),
  from: duration.default(0),
  to: duration,
  /** Mean arrivals per minute (Poisson). */
  perMinute: boundedNumber(bounds.jobsPerMinute, { exclusiveMin: true }),
  /** How long each job pod runs once Ready: log-normal around the median. */
  runFor: z.strictObject({ median: duration, sigma: boundedNumber(bounds.sigma).default(0.5) }),
  ...podTemplate,
});

export const nodeScaleSpec = z.strictObject({
  kind: z.literal('nodes'),
  group: objectName,
  at: duration,
  count: boundedInt(bounds.nodes),
});

export const workloadItem = z.discriminatedUnion('kind', [deploymentSpec, statefulSetSpec, jobChurnSpec, nodeScaleSpec]);
export type WorkloadItem = z.output<typeof workloadItem>;
export type DeploymentSpec = z.output<typeof deploymentSpec>;
export type StatefulSetSpec = z.output<typeof statefulSetSpec>;
export type JobChurnSpec = z.output<typeof jobChurnSpec>;
