// IP prefixes through the official ECS SDK against the HTTP face: /28 IPv4 and /80 IPv6 prefixes
// on CreateNetworkInterface, AssignPrivateIpAddresses, AssignIpv6Addresses and their unassigns,
// their shapes in the replies and in DescribeNetworkInterfaces, the vSwitch's free count, and the
// refusals (mixed parameters, the per-ENI slots, a vSwitch without a free /28).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError, startHarness, until, Vpc, type Harness } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

/** Retries an IP operation while the previous one still holds the ENI (Operation.Conflict). */
async function settled<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { code?: string }).code !== 'Operation.Conflict' || attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function lastOctet(prefix: string): number {
  return Number(prefix.split('/')[0]!.split('.')[3]);
}

describe('IP prefixes through the official SDK', () => {
  let harness: Harness;
  const ids = { vSwitch: '', tinyVSwitch: '', securityGroup: '', instance: '', eni: '' };

  const freeCount = async (vSwitchId: string) => (await harness.vpc().describeVSwitches(
    new Vpc.DescribeVSwitchesRequest({ regionId, vSwitchId }))).body!.vSwitches!.vSwitch![0]!
    .availableIpAddressCount!;
  const describeEni = async () => (await harness.ecs().describeNetworkInterfaces(
    new Ecs.DescribeNetworkInterfacesRequest({ regionId, networkInterfaceId: [ids.eni] })))
    .body!.networkInterfaceSets!.networkInterfaceSet![0]!;

  beforeAll(async () => {
    harness = await startHarness();
    const vpc = await harness.vpc().createVpc(new Vpc.CreateVpcRequest({ regionId,
      cidrBlock: '10.0.0.0/8', enableIpv6: true }));
    const vpcId = vpc.body!.vpcId!;
    ids.vSwitch = (await harness.vpc().createVSwitch(new Vpc.CreateVSwitchRequest({ regionId,
      vpcId, zoneId: 'cn-hangzhou-h', cidrBlock: '10.1.0.0/24', ipv6CidrBlock: 1 })))
      .body!.vSwitchId!;
    // A /27 has two /28s, and each holds a reserved address: no prefix fits.
    ids.tinyVSwitch = (await harness.vpc().createVSwitch(new Vpc.CreateVSwitchRequest({ regionId,
      vpcId, zoneId: 'cn-hangzhou-h', cidrBlock: '10.2.0.0/27' }))).body!.vSwitchId!;
    ids.securityGroup = (await harness.ecs().createSecurityGroup(
      new Ecs.CreateSecurityGroupRequest({ regionId, vpcId }))).body!.securityGroupId!;
    const run = await harness.ecs().runInstances(new Ecs.RunInstancesRequest({ regionId,
      imageId: 'any', instanceType: 'ecs.g7.large', vSwitchId: ids.vSwitch,
      securityGroupId: ids.securityGroup }));
    ids.instance = run.body!.instanceIdSets!.instanceIdSet![0]!;
    await until(() => harness.ecs().describeInstances(new Ecs.DescribeInstancesRequest({
      regionId, instanceIds: JSON.stringify([ids.instance]) })),
      (reply) => reply.body!.instances!.instance![0]!.status === 'Running');
  });
  afterAll(async () => {
    await harness.close();
  });

  it('creates an ENI with aligned /28s and a /80, each /28 taking 16 of the vSwitch', async () => {
    const before = await freeCount(ids.vSwitch);
    const created = await harness.ecs().createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({ regionId, vSwitchId: ids.vSwitch,
        securityGroupIds: [ids.securityGroup], ipv4PrefixCount: 2, ipv6PrefixCount: 1 }));
    ids.eni = created.body!.networkInterfaceId!;
    const v4 = created.body!.ipv4PrefixSets!.ipv4PrefixSet!.map((set) => set.ipv4Prefix!);
    const v6 = created.body!.ipv6PrefixSets!.ipv6PrefixSet!.map((set) => set.ipv6Prefix!);
    expect(v4).toHaveLength(2);
    for (const prefix of v4) {
      expect(prefix).toMatch(/^10\.1\.0\.\d+\/28$/);
      expect(lastOctet(prefix) % 16).toBe(0);
    }
    expect(v6).toEqual([expect.stringMatching(/^2408:4005:3c5:\w+:1::\/80$/)]);
    expect(created.body!.privateIpSets!.privateIpSet).toHaveLength(1);
    // Every address of a prefix belongs to its ENI, as the VPC fabric delivers it there.
    const view = harness.cloud.view();
    const vpcId = view.eni(ids.eni)!.vpcId;
    expect(view.ipv4Owner(vpcId, v4[0]!.replace(/\.(\d+)\/28$/, (_, last: string) =>
      `.${Number(last) + 15}`))?.eniId).toBe(ids.eni);
    expect(view.ipv6Owner(v6[0]!.replace('::/80', '::5'))?.eniId).toBe(ids.eni);
    expect(view.ipv6Owner(v6[0]!.replace(':1::/80', ':7::5'))).toBeUndefined();
    expect(await freeCount(ids.vSwitch)).toBe(before - 1 - 2 * 16);
  });

  it('refuses mixed parameters and a vSwitch without a free /28', async () => {
    const create = (extra: Record<string, unknown>) => sdkError(() =>
      harness.ecs().createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId,
        vSwitchId: ids.vSwitch, securityGroupIds: [ids.securityGroup], ...extra })));
    const conflict = { name: 'ClientError', code: 'InvalidParameter.Conflict', statusCode: 400 };
    const cases = [
      { name: 'secondary IPs with prefixes',
        extra: { secondaryPrivateIpAddressCount: 1, ipv4PrefixCount: 1 } },
      { name: 'IPv6 addresses with IPv6 prefixes',
        extra: { ipv6AddressCount: 1, ipv6PrefixCount: 1 } },
      { name: 'a prefix list with a prefix count',
        extra: { ipv4Prefix: ['10.1.0.240/28'], ipv4PrefixCount: 1 } },
    ];
    for (const item of cases) expect(await create(item.extra), item.name).toEqual(conflict);
    const tiny = await sdkError(() => harness.ecs().createNetworkInterface(
      new Ecs.CreateNetworkInterfaceRequest({ regionId, vSwitchId: ids.tinyVSwitch,
        securityGroupIds: [ids.securityGroup], ipv4PrefixCount: 1 })));
    expect(tiny).toEqual({ name: 'ClientError', code: 'InvalidVSwitchId.IpNotEnough',
      statusCode: 403 });
    const mixedAssign = await sdkError(() => harness.ecs().assignPrivateIpAddresses(
      new Ecs.AssignPrivateIpAddressesRequest({ regionId, networkInterfaceId: ids.eni,
        secondaryPrivateIpAddressCount: 1, ipv4PrefixCount: 1 })));
    expect(mixedAssign).toEqual(conflict);
  });

  it('assigns prefixes on an attached ENI up to its private-IP slots, then refuses', async () => {
    const ecs = harness.ecs();
    await ecs.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId,
      networkInterfaceId: ids.eni, instanceId: ids.instance }));
    await until(describeEni, (eni) => eni.status === 'InUse');
    // ecs.g7.large: 6 private IPs per ENI = the primary and five prefixes.
    const assigned = await settled(() => ecs.assignPrivateIpAddresses(
      new Ecs.AssignPrivateIpAddressesRequest({ regionId, networkInterfaceId: ids.eni,
        ipv4PrefixCount: 3 })));
    const set = assigned.body!.assignedPrivateIpAddressesSet!;
    expect(set.ipv4PrefixSet!.ipv4Prefixes).toHaveLength(3);
    expect(set.privateIpSet!.privateIpAddress).toEqual([]);
    const full = await sdkError(() => settled(() => ecs.assignPrivateIpAddresses(
      new Ecs.AssignPrivateIpAddressesRequest({ regionId, networkInterfaceId: ids.eni,
        ipv4PrefixCount: 1 }))));
    expect(full).toEqual({ name: 'ClientError', code: 'InvalidOperation.Ipv4CountExceeded',
      statusCode: 403 });
    const eni = await describeEni();
    expect(eni.ipv4PrefixSets!.ipv4PrefixSet).toHaveLength(5);
    expect(eni.ipv6PrefixSets!.ipv6PrefixSet).toHaveLength(1);
  });

  it('assigns IPv6 prefixes by count and by name, and unassigns both families', async () => {
    const ecs = harness.ecs();
    const byCount = await settled(() => ecs.assignIpv6Addresses(
      new Ecs.AssignIpv6AddressesRequest({ regionId, networkInterfaceId: ids.eni,
        ipv6PrefixCount: 1 })));
    const counted = byCount.body!.ipv6PrefixSets!.ipv6Prefix!;
    expect(counted).toHaveLength(1);
    expect(byCount.body!.ipv6Sets!.ipv6Address).toEqual([]);
    const named = counted[0]!.replace(/:2::\/80$/, ':9::/80');
    const byName = await settled(() => ecs.assignIpv6Addresses(
      new Ecs.AssignIpv6AddressesRequest({ regionId, networkInterfaceId: ids.eni,
        ipv6Prefix: [named] })));
    expect(byName.body!.ipv6PrefixSets!.ipv6Prefix).toEqual([named]);
    const again = await sdkError(() => settled(() => ecs.assignIpv6Addresses(
      new Ecs.AssignIpv6AddressesRequest({ regionId, networkInterfaceId: ids.eni,
        ipv6Prefix: [named] }))));
    expect(again.code).toBe('InvalidPrivateIpAddress.Duplicated');

    const before = await freeCount(ids.vSwitch);
    const v4 = (await describeEni()).ipv4PrefixSets!.ipv4PrefixSet![0]!.ipv4Prefix!;
    await settled(() => ecs.unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({
      regionId, networkInterfaceId: ids.eni, ipv4Prefix: [v4] })));
    await settled(() => ecs.unassignIpv6Addresses(new Ecs.UnassignIpv6AddressesRequest({
      regionId, networkInterfaceId: ids.eni, ipv6Prefix: [named] })));
    expect(await freeCount(ids.vSwitch)).toBe(before + 16);
    const eni = await describeEni();
    expect(eni.ipv4PrefixSets!.ipv4PrefixSet!.map((set) => set.ipv4Prefix)).not.toContain(v4);
    expect(eni.ipv6PrefixSets!.ipv6PrefixSet!.map((set) => set.ipv6Prefix)).not.toContain(named);
  });
});
