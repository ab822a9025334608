// The daemon over the real client stack: AliyunFactory (with its backoffs, rate limiter, metadata
// polls and vSwitch pool) on the scripted FakeCloud, so cloud errors reach the pool the way
// Terway's factory delivers them.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { decodeEniConf } from '../../src/config/parse.js';
import { TerwayDaemon } from '../../src/daemon/daemon.js';
import { buildAliyunStack } from '../../src/factory/wiring.js';
import type { AllocIpReply, RpcResult } from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeCloud } from '../../src/testing/fake-cloud.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { testPoolConfig } from '../pool/harness.js';

interface Rig {
  readonly env: SimEnv;
  readonly cloud: FakeCloud;
  readonly kube: FakeKube;
  readonly daemon: TerwayDaemon;
  add(name: string): Promise<RpcResult<AllocIpReply>>;
  run(forMs: number): Promise<void>;
}

const zone = 'cn-hangzhou-i';

function cloudStack(env: SimEnv, eniQuantity: number) {
  const { scheduler } = env;
  const cloud = new FakeCloud({ scheduler, ids: env.ids }, {
    vSwitches: [{ id: 'vsw-a', zoneId: zone, cidr: '192.168.0.0/24' }],
    instances: [{ id: 'i-node1', zoneId: zone, vSwitchId: 'vsw-a', eniQuantity, ipsPerEni: 10 }],
  });
  const ports = { openApi: cloud, metadataPort: cloud.metadata('i-node1') };
  const stack = buildAliyunStack({ scheduler, rng: env.rng, log: env.log, ...ports }, {
    nodeName: 'node-1', regionId: 'cn-hangzhou',
    factory: {
      instanceId: 'i-node1', zoneId: zone, vSwitchOptions: ['vsw-a'],
      vSwitchSelectionPolicy: 'ordered', securityGroupIds: ['sg-1'], resourceGroupId: '',
      eniTags: {}, enableIpv4: true, enableIpv6: false, enableTrunk: false, enableErdma: false,
    },
  });
  if (!stack.ok) throw new Error(stack.error.message);
  return { cloud, factory: stack.value.factory };
}

function aliyunRig(options: { maxEni: number; eniQuantity: number }): Rig {
  const env = createSimEnv({ seed: 5 });
  const { scheduler } = env;
  const { cloud, factory } = cloudStack(env, options.eniQuantity);
  const kube = new FakeKube(scheduler);
  kube.addNode('node-1');
  const config = decodeEniConf({ service_cidr: '172.16.0.0/16' });
  if (!config.ok) throw new Error('config');
  const deps = { scheduler, rng: env.rng, log: env.log, kube, factory, storage: new NodeStorage() };
  const pool = testPoolConfig({ maxEni: options.maxEni, maxIpPerEni: 10, maxPoolSize: 10 });
  const daemon = new TerwayDaemon(deps, { nodeName: 'node-1', config: config.value.config, pool });
  return {
    env, cloud, kube, daemon,
    add: (name) => {
      kube.addPod({ name, nodeName: 'node-1' });
      return new Promise((resolve) => scheduler.spawn(`ADD ${name}`, async () => {
        const { ctx, cancel } = Context.background(scheduler).withTimeout(120_000);
        const result = await daemon.backend.allocIp(ctx, {
          k8sPodName: name, k8sPodNamespace: 'default', k8sPodInfraContainerId: `c-${name}`,
          netns: `/var/run/netns/${name}`, ifName: 'eth0',
        });
        cancel();
        resolve(result);
      }));
    },
    run: async (forMs) => {
      await scheduler.run({ untilMs: scheduler.nowMs() + forMs });
    },
  };
}

async function started(rig: Rig): Promise<void> {
  rig.env.scheduler.spawn('start', async () => {
    const result = await rig.daemon.start();
    if (!result.ok) throw new Error(result.error.message);
  });
  await rig.run(1_000);
}

describe('daemon over AliyunFactory and FakeCloud', () => {
  it('Throttling on assign is retried in the client (eni_ip_ops backoff); the pod gets an IP',
    async () => {
      const rig = aliyunRig({ maxEni: 2, eniQuantity: 3 });
      await started(rig);
      const first = rig.add('a');
      await rig.run(20_000);
      expect((await first).ok).toBe(true);
      rig.cloud.script('AssignPrivateIpAddresses', { code: 'Throttling' });
      const second = rig.add('b');
      await rig.run(60_000);
      expect((await second).ok).toBe(true);
      const assigns = rig.cloud.callsOf('AssignPrivateIpAddresses');
      expect(assigns.map((call) => call.outcome)).toEqual(['Throttling', 'OK']);
      const gap = assigns[1]!.startMs - assigns[0]!.endMs;
      expect(gap).toBeGreaterThanOrEqual(5_000);
      expect(gap).toBeLessThan(5_000 + 6_500);
      expect(rig.kube.events.filter((event) => event.reason === 'AllocIPFailed')).toEqual([]);
      rig.daemon.stop();
    });

  it('an exhausted vSwitch on assign: AllocIPFailed, 10-min inhibit, SufficientIP=False next',
    async () => {
      const rig = aliyunRig({ maxEni: 1, eniQuantity: 2 });
      await started(rig);
      const first = rig.add('a');
      await rig.run(20_000);
      expect((await first).ok).toBe(true);
      rig.cloud.state.vSwitches.get('vsw-a')!.exhaust();
      const second = rig.add('b');
      await rig.run(10_000);
      const failed = rig.kube.events.filter((event) => event.reason === 'AllocIPFailed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.message).toMatch(/^errCode: InvalidVSwitchId\.IpNotEnough, msg: /);
      const third = rig.add('c');
      await rig.run(200_000);
      const refused = { ok: false, error: { message: 'no eni can handle the allocation' } };
      expect(await third).toMatchObject(refused);
      expect((await second).ok).toBe(false);
      const conditions = rig.kube.conditionWrites.map((write) => `${write.status}/${write.reason}`);
      expect(conditions).toEqual(['True/SufficientIP', 'False/InsufficientIP']);
      rig.daemon.stop();
    });

  it('EniPerInstanceLimitExceeded from the attach: the ENI is deleted once the slot frees (Q15)',
    async () => {
      const rig = aliyunRig({ maxEni: 2, eniQuantity: 2 });
      await started(rig);
      const pods = Array.from({ length: 11 }, (_, index) => rig.add(`p${index}`));
      await rig.run(300_000);
      const results = await Promise.all(pods);
      expect(results.filter((result) => result.ok)).toHaveLength(10);
      const quota = rig.kube.events.filter((event) => event.reason === 'AllocIPFailed'
        && event.message.includes('EniPerInstanceLimitExceeded'));
      expect(quota.length).toBeGreaterThan(0);
      const deletes = rig.cloud.callsOf('DeleteNetworkInterface');
      expect(deletes.map((call) => call.outcome)).toEqual(['OK']);
      const enis = [...rig.cloud.state.enis.values()];
      const secondaries = enis.filter((eni) => eni.type !== 'Primary');
      expect(secondaries).toHaveLength(1);
      rig.daemon.stop();
    });
});
