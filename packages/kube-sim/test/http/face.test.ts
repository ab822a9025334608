// The HTTP face driven with inject(): discovery, Tables, paging, watches, and every refusal as
// a Kubernetes Status with the code kubectl expects (401, 403, 404, 405, 409, 410, 415, 400).

import type { V1ConfigMap } from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { startWatch } from '../../src/http/reads.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { parseListQuery, resolveTarget } from '../../src/http/request.js';
import { buildKubeServer } from '../../src/http/server.js';
import { servedCluster } from './served-cluster.js';

const token = 'face-token';
const auth = { authorization: `Bearer ${token}` };

describe('the HTTP face', () => {
  let cluster: Awaited<ReturnType<typeof servedCluster>>;
  let app: FastifyInstance;
  const getJson = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'GET', url, headers: { ...auth, ...headers } });
    return { code: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    cluster = await servedCluster(6);
    app = buildKubeServer({ api: cluster.api, clock: cluster.env.scheduler }, { token });
  });

  it('discovery names resources, short names, scope, verbs and the scale subresource', async () => {
    const core = await getJson('/api/v1');
    const pods = (core.body['resources'] as Array<Record<string, unknown>>)
      .find((resource) => resource['name'] === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'],
      verbs: ['delete', 'get', 'list', 'watch'], categories: ['all'] });
    const apps = await getJson('/apis/apps/v1');
    expect((apps.body['resources'] as Array<Record<string, unknown>>)
      .map((resource) => resource['name'])).toEqual(['deployments', 'deployments/scale',
      'statefulsets', 'statefulsets/scale']);
    const groups = await getJson('/apis');
    expect((groups.body['groups'] as Array<{ name: string }>).map((group) => group.name))
      .toEqual(['apps', 'networking.k8s.io', 'network.alibabacloud.com']);
    expect((await getJson('/version')).body).toMatchObject({ major: '1', minor: '32' });
  });

  it('answers a Table with every column and the wide ones at priority 1', async () => {
    const table = await getJson('/api/v1/nodes',
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(table.body['kind']).toBe('Table');
    const columns = table.body['columnDefinitions'] as Array<{ name: string; priority: number }>;
    expect(columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Status:0',
      'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1',
      'Kernel-Version:1', 'Container-Runtime:1']);
    const rows = table.body['rows'] as Array<{ cells: unknown[]; object: { kind: string } }>;
    expect(rows[0]!.cells.slice(0, 5)).toEqual(['node-0', 'Ready', '<none>', '6m', 'v1.32.4']);
    expect(rows[0]!.object.kind).toBe('PartialObjectMetadata');
    const bare = await getJson('/api/v1/nodes?includeObject=None',
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect((bare.body['rows'] as Array<Record<string, unknown>>)[0]!['object']).toBeUndefined();
  });

  it('pages a list with limit and continue', async () => {
    const first = await getJson('/api/v1/pods?limit=2');
    const meta = first.body['metadata'] as { continue: string; remainingItemCount: number };
    expect((first.body['items'] as unknown[])).toHaveLength(2);
    expect(meta.remainingItemCount).toBe(cluster.api.podCount - 2);
    const rest = await getJson(`/api/v1/pods?continue=${encodeURIComponent(meta.continue)}`);
    const names = [...first.body['items'] as Array<{ metadata: { name: string } }>,
      ...rest.body['items'] as Array<{ metadata: { name: string } }>]
      .map((pod) => pod.metadata.name);
    expect(names).toEqual(cluster.api.listPods().map((pod) => pod.metadata?.name));
  });

  it.each([
    { name: 'no token', method: 'GET', url: '/api/v1/pods', headers: {}, code: 401,
      reason: 'Unauthorized' },
    { name: 'a wrong token', method: 'GET', url: '/api', headers: { authorization: 'Bearer x' },
      code: 401, reason: 'Unauthorized' },
    { name: 'an unknown resource', method: 'GET', url: '/api/v1/leases', code: 404,
      reason: 'NotFound' },
    { name: 'an unknown path', method: 'GET', url: '/healthz/nothing', code: 404,
      reason: 'NotFound' },
    { name: 'a missing pod', method: 'GET', url: '/api/v1/namespaces/default/pods/nope',
      code: 404, reason: 'NotFound', message: 'pods "nope" not found' },
    { name: 'creating a pod', method: 'POST', url: '/api/v1/namespaces/default/pods',
      body: {}, code: 405, reason: 'MethodNotAllowed', message: /terway-sim serves these/ },
    { name: 'deleting a node', method: 'DELETE', url: '/api/v1/nodes/node-0', code: 405,
      reason: 'MethodNotAllowed' },
    { name: 'patching a node spec', method: 'PATCH', url: '/api/v1/nodes/node-0',
      type: 'application/merge-patch+json', body: { spec: { unschedulable: true } },
      code: 403, reason: 'Forbidden', message: /only metadata.labels of a node/ },
    { name: 'server-side apply', method: 'PATCH', url: '/api/v1/nodes/node-0',
      type: 'application/apply-patch+yaml', body: {}, code: 415,
      reason: 'UnsupportedMediaType' },
    { name: 'a bad label selector', method: 'GET', url: '/api/v1/pods?labelSelector=a%20in',
      code: 400, reason: 'BadRequest' },
    { name: 'an unsupported field', method: 'GET', url: '/api/v1/pods?fieldSelector=spec.x%3D1',
      code: 400, reason: 'BadRequest', message: /field label not supported: spec.x/ },
    { name: 'a stale resourceVersion', method: 'PUT',
      url: '/api/v1/namespaces/kube-system/configmaps/eni-config', code: 409,
      reason: 'Conflict', body: { metadata: { name: 'eni-config', namespace: 'kube-system',
        resourceVersion: '1' }, data: {} } },
  ])('refuses $name with a Status $code', async (request) => {
    const response = await app.inject({ method: request.method as 'GET', url: request.url,
      headers: { ...('headers' in request ? request.headers : auth),
        ...('type' in request ? { 'content-type': request.type }
          : 'body' in request ? { 'content-type': 'application/json' } : {}) },
      ...('body' in request ? { payload: JSON.stringify(request.body) } : {}) });
    expect(response.statusCode).toBe(request.code);
    const status = response.json() as Record<string, unknown>;
    expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure',
      code: request.code, reason: request.reason });
    if ('message' in request) expect(status['message']).toMatch(request.message!);
  });

  it('a JSON patch and a merge patch change ConfigMap data', async () => {
    const patch = (type: string, body: unknown) => app.inject({ method: 'PATCH',
      url: '/api/v1/namespaces/kube-system/configmaps/eni-config',
      headers: { ...auth, 'content-type': type }, payload: JSON.stringify(body) });
    expect((await patch('application/json-patch+json',
      [{ op: 'replace', path: '/data/eni_conf', value: '{}' }])).statusCode).toBe(200);
    expect((await patch('application/merge-patch+json',
      { data: { '10-terway.conf': null } })).statusCode).toBe(200);
    const stored = cluster.api.store.get<V1ConfigMap>('configmaps', 'kube-system/eni-config');
    expect(stored?.data).toEqual({ eni_conf: '{}' });
  });

  it('a watch sends ADDED for what exists, then changes; a too-old version is an ERROR 410', () => {
    const store = cluster.api.store;
    const target = resolveTarget(store, 'v1', ['namespaces', 'kube-system', 'configmaps']);
    const query = parseListQuery({});
    if (!target.ok || !query.ok) throw new Error('bad request');
    const lines: string[] = [];
    const stop = startWatch({ store, clock: cluster.env.scheduler }, target.value, query.value,
      false, { write: (line) => lines.push(line), end: () => lines.push('END') });
    store.patch<V1ConfigMap>('configmaps', 'kube-system/eni-config', (draft) => {
      draft.data = { a: 'b' };
    });
    stop();
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type))
      .toEqual(['ADDED', 'MODIFIED']);
    const old = parseListQuery({ resourceVersion: '1' });
    const small = new ObjectStore(cluster.env.scheduler, { historyMax: 1 });
    small.create('configmaps', { metadata: { name: 'a', namespace: 'default' } });
    small.create('configmaps', { metadata: { name: 'b', namespace: 'default' } });
    small.create('configmaps', { metadata: { name: 'c', namespace: 'default' } });
    const errors: string[] = [];
    const smallTarget = resolveTarget(small, 'v1', ['configmaps']);
    if (!smallTarget.ok || !old.ok) throw new Error('bad request');
    startWatch({ store: small, clock: cluster.env.scheduler }, smallTarget.value, old.value, false,
      { write: (line) => errors.push(line), end: () => errors.push('END') });
    expect(JSON.parse(errors[0]!)).toMatchObject({ type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(errors[1]).toBe('END');
  });
});
