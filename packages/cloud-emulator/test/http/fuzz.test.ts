// A seeded fuzz of 20,000 hostile requests against the HTTP face (in process, through fastify's
// inject): signed requests with strange actions, parameters, nonces and timestamps; unsigned,
// wrongly signed and tampered ones; replays; metadata reads and unknown paths. Whatever comes,
// the face must answer no 5xx, answer every RPC and unknown path in the cloud's JSON envelope,
// accept no unsigned request and no replay, and keep /metrics valid Prometheus text.
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/index.js';
import { buildTestWorld } from '../../src/testing/index.js';
import { HostileClient, type HostileRequest } from './hostile-client.js';
import { parsePrometheusText, promtoolProblems } from './prometheus-text.js';

const key = { accessKeyId: 'LTAI5tFuzzKey', accessKeySecret: 'FuzzSecret0123456789abcdefghij' };
const requestsTotal = 20_000;
const envelopeKeys = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];

interface Served {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** What is wrong with one answer, or null. */
function problemOf(request: HostileRequest, served: Served): string | null {
  if (served.status >= 500) return `status ${served.status}`;
  if (request.kind === 'metadata') {
    return served.contentType.startsWith('text/plain') ? null : `metadata as ${served.contentType}`;
  }
  if (request.kind === 'metrics') return served.status === 200 ? null : `metrics ${served.status}`;
  if (served.contentType !== 'application/json;charset=utf-8') {
    return `content-type ${served.contentType}`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(served.body) as Record<string, unknown>;
  } catch {
    return 'a body that is not JSON';
  }
  if (typeof body.RequestId !== 'string') return 'no RequestId';
  if (served.status === 200) {
    return request.kind === 'signed' ? null : `a ${request.kind} request was accepted`;
  }
  const missing = envelopeKeys.filter((name) => typeof body[name] !== 'string');
  return missing.length === 0 ? null : `an error without ${missing.join(', ')}`;
}

describe('the HTTP face under a seeded fuzz', () => {
  it(`answers ${requestsTotal} hostile requests: no 5xx, all in the envelope, no false accept`,
    async () => {
    // APIs without a Terway budget are not flow-controlled here, so that many calls succeed.
    const world = buildTestWorld({ instances: 3,
      cloud: { latency: 'zero', rateLimitDefault: 1_000_000 } });
    const app = buildServer(world.cloud, { keys: [key] });
    const client = new HostileClient({ key, seed: 20_000, replayPerMille: 50,
      describeVpcsPerMille: 400, instanceIds: world.instanceIds, vSwitchIds: world.vSwitchIds });
    const problems: string[] = [];
    const accepted = new Map<string, number>();
    for (let index = 0; index < requestsTotal; index++) {
      const request = client.next();
      const response = await app.inject(request.options);
      client.answered(response.statusCode);
      const served = { status: response.statusCode, body: response.body,
        contentType: String(response.headers['content-type']) };
      const problem = problemOf(request, served);
      if (problem !== null && problems.length < 20) {
        problems.push(`request ${index} (${request.kind} ${request.options.method ?? ''} ` +
          `${String(request.options.url).slice(0, 120)}): ${problem}`);
      }
      if (served.status === 200) accepted.set(request.kind, (accepted.get(request.kind) ?? 0) + 1);
    }
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    expect(problems).toEqual([]);
    expect(accepted.get('signed')).toBeGreaterThan(1000);
    expect(accepted.get('unsigned') ?? 0).toBe(0);
    expect(accepted.get('replay') ?? 0).toBe(0);
    expect(parsePrometheusText(metrics).problems).toEqual([]);
    expect(promtoolProblems(metrics) ?? '').toBe('');
  });
});
