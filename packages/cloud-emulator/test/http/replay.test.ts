// Replay protection. A seeded fuzz of 5,000 hostile requests replays signed ones, re-serialized
// in every way the v1 signature does not cover (pair order, query or form body); no replay of
// an accepted request may be accepted again. Before the fix one DescribeVpcs replay in a few
// hundred was: its first sending carried SignatureNonce twice, both signed, and the replay put
// the other value first. Then the window: a nonce is kept for as long as its timestamp can pass,
// and a flood fills the table instead of making it forget.
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/http/auth.js';
import { buildServer, CloudEmulator } from '../../src/index.js';
import { buildTestWorld } from '../../src/testing/index.js';
import { HostileClient } from './hostile-client.js';
import { pairsQuery, v1Query, v1SignedPairs } from './signing.js';

const key = { accessKeyId: 'AK', accessKeySecret: 'SK' };
const skewMs = 15 * 60_000;

interface Answer {
  readonly status: number;
  readonly code: string;
}

function describeVpcs(nonce: string, extra: Record<string, string> = {}): string {
  return `/?${v1Query({ Action: 'DescribeVpcs', Version: '2016-04-28', RegionId: 'cn-hangzhou',
    ...extra }, { key, nonce })}`;
}

describe('replay protection', () => {
  it('accepts no replay in a seeded fuzz of 5,000 hostile requests', async () => {
    const world = buildTestWorld({ instances: 2,
      cloud: { latency: 'zero', rateLimitDefault: 1_000_000 } });
    const app = buildServer(world.cloud, { keys: [key] });
    const client = new HostileClient({ key, seed: 377, replayPerMille: 75,
      describeVpcsPerMille: 800, instanceIds: world.instanceIds, vSwitchIds: world.vSwitchIds });
    const answers: Answer[] = [];
    const acceptedReplays: string[] = [];
    let replaysOfAccepted = 0;
    for (let index = 0; index < 5000; index++) {
      const request = client.next();
      const response = await app.inject(request.options);
      const json = String(response.headers['content-type']).startsWith('application/json');
      const code = response.statusCode === 200 || !json ? String(response.statusCode)
        : String((JSON.parse(response.body) as { Code?: string }).Code);
      answers.push({ status: response.statusCode, code });
      client.answered(response.statusCode);
      if (request.kind !== 'replay' || answers[request.original!]!.status !== 200) continue;
      replaysOfAccepted++;
      if (code !== 'SignatureNonceUsed') {
        acceptedReplays.push(`request ${index} (${code}) replays ${request.original}: ` +
          String(client.at(request.original!).options.url));
      }
    }
    await app.close();
    expect(acceptedReplays).toEqual([]);
    expect(replaysOfAccepted).toBeGreaterThan(300);
  });

  it('refuses a protocol parameter given twice, in either order', async () => {
    const cloud = new CloudEmulator(createSimEnv({ seed: 1 }), { latency: 'zero' });
    const app = buildServer(cloud, { keys: [key] });
    const pairs = v1SignedPairs([['Action', 'DescribeVpcs'], ['Version', '2016-04-28'],
      ['RegionId', 'cn-hangzhou'], ['SignatureNonce', 'second']], { key, nonce: 'first' });
    const reordered = [...pairs].reverse();
    const answers = [];
    for (const order of [pairs, reordered]) {
      const response = await app.inject({ method: 'POST', url: `/?${pairsQuery(order)}` });
      const body = JSON.parse(response.body) as { Code: string };
      answers.push(`${response.statusCode} ${body.Code}`);
    }
    await app.close();
    expect(answers).toEqual(['400 InvalidParameter', '400 InvalidParameter']);
  });

  it('does not let an unsigned header change the action of a v1 request', async () => {
    const cloud = new CloudEmulator(createSimEnv({ seed: 1 }), { latency: 'zero' });
    const app = buildServer(cloud, { keys: [key] });
    const answer = async (nonce: string, headers: Record<string, string>) => {
      const response = await app.inject({ method: 'POST', url: describeVpcs(nonce), headers });
      return (JSON.parse(response.body) as { Code?: string }).Code ?? 'OK';
    };
    expect(await answer('a', { 'x-acs-action': 'CreateVpc' })).toBe('InvalidParameter');
    expect(await answer('b', { 'x-acs-version': '2014-05-26' })).toBe('InvalidParameter');
    expect(await answer('c', { 'x-acs-action': 'DescribeVpcs',
      'x-acs-version': '2016-04-28' })).toBe('OK');
    await app.close();
  });

  it('keeps a nonce for as long as its timestamp can pass, then forgets it', async () => {
    const env = createSimEnv({ seed: 1 });
    const cloud = new CloudEmulator(env, { latency: 'zero' });
    const app = buildServer(cloud, { keys: [key] });
    // Stamped at the far edge of the window: valid from now until 2 × skew from now.
    const url = `/?${v1Query({ Action: 'DescribeVpcs', Version: '2016-04-28',
      RegionId: 'cn-hangzhou' }, { key, nonce: 'edge', timestamp: '2026-01-01T00:15:00Z' })}`;
    const codeAt = async (atMs: number) => {
      env.scheduler.runSync({ untilMs: atMs });
      const response = await app.inject({ method: 'POST', url });
      return (JSON.parse(response.body) as { Code?: string }).Code ?? 'OK';
    };
    expect([await codeAt(0), await codeAt(skewMs), await codeAt(2 * skewMs),
      await codeAt(2 * skewMs + 1000)])
      .toEqual(['OK', 'SignatureNonceUsed', 'SignatureNonceUsed', 'InvalidTimeStamp.Expired']);
    await app.close();
  });

  it('refuses new requests while a flood fills the window, and forgets nothing early', () => {
    const clock = { nowMs: Date.parse('2026-01-01T00:00:00Z'), wallMs() { return this.nowMs; } };
    const auth = new Authenticator({ keys: [key], noncesMax: 100_000 }, clock);
    const request = (nonce: string, timestamp?: string) => {
      const pairs = v1SignedPairs([['Action', 'DescribeVpcs'], ['Version', '2016-04-28']],
        { key, nonce, ...(timestamp === undefined ? {} : { timestamp }) })
        .map(([name, value]) => ({ key: name, value }));
      return auth.authenticate({ method: 'POST', path: '/', rawQuery: '', headers: {},
        body: Buffer.alloc(0), pairs });
    };
    const first = request('flood-0');
    expect(first.ok).toBe(true);
    let accepted = 1;
    for (let index = 1; index <= 100_000; index++) if (request(`flood-${index}`).ok) accepted++;
    expect(accepted).toBe(100_000);
    expect(request('flood-0')).toEqual({ ok: false, error: { error: expect.objectContaining({
      code: 'SignatureNonceUsed' }) } });
    expect(request('one-more')).toEqual({ ok: false, error: { error: expect.objectContaining({
      code: 'Throttling.User' }), retryAfterMs: 2 * skewMs + 1 } });
    clock.nowMs += 2 * skewMs + 1;
    expect(request('one-more', '2026-01-01T00:30:00Z').ok).toBe(true);
    expect(auth.noncesHeld).toBe(1);
  });
});
