// The cloud's event-log lines are a contract (run digests are made of them): a scripted run that
// writes every kind of cloud line must write exactly the lines the emulator wrote before typed
// events existed (test/golden/cloud-lines.jsonl, recorded from that code). A change here changes
// every run's digest and must say so in its commit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudProduct } from '../src/index.js';
import { buildTestWorld } from '../src/testing/index.js';

const golden = readFileSync(join(import.meta.dirname, 'golden', 'cloud-lines.jsonl'), 'utf8')
  .trimEnd().split('\n');

function scriptedRun(): string[] {
  const world = buildTestWorld({ cloud: { faults: [
    { kind: 'error', code: 'InternalError', api: 'DescribeNetworkInterfaces', countMax: 1 },
    { kind: 'timeout', applied: true, api: 'CreateSecurityGroup', countMax: 1 },
    { kind: 'stuckAttaching', countMax: 1, fromMs: 1000 },
    { kind: 'metadataLag', lagMs: 5000, countMax: 1 },
    { kind: 'metadataUnreachable', status: 0, countMax: 1, fromMs: 2000 },
  ] } });
  const { cloud, env } = world;
  const from = env.log.lines().length;
  const run = (product: CloudProduct, action: string, params: Record<string, unknown> = {}) =>
    cloud.execute({ product, action, params: { RegionId: 'cn-hangzhou', ...params } },
      { accessKeyId: 'k' });
  const eniOf = (outcome: ReturnType<typeof run>) =>
    (outcome.kind === 'ok' ? String(outcome.body.NetworkInterfaceId) : '');
  const newEni = { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId };
  const instanceId = world.instanceIds[0]!;
  run('ecs', 'DescribeNetworkInterfaces');
  run('ecs', 'CreateSecurityGroup', { VpcId: world.vpcId });
  const first = eniOf(run('ecs', 'CreateNetworkInterface', newEni));
  run('ecs', 'AttachNetworkInterface', { NetworkInterfaceId: first, InstanceId: instanceId });
  env.scheduler.runSync({ untilMs: 500 });
  run('ecs', 'AssignPrivateIpAddresses',
    { NetworkInterfaceId: first, SecondaryPrivateIpAddressCount: 1 });
  run('ecs', 'RunInstances', { ImageId: 'x', InstanceType: 'ecs.g7.large',
    VSwitchId: world.vSwitchIds[1], SecurityGroupId: world.securityGroupId });
  run('vpc', 'CreateRouteEntry', { RouteTableId: world.routeTableId,
    DestinationCidrBlock: '10.9.0.0/16', NextHopId: instanceId });
  env.scheduler.runSync({ untilMs: 1500 });
  const second = eniOf(run('ecs', 'CreateNetworkInterface', newEni));
  run('ecs', 'AttachNetworkInterface', { NetworkInterfaceId: second, InstanceId: instanceId });
  run('ecs', 'Nope');
  env.scheduler.runSync({ untilMs: 2500 });
  cloud.readMetadata(instanceId, 'instance-id');
  run('ecs', 'DetachNetworkInterface', { NetworkInterfaceId: first, InstanceId: instanceId });
  const entry = cloud.view().routeEntries(world.routeTableId).find((e) => e.type === 'Custom')!;
  run('vpc', 'DeleteRouteEntry', { RouteEntryId: entry.id, RouteTableId: world.routeTableId });
  env.scheduler.runSync({ untilMs: 4000 });
  run('ecs', 'DeleteInstance', { InstanceId: instanceId, Force: true });
  cloud.world.createVSwitch({ vpcId: world.vpcId, zoneId: 'cn-hangzhou-i',
    cidrBlock: '192.168.64.0/24' });
  return env.log.lines().slice(from);
}

describe('cloud event-log lines', () => {
  it('are byte for byte the lines of the emulator before typed events', () => {
    const lines = scriptedRun();
    const kinds = new Set(lines.map((line) => (JSON.parse(line) as { kind: string }).kind));
    expect([...kinds].sort()).toEqual(['cloud.api', 'cloud.eni.state', 'cloud.fault',
      'cloud.instance.state', 'cloud.route.state', 'cloud.world']);
    expect(lines).toEqual(golden);
  });
});
