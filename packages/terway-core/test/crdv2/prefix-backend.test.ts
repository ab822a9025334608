// The daemon's prefix-mode backend over a fake CR store, after Terway's pkg/eni/
// local_delegate_test.go: addresses come from the Node CR's prefixes without the controlplane
// binding the pod, an allocation waits for the next CR change when nothing is free, a restart
// restores stored allocations, and a release gives the address back.

import { Context, createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { PrefixBackend } from '../../src/crdv2/prefix-backend.js';
import { silentLogger } from '../../src/log/logger.js';
import {
  LocalIpRequest, type AllocResponse, type CniContext, type LocalIpResource,
} from '../../src/pool/types.js';
import type { NodeCr } from '../../src/ports/crd.js';
import type { IpPrefix } from '../../src/prefix/types.js';
import { emptyPodResources, type PodResources } from '../../src/store/records.js';
import { FakeCrd } from '../../src/testing/fake-crd.js';
import { nic } from '../controlplane/multi-ip/fixtures.js';

function cniOf(name: string): CniContext {
  return { podName: name, podNamespace: 'default', podId: `default/${name}`,
    podUid: `u-${name}`, netnsPath: '/proc/1/ns/net' };
}

function nodeCr(prefixes: readonly IpPrefix[]): NodeCr {
  return { metadata: { name: 'n1' }, spec: { nodeMetadata: { regionID: 'r', instanceType: 't',
    instanceID: 'i', zoneID: 'z' }, nodeCap: { adapters: 4, totalAdapters: 4, ipv4PerAdapter: 10,
    ipv6PerAdapter: 10, memberAdapterLimit: 0, maxMemberAdapterLimit: 0, eriQuantity: 0 },
  flavor: [], eni: { enableTrunk: false, enableIPPrefix: true, ipv4PrefixCount: 1 } },
  status: { networkInterfaces: { 'eni-a': nic('eni-a', [{ ip: '10.0.0.5', primary: true }],
    { macAddress: '00:16:3e:00:00:01', ipv4CIDR: '10.0.0.0/24', ipv4Prefix: prefixes }) } } };
}

/** A stored ENIIP record of `default/<name>` on eni-a. */
function stored(name: string, ipv4: string): PodResources {
  return { ...emptyPodResources(), Resources: [{ type: 'eniIp', id: '', extra_eip_info: null,
    eni_id: 'eni-a', eni_mac: '', ipv4, ipv6: '' }],
  PodInfo: { Name: name, Namespace: 'default', TcIngress: 0, TcEgress: 0, PodNetworkType: '',
    PodIP: '', PodIPs: { IPv4: null, IPv6: null }, SandboxExited: false, PodENI: false,
    PodUID: '', NetworkPriority: '', ERdma: false, IPStickTime: 0, CreateTime: '' } };
}

async function setUp(prefixes: readonly IpPrefix[], records: readonly PodResources[] = []):
  Promise<{ env: ReturnType<typeof createSimEnv>; crd: FakeCrd; backend: PrefixBackend;
    root: Context }> {
  const env = createSimEnv({ seed: 1 });
  const crd = new FakeCrd(env.scheduler);
  await crd.create('Node', nodeCr(prefixes));
  const backend = new PrefixBackend({ scheduler: env.scheduler, crd, logger: silentLogger() },
    { nodeName: 'n1', ipv4: true, ipv6: false });
  const root = Context.background(env.scheduler);
  env.scheduler.spawn('run', () => backend.run(root, records));
  await env.scheduler.run({ untilMs: 10 });
  return { env, crd, backend, root };
}

async function allocate(setup: Awaited<ReturnType<typeof setUp>>, name: string,
  untilMs: number): Promise<AllocResponse | undefined> {
  const offer = setup.backend.allocate(setup.root.withTimeout(30_000).ctx, cniOf(name),
    new LocalIpRequest());
  if (!offer.accepted) throw new Error('declined');
  let answer: AllocResponse | undefined;
  void offer.reply.then((reply) => { answer = reply; });
  await setup.env.scheduler.run({ untilMs });
  return answer;
}

function ipv4Of(answer: AllocResponse | undefined): string | undefined {
  return (answer?.resources[0] as LocalIpResource | undefined)?.ipv4;
}

describe('LocalDelegate allocation (local_delegate_test.go)', () => {
  it('answers from a Valid prefix at once, with the ENI and the vSwitch gateway', async () => {
    const setup = await setUp([{ prefix: '10.0.0.16/28', status: 'Valid' }]);
    const answer = await allocate(setup, 'a', 20);
    const resource = answer?.resources[0] as LocalIpResource | undefined;
    expect([resource?.ipv4, resource?.eni.id, resource?.eni.gatewayIp.ipv4])
      .toEqual(['10.0.0.16', 'eni-a', '10.0.0.253']);
    expect(setup.backend.priority()).toBe(200);
  });

  it('waits for the next Node CR change when no prefix has room, then answers', async () => {
    const setup = await setUp([]);
    const offer = setup.backend.allocate(setup.root.withTimeout(30_000).ctx, cniOf('a'),
      new LocalIpRequest());
    if (!offer.accepted) throw new Error('declined');
    let answer: AllocResponse | undefined;
    void offer.reply.then((reply) => { answer = reply; });
    await setup.env.scheduler.run({ untilMs: 5_000 });
    expect(answer).toBeUndefined();
    setup.env.scheduler.spawn('prefix', () => setup.crd.update('Node',
      nodeCr([{ prefix: '10.0.0.32/28', status: 'Valid' }])));
    await setup.env.scheduler.run({ untilMs: 6_000 });
    expect(ipv4Of(answer)).toBe('10.0.0.32');
  });

  it('times out when no prefix ever comes', async () => {
    const setup = await setUp([{ prefix: '10.0.0.16/28', status: 'Frozen' }]);
    expect((await allocate(setup, 'a', 40_000))?.error).toBe('allocate IP timeout');
  });

  it('declines PodENI (RemoteIP) requests', async () => {
    const { backend, root } = await setUp([]);
    expect(backend.allocate(root, cniOf('a'), { type: 'RemoteIP' }).accepted).toBe(false);
  });
});

describe('LocalDelegate restore and release (local_delegate_test.go doInit, Release)', () => {
  it('a restarted daemon never hands out a stored address again', async () => {
    const setup = await setUp([{ prefix: '10.0.0.16/28', status: 'Valid' }],
      [stored('old', '10.0.0.16')]);
    expect(ipv4Of(await allocate(setup, 'a', 20))).toBe('10.0.0.17');
  });

  it('a released address is handed out again', async () => {
    const setup = await setUp([{ prefix: '10.0.0.16/28', status: 'Valid' }]);
    const first = (await allocate(setup, 'a', 20))!.resources[0]!;
    expect(setup.backend.release(setup.root, cniOf('a'), first)).toBe(true);
    expect(setup.backend.usage()).toEqual({ idle: 16, inUse: 0 });
    expect(ipv4Of(await allocate(setup, 'b', 40))).toBe('10.0.0.16');
  });
});
