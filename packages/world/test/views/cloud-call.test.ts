// `cloud ACTION [Key=Value…]` against a checkpoint: read-only calls show the cloud at that
// instant in the aliyun CLI's layout; a write answers from a throwaway copy (a later call does
// not see it); unknown actions, malformed arguments and refusals are one-line errors.

import { describe, expect, it } from 'vitest';
import { captureCheckpoint, cloudCallView, type WorldCheckpoint } from '../../src/index.js';
import { createCluster, type TestCluster } from '../modes/cluster.js';

async function checkpointed(): Promise<{ cluster: TestCluster; checkpoint: WorldCheckpoint }> {
  const cluster = await createCluster({ mode: 'eniip', seed: 62 });
  await cluster.run(30_000);
  cluster.createPod({ name: 'web' });
  await cluster.run(30_000);
  return { cluster, checkpoint: await captureCheckpoint(cluster.world) };
}

function call(checkpoint: WorldCheckpoint, args: string[]): unknown {
  const result = cloudCallView(checkpoint, args);
  if (!result.ok) throw new Error(result.error);
  expect(result.value).toMatch(/^\{\n\t"/);
  return JSON.parse(result.value) as unknown;
}

describe('cloud ACTION at an instant', () => {
  it('DescribeNetworkInterfaces answers with the ENIs the cloud holds, keys sorted, tabs',
    async () => {
    const { cluster, checkpoint } = await checkpointed();
    const instanceId = cluster.nodes[0]!.instanceId;
    const printed = cloudCallView(checkpoint, ['DescribeNetworkInterfaces',
      `InstanceId=${instanceId}`]);
    expect(printed.ok).toBe(true);
    if (!printed.ok) return;
    const body = JSON.parse(printed.value) as { NetworkInterfaceSets: {
      NetworkInterfaceSet: Array<{ NetworkInterfaceId: string }> }; RequestId: string };
    const held = cluster.cloud.view().instance(instanceId)!.eniIds;
    expect(body.NetworkInterfaceSets.NetworkInterfaceSet.map((eni) => eni.NetworkInterfaceId)
      .sort()).toEqual([...held].sort());
    const topKeys = printed.value.split('\n').filter((line) => /^\t"/.test(line))
      .map((line) => line.split('"')[1]!);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(printed.value.endsWith('}\n')).toBe(true);
  }, 60_000);

  it('a write answers from a copy: the ENI it creates is not in the checkpoint\'s cloud',
    async () => {
    const { cluster, checkpoint } = await checkpointed();
    const created = call(checkpoint, ['CreateNetworkInterface',
      `VSwitchId=${cluster.vSwitchIds[0]}`, `SecurityGroupId=${cluster.securityGroupId}`]) as
      { NetworkInterfaceId: string };
    expect(created.NetworkInterfaceId).toMatch(/^eni-/);
    const again = call(checkpoint, ['DescribeNetworkInterfaces',
      `NetworkInterfaceId.1=${created.NetworkInterfaceId}`]) as { TotalCount: number };
    expect(again.TotalCount).toBe(0);
    expect(cluster.cloud.view().eni(created.NetworkInterfaceId)).toBeUndefined();
  }, 60_000);

  it('bad input and refusals are one line naming what exists or what the cloud said',
    async () => {
    const { checkpoint } = await checkpointed();
    const cases: Array<{ args: string[]; error: RegExp }> = [
      { args: ['DescribeEverything'], error: /^InvalidAction\.NotFound: Specified api "Describe/ },
      { args: [], error: /^cloud needs an ACTION; actions: .*DescribeNetworkInterfaces/ },
      { args: ['DescribeVSwitches', 'PageSize'], error: /argument "PageSize" is not Key=Value/ },
      { args: ['DescribeNetworkInterfaceAttribute', 'NetworkInterfaceId=eni-nope'],
        error: /^ERROR: SDK\.ServerError; ErrorCode: InvalidEniId\.NotFound; .*RequestId: / },
    ];
    for (const { args, error } of cases) {
      const result = cloudCallView(checkpoint, args);
      expect(result.ok ? 'ok' : result.error).toMatch(error);
      expect(result.ok ? '' : result.error).not.toContain('\n');
    }
    const unknown = cloudCallView(checkpoint, ['Nope']);
    expect(unknown.ok ? '' : unknown.error)
      .toContain('actions: AllocateEipAddress, AssignIpv6Addresses');
  }, 60_000);
});
