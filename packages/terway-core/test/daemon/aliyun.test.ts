// The daemon over the real client stack: AliyunFactory (with its backoffs, rate limiter, metadata
// polls and vSwitch pool) on the cloud emulator, so cloud errors reach the pool the way Terway's
// factory delivers them.

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { decodeEniConf } from '../../src/config/parse.js';
import { TerwayDaemon } from '../../src/daemon/daemon.js';
import { buildAliyunStack } from '../../src/factory/wiring.js';
import type { AllocIpReply, RpcResult } from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { cloudRig, drainVSwitch, refuseNext, type CloudRig } from '../emulator/cloud-rig.js';
import { testPoolConfig } from '../pool/harness.js';

interface Rig {
  readonly cloud: CloudRig;
  readonly kube: FakeKube;
  readonly daemon: TerwayDaemon;
  add(name: string): Promise<RpcResult<AllocIpReply>>;
  run(forMs: number): Promise<void>;
}

function factoryOn(cloud: CloudRig) {
  const { env } = cloud;
  const stack = buildAliyunStack(
    {
      scheduler: env.scheduler,
      rng: env.rng,
      log: env.log,
      openApi: cloud.openApi,
      metadataPort: cloud.metadata,
    },
    {
      nodeName: 'node-1',
      regionId: cloud.regionId,
      factory: {
        instanceId: cloud.instanceId,
        zoneId: cloud.zones[0]!,
        vSwitchOptions: [cloud.vSwitch('vsw-a')],
        vSwitchSelectionPolicy: 'ordered',
        securityGroupIds: [cloud.securityGroupId],
        resourceGroupId: '',
        eniTags: {},
        enableIpv4: true,
        enableIpv6: false,
        enableTrunk: false,
        enableErdma: false,
      },
    },
  );
  if (!stack.ok) throw new Error(stack.error.message);
  return stack.value.factory;
}

/**
 * A node of `instanceType` whose pool is configured as Terway derives it from that type: `maxEni`
 * secondary ENIs of `maxIpPerEni` addresses (tests may claim more ENIs than the type takes).
 */
function aliyunRig(options: { instanceType: string; maxEni: number; maxIpPerEni: number }): Rig {
  const cloud = cloudRig({ seed: 5, instanceType: options.instanceType,
    vSwitches: [{ name: 'vsw-a', zone: 0, cidr: '192.168.0.0/24' }] });
  const { scheduler } = cloud.env;
  const factory = factoryOn(cloud);
  const kube = new FakeKube(scheduler);
  kube.addNode('node-1');
  const config = decodeEniConf({ service_cidr: '172.16.0.0/16' });
  if (!config.ok) throw new Error('config');
  const deps = { scheduler, rng: cloud.env.rng, log: cloud.env.log, kube, factory,
    storage: new NodeStorage() };
  const pool = testPoolConfig({ maxEni: options.maxEni, maxIpPerEni: options.maxIpPerEni,
    maxPoolSize: 10 });
  const daemon = new TerwayDaemon(deps, { nodeName: 'node-1', config: config.value.config, pool });
  return {
    cloud, kube, daemon,
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
  rig.cloud.env.scheduler.spawn('start', async () => {
    const result = await rig.daemon.start();
    if (!result.ok) throw new Error(result.error.message);
  });
  await rig.run(1_000);
}

describe('daemon over AliyunFactory and the cloud emulator', () => {
  it('Throttling on assign is retried in the client (eni_ip_ops backoff); the pod gets an IP',
    async () => {
      // ecs.g6.xlarge: 3 ENIs (2 secondary), 10 IPv4 each.
      const rig = aliyunRig({ instanceType: 'ecs.g6.xlarge', maxEni: 2, maxIpPerEni: 10 });
      await started(rig);
      const first = rig.add('a');
      await rig.run(20_000);
      expect((await first).ok).toBe(true);
      rig.cloud.faults(refuseNext('AssignPrivateIpAddresses', 'Throttling'));
      const second = rig.add('b');
      await rig.run(60_000);
      expect((await second).ok).toBe(true);
      const assigns = rig.cloud.openApi.callsOf('AssignPrivateIpAddresses');
      expect(assigns.map((call) => call.outcome)).toEqual(['Throttling', 'OK']);
      const gap = assigns[1]!.startMs - assigns[0]!.endMs;
      expect(gap).toBeGreaterThanOrEqual(5_000);
      expect(gap).toBeLessThan(5_000 + 6_500);
      expect(rig.kube.events.filter((event) => event.reason === 'AllocIPFailed')).toEqual([]);
      rig.daemon.stop();
    });

  it('an exhausted vSwitch on assign: AllocIPFailed, 10-min inhibit, SufficientIP=False next',
    async () => {
      // ecs.g6.large: 2 ENIs (1 secondary), 6 IPv4 each.
      const rig = aliyunRig({ instanceType: 'ecs.g6.large', maxEni: 1, maxIpPerEni: 6 });
      await started(rig);
      const first = rig.add('a');
      await rig.run(20_000);
      expect((await first).ok).toBe(true);
      // Other nodes take every address left in the vSwitch.
      drainVSwitch(rig.cloud, 'vsw-a');
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

  it('EniPerInstanceLimitExceeded from the attach: the ENI is deleted once the slot frees',
    async () => {
      // The pool claims 2 secondary ENIs; ecs.g6.large takes only 1 (6 IPv4 each).
      const rig = aliyunRig({ instanceType: 'ecs.g6.large', maxEni: 2, maxIpPerEni: 6 });
      await started(rig);
      const pods = Array.from({ length: 7 }, (_, index) => rig.add(`p${index}`));
      await rig.run(300_000);
      const results = await Promise.all(pods);
      expect(results.filter((result) => result.ok)).toHaveLength(6);
      const quota = rig.kube.events.filter((event) => event.reason === 'AllocIPFailed'
        && event.message.includes('EniPerInstanceLimitExceeded'));
      expect(quota.length).toBeGreaterThan(0);
      const deletes = rig.cloud.openApi.callsOf('DeleteNetworkInterface');
      expect(deletes.map((call) => call.outcome)).toEqual(['OK']);
      expect(rig.cloud.secondaryEnis()).toHaveLength(1);
      rig.daemon.stop();
    });
});
