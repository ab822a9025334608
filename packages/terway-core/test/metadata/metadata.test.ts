import { createSimEnv, ok, type Result } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { MetadataClient } from '../../src/metadata/client.js';
import { EniInfoGetter } from '../../src/metadata/eni-info.js';
import { newMetadataLatency } from '../../src/metrics/terway-metrics.js';
import type { MetadataFailure, MetadataPort } from '../../src/ports/metadata.js';
import { FakeCloud } from '../../src/testing/fake-cloud.js';

/** A metadata port answering each path from a script of replies (the last one repeats). */
function scriptedPort(script: Record<string,
  Array<string | number>>): MetadataPort & { reads: string[] } {
  const reads: string[] = [];
  const served = new Map<string, number>();
  return {
    reads,
    async get(path: string): Promise<Result<string, MetadataFailure>> {
      reads.push(path);
      const replies = script[path] ?? [404];
      const index = Math.min(served.get(path) ?? 0, replies.length - 1);
      served.set(path, index + 1);
      const reply = replies[index]!;
      return typeof reply === 'string' ? ok(reply) : { ok: false, error: { status: reply,
        message: reply === 0 ? 'connection refused' : `HTTP ${reply}` } };
    },
  };
}

function rig(script: Record<string,
  Array<string | number>>): { env: ReturnType<typeof createSimEnv>; client: MetadataClient;
  port: ReturnType<typeof scriptedPort>; latency: ReturnType<typeof newMetadataLatency> } {
  const env = createSimEnv({ seed: 3 });
  const port = scriptedPort(script);
  const latency = newMetadataLatency();
  const timedPort: MetadataPort = { get: async (path) =>
    { await env.scheduler.sleep(2); return port.get(path); } };
  const client = new MetadataClient({ port: timedPort, scheduler: env.scheduler,
    random: env.rng.stream('metadata.retry'), metrics: { metadataLatency: latency } });
  return { env, client, port, latency };
}

async function run<T>(env: ReturnType<typeof createSimEnv>, work: () =>
  Promise<T>): Promise<{ value: T; endMs: number }> {
  let value: T | undefined;
  env.scheduler.spawn('t', async () => { value = await work(); });
  await env.scheduler.run();
  return { value: value as T, endMs: env.scheduler.nowMs() };
}

describe('MetadataClient retries', () => {
  it('retries 5xx and 429 with 500 ms ×1.2 (jitter 0.1) and returns the value', async () => {
    const { env, client, port } = rig({ 'region-id': [500, 429, 'cn-hangzhou\n'] });
    const out = await run(env, () => client.regionId());
    expect(out.value).toEqual(ok('cn-hangzhou'));
    expect(port.reads).toHaveLength(3);
    // attempts take 2 ms each; waits are jitter(500, 0.1) and jitter(600, 0.1)
    expect(out.endMs).toBeGreaterThanOrEqual(6 + 500 + 600);
    expect(out.endMs).toBeLessThanOrEqual(6 + 550 + 660);
  });

  it('gives up after 4 attempts with the last reason, in Terway\'s words', async () => {
    const { env, client, port, latency } = rig({ 'zone-id': [0, 0, 0, 0, 'never'] });
    const out = await run(env, () => client.zoneId());
    expect(port.reads).toHaveLength(4);
    expect(out.value).toEqual({ ok: false, error: { kind: 'metadata', status: 0,
      url: 'http://100.100.100.200/latest/meta-data/zone-id',
      message: 'get from metaserver failed code: , url: ' +
        'http://100.100.100.200/latest/meta-data/zone-id, err: Get ' +
          '"http://100.100.100.200/latest/meta-data/zone-id": connection refused' } });
    expect(latency.labels({ url: 'http://100.100.100.200/latest/meta-data/zone-id',
      error: 'true' }).count).toBe(4);
  });

  it('does not retry other 4xx; an HTTP error still observes error="false"', async () => {
    const { env, client, port, latency } = rig({ 'vpc-id': [403, 'vpc-1'] });
    const out = await run(env, () => client.vpcId());
    expect(port.reads).toHaveLength(1);
    expect(out.value.ok ? ''
      : out.value.error.message).toBe(
        'get from metaserver failed code: 403, url: ' +
          'http://100.100.100.200/latest/meta-data/vpc-id, err: %!s(<nil>)');
    expect(latency.labels({ url: 'http://100.100.100.200/latest/meta-data/vpc-id',
      error: 'false' }).count).toBe(1);
  });
});

