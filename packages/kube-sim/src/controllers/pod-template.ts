// Builds the pods workload controllers create, from a scenario's pod template (selector, labels,
// annotations, extended resources) and the owner that Terway's sticky-IP logic looks at.

import type { V1Pod } from '@kubernetes/client-node';
import type { RandomStream } from '@terway-sim/sim-base';

export interface PodTemplate {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, number>>;
}

export function buildPod(options: {
  namespace: string; name: string; template: PodTemplate; owner: { kind: string; name: string }; labels?: Record<string, string>;
}): V1Pod {
  const quantities = Object.fromEntries(Object.entries(options.template.resources).map(([resource, count]) => [resource, String(count)]));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: options.namespace,
      name: options.name,
      labels: { ...options.template.labels, ...options.labels },
      annotations: { ...options.template.annotations },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: options.owner.kind, name: options.owner.name, uid: '', controller: true }],
    },
    spec: {
      nodeSelector: { ...options.template.nodeSelector },
      containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests: quantities, limits: quantities } }],
    },
  };
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix Kubernetes puts on generated pod names. */
export function nameSuffix(stream: RandomStream): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet[stream.int(suffixAlphabet.length)];
  return suffix;
}
