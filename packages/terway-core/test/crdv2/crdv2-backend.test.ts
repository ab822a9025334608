// The daemon's CrdV2 backend over a fake CR store, after Terway's pkg/eni/crdv2_new_test.go
// (allocation waits for the controlplane to bind the pod's IP and times out with the ENIs'
// conditions) and crdv2_test.go (TestSyncNodeRuntime*: releases reach NodeRuntime).

import { Context, createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { CrdV2 } from '../../src/crdv2/crdv2-backend.js';
import { silentLogger } from '../../src/log/logger.js';
import { LocalIpRequest, type AllocResponse, type CniContext } from '../../src/pool/types.js';
import type { NodeCr } from '../../src/ports/crd.js';
import { FakeCrd } from '../../src/testing/fake-crd.js';
import { configOf } from '../config/fixtures.js';
import { nic } from '../controlplane/multi-ip/fixtures.js';

const cni: CniContext = { podName: 'a', podNamespace: 'default', podId: 'default/a',
  podUid: 'u1', netnsPath: '/proc/1/ns/net' };

function nodeCr(): NodeCr {
  return { metadata: { name: 'n1' }, spec: { nodeMetadata: { regionID: 'r', instanceType: 't',
    instanceID: 'i', zoneID: 'z' }, nodeCap: { adapters: 4, totalAdapters: 4, ipv4PerAdapter: 10,
    ipv6PerAdapter: 10, memberAdapterLimit: 0, maxMemberAdapterLimit: 0, eriQuantity: 0 },
  flavor: [], eni: { enableTrunk: false } }, status: { networkInterfaces: {} } };
}

async function setUp(): Promise<{ env: ReturnType<typeof createSimEnv>; crd: FakeCrd;
  backend: CrdV2; root: Context }> {
  const env = createSimEnv({ seed: 1 });
  const crd = new FakeCrd(env.scheduler);
  await crd.create('Node', nodeCr());
  const backend = new CrdV2({ scheduler: env.scheduler, crd, logger: silentLogger(),
    nodeEvent: () => undefined }, { nodeName: 'n1', config: configOf({ version: '1',
    ipam_type: 'crd', max_pool_size: 5 }), vSwitchOptions: ['vsw-1'], securityGroupIds: ['sg-1'],
  exclusive: false });
  const root = Context.background(env.scheduler);
  env.scheduler.spawn('run', () => backend.run(root));
  await env.scheduler.run({ untilMs: 10 });
  return { env, crd, backend, root };
}

async function bind(crd: FakeCrd, status = 'Valid'): Promise<void> {
  const cr = (await crd.get('Node', { name: 'n1' }))!;
  await crd.update('Node', { ...cr, status: { networkInterfaces: { 'eni-a': nic('eni-a',
    [{ ip: '10.0.0.5', pod: 'default/a', uid: 'u1', status: status as 'Valid' }],
    { macAddress: '00:16:3e:00:00:01', ipv4CIDR: '10.0.0.0/24' }) } } });
}

describe('CrdV2 allocation (crdv2_new_test.go)', () => {
  it('writes the Node CR spec at start', async () => {
    const { crd } = await setUp();
    const cr = crd.peek('Node', { name: 'n1' })!;
    expect(cr.spec.pool?.maxPoolSize).toBe(5);
    expect(cr.spec.flavor.map((item) => item.count)).toEqual([3]);
  });

  it('waits until the controlplane binds the pod\'s IP, then answers with the ENI', async () => {
    const { env, crd, backend, root } = await setUp();
    const offer = backend.allocate(root.withTimeout(60_000).ctx, cni, new LocalIpRequest());
    if (!offer.accepted) throw new Error('declined');
    let answer: AllocResponse | undefined;
    void offer.reply.then((reply) => { answer = reply; });
    await env.scheduler.run({ untilMs: 5_000 });
    expect(answer).toBeUndefined();
    env.scheduler.spawn('bind', () => bind(crd));
    await env.scheduler.run({ untilMs: 6_000 });
    const resource = answer?.resources[0];
    expect(resource?.type === 'LocalIP' ? [resource.ipv4, resource.eni.id,
      resource.eni.gatewayIp.ipv4] : []).toEqual(['10.0.0.5', 'eni-a', '10.0.0.253']);
  });

  it('times out with the ENIs\' conditions when no IP comes', async () => {
    const { env, crd, backend, root } = await setUp();
    const cr = (await crd.get('Node', { name: 'n1' }))!;
    await crd.update('Node', { ...cr, status: { networkInterfaces: { 'eni-a': nic('eni-a', [],
      { conditions: { InsufficientIP: { observedTime: 't', message: 'vsw-1 ip is not enough' } } },
    ) } } });
    const offer = backend.allocate(root.withTimeout(30_000).ctx, cni, new LocalIpRequest());
    if (!offer.accepted) throw new Error('declined');
    let answer: AllocResponse | undefined;
    void offer.reply.then((reply) => { answer = reply; });
    await env.scheduler.run({ untilMs: 40_000 });
    expect(answer?.error).toBe('allocate IP timeout: eni-a InsufficientIP: vsw-1 ip is not enough');
  });

  it('declines PodENI (RemoteIP) requests', async () => {
    const { backend, root } = await setUp();
    expect(backend.allocate(root, cni, { type: 'RemoteIP' }).accepted).toBe(false);
  });
});

describe('CrdV2 release (crdv2_test.go TestSyncNodeRuntime*)', () => {
  it('a release is written to NodeRuntime as deleted within 3 s', async () => {
    const { env, crd, backend, root } = await setUp();
    await bind(crd);
    const cr = crd.peek('Node', { name: 'n1' })!;
    const eni = cr.status.networkInterfaces['eni-a']!;
    expect(backend.usage()).toEqual({ idle: 0, inUse: 1 });
    backend.release(root, cni, { type: 'LocalIP', podId: cni.podId, eni: { id: eni.id, mac: '',
      securityGroupIds: [], vSwitchId: '', primaryIp: {}, gatewayIp: {}, vSwitchCidr: {},
      trunk: false, erdma: false }, ipv4: '10.0.0.5' });
    // The 5-minute tidy ran at start and made an empty NodeRuntime.
    expect(crd.peek('NodeRuntime', { name: 'n1' })?.status.pods).toEqual({});
    await env.scheduler.run({ untilMs: env.scheduler.nowMs() + 3_100 });
    const runtime = crd.peek('NodeRuntime', { name: 'n1' })!;
    expect(runtime.metadata.labels).toEqual({ name: 'n1' });
    expect(Object.keys(runtime.status.pods['u1']!.status)).toEqual(['deleted']);
  });
});
