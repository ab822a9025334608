// The cloud's invariant checks: a healthy cloud (a trunk with a member, an ENI with secondary
// IPs and a prefix, IPv6, a route entry) has no finding, and each corruption of its state is
// found by the check named for it and by no other. Every check name is exercised.
import { describe, expect, it } from 'vitest';
import {
  cloudCheckNames, cloudInvariantViolations, CloudView, type CloudCheck, type CloudQuotas,
  type CloudState, type EniRecord, type RegionState,
} from '../src/index.js';
import { buildTestWorld } from '../src/testing/index.js';

interface Healthy {
  readonly state: CloudState;
  readonly quotas: CloudQuotas;
  readonly regionId: string;
  readonly instanceId: string;
  readonly securityGroupId: string;
  readonly routeTableId: string;
  /** A secondary ENI with 12 secondary IPs and a /28 prefix. */
  readonly loaded: string;
  readonly trunk: string;
  /** A member of the trunk with two IPv6 addresses. */
  readonly member: string;
}

function must(result: { ok: boolean; value?: unknown; error?: unknown }): Record<string, unknown> {
  if (!result.ok) throw new Error(`world building failed: ${JSON.stringify(result.error)}`);
  return result.value as Record<string, unknown>;
}

function healthyCloud(): Healthy {
  const world = buildTestWorld({ ipv6: true });
  const { cloud } = world;
  const instanceId = world.instanceIds[0]!;
  const newEni = (extra: Record<string, unknown>) => String(must(cloud.world.call('ecs',
    'CreateNetworkInterface', { VSwitchId: world.vSwitchIds[0],
      SecurityGroupId: world.securityGroupId, ...extra })).NetworkInterfaceId);
  const attach = (eniId: string, extra: Record<string, unknown> = {}) => {
    must(cloud.world.call('ecs', 'AttachNetworkInterface',
      { NetworkInterfaceId: eniId, InstanceId: instanceId, ...extra }));
    world.env.scheduler.runSync({ untilMs: world.env.scheduler.nowMs() + 10 });
  };
  const trunk = newEni({ InstanceType: 'Trunk' });
  attach(trunk);
  const member = newEni({ Ipv6AddressCount: 2 });
  attach(member, { TrunkNetworkInstanceId: trunk });
  const loaded = newEni({ SecondaryPrivateIpAddressCount: 12 });
  must(cloud.world.call('ecs', 'AssignPrivateIpAddresses',
    { NetworkInterfaceId: loaded, Ipv4PrefixCount: 1 }));
  attach(loaded);
  must(cloud.world.call('vpc', 'CreateRouteEntry', { RouteTableId: world.routeTableId,
    DestinationCidrBlock: '10.8.0.0/16', NextHopId: instanceId }));
  world.env.scheduler.runSync({ untilMs: world.env.scheduler.nowMs() + 10 });
  return { state: cloud.state, quotas: cloud.quotas, regionId: world.regionId, instanceId,
    securityGroupId: world.securityGroupId, routeTableId: world.routeTableId, loaded, trunk,
    member };
}

type Corruption = (cloud: Healthy, region: RegionState) => {
  readonly region?: RegionState;
  readonly quotas?: Partial<CloudQuotas>;
};

function eniEdit(region: RegionState, eniId: string,
  edit: (eni: EniRecord) => Partial<EniRecord>): RegionState {
  const eni = region.enis.get(eniId)!;
  return { ...region, enis: region.enis.set(eniId, { ...eni, ...edit(eni) }) };
}

function instanceEdit(region: RegionState, instanceId: string,
  edit: Partial<RegionState['instances'] extends { get(key: string): infer I } ? I : never>,
): RegionState {
  const instance = region.instances.get(instanceId)!;
  return { ...region, instances: region.instances.set(instanceId, { ...instance, ...edit }) };
}

