// Turns networking.k8s.io/v1 NetworkPolicy objects into the checked, pre-parsed form the
// evaluator (evaluate.ts) reads, once per change rather than once per packet. It applies the
// API's defaults the way the API server and the enforcing agents read them:
// - policyTypes, when absent, is [Ingress], plus Egress when spec.egress has at least one rule;
// - an absent `from`/`to` (or an empty list) matches every peer, an absent `ports` every port;
// - a peer's absent namespaceSelector means the policy's own namespace, an absent podSelector
//   every pod of the selected namespaces; an empty selector ({}) selects everything;
// - a port's absent protocol is TCP, an absent port every port of that protocol, and endPort
//   widens a numeric port to an inclusive range.
// A malformed policy (bad selector, bad CIDR, endPort with a named port) is an error value that
// names the policy and the field, as the API server's validation would have refused it.

import type { V1LabelSelector } from '@kubernetes/client-node';
import {
  labelSelectorFromObject, type LabelSelector, type NetworkPolicyObject, type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from '@terway-sim/kube-sim';
import { err, normalizePrefix, ok, type Result } from '@terway-sim/sim-base';

export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP';

export type CompiledPeer =
  | {
      readonly kind: 'pods';
      /** undefined: the policy's own namespace only. */
      readonly namespaces: LabelSelector | undefined;
      readonly pods: LabelSelector;
    }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly except: readonly string[] };

export interface CompiledPort {
  readonly protocol: PolicyProtocol;
  /** undefined: every port; a string: a container port name on the destination pod. */
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
}

export interface CompiledRule {
  /** undefined: every peer (an absent or empty from/to). */
  readonly peers: readonly CompiledPeer[] | undefined;
  /** undefined: every port. */
  readonly ports: readonly CompiledPort[] | undefined;
}

export interface CompiledPolicy {
  /** `namespace/name`, how verdicts name the policy. */
  readonly key: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  /** undefined when the policy does not cover that direction (policyTypes). */
  readonly ingress: readonly CompiledRule[] | undefined;
  readonly egress: readonly CompiledRule[] | undefined;
}

const protocols: readonly PolicyProtocol[] = ['TCP', 'UDP', 'SCTP'];

/** Compiles one policy; the error names the policy and the offending field. */
export function compilePolicy(policy: NetworkPolicyObject): Result<CompiledPolicy, string> {
  const namespace = policy.metadata?.namespace ?? 'default';
  const key = `${namespace}/${policy.metadata?.name ?? ''}`;
  const fail = (field: string, why: string): Result<CompiledPolicy, string> =>
    err(`NetworkPolicy ${key}: ${field}: ${why}`);
  const spec = policy.spec;
  const podSelector = selector(spec?.podSelector);
  if (!podSelector.ok) return fail('spec.podSelector', podSelector.error);
  const types = spec?.policyTypes ?? ((spec?.egress ?? []).length > 0
    ? ['Ingress', 'Egress'] : ['Ingress']);
  const unknown = types.find((type) => type !== 'Ingress' && type !== 'Egress');
  if (unknown !== undefined) {
    return fail('spec.policyTypes', `"${unknown}" is not Ingress or Egress`);
  }
  const ingress = compileRules(spec?.ingress?.map((rule) => ({ peers: rule.from,
    ports: rule.ports })) ?? [], 'spec.ingress', 'from');
  if (!ingress.ok) return fail(ingress.error.field, ingress.error.why);
  const egress = compileRules(spec?.egress?.map((rule) => ({ peers: rule.to,
    ports: rule.ports })) ?? [], 'spec.egress', 'to');
  if (!egress.ok) return fail(egress.error.field, egress.error.why);
  return ok({
    key, namespace, podSelector: podSelector.value,
    ingress: types.includes('Ingress') ? ingress.value : undefined,
    egress: types.includes('Egress') ? egress.value : undefined,
  });
}

interface RawRule {
  readonly peers: readonly NetworkPolicyPeer[] | undefined;
  readonly ports: readonly NetworkPolicyPort[] | undefined;
}

type FieldError = { readonly field: string; readonly why: string };

function compileRules(rules: readonly RawRule[], field: string,
  peerField: string): Result<CompiledRule[], FieldError> {
  const compiled: CompiledRule[] = [];
  for (const [index, rule] of rules.entries()) {
    const at = `${field}[${index}]`;
    const peers: CompiledPeer[] = [];
    for (const [peerIndex, peer] of (rule.peers ?? []).entries()) {
      const one = compilePeer(peer);
      if (!one.ok) return err({ field: `${at}.${peerField}[${peerIndex}]`, why: one.error });
      peers.push(one.value);
    }
    const ports: CompiledPort[] = [];
    for (const [portIndex, port] of (rule.ports ?? []).entries()) {
      const one = compilePort(port);
      if (!one.ok) return err({ field: `${at}.ports[${portIndex}]`, why: one.error });
      ports.push(one.value);
    }
    compiled.push({ peers: peers.length === 0 ? undefined : peers,
      ports: ports.length === 0 ? undefined : ports });
  }
  return ok(compiled);
}

function compilePeer(peer: NetworkPolicyPeer): Result<CompiledPeer, string> {
  if (peer.ipBlock !== undefined) {
    if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) {
      return err('ipBlock may not be combined with podSelector or namespaceSelector');
    }
    const cidr = normalizePrefix(peer.ipBlock.cidr);
    if (cidr === undefined || !peer.ipBlock.cidr.includes('/')) {
      return err(`ipBlock.cidr "${peer.ipBlock.cidr}" is not a CIDR (a.b.c.d/n)`);
    }
    const except: string[] = [];
    for (const text of peer.ipBlock.except ?? []) {
      const one = normalizePrefix(text);
      if (one === undefined) return err(`ipBlock.except "${text}" is not a CIDR`);
      except.push(one);
    }
    return ok({ kind: 'ipBlock', cidr, except });
  }
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
    return err('a peer needs podSelector, namespaceSelector or ipBlock');
  }
  const pods = selector(peer.podSelector);
  if (!pods.ok) return err(`podSelector: ${pods.error}`);
  if (peer.namespaceSelector === undefined) {
    return ok({ kind: 'pods', namespaces: undefined, pods: pods.value });
  }
  const namespaces = selector(peer.namespaceSelector);
  if (!namespaces.ok) return err(`namespaceSelector: ${namespaces.error}`);
  return ok({ kind: 'pods', namespaces: namespaces.value, pods: pods.value });
}

function compilePort(port: NetworkPolicyPort): Result<CompiledPort, string> {
  const protocol = (port.protocol ?? 'TCP') as PolicyProtocol;
  if (!protocols.includes(protocol)) {
    return err(`protocol "${port.protocol}" is not TCP, UDP or SCTP`);
  }
  const value: unknown = port.port;
  const endPort = port.endPort;
  if (value !== undefined && typeof value !== 'number' && typeof value !== 'string') {
    return err('port must be a number or a container port name');
  }
  const numeric = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (endPort !== undefined) {
    if (typeof numeric !== 'number') {
      return err('endPort needs a numeric port (not a named port, not an absent one)');
    }
    if (endPort < numeric) return err(`endPort ${endPort} is below port ${numeric}`);
  }
  if (typeof numeric === 'number' && (numeric < 1 || numeric > 65535)) {
    return err(`port ${numeric} is outside 1-65535`);
  }
  return ok({ protocol, port: numeric as number | string | undefined, endPort });
}

function selector(object: V1LabelSelector | undefined): Result<LabelSelector, string> {
  return labelSelectorFromObject(object);
}
