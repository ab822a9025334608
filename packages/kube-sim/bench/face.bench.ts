// Issue 12's API-face figure: list requests against an API server holding 30,000 pods on 1,000
// nodes, through the HTTP face in process (fastify's inject: routing, the bearer check, the
// store's list, serialization; no socket). Three lists people's tools make: the first page of
// `kubectl get pods -A` (kubectl asks for 500 rows at a time, as a Table), a kubelet-style list
// of one node's pods (field selector spec.nodeName), and a whole JSON list (an informer's
// initial list, all 30,000 pods).
import type { V1Pod } from '@kubernetes/client-node';
import { createSimEnv } from '@terway-sim/sim-base';
import type { Bench, BenchResult } from '../../../bench/harness.js';
import { ApiServer } from '../src/api/api-server.js';
import { buildKubeServer } from '../src/http/server.js';

const podCount = 30_000;
const nodeCount = 1_000;
const token = 'bench-token';

function pod(index: number): V1Pod {
  return {
    metadata: { namespace: 'default', name: `web-${index}`, labels: { app: 'web' } },
    spec: { nodeName: `node-${index % nodeCount}`,
      containers: [{ name: 'app', image: 'registry.example/web:1' }] },
    status: { phase: 'Running',
      podIP: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

async function listsPerSecond(app: ReturnType<typeof buildKubeServer>, url: string,
  headers: Record<string, string>, minMs: number): Promise<{ rate: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < minMs || count < 3) {
    const reply = await app.inject({ method: 'GET', url,
      headers: { authorization: `Bearer ${token}`, ...headers } });
    if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body}`);
    bytes = reply.body.length;
    count++;
  }
  return { rate: count / ((performance.now() - started) / 1000), bytes };
}

export const benches: Bench[] = [{
  name: 'API face: lists over 30,000 pods',
  async run(): Promise<BenchResult[]> {
    const env = createSimEnv({ seed: 'bench' });
    const api = new ApiServer(env);
    for (let index = 0; index < podCount; index++) api.createPod(pod(index));
    const app = buildKubeServer({ api, clock: env.scheduler }, { token });
    await app.ready();
    const table = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
    const page = await listsPerSecond(app, '/api/v1/pods?limit=500', table, 3000);
    const byNode = await listsPerSecond(app,
      '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-7', {}, 3000);
    const whole = await listsPerSecond(app, '/api/v1/pods', {}, 3000);
    await app.close();
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    return [
      { name: 'kubectl get pods -A: first page (500 rows as a Table)', value: page.rate,
        unit: 'lists/s', target: '≥ 50 lists/s', met: page.rate >= 50, note: mb(page.bytes) },
      { name: 'one node\'s pods (fieldSelector spec.nodeName)', value: byNode.rate,
        unit: 'lists/s', target: '≥ 50 lists/s', met: byNode.rate >= 50,
        note: `${podCount / nodeCount} pods` },
      { name: 'all 30,000 pods as JSON (an informer\'s first list)', value: whole.rate,
        unit: 'lists/s', note: mb(whole.bytes) },
    ];
  },
}];
