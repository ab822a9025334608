// The writes the face takes, the ones a trainee or an engineer makes with kubectl, each going
// into the simulation through the API server and its store so that controllers, the scheduler
// and kubelets react as to any other write:
// - `kubectl delete pod`: a graceful delete, as ApiServer.deletePod does it (the kubelet stops
//   the containers, tears the sandbox down with CNI DEL, and the object goes);
// - `kubectl scale deployment|statefulset`: get/update/patch of the /scale subresource, which
//   writes spec.replicas;
// - `kubectl label node`: a patch that changes metadata.labels of a node and nothing else;
// - `kubectl edit|apply|replace` of a ConfigMap: update or patch of its data, binaryData,
//   labels and annotations;
// - `kubectl apply|create|replace|delete` of a NetworkPolicy (policy-writes.ts): create, update
//   or patch of its spec, labels and annotations, and delete.
// Anything else is refused with a Status: 405 MethodNotAllowed for a verb the resource does not
// take here, 403 Forbidden for a change outside the fields above; both say what is supported.

import type { V1ConfigMap, V1Node } from '@kubernetes/client-node';
import { canonicalJson, err, ok, type JsonValue, type Result } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import { withNetworkPolicyDefaults, type NetworkPolicyObject } from '../api/network-policy.js';
import { scaleWorkload, type ScalableId } from '../controllers/workload-objects.js';
import { labelSelectorFromObject, formatLabelSelector } from '../store/label-selector.js';
import { objectKey } from '../store/object-store.js';
import type { KubeObject } from '../store/resources.js';
import { statusFailure, type StatusFailure } from '../store/status.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { checkNetworkPolicy, deleteNetworkPolicy } from './policy-writes.js';
import { failure, notFound, type Answer } from './reads.js';
import type { Target } from './request.js';
import { plain, typed } from './wire.js';

export const supportedWrites = 'terway-sim serves these writes: delete of pods; ' +
  'get/update/patch of deployments/scale and statefulsets/scale; patch of node labels; ' +
  'update and patch of configmaps; create, update, patch and delete of networkpolicies';

const networkPolicies = 'networking.k8s.io/networkpolicies';

export interface WriteRequest {
  readonly method: string;
  readonly target: Target & { readonly name: string };
  readonly contentType: string | undefined;
  readonly body: unknown;
  readonly query: Readonly<Record<string, string | undefined>>;
}

type Json = JsonValue;

export function refuseMethod(method: string, target: Target): Answer {
  const what = target.subresource === undefined ? target.info.plural
    : `${target.info.plural}/${target.subresource}`;
  return failure(statusFailure('MethodNotAllowed',
    `${method} of ${what} is not supported. ${supportedWrites}`));
}

/** Whether `method` on `target` (a named object or its subresource) is a write served here. */
export function writeServed(method: string, target: Target): boolean {
  const id = target.info.id;
  if (id === networkPolicies && target.subresource === undefined) {
    return target.name === undefined ? method === 'POST'
      : ['PUT', 'PATCH', 'DELETE'].includes(method);
  }
  if (target.subresource !== undefined) {
    return target.subresource === 'scale' && (id === 'apps/deployments'
      || id === 'apps/statefulsets') && ['GET', 'PUT', 'PATCH'].includes(method);
  }
  return (id === 'pods' && method === 'DELETE') || (id === 'nodes' && method === 'PATCH')
    || (id === 'configmaps' && (method === 'PUT' || method === 'PATCH'));
}

export function write(api: ApiServer, request: WriteRequest): Answer {
  const { method, target } = request;
  const id = target.info.id;
  if (!writeServed(method, target)) return refuseMethod(method, target);
  if (id === 'apps/deployments' || id === 'apps/statefulsets') return scale(api, request, id);
  if (id === 'pods') return deletePod(api, request);
  if (id === networkPolicies) {
    return method === 'DELETE' ? deleteNetworkPolicy(api, target)
      : changeObject(api, request, networkPolicyFields);
  }
  return changeObject(api, request, id === 'nodes' ? nodeFields : configMapFields);
}

