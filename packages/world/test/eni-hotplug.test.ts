// ENI hotplug reacts to the cloud's typed events, not to its event-log lines: with a cloud that
// writes no log line at all, attaching an ENI still plugs a NIC into the instance's host
// namespace and detaching it still unplugs the NIC (issue 11: renaming a log field must not
// change behaviour).

import { CloudEmulator, type OpenApiRequest } from '@terway-sim/cloud-emulator';
import { ModelKernel } from '@terway-sim/kernel-shim';
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { NodeActivity } from '../src/events.js';
import { wireEniHotplug } from '../src/node/eni-hotplug.js';

const hostNs = 'host-a';

async function silentCloudWithNode() {
  const env = createSimEnv({ seed: 'hotplug' });
  const cloud = new CloudEmulator({ ...env, log: { record: () => undefined } },
    { latency: 'fast' });
  const vpc = cloud.world.createVpc({ cidrBlock: '192.168.0.0/16', enableIpv6: false });
  if (!vpc.ok) throw new Error(vpc.error.message);
  const zoneId = cloud.state.regions[cloud.defaultRegion]!.zones[0]!;
  const vSwitchId = cloud.world.createVSwitch({ vpcId: vpc.value.vpcId, zoneId,
    cidrBlock: '192.168.0.0/20' });
  const groupId = cloud.world.createSecurityGroup({ vpcId: vpc.value.vpcId, type: 'normal' });
  if (!vSwitchId.ok || !groupId.ok) throw new Error('test cloud: vSwitch or security group');
  const instances = cloud.world.runInstances({ instanceType: 'ecs.g7.xlarge',
    vSwitchId: vSwitchId.value, securityGroupIds: [groupId.value], amount: 1 });
  if (!instances.ok) throw new Error(instances.error.message);
  const kernel = new ModelKernel({ rng: env.rng });
  await kernel.netnsAdd(hostNs);
  const activity: NodeActivity[] = [];
  const instanceId = instances.value[0]!;
  wireEniHotplug({ env, cloud, kernel, publish: (event) => activity.push(event),
    nodeByInstance: (id) => (id === instanceId ? { hostNs } : undefined) });
  const call = (action: string, params: OpenApiRequest['params']) => {
    const outcome = cloud.execute({ product: 'ecs', action,
      params: { RegionId: cloud.defaultRegion, ...params } }, { accessKeyId: 'test' });
    if (outcome.kind !== 'ok') throw new Error(`${action}: ${outcome.kind}`);
    return outcome.body;
  };
  const created = call('CreateNetworkInterface', { VSwitchId: vSwitchId.value,
    SecurityGroupId: groupId.value });
  const eniId = String(created['NetworkInterfaceId']);
  return { env, cloud, kernel, activity, instanceId, eniId, call };
}

describe('ENI hotplug', () => {
  it('plugs and unplugs the NIC from typed events when the cloud writes no log lines', async () => {
    const rig = await silentCloudWithNode();
    const mac = rig.cloud.view().eni(rig.eniId)!.mac;
    rig.call('AttachNetworkInterface', { NetworkInterfaceId: rig.eniId,
      InstanceId: rig.instanceId });
    await rig.env.scheduler.run({ untilMs: 60_000 });
    expect(rig.cloud.view().eni(rig.eniId)!.status).toBe('InUse');
    expect(rig.activity).toEqual<NodeActivity[]>([{ type: 'device.plugged', eni: rig.eniId, mac,
      ns: hostNs, dev: 'eth1', ok: true }]);
    const links = await rig.kernel.linkList(hostNs);
    expect(links.ok && links.value.some((link) => link.mac === mac)).toBe(true);
    rig.call('DetachNetworkInterface', { NetworkInterfaceId: rig.eniId,
      InstanceId: rig.instanceId });
    await rig.env.scheduler.run({ untilMs: 120_000 });
    expect(rig.activity.at(-1)).toEqual<NodeActivity>({ type: 'device.unplugged', eni: rig.eniId,
      mac, ok: true });
    const after = await rig.kernel.linkList(hostNs);
    expect(after.ok && after.value.some((link) => link.mac === mac)).toBe(false);
  });
});
