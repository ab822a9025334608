// The writes `kubectl apply|create|replace|delete -f policy.yaml` makes for NetworkPolicies:
// create (POST to the namespace's collection), update and patch of spec, labels and annotations
// (apply's second run patches, and keeps its last-applied annotation), and delete. The object is
// checked the way the API server's validation refuses the common mistakes (a bad selector, a
// CIDR that is not one, endPort with a named port), each refusal naming the field.

import { err, normalizePrefix, ok, type Result } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import {
  withNetworkPolicyDefaults, type NetworkPolicyObject, type NetworkPolicyPeer,
} from '../api/network-policy.js';
import { labelSelectorFromObject } from '../store/label-selector.js';
import { objectKey } from '../store/object-store.js';
import { statusFailure } from '../store/status.js';
import { failure, notFound, type Answer } from './reads.js';
import type { Target } from './request.js';
import { plain, typed } from './wire.js';

const serverManaged = ['resourceVersion', 'uid', 'creationTimestamp', 'generation',
  'managedFields', 'selfLink', 'deletionTimestamp'];

/** POST to `/apis/networking.k8s.io/v1/namespaces/NS/networkpolicies`. */
export function createNetworkPolicy(api: ApiServer, target: Target, body: unknown): Answer {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return failure(statusFailure('BadRequest', 'the body of a create is the object as JSON'));
  }
  const object = body as NetworkPolicyObject & { metadata?: Record<string, unknown> };
  const namespace = target.namespace ?? 'default';
  const given = object.metadata?.['namespace'];
  if (given !== undefined && given !== namespace) {
    return failure(statusFailure('BadRequest', `the namespace of the object (${String(given)}) ` +
      `does not match the namespace on the request (${namespace})`));
  }
  const invalid = checkNetworkPolicy(object);
  if (!invalid.ok) return failure(statusFailure('Invalid', invalid.error));
  const metadata: Record<string, unknown> = { ...object.metadata, namespace };
  for (const key of serverManaged) delete metadata[key];
  const created = api.store.create(target.info.id,
    withNetworkPolicyDefaults({ ...object, metadata } as NetworkPolicyObject));
  if (!created.ok) return failure(created.error);
  return { code: 201, body: plain(typed(target.info, created.value)) };
}

/** DELETE of one NetworkPolicy: it goes at once (no finalizers), the answer is the object. */
export function deleteNetworkPolicy(api: ApiServer, target: Target & { name: string }): Answer {
  const key = objectKey(target.namespace, target.name);
  const stored = api.store.get(target.info.id, key);
  if (stored === undefined) return notFound(target);
  const deleted = api.store.delete(target.info.id, key);
  if (!deleted.ok) return failure(deleted.error, target);
  return { code: 200, body: plain(typed(target.info, stored)) };
}

/**
 * The API server's validation of a NetworkPolicy, for what a typo produces: an error naming the
 * policy and the field, or ok.
 */
export function checkNetworkPolicy(policy: NetworkPolicyObject): Result<true, string> {
  const name = `NetworkPolicy.networking.k8s.io "${policy.metadata?.name ?? ''}" is invalid`;
  const spec = policy.spec;
  if (spec === undefined || spec === null || typeof spec !== 'object') {
    return err(`${name}: spec: Required value`);
  }
  const selector = labelSelectorFromObject(spec.podSelector);
  if (!selector.ok) return err(`${name}: spec.podSelector: ${selector.error}`);
  for (const [index, type] of (spec.policyTypes ?? []).entries()) {
    if (type !== 'Ingress' && type !== 'Egress') {
      return err(`${name}: spec.policyTypes[${index}]: Unsupported value: "${type}": ` +
        'supported values: "Ingress", "Egress"');
    }
  }
  const rules = [
    ...(spec.ingress ?? []).map((rule, index) => ({ at: `spec.ingress[${index}]`,
      peers: rule.from ?? [], peerField: 'from', ports: rule.ports ?? [] })),
    ...(spec.egress ?? []).map((rule, index) => ({ at: `spec.egress[${index}]`,
      peers: rule.to ?? [], peerField: 'to', ports: rule.ports ?? [] })),
  ];
  for (const rule of rules) {
    for (const [index, peer] of rule.peers.entries()) {
      const bad = peerProblem(peer);
      if (bad !== undefined) return err(`${name}: ${rule.at}.${rule.peerField}[${index}]${bad}`);
    }
    for (const [index, port] of rule.ports.entries()) {
      const at = `${rule.at}.ports[${index}]`;
      if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
        return err(`${name}: ${at}.protocol: Unsupported value: "${port.protocol}": ` +
          'supported values: "SCTP", "TCP", "UDP"');
      }
      if (port.endPort !== undefined && typeof port.port !== 'number') {
        return err(`${name}: ${at}.endPort: Invalid value: ${port.endPort}: may not be ` +
          'specified when port is non-numeric or absent');
      }
    }
  }
  return ok(true);
}

function peerProblem(peer: NetworkPolicyPeer): string | undefined {
  if (peer.ipBlock !== undefined) {
    if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) {
      return ': Forbidden: may not specify more than 1 peer type (ipBlock with a selector)';
    }
    const cidrs = [peer.ipBlock.cidr, ...(peer.ipBlock.except ?? [])];
    const bad = cidrs.find((cidr) => typeof cidr !== 'string' || !cidr.includes('/')
      || normalizePrefix(cidr) === undefined);
    return bad === undefined ? undefined
      : `.ipBlock: Invalid value: "${String(bad)}": must be a valid CIDR (a.b.c.d/n)`;
  }
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
    return ': Required value: must specify a peer';
  }
  for (const [field, selector] of [['podSelector', peer.podSelector],
    ['namespaceSelector', peer.namespaceSelector]] as const) {
    if (selector === undefined) continue;
    const parsed = labelSelectorFromObject(selector);
    if (!parsed.ok) return `.${field}: ${parsed.error}`;
  }
  return undefined;
}
