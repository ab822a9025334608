// The networking.k8s.io/v1 NetworkPolicy object as the API server stores and serves it (its
// JSON shape, field for field: k8s.io/api networking/v1 types.go). client-node's model names the
// ingress rule's peers `_from`, which JSON.stringify would write as `_from`; the store keeps the
// wire name `from` so that what kubectl applies is what `kubectl get -o yaml` shows.
// kube-sim only stores and prints these; the agent that enforces them belongs to the network
// plugin (world wires Terway's policy agent model to the trace).

import type { V1LabelSelector } from '@kubernetes/client-node';
import type { StoredMeta } from '../store/resources.js';

export interface NetworkPolicyPeer {
  readonly podSelector?: V1LabelSelector;
  readonly namespaceSelector?: V1LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface NetworkPolicyPort {
  /** TCP (the default), UDP or SCTP. */
  readonly protocol?: string;
  /** A port number or the name of a container port of the selected destination pod. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector?: V1LabelSelector;
  readonly policyTypes?: readonly string[];
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  readonly egress?: readonly NetworkPolicyEgressRule[];
}

export interface NetworkPolicyObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: StoredMeta;
  readonly spec?: NetworkPolicySpec;
}

/**
 * The API server's defaults for a NetworkPolicy (k8s.io/kubernetes pkg/apis/networking/v1
 * defaults.go): a port without a protocol is TCP, and absent policyTypes become Ingress, plus
 * Egress when the spec has egress rules. They are stored, so `kubectl get -o yaml` and
 * `kubectl describe` read them as on a real cluster.
 */
export function withNetworkPolicyDefaults<T extends NetworkPolicyObject>(policy: T): T {
  const spec = policy.spec;
  if (spec === undefined || spec === null || typeof spec !== 'object') return policy;
  const ports = (list: readonly NetworkPolicyPort[] | undefined) => list?.map((port) =>
    ({ ...port, protocol: port.protocol ?? 'TCP' }));
  const policyTypes = spec.policyTypes !== undefined && spec.policyTypes.length > 0
    ? spec.policyTypes : (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return { ...policy, spec: {
    ...spec,
    ...(spec.ingress === undefined ? {} : { ingress: spec.ingress.map((rule) => ({ ...rule,
      ...(rule.ports === undefined ? {} : { ports: ports(rule.ports) }) })) }),
    ...(spec.egress === undefined ? {} : { egress: spec.egress.map((rule) => ({ ...rule,
      ...(rule.ports === undefined ? {} : { ports: ports(rule.ports) }) })) }),
    policyTypes,
  } };
}