const corruptions: readonly { name: string; corrupt: Corruption; checks: CloudCheck[] }[] = [
  { name: 'one address listed by two ENIs', checks: ['ip-owned-once', 'ip-pool-owner',
    'security-group-accounting', 'vswitch-accounting'],
  corrupt: (cloud, region) => {
    const stolen = region.enis.get(cloud.loaded)!.ipv4[1]!;
    return { region: eniEdit(region, cloud.member, (eni) => ({ ipv4: [...eni.ipv4, stolen] })) };
  } },
  { name: 'two ENIs swap an address behind the pool', checks: ['ip-pool-owner'],
    corrupt: (cloud, region) => {
      const mine = region.enis.get(cloud.loaded)!.ipv4[1]!;
      const theirs = region.enis.get(cloud.member)!.ipv4[0]!;
      const swapped = eniEdit(region, cloud.loaded, (eni) => ({ ipv4: [eni.ipv4[0]!,
        { ...theirs, primary: false }, ...eni.ipv4.slice(2)] }));
      return { region: eniEdit(swapped, cloud.member, (eni) => ({ ipv4: [{ ...mine,
        primary: true }, ...eni.ipv4.slice(1)] })) };
    } },
  { name: 'no primary IPv4', checks: ['primary-ip'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.loaded, (eni) => ({
      ipv4: eni.ipv4.map((ip) => ({ ...ip, primary: false })) })) }) },
  { name: 'an IPv6 address the pool never gave out', checks: ['ipv6-pool-owner'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.member, (eni) => ({
      ipv6: [{ ...eni.ipv6[0]!, ip: eni.ipv6[0]!.ip.replace(/:[0-9a-f]+$/, ':ffff') },
        eni.ipv6[1]!] })) }) },
  { name: 'a prefix forgotten by its ENI', checks: ['vswitch-accounting'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.loaded,
      () => ({ ipv4Prefixes: [] })) }) },
  { name: 'more ENIs than EniQuantity', checks: ['eni-quota'],
    corrupt: (cloud, region) => ({ region: instanceEdit(region, cloud.instanceId, {
      eniIds: [...region.instances.get(cloud.instanceId)!.eniIds, 'eni-x1', 'eni-x2'] }) }) },
  { name: 'more trunk members than the type allows', checks: ['member-eni-quota'],
    corrupt: (cloud, region) => ({ region: instanceEdit(region, cloud.instanceId, {
      memberEniIds: [...region.instances.get(cloud.instanceId)!.memberEniIds,
        ...Array.from({ length: 16 }, (_, index) => `eni-m${index}`)] }) }) },
  { name: 'an unknown instance type', checks: ['instance-type'],
    corrupt: (cloud, region) => ({ region: instanceEdit(region, cloud.instanceId,
      { instanceType: 'ecs.nope.large' }) }) },
  { name: 'a type with fewer IPv4 per ENI', checks: ['ip-per-eni-quota'],
    corrupt: (cloud, region) => ({ region: instanceEdit(region, cloud.instanceId,
      { instanceType: 'ecs.g7ne.large' }) }) },
  { name: 'a type with fewer IPv6 per ENI', checks: ['ipv6-per-eni-quota'],
    corrupt: (cloud, region) => ({ region: instanceEdit(region, cloud.instanceId,
      { instanceType: 'ecs.g6.16xlarge' }) }) },
  { name: 'two ENIs on one device index', checks: ['device-index-unique'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.loaded, (eni) => ({
      attachment: { ...eni.attachment!,
        deviceIndex: region.enis.get(cloud.trunk)!.attachment!.deviceIndex } })) }) },
  { name: 'an Available ENI still attached', checks: ['attachment-consistent'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.loaded,
      () => ({ status: 'Available' })) }) },
  { name: 'a member its trunk does not list', checks: ['attachment-consistent'],
    corrupt: (cloud, region) => ({ region: eniEdit(region, cloud.trunk,
      () => ({ memberEniIds: [] })) }) },
  { name: 'an ENI counter off by one', checks: ['account-eni-accounting'],
    corrupt: (_cloud, region) => ({ region: { ...region,
      quotaEniCount: region.quotaEniCount + 1 } }) },
  { name: 'more ENIs than the account quota', checks: ['account-eni-quota'],
    corrupt: () => ({ quotas: { enisPerRegion: 2 } }) },
  { name: 'a security group counting one IP too many', checks: ['security-group-accounting'],
    corrupt: (cloud, region) => {
      const group = region.securityGroups[cloud.securityGroupId]!;
      return { region: { ...region, securityGroups: { ...region.securityGroups,
        [group.id]: { ...group, ipCount: group.ipCount + 1 } } } };
    } },
  { name: 'a security group over its limit', checks: ['security-group-ip-quota'],
    corrupt: () => ({ quotas: { securityGroupIpsEnterprise: 3 } }) },
  { name: 'a route table over its quota', checks: ['route-entry-quota'],
    corrupt: () => ({ quotas: { routeEntriesPerTable: 0 } }) },
  { name: 'more VPCs than the region quota', checks: ['vpc-quota'],
    corrupt: () => ({ quotas: { vpcsPerRegion: 0 } }) },
  { name: 'more vSwitches than the VPC quota', checks: ['vswitch-quota'],
    corrupt: () => ({ quotas: { vSwitchesPerVpc: 1 } }) },
  { name: 'one destination twice', checks: ['route-destination-unique'],
    corrupt: (cloud, region) => {
      const table = region.routeTables[cloud.routeTableId]!;
      const custom = Object.values(table.entries).find((entry) => entry.type === 'Custom')!;
      return { region: { ...region, routeTables: { ...region.routeTables, [table.id]: { ...table,
        entries: { ...table.entries, 'rte-copy': { ...custom, id: 'rte-copy' } } } } } };
    } },
];

describe('the cloud invariant checks', () => {
  const cloud = healthyCloud();
  const findingsOf = (state: CloudState, quotas: CloudQuotas) =>
    cloudInvariantViolations(new CloudView(state, 0), quotas);

  it('find nothing in a healthy cloud', () => {
    expect(findingsOf(cloud.state, cloud.quotas)).toEqual([]);
  });

  it.each(corruptions)('find $name with exactly $checks', ({ corrupt, checks }) => {
    const region = cloud.state.regions[cloud.regionId]!;
    const broken = corrupt(cloud, region);
    const state = { regions: { ...cloud.state.regions,
      [cloud.regionId]: broken.region ?? region } };
    const findings = findingsOf(state, { ...cloud.quotas, ...broken.quotas });
    expect([...new Set(findings.map((finding) => finding.check))].sort()).toEqual(checks);
    for (const finding of findings) expect(finding.detail).not.toBe('');
  });

  it('exercise every check name', () => {
    const exercised = new Set(corruptions.flatMap((row) => row.checks));
    expect(cloudCheckNames.filter((name) => !exercised.has(name))).toEqual([]);
  });
});