function deletePod(api: ApiServer, request: WriteRequest): Answer {
  const key = objectKey(request.target.namespace, request.target.name);
  const pod = api.getPod(key);
  if (pod === undefined) return notFound(request.target);
  const options = request.body as { gracePeriodSeconds?: unknown } | undefined;
  const graceText = request.query['gracePeriodSeconds'];
  const grace = typeof options?.gracePeriodSeconds === 'number' ? options.gracePeriodSeconds
    : graceText === undefined ? undefined : Number(graceText);
  api.deletePod(key, grace === undefined || Number.isNaN(grace) ? {}
    : { gracePeriodSeconds: grace });
  const after = api.getPod(key) ?? pod;
  return { code: 200, body: plain(typed(request.target.info, after)) };
}

/** What a change may touch: the fields that are compared must stay as they are. */
interface Changeable {
  readonly what: string;
  /** The object with the changeable fields (and server-managed metadata) taken out. */
  readonly fixed: (object: Record<string, Json>) => Json;
  /** Copies the changeable fields from the changed object onto the stored one. */
  readonly apply: (stored: KubeObject, changed: Record<string, Json>) => KubeObject;
}

const serverManaged = ['resourceVersion', 'uid', 'creationTimestamp', 'generation',
  'managedFields', 'selfLink'];

function without(object: Record<string, Json>, keys: readonly string[],
  metaKeys: readonly string[]): Json {
  const copy: Record<string, Json> = { ...object };
  for (const key of [...keys, 'apiVersion', 'kind']) delete copy[key];
  const meta: Record<string, Json> = { ...copy['metadata'] as Record<string, Json> | undefined };
  for (const key of [...serverManaged, ...metaKeys]) delete meta[key];
  copy['metadata'] = meta;
  return copy;
}

const nodeFields: Changeable = {
  what: 'only metadata.labels of a node can be changed (kubectl label node)',
  fixed: (object) => without(object, [], ['labels']),
  apply: (stored, changed) => {
    const labels = (changed['metadata'] as { labels?: Record<string, string> }).labels;
    const node = stored as V1Node;
    return { ...node, metadata: { ...node.metadata, labels: { ...labels } } } as KubeObject;
  },
};

const configMapFields: Changeable = {
  what: 'only data, binaryData, labels and annotations of a ConfigMap can be changed',
  fixed: (object) => without(object, ['data', 'binaryData'], ['labels', 'annotations']),
  apply: (stored, changed) => {
    const meta = changed['metadata'] as { labels?: Record<string, string>;
      annotations?: Record<string, string> };
    const configMap = stored as V1ConfigMap;
    const { data: _data, binaryData: _binary, ...rest } = configMap;
    return { ...rest,
      metadata: { ...configMap.metadata, labels: meta.labels, annotations: meta.annotations },
      ...(changed['data'] === undefined ? {} : { data: changed['data'] }),
      ...(changed['binaryData'] === undefined ? {} : { binaryData: changed['binaryData'] }),
    } as KubeObject;
  },
};

const networkPolicyFields: Changeable = {
  what: 'only spec, labels and annotations of a NetworkPolicy can be changed',
  fixed: (object) => without(object, ['spec'], ['labels', 'annotations']),
  apply: (stored, changed) => {
    const meta = changed['metadata'] as { labels?: Record<string, string>;
      annotations?: Record<string, string> };
    return withNetworkPolicyDefaults({ ...stored, spec: changed['spec'],
      metadata: { ...stored.metadata, labels: meta.labels, annotations: meta.annotations },
    } as NetworkPolicyObject);
  },
};

function changeObject(api: ApiServer, request: WriteRequest, rules: Changeable): Answer {
  const { target } = request;
  const key = objectKey(target.namespace, target.name);
  const stored = api.store.get(target.info.id, key);
  if (stored === undefined) return notFound(target);
  const current = plain(typed(target.info, stored)) as Record<string, Json>;
  const changed = changedObject(request, current);
  if (!changed.ok) return failure(changed.error, target);
  const next = changed.value;
  const meta = next['metadata'] as { name?: unknown; resourceVersion?: unknown } | undefined;
  if (meta?.name !== undefined && meta.name !== target.name) {
    return failure(statusFailure('BadRequest', `the name of the object (${String(meta.name)}) ` +
      `does not match the name on the URL (${target.name})`), target);
  }
  const invalid = stringMaps(target.info.kind, next);
  if (invalid !== undefined) return failure(statusFailure('BadRequest', invalid), target);
  if (target.info.id === networkPolicies) {
    const checked = checkNetworkPolicy(next as NetworkPolicyObject);
    if (!checked.ok) return failure(statusFailure('Invalid', checked.error), target);
  }
  if (canonicalJson(rules.fixed(next)) !== canonicalJson(rules.fixed(current))) {
    return failure(statusFailure('Forbidden', `${rules.what}. ${supportedWrites}`), target);
  }
  const precondition = typeof meta?.resourceVersion === 'string' ? meta.resourceVersion
    : undefined;
  const updated = api.store.update(target.info.id, { ...rules.apply(stored, next),
    metadata: { ...rules.apply(stored, next).metadata, resourceVersion: precondition } });
  if (!updated.ok) return failure(updated.error, target);
  return { code: 200, body: plain(typed(target.info, updated.value)) };
}

