// TerwayNode builds each process's factory once, for the pool it sized: on a dual-stack node a
// restarted daemon reads the IPv6 gateway and vSwitch IPv6 CIDR of the ENIs it finds attached,
// so a pod placed on a recovered ENI gets its IPv6 gateway as one placed before the restart did.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { TerwayNode } from '../../src/node/terway-node.js';
import type { AllocIpReply, RpcResult } from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeCloud } from '../../src/testing/fake-cloud.js';
import { FakeKube } from '../../src/testing/fake-kube.js';

const zone = 'cn-hangzhou-i';
const instanceType = {
  InstanceTypeId: 'ecs.g7.large', EniQuantity: 3, EniTotalQuantity: 3,
  EniPrivateIpAddressQuantity: 10, EniIpv6AddressQuantity: 10, EniTrunkSupported: false,
  EriQuantity: 0,
};

interface DualStackNode {
  readonly env: SimEnv;
  readonly node: TerwayNode;
  add(pod: string): Promise<RpcResult<AllocIpReply>>;
  start(): Promise<boolean>;
}

function dualStackNode(): DualStackNode {
  const env = createSimEnv({ seed: 9 });
  const { scheduler } = env;
  const cloud = new FakeCloud({ scheduler, ids: env.ids }, {
    vSwitches: [{ id: 'vsw-a', zoneId: zone, cidr: '192.168.0.0/24',
      ipv6Cidr: '2408:4000:1::/64' }],
    instances: [{ id: 'i-node1', zoneId: zone, vSwitchId: 'vsw-a', instanceType: 'ecs.g7.large',
      eniQuantity: 3, ipsPerEni: 10 }],
    instanceTypes: [instanceType],
  });
  const kube = new FakeKube(scheduler);
  kube.addNode('node-1');
  const node = new TerwayNode({ scheduler, rng: env.rng, log: env.log, openApi: cloud,
    metadata: cloud.metadata('i-node1'), kube, storage: new NodeStorage() }, {
    nodeName: 'node-1', eniConf: { ip_stack: 'dual', vswitches: { [zone]: ['vsw-a'] },
      security_group: 'sg-1', service_cidr: '172.16.0.0/16', max_pool_size: 5,
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
    expect(gatewayOf(before)).toEqual({ ipv4: '192.168.0.253', ipv6: '2408:4000:1::1' });
    rig.node.stop();
    expect(await rig.start()).toBe(true);
    const after = await rig.add('b');
    expect(after.ok).toBe(true);
    expect(gatewayOf(after)).toEqual(gatewayOf(before));
  });
});
