// Pod templates and the pods workload controllers make from them. A scenario describes a
// workload's pods in a few fields (node selector, labels, annotations, extended resources); this
// turns them into the `spec.template` of a Deployment or StatefulSet object, and turns a
// template into a pod the way a ReplicaSet or StatefulSet controller stamps one out
// (k8s.io/kubernetes pkg/controller/controller_utils.go, GetPodFromTemplate): the template's
// labels, annotations and spec, plus the controller's own labels and an ownerReference.

import type { V1OwnerReference, V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import type { RandomStream } from '@terway-sim/sim-base';

export interface PodTemplate {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, number>>;
}

/** The image every simulated container runs; nothing pulls it. */
export const appImage = 'registry.example/app:1';

/** A workload's `spec.template` from a scenario's pod template; `labels` win over its own. */
export function templateSpec(template: PodTemplate,
  labels: Readonly<Record<string, string>>): V1PodTemplateSpec {
  const quantities = Object.fromEntries(Object.entries(template.resources)
    .map(([resource, count]) => [resource, String(count)]));
  return {
    metadata: { labels: { ...template.labels, ...labels },
      annotations: { ...template.annotations } },
    spec: {
      nodeSelector: { ...template.nodeSelector },
      containers: [{ name: 'app', image: appImage,
        resources: { requests: quantities, limits: { ...quantities } } }],
    },
  };
}

/** Who a controller's pod belongs to: the ownerReference it carries. */
export interface PodOwner {
  readonly kind: string;
  readonly name: string;
  /** The owner object's uid ('' when the owner is not an object of this API server). */
  readonly uid: string;
}

export function ownerReference(owner: PodOwner): V1OwnerReference {
  return { apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: owner.kind,
    name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true };
}

/** A pod stamped from `template` (copied: the template object stays as it is). */
export function podFromTemplate(options: {
  readonly namespace: string; readonly name: string; readonly template: V1PodTemplateSpec;
  readonly owner: PodOwner; readonly labels?: Readonly<Record<string, string>>;
}): V1Pod {
  const { template } = options;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: options.namespace,
      name: options.name,
      labels: { ...template.metadata?.labels, ...options.labels },
      annotations: { ...template.metadata?.annotations },
      ownerReferences: [ownerReference(options.owner)],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}

/** A job pod straight from a scenario's template (Jobs are not objects here). */
export function buildPod(options: {
  namespace: string; name: string; template: PodTemplate; owner: PodOwner;
  labels?: Record<string, string>;
}): V1Pod {
  return podFromTemplate({ namespace: options.namespace, name: options.name,
    template: templateSpec(options.template, options.labels ?? {}), owner: options.owner });
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix Kubernetes puts on generated pod names. */
export function nameSuffix(stream: RandomStream): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet[stream.int(suffixAlphabet.length)];
  return suffix;
}