/** Labels, annotations and ConfigMap data hold strings only, as their Go types say. */
function stringMaps(kind: string, object: Record<string, Json>): string | undefined {
  const meta = object['metadata'] as Record<string, Json> | undefined;
  const maps: Array<[string, Json | undefined]> = [['metadata.labels', meta?.['labels']],
    ['metadata.annotations', meta?.['annotations']], ['data', object['data']],
    ['binaryData', object['binaryData']]];
  for (const [field, map] of maps) {
    if (map === undefined || map === null) continue;
    const bad = typeof map !== 'object' || Array.isArray(map) ? field
      : Object.entries(map).find(([, value]) => typeof value !== 'string')?.[0];
    if (bad !== undefined) {
      return `${kind} in version "v1" cannot be handled as a ${kind}: ${field}` +
        `${bad === field ? '' : `.${bad}`}: expected a string`;
    }
  }
  return undefined;
}

function changedObject(request: WriteRequest,
  current: Record<string, Json>): Result<Record<string, Json>, StatusFailure> {
  if (request.method === 'PUT') {
    if (request.body === null || typeof request.body !== 'object') {
      return err(statusFailure('BadRequest', 'the body of a PUT is the whole object as JSON'));
    }
    return ok(request.body as Record<string, Json>);
  }
  const type = patchTypeOf(request.contentType);
  if (!type.ok) return type;
  const patched = applyPatch(type.value, current, request.body as Json);
  if (!patched.ok) return patched;
  if (patched.value === null || typeof patched.value !== 'object'
    || Array.isArray(patched.value)) {
    return err(statusFailure('BadRequest', 'the patch did not leave an object'));
  }
  return ok(patched.value as Record<string, Json>);
}

function scale(api: ApiServer, request: WriteRequest, id: ScalableId): Answer {
  const { target } = request;
  const key = objectKey(target.namespace, target.name);
  const stored = api.store.get<KubeObject & { spec?: { replicas?: number;
    selector?: object }; status?: { replicas?: number } }>(id, key);
  if (stored === undefined) return notFound(target);
  const current = scaleObject(stored);
  if (request.method === 'GET') return { code: 200, body: current };
  const changed = changedObject(request, current as Record<string, Json>);
  if (!changed.ok) return failure(changed.error, target);
  const replicas = (changed.value['spec'] as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number') {
    return failure(statusFailure('Invalid', 'Scale.spec.replicas: Required value'), target);
  }
  const scaled = scaleWorkload(api.store, id, key, replicas);
  if (!scaled.ok) return failure(scaled.error, target);
  return { code: 200, body: scaleObject(scaled.value as typeof stored) };
}

/** The autoscaling/v1 Scale of a workload. */
function scaleObject(object: KubeObject & { spec?: { replicas?: number; selector?: object };
  status?: { replicas?: number } }): Json {
  const selector = labelSelectorFromObject(object.spec?.selector ?? {});
  const meta = plain({ metadata: object.metadata }) as { metadata: Record<string, Json> };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = meta.metadata;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: name ?? null, namespace: namespace ?? null, uid: uid ?? null,
      resourceVersion: resourceVersion ?? null, creationTimestamp: creationTimestamp ?? null },
    spec: { replicas: object.spec?.replicas ?? 0 },
    status: { replicas: object.status?.replicas ?? 0,
      selector: selector.ok ? formatLabelSelector(selector.value) : '' },
  };
}
