// kubectl's read commands against an object store, in process, printing what the real kubectl
// prints when pointed at the HTTP face over the same store: `get` (table, `-o wide`, `-A`,
// `-o yaml|json`, selectors) and `describe pod|node`. This is what `terway-sim inspect …
// kubectl …` shows at an instant of a run, without a server or a socket.
//
// Resources are named as kubectl resolves them: plural, singular, short name, kind, or
// `plural.group` (`po`, `pod`, `pods`, `deploy`, `podenis.network.alibabacloud.com`). Bad input
// is a value naming what exists.

import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { printerFor } from '../printers/printers.js';
import { buildTable } from '../printers/table.js';
import { parseFieldSelector } from '../store/field-selector.js';
import { parseLabelSelector } from '../store/label-selector.js';
import { objectKey, type ObjectStore } from '../store/object-store.js';
import { apiVersionOf, type KubeObject, type ResourceInfo } from '../store/resources.js';
import { plain } from '../http/wire.js';
import { describeNode, describePod } from './describe.js';
import { describeNetworkPolicy } from './describe-network-policy.js';
import type { NetworkPolicyObject } from '../api/network-policy.js';
import { noResourcesMessage, renderTable } from './get-text.js';
import { toKubectlJson, toYaml } from './yaml.js';

export interface KubectlOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export interface GetRequest {
  readonly resource: string;
  readonly name?: string;
  /** The namespace (default `default`); ignored with `allNamespaces`. */
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly output?: 'wide' | 'yaml' | 'json';
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly showLabels?: boolean;
}

/** kubectl's resolution of a resource argument. */
export function resolveResource(store: ObjectStore,
  argument: string): Result<ResourceInfo, string> {
  const wanted = argument.toLowerCase();
  const found = store.resources().find((info) => [info.plural, info.singular,
    info.kind.toLowerCase(), ...info.shortNames, `${info.plural}.${info.group}`,
    `${info.singular}.${info.group}`].includes(wanted));
  if (found !== undefined) return ok(found);
  const known = store.resources().map((info) => info.group === '' ? info.plural
    : `${info.plural}.${info.group}`).sort().join(', ');
  return err(`error: the server doesn't have a resource type "${argument}" (known: ${known})`);
}

export function kubectlGet(store: ObjectStore, nowMs: number,
  request: GetRequest): Result<KubectlOutput, string> {
  const resolved = resolveResource(store, request.resource);
  if (!resolved.ok) return resolved;
  const info = resolved.value;
  const namespace = !info.namespaced || request.allNamespaces === true ? undefined
    : request.namespace ?? 'default';
  const listed = listFor(store, info, namespace, request);
  if (!listed.ok) return listed;
  const items = listed.value;
  if (request.name !== undefined && items.length === 0) {
    const qualified = info.group === '' ? info.plural : `${info.plural}.${info.group}`;
    return err(`Error from server (NotFound): ${qualified} "${request.name}" not found`);
  }
  const typed = (item: KubeObject): unknown => plain({ ...item, apiVersion: apiVersionOf(info),
    kind: info.kind });
  if (request.output === 'yaml' || request.output === 'json') {
    const document = request.name !== undefined ? typed(items[0]!)
      : { apiVersion: 'v1', items: items.map(typed), kind: 'List',
        metadata: { resourceVersion: '' } };
    const text = request.output === 'yaml' ? toYaml(document) : toKubectlJson(document);
    return ok({ stdout: text, stderr: '' });
  }
  if (items.length === 0) return ok({ stdout: '', stderr: noResourcesMessage(namespace) });
  const table = buildTable(printerFor(info), items, { nowMs, encode: (item) => typed(item) });
  return ok({ stdout: renderTable(table, { wide: request.output === 'wide',
    withNamespace: request.allNamespaces === true && info.namespaced,
    showLabels: request.showLabels === true }), stderr: '' });
}

function listFor(store: ObjectStore, info: ResourceInfo, namespace: string | undefined,
  request: GetRequest): Result<KubeObject[], string> {
  const labels = request.labelSelector === undefined ? ok(undefined)
    : parseLabelSelector(request.labelSelector);
  if (!labels.ok) return err(`error: ${labels.error}`);
  const fields = request.fieldSelector === undefined ? ok(undefined)
    : parseFieldSelector(request.fieldSelector);
  if (!fields.ok) return err(`error: ${fields.error}`);
  if (request.name !== undefined) {
    const found = store.get(info.id, objectKey(namespace, request.name));
    return ok(found === undefined ? [] : [found]);
  }
  const listed = store.list(info.id, { namespace, labelSelector: labels.value,
    fieldSelector: fields.value });
  return listed.ok ? ok(listed.value.items)
    : err(`Error from server (BadRequest): ${listed.error.message}`);
}

/** Events about one object, as `kubectl describe` searches them (by name, namespace, uid). */
function eventsAbout(store: ObjectStore, kind: string, object: KubeObject): CoreV1Event[] {
  const listed = store.list<CoreV1Event>('events');
  if (!listed.ok) return [];
  const { name, namespace, uid } = object.metadata ?? {};
  return listed.value.items.filter((event) => event.involvedObject.kind === kind
    && event.involvedObject.name === name
    && (event.involvedObject.namespace ?? '') === (kind === 'Node' ? '' : namespace ?? '')
    && (event.involvedObject.uid === uid
      || (kind === 'Node' && event.involvedObject.uid === name)));
}

export function kubectlDescribe(store: ObjectStore, nowMs: number, request: {
  readonly resource: string; readonly name: string; readonly namespace?: string;
}): Result<KubectlOutput, string> {
  const resolved = resolveResource(store, request.resource);
  if (!resolved.ok) return resolved;
  const info = resolved.value;
  const policies = info.id === 'networking.k8s.io/networkpolicies';
  if (info.id !== 'pods' && info.id !== 'nodes' && !policies) {
    return err(`describe serves pods, nodes and networkpolicies; ${info.plural} is not one ` +
      'of them');
  }
  const key = info.namespaced ? objectKey(request.namespace ?? 'default', request.name)
    : request.name;
  const object = store.get(info.id, key);
  if (object === undefined) {
    return err(`Error from server (NotFound): ${info.plural} "${request.name}" not found`);
  }
  if (policies) {
    return ok({ stdout: describeNetworkPolicy(object as NetworkPolicyObject), stderr: '' });
  }
  if (info.id === 'pods') {
    return ok({ stdout: describePod(object as V1Pod, eventsAbout(store, 'Pod', object), nowMs),
      stderr: '' });
  }
  const onNode = store.list<V1Pod>('pods', { fieldSelector: [
    { field: 'spec.nodeName', equals: true, value: request.name },
    { field: 'status.phase', equals: false, value: 'Succeeded' },
    { field: 'status.phase', equals: false, value: 'Failed' }] });
  const pods = onNode.ok ? onNode.value.items : [];
  return ok({ stdout: describeNode({ node: object as V1Node, pods, nowMs,
    events: eventsAbout(store, 'Node', object) }), stderr: '' });
}