describe('MetadataClient readers', () => {
  const mac = '00:16:3e:00:00:05';
  const base = `network/interfaces/macs/${mac}`;

  it('parses values, arrays, JSON IPv4 lists, bracketed IPv6 lists and CIDRs', async () => {
    const { env, client } = rig({
      'network/interfaces/macs/': [`00:16:3e:00:00:01/\n${mac}/`],
      [`${base}/private-ipv4s`]: ['["192.168.0.10","192.168.0.11"]'],
      [`${base}/ipv6s`]: ['[2408:4000:1::10,2408:4000:1::0011]'],
      [`${base}/vswitch-cidr-block`]: ['192.168.0.0/24'],
      [`${base}/gateway`]: ['192.168.0.253'],
    });
    const out = await run(env, async () => ({ macs: await client.macs(),
      v4: await client.ipv4s(mac), v6: await client.ipv6s(mac),
      cidr: await client.vSwitchCidr(mac), gateway: await client.gateway(mac) }));
    expect(out.value).toEqual({ macs: ok(['00:16:3e:00:00:01', mac]), v4: ok(['192.168.0.10',
      '192.168.0.11']),
      v6: ok(['2408:4000:1::10', '2408:4000:1::11']), cidr: ok('192.168.0.0/24'),
        gateway: ok('192.168.0.253') });
  });

  it('reads a 404 on ipv6s as no IPv6, and reports unparsable bodies', async () => {
    const { env, client } = rig({ [`${base}/private-ipv4s`]: ['not json'],
      [`${base}/vswitch-cidr-block`]: ['192.168.0.0'] });
    const out = await run(env, async () => ({ v6: await client.ipv6s(mac),
      v4: await client.ipv4s(mac), cidr: await client.vSwitchCidr(mac) }));
    expect(out.value.v6).toEqual(ok([]));
    expect(out.value.v4.ok ? ''
      : out.value.v4.error.message).toMatch(/^failed to parse ip, not json, /);
    expect(out.value.cidr.ok ? ''
      : out.value.cidr.error.message).toBe('failed to parse cidr 192.168.0.0');
  });
});

describe('EniInfoGetter', () => {
  it('lists attached secondary ENIs from metadata, skipping the primary MAC', async () => {
    const env = createSimEnv({ seed: 1 });
    const cloud = new FakeCloud({ scheduler: env.scheduler, ids: env.ids }, {
      vSwitches: [{ id: 'vsw-a', zoneId: 'z1', cidr: '10.0.0.0/24', ipv6Cidr: '2408:4000:1::/64' }],
      instances: [{ id: 'i-1', zoneId: 'z1', vSwitchId: 'vsw-a' }],
    });
    const eni = cloud.state.newEni('vsw-a', 'Secondary', 2, 1)!;
    eni.instanceId = 'i-1';
    eni.status = 'InUse';
    cloud.state.publish('i-1', eni, true);
    await env.scheduler.run(); // let the metadata view catch up (500 ms lag)
    const metadata = new MetadataClient({ port: cloud.metadata('i-1'), scheduler: env.scheduler,
      random: env.rng.stream('m') });
    const getter = new EniInfoGetter({ metadata }, { ipv6: true });
    const out = await run(env, () => getter.enis(false));
    expect(out.value).toEqual(ok([{ id: eni.id, mac: eni.mac, securityGroupIds: [],
      vSwitchId: 'vsw-a', primaryIp: { ipv4: '10.0.0.2' },
      gatewayIp: { ipv4: '10.0.0.253', ipv6: '2408:4000:1::1' },
        vSwitchCidr: { ipv4: '10.0.0.0/24', ipv6: '2408:4000:1::/64' },
      trunk: false, erdma: false }]));
    cloud.metadata('i-1').fail(`network/interfaces/macs/${eni.mac}/gateway`, 404);
    const failed = await run(env, () => getter.enis(false));
    expect(failed.value.ok ? ''
      : failed.value.error.message).toBe(
        `error get eni gateway by mac ${eni.mac}, get from metaserver failed code: 404, ` +
      `url: http://100.100.100.200/latest/meta-data/network/interfaces/macs/${eni.mac}/gateway, ` +
        `err: %!s(<nil>)`);
  });
});
