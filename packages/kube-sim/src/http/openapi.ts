// Just enough OpenAPI v3 for kubectl's writes: `kubectl apply`, `replace` and `edit` validate
// the object first, against the server when the server's OpenAPI says it validates fields (the
// kind's PATCH operation takes a `fieldValidation` parameter; kubectl then sends
// `fieldValidation=Strict` and checks nothing itself), else against the full schema. The face
// publishes that operation and a schema naming the kind for the kinds it takes writes of, so
// kubectl leaves validation to the server; the writes check what they accept (writes.ts) and
// do not report unknown fields (docs/differences.md). kubectl builds its patches from the
// types it is compiled with, since no request body schema is described.

import { apiVersionOf, type ResourceInfo } from '../store/resources.js';

/** Schema names of the kinds the face takes writes of, by resource id. */
const writable: Readonly<Record<string, string>> = {
  configmaps: 'io.k8s.api.core.v1.ConfigMap',
  nodes: 'io.k8s.api.core.v1.Node',
  pods: 'io.k8s.api.core.v1.Pod',
  'networking.k8s.io/networkpolicies': 'io.k8s.api.networking.v1.NetworkPolicy',
};

/** `/openapi/v3`: where each group version's document is. */
export function openApiRoot(resources: readonly ResourceInfo[]): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const info of resources) {
    if (writable[info.id] === undefined) continue;
    const path = info.group === '' ? 'api/v1' : `apis/${apiVersionOf(info)}`;
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=terway-sim` };
  }
  return { paths };
}

/** `/openapi/v3/<path>`: the schemas of the writable kinds of that group version. */
export function openApiDocument(groupVersion: string,
  resources: readonly ResourceInfo[]): unknown | undefined {
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const info of resources) {
    const name = writable[info.id];
    if (name === undefined || apiVersionOf(info) !== groupVersion) continue;
    const gvk = { group: info.group, kind: info.kind, version: info.version };
    schemas[name] = { type: 'object', 'x-kubernetes-group-version-kind': [gvk] };
    // kubectl looks for the fieldValidation parameter on the kind's PATCH operation. No
    // request body is described, so kubectl builds its patches from its own types.
    const prefix = info.group === '' ? '/api/v1' : `/apis/${apiVersionOf(info)}`;
    const scope = info.namespaced ? '/namespaces/{namespace}' : '';
    paths[`${prefix}${scope}/${info.plural}/{name}`] = { patch: {
      'x-kubernetes-group-version-kind': gvk,
      parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }],
      responses: { 200: { description: 'OK' } } } };
  }
  if (Object.keys(schemas).length === 0) return undefined;
  return { openapi: '3.0.0', info: { title: 'Kubernetes (terway-sim)', version: 'v1.32.4' },
    paths, components: { schemas } };
}
