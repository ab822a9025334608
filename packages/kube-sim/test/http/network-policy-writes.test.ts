// What `kubectl apply|get|delete -f policy.yaml` does against the HTTP face for NetworkPolicies:
// create by POST, read back in the wire shape (`from`, not client-node's `_from`), the Table with
// POD-SELECTOR, a strategic merge patch of the spec (apply's second run), delete, and the API
// server's refusals of a malformed policy naming the field.

import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKubeServer } from '../../src/http/server.js';
import { servedCluster } from './served-cluster.js';

const token = 'netpol-token';
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const collection = '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies';

const allowClient = {
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
  metadata: { name: 'allow-client', namespace: 'default' },
  spec: { podSelector: { matchLabels: { app: 'server' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }],
      ports: [{ protocol: 'TCP', port: 80 }] }] },
};

describe('NetworkPolicies through the HTTP face', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const cluster = await servedCluster(6);
    app = buildKubeServer({ api: cluster.api, clock: cluster.env.scheduler }, { token });
  });

  it('creates, shows, patches and deletes a policy', async () => {
    const created = await app.inject({ method: 'POST', url: collection, headers,
      payload: JSON.stringify(allowClient) });
    expect(created.statusCode).toBe(201);
    const got = await app.inject({ method: 'GET', url: `${collection}/allow-client`, headers });
    expect(got.json()).toMatchObject({ kind: 'NetworkPolicy', spec: allowClient.spec });
    const table = await app.inject({ method: 'GET', url: collection, headers: { ...headers,
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    const rows = (table.json() as { rows: Array<{ cells: unknown[] }> }).rows;
    expect(rows.map((row) => row.cells.slice(0, 2))).toEqual([['allow-client', 'app=server']]);
    const patched = await app.inject({ method: 'PATCH', url: `${collection}/allow-client`,
      headers: { ...headers, 'content-type': 'application/strategic-merge-patch+json' },
      payload: JSON.stringify({ spec: { podSelector: {} } }) });
    expect(patched.statusCode).toBe(200);
    expect((patched.json() as { spec: unknown }).spec).toMatchObject({ podSelector: {} });
    const deleted = await app.inject({ method: 'DELETE', url: `${collection}/allow-client`,
      headers });
    expect(deleted.statusCode).toBe(200);
    const gone = await app.inject({ method: 'GET', url: `${collection}/allow-client`, headers });
    expect(gone.statusCode).toBe(404);
  });

  it.each([
    { name: 'a CIDR that is not one', spec: { podSelector: {},
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1' } }] }] },
      message: 'spec.egress[0].to[0].ipBlock: Invalid value: "10.0.0.1"' },
    { name: 'endPort with a named port', spec: { podSelector: {},
      ingress: [{ ports: [{ port: 'http', endPort: 90 }] }] },
      message: 'spec.ingress[0].ports[0].endPort: Invalid value: 90' },
    { name: 'an unknown protocol', spec: { podSelector: {},
      ingress: [{ ports: [{ protocol: 'ICMP' }] }] },
      message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP"' },
    { name: 'a bad selector operator', spec: { podSelector: { matchExpressions: [
      { key: 'a', operator: 'Is' }] } }, message: 'spec.podSelector: "Is" is not a valid' },
  ])('refuses $name as Invalid, naming the field', async ({ spec, message }) => {
    const response = await app.inject({ method: 'POST', url: collection, headers,
      payload: JSON.stringify({ ...allowClient, metadata: { name: 'bad' }, spec }) });
    expect(response.statusCode).toBe(422);
    expect((response.json() as { message: string }).message).toContain(message);
  });
});
