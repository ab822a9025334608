// Terway's metadata client and ENI info getter over the cloud emulator's metadata service: the
// retry loop (against the emulator's metadata faults), the body readers, and the listing of
// attached ENIs. Canned bodies (the scripting decorator) cover text the emulator never sends.
import { ok } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { MetadataClient } from '../../src/metadata/client.js';
import { EniInfoGetter } from '../../src/metadata/eni-info.js';
import { newMetadataLatency } from '../../src/metrics/terway-metrics.js';
import { attachEniAsSetup, cloudRig, runTask, type CloudRig } from '../emulator/cloud-rig.js';

function rig(): { cloud: CloudRig; client: MetadataClient;
  latency: ReturnType<typeof newMetadataLatency> } {
  const cloud = cloudRig({ seed: 3 });
  const latency = newMetadataLatency();
  const client = new MetadataClient({ port: cloud.metadata, scheduler: cloud.env.scheduler,
    random: cloud.env.rng.stream('metadata.retry'), metrics: { metadataLatency: latency } });
  return { cloud, client, latency };
}

async function run<T>(cloud: CloudRig, work: () => Promise<T>): Promise<{ value: T;
  endMs: number }> {
  const startMs = cloud.env.scheduler.nowMs();
  const value = await runTask(cloud.env, work);
  return { value, endMs: cloud.env.scheduler.nowMs() - startMs };
}

describe('MetadataClient retries', () => {
  it('retries 5xx and 429 with 500 ms ×1.2 (jitter 0.1) and returns the value', async () => {
    const { cloud, client } = rig();
    cloud.faults({ kind: 'metadataUnreachable', status: 500, countMax: 1 },
      { kind: 'metadataUnreachable', status: 429, countMax: 1 });
    const out = await run(cloud, () => client.regionId());
    expect(out.value).toEqual(ok('cn-hangzhou'));
    expect(cloud.metadata.reads.map((read) => read.status)).toEqual([500, 429, 200]);
    // attempts take 1 ms each (the emulator's read time); waits are jitter(500, 0.1) and
    // jitter(600, 0.1)
    expect(out.endMs).toBeGreaterThanOrEqual(3 + 500 + 600);
    expect(out.endMs).toBeLessThanOrEqual(3 + 550 + 660);
  });

  it('gives up after 4 attempts with the last reason, in Terway\'s words', async () => {
    const { cloud, client, latency } = rig();
    // No connection: each attempt waits out the 30 s client timeout.
    cloud.faults({ kind: 'metadataUnreachable', countMax: 4 });
    const out = await run(cloud, () => client.zoneId());
    expect(cloud.metadata.reads).toHaveLength(4);
    expect(out.value).toEqual({ ok: false, error: { kind: 'metadata', status: 0,
      url: 'http://100.100.100.200/latest/meta-data/zone-id',
      message: 'get from metaserver failed code: , url: ' +
        'http://100.100.100.200/latest/meta-data/zone-id, err: Get ' +
          '"http://100.100.100.200/latest/meta-data/zone-id": metadata server unreachable' } });
    expect(latency.labels({ url: 'http://100.100.100.200/latest/meta-data/zone-id',
      error: 'true' }).count).toBe(4);
  });

  it('does not retry other 4xx; an HTTP error still observes error="false"', async () => {
    const { cloud, client, latency } = rig();
    cloud.metadata.script('vpc-id', 403);
    const out = await run(cloud, () => client.vpcId());
    expect(cloud.metadata.reads).toHaveLength(1);
    expect(out.value.ok ? ''
      : out.value.error.message).toBe(
        'get from metaserver failed code: 403, url: ' +
          'http://100.100.100.200/latest/meta-data/vpc-id, err: %!s(<nil>)');
    expect(latency.labels({ url: 'http://100.100.100.200/latest/meta-data/vpc-id',
      error: 'false' }).count).toBe(1);
  });
});

