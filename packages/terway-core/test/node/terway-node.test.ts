// TerwayNode builds each process's factory once, for the pool it sized: on a dual-stack node a
// restarted daemon reads the IPv6 gateway and vSwitch IPv6 CIDR of the ENIs it finds attached,
// so a pod placed on a recovered ENI gets its IPv6 gateway as one placed before the restart did.

import { Context, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { TerwayNode } from '../../src/node/terway-node.js';
import type { AllocIpReply, RpcResult } from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { cloudRig } from '../emulator/cloud-rig.js';

interface DualStackNode {
  readonly env: SimEnv;
  readonly node: TerwayNode;
  add(pod: string): Promise<RpcResult<AllocIpReply>>;
  start(): Promise<boolean>;
}

/** A dual-stack node (its vSwitch has an IPv6 /64) on the cloud emulator. */
function dualStackNode(): DualStackNode {
  const cloud = cloudRig({ seed: 9, vSwitches: [{ name: 'vsw-a', zone: 0,
    cidr: '192.168.0.0/24', ipv6: true }] });
  const { env } = cloud;
  const { scheduler } = env;
  const kube = new FakeKube(scheduler);
  kube.addNode('node-1');
  const node = new TerwayNode({ scheduler, rng: env.rng, log: env.log, openApi: cloud.openApi,
    metadata: cloud.metadata, kube, storage: new NodeStorage() }, {
    nodeName: 'node-1', eniConf: { ip_stack: 'dual',
      vswitches: { [cloud.zones[0]!]: [cloud.vSwitch('vsw-a')] },
      security_group: cloud.securityGroupId, service_cidr: '172.16.0.0/16', max_pool_size: 5,
      min_pool_size: 0 },
  });
  const settle = async <T>(work: (ctx: Context) => Promise<T>, forMs: number): Promise<T> => {
    let result: T | undefined;
    scheduler.spawn('call', async () => {
      const { ctx, cancel } = Context.background(scheduler).withTimeout(120_000);
      result = await work(ctx);
      cancel();
    });
    await scheduler.run({ untilMs: scheduler.nowMs() + forMs });
    if (result === undefined) throw new Error(`no answer within ${forMs} ms`);
    return result;
  };
  return {
    env, node,
    start: async () => (await settle(() => node.start(), 10_000)).ok,
    add: (pod) => {
      kube.addPod({ name: pod, nodeName: 'node-1' });
      return settle((ctx) => node.backend.allocIp(ctx, { k8sPodName: pod,
        k8sPodNamespace: 'default', k8sPodInfraContainerId: `c-${pod}`,
        netns: `/var/run/netns/${pod}`, ifName: 'eth0' }), 60_000);
    },
  };
}

const gatewayOf = (reply: RpcResult<AllocIpReply>) =>
  (reply.ok ? reply.value.netConfs[0]?.basicInfo?.gatewayIp : undefined);

describe('TerwayNode on a dual-stack node', () => {
  it('a restarted daemon still hands out the IPv6 gateway of the ENIs it recovered', async () => {
    const rig = dualStackNode();
    expect(await rig.start()).toBe(true);
    expect(rig.node.facts?.pool.enableIpv6).toBe(true);
    const before = await rig.add('a');
    expect(gatewayOf(before)?.ipv4).toBe('192.168.0.253');
    expect(gatewayOf(before)?.ipv6).toMatch(/::1$/);
    rig.node.stop();
    expect(await rig.start()).toBe(true);
    const after = await rig.add('b');
    expect(after.ok).toBe(true);
    expect(gatewayOf(after)).toEqual(gatewayOf(before));
  });
});
