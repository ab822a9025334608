// The resource types the API server serves: what discovery (`kubectl api-resources`) lists for
// each (group, version, kind, plural, singular, short names, namespaced) plus what the store
// needs to keep it (selectable fields, how timestamps are written). Built-in kinds are typed with
// @kubernetes/client-node's models; custom resources (Terway's CRDs) are registered by whoever
// installs the CRD and stored as the plain JSON objects a CRD's REST endpoint returns.
//
// Identity: a resource is named `plural` in the core group and `group/plural` elsewhere
// (`pods`, `apps/deployments`, `network.alibabacloud.com/podenis`), the way RBAC rules and
// `kubectl get <plural>.<group>` name it.

import type {
  CoreV1Event, V1ConfigMap, V1Deployment, V1Namespace, V1Node, V1Pod, V1StatefulSet,
} from '@kubernetes/client-node';
import type { NetworkPolicyObject } from '../api/network-policy.js';
import type { FieldExtractors } from './field-selector.js';

/** Metadata as the store reads and writes it (a subset of metav1.ObjectMeta). */
export interface StoredMeta {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly uid?: string | undefined;
  readonly resourceVersion?: string | undefined;
  readonly generation?: number | undefined;
  readonly labels?: { readonly [key: string]: string } | undefined;
  readonly annotations?: { readonly [key: string]: string } | undefined;
  readonly finalizers?: readonly string[] | undefined;
  readonly creationTimestamp?: Date | string | undefined;
  readonly deletionTimestamp?: Date | string | undefined;
  readonly deletionGracePeriodSeconds?: number | undefined;
}

export interface KubeObject {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata?: StoredMeta | undefined;
}

/** A CRD version's additionalPrinterColumns entry (what `kubectl get` shows for it). */
export interface PrinterColumn {
  readonly name: string;
  /** integer, number, string, boolean or date. */
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  /** 0: always shown; above 0: only with `-o wide`. */
  readonly priority?: number;
  readonly format?: string;
}

export interface ResourceInfo {
  readonly id: string;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** Selectable fields beyond metadata.name and metadata.namespace. */
  readonly fields: FieldExtractors<never>;
  /**
   * Built-in objects carry `Date` timestamps (client-node's models); custom resources carry
   * RFC 3339 strings, as their JSON does.
   */
  readonly timestamps: 'date' | 'rfc3339';
  /**
   * The uid counter objects of this resource draw from. Counters are kept apart so that adding
   * objects of one kind never renumbers another kind's uids (the same rule as cloud ids).
   */
  readonly uidSpace: string;
  /** metadata.generation counts the writes that changed `spec` (workloads, as the API does). */
  readonly tracksGeneration?: boolean;
  /** A custom resource's printer columns; without them `kubectl get` shows NAME and AGE. */
  readonly printerColumns?: readonly PrinterColumn[];
}

/** The types of the built-in resources, by id. */
export interface BuiltinTypes {
  readonly pods: V1Pod;
  readonly nodes: V1Node;
  readonly events: CoreV1Event;
  readonly configmaps: V1ConfigMap;
  readonly namespaces: V1Namespace;
  readonly 'apps/deployments': V1Deployment;
  readonly 'apps/statefulsets': V1StatefulSet;
  readonly 'networking.k8s.io/networkpolicies': NetworkPolicyObject;
}

export type BuiltinId = keyof BuiltinTypes;

export function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

export function resourceId(group: string, plural: string): string {
  return group === '' ? plural : `${group}/${plural}`;
}

const podFields: FieldExtractors<V1Pod> = {
  'spec.nodeName': (pod) => pod.spec?.nodeName ?? '',
  'spec.restartPolicy': (pod) => pod.spec?.restartPolicy ?? '',
  'spec.schedulerName': (pod) => pod.spec?.schedulerName ?? '',
  'spec.serviceAccountName': (pod) => pod.spec?.serviceAccountName ?? '',
  'spec.hostNetwork': (pod) => String(pod.spec?.hostNetwork ?? false),
  'status.phase': (pod) => pod.status?.phase ?? '',
  'status.podIP': (pod) => pod.status?.podIP ?? '',
  'status.nominatedNodeName': (pod) => pod.status?.nominatedNodeName ?? '',
};

const eventFields: FieldExtractors<CoreV1Event> = {
  'involvedObject.kind': (event) => event.involvedObject.kind ?? '',
  'involvedObject.namespace': (event) => event.involvedObject.namespace ?? '',
  'involvedObject.name': (event) => event.involvedObject.name ?? '',
  'involvedObject.uid': (event) => event.involvedObject.uid ?? '',
  'involvedObject.apiVersion': (event) => event.involvedObject.apiVersion ?? '',
  'involvedObject.resourceVersion': (event) => event.involvedObject.resourceVersion ?? '',
  'involvedObject.fieldPath': (event) => event.involvedObject.fieldPath ?? '',
  reason: (event) => event.reason ?? '',
  reportingComponent: (event) => event.reportingComponent ?? '',
  source: (event) => event.source?.component ?? '',
  type: (event) => event.type ?? '',
};

function builtin(fields: Omit<ResourceInfo, 'id' | 'timestamps' | 'fields'> &
  { readonly fields?: FieldExtractors<never> }): ResourceInfo {
  return { ...fields, id: resourceId(fields.group, fields.plural), timestamps: 'date',
    fields: fields.fields ?? {} };
}

/** The built-in resources every simulated API server serves. */
export const builtinResources: readonly ResourceInfo[] = [
  builtin({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod',
    shortNames: ['po'], namespaced: true, fields: podFields as FieldExtractors<never>,
    uidSpace: 'core' }),
  builtin({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node',
    shortNames: ['no'], namespaced: false, uidSpace: 'core',
    fields: { 'spec.unschedulable': (node: V1Node) => String(node.spec?.unschedulable ?? false) },
  }),
  builtin({ group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event',
    shortNames: ['ev'], namespaced: true, fields: eventFields as FieldExtractors<never>,
    uidSpace: 'events' }),
  builtin({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps',
    singular: 'configmap', shortNames: ['cm'], namespaced: true, uidSpace: 'configmaps' }),
  builtin({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces',
    singular: 'namespace', shortNames: ['ns'], namespaced: false, uidSpace: 'namespaces',
    fields: { 'status.phase': (ns: V1Namespace) => ns.status?.phase ?? '' } }),
  builtin({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments',
    singular: 'deployment', shortNames: ['deploy'], namespaced: true, uidSpace: 'apps',
    tracksGeneration: true }),
  builtin({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets',
    singular: 'statefulset', shortNames: ['sts'], namespaced: true, uidSpace: 'apps',
    tracksGeneration: true }),
  builtin({ group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy',
    plural: 'networkpolicies', singular: 'networkpolicy', shortNames: ['netpol'],
    namespaced: true, uidSpace: 'networking', tracksGeneration: true }),
];