describe('MetadataClient readers', () => {
  // A MAC the emulator has not handed out: everything under it is canned or 404.
  const mac = '00:16:3e:ff:ff:05';
  const base = `network/interfaces/macs/${mac}`;

  it('parses values, arrays, JSON IPv4 lists, bracketed IPv6 lists and CIDRs', async () => {
    const { cloud, client } = rig();
    cloud.metadata.script('network/interfaces/macs/', `00:16:3e:00:00:01/\n${mac}/`)
      .script(`${base}/private-ipv4s`, '["192.168.0.10","192.168.0.11"]')
      .script(`${base}/ipv6s`, '[2408:4000:1::10,2408:4000:1::0011]')
      .script(`${base}/vswitch-cidr-block`, '192.168.0.0/24')
      .script(`${base}/gateway`, '192.168.0.253');
    const out = await run(cloud, async () => ({ macs: await client.macs(),
      v4: await client.ipv4s(mac), v6: await client.ipv6s(mac),
      cidr: await client.vSwitchCidr(mac), gateway: await client.gateway(mac) }));
    expect(out.value).toEqual({ macs: ok(['00:16:3e:00:00:01', mac]),
      v4: ok(['192.168.0.10', '192.168.0.11']), v6: ok(['2408:4000:1::10', '2408:4000:1::11']),
      cidr: ok('192.168.0.0/24'), gateway: ok('192.168.0.253') });
  });

  it('reads a 404 on ipv6s as no IPv6, and reports unparsable bodies', async () => {
    const { cloud, client } = rig();
    cloud.metadata.script(`${base}/private-ipv4s`, 'not json')
      .script(`${base}/vswitch-cidr-block`, '192.168.0.0');
    const out = await run(cloud, async () => ({ v6: await client.ipv6s(mac),
      v4: await client.ipv4s(mac), cidr: await client.vSwitchCidr(mac) }));
    expect(cloud.metadata.reads[0]).toMatchObject({ path: `${base}/ipv6s`, status: 404,
      scripted: false });
    expect(out.value.v6).toEqual(ok([]));
    expect(out.value.v4.ok ? ''
      : out.value.v4.error.message).toMatch(/^failed to parse ip, not json, /);
    expect(out.value.cidr.ok ? ''
      : out.value.cidr.error.message).toBe('failed to parse cidr 192.168.0.0');
  });
});

describe('EniInfoGetter', () => {
  it('lists attached secondary ENIs from metadata, skipping the primary MAC', async () => {
    const { cloud, client: metadata } = rig();
    const eniId = await attachEniAsSetup(cloud, { vSwitch: 'vsw-a', secondaryIps: 1, ipv6: 1 });
    const eni = cloud.eni(eniId)!;
    const vSwitch = cloud.cloud.view().vSwitches().find((usage) =>
      usage.vSwitch.id === eni.vSwitchId)!.vSwitch;
    const getter = new EniInfoGetter({ metadata }, { ipv6: true });
    const out = await run(cloud, () => getter.enis(false));
    expect(out.value).toEqual(ok([{ id: eni.id, mac: eni.mac, securityGroupIds: [],
      vSwitchId: eni.vSwitchId, primaryIp: { ipv4: '192.168.0.2' },
      gatewayIp: { ipv4: '192.168.0.253', ipv6: vSwitch.ipv6CidrBlock!.replace(/::\/64$/, '::1') },
      vSwitchCidr: { ipv4: '192.168.0.0/24', ipv6: vSwitch.ipv6CidrBlock! },
      trunk: false, erdma: false }]));
    cloud.metadata.script(`network/interfaces/macs/${eni.mac}/gateway`, 404);
    const failed = await run(cloud, () => getter.enis(false));
    expect(failed.value.ok ? ''
      : failed.value.error.message).toBe(
        `error get eni gateway by mac ${eni.mac}, get from metaserver failed code: 404, ` +
      `url: http://100.100.100.200/latest/meta-data/network/interfaces/macs/${eni.mac}/gateway, ` +
        `err: %!s(<nil>)`);
  });
});
