// NAT gateways, SNAT entries and EIPs through the official VPC SDK against the HTTP face: a
// gateway with its SNAT table, an EIP bound to it, an entry per source vSwitch, listing and
// deleting entries, and the refusals (an SNAT IP not bound to the gateway, a second entry for
// the same source, unknown ids, an EIP bound twice).
import { describe, expect, it } from 'vitest';
import { sdkError, startHarness, Vpc, type Harness } from './sdk-harness.js';

const regionId = 'cn-hangzhou';

async function network(harness: Harness) {
  const vpc = harness.vpc();
  const vpcId = (await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId,
    cidrBlock: '192.168.0.0/16' }))).body!.vpcId!;
  const vSwitch = (cidrBlock: string) => vpc.createVSwitch(new Vpc.CreateVSwitchRequest({
    regionId, vpcId, zoneId: 'cn-hangzhou-i', cidrBlock })).then((reply) => reply.body!.vSwitchId!);
  return { vpc, vpcId, nodes: await vSwitch('192.168.0.0/24'),
    pods: await vSwitch('192.168.16.0/22') };
}

describe('NAT gateways, SNAT entries and EIPs through the VPC SDK', () => {
  it('creates a gateway, binds an EIP and translates a vSwitch through it', async () => {
    const harness = await startHarness();
    try {
      const { vpc, vpcId, nodes, pods } = await network(harness);
      const gateway = (await vpc.createNatGateway(new Vpc.CreateNatGatewayRequest({ regionId,
        vpcId, vSwitchId: nodes, natType: 'Enhanced' }))).body!;
      const snatTableId = gateway.snatTableIds!.snatTableId![0]!;
      expect(gateway.natGatewayId).toMatch(/^ngw-/);
      expect(snatTableId).toMatch(/^stb-/);
      const eip = (await vpc.allocateEipAddress(new Vpc.AllocateEipAddressRequest({ regionId })))
        .body!;
      expect(eip.eipAddress).toMatch(/^47\./);
      expect(await sdkError(() => vpc.createSnatEntry(new Vpc.CreateSnatEntryRequest({ regionId,
        snatTableId, snatIp: eip.eipAddress, sourceVSwitchId: pods })))).toMatchObject({
        code: 'InvalidSnatIp.NotBoundToNat' });
      await vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({ regionId,
        allocationId: eip.allocationId, instanceId: gateway.natGatewayId, instanceType: 'Nat' }));
      expect(await sdkError(() => vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({
        regionId, allocationId: eip.allocationId, instanceId: gateway.natGatewayId,
        instanceType: 'Nat' })))).toMatchObject({ code: 'IncorrectEipStatus', statusCode: 400 });
      const entryId = (await vpc.createSnatEntry(new Vpc.CreateSnatEntryRequest({ regionId,
        snatTableId, snatIp: eip.eipAddress, sourceVSwitchId: pods }))).body!.snatEntryId!;
      expect(await sdkError(() => vpc.createSnatEntry(new Vpc.CreateSnatEntryRequest({ regionId,
        snatTableId, snatIp: eip.eipAddress, sourceCIDR: '192.168.16.0/22' })))).toMatchObject({
        code: 'Forbidden.SourceDuplicated' });
      const listed = (await vpc.describeSnatTableEntries(new Vpc.DescribeSnatTableEntriesRequest({
        regionId, snatTableId }))).body!;
      expect(listed.snatTableEntries!.snatTableEntry!.map((entry) => [entry.snatEntryId,
        entry.sourceVSwitchId, entry.sourceCIDR, entry.snatIp, entry.status])).toEqual([
        [entryId, pods, '192.168.16.0/22', eip.eipAddress, 'Available']]);
      const eips = (await vpc.describeEipAddresses(new Vpc.DescribeEipAddressesRequest({
        regionId }))).body!.eipAddresses!.eipAddress!;
      expect(eips.map((each) => [each.allocationId, each.status, each.instanceId,
        each.instanceType])).toEqual([[eip.allocationId, 'InUse', gateway.natGatewayId, 'Nat']]);
      const gateways = (await vpc.describeNatGateways(new Vpc.DescribeNatGatewaysRequest({
        regionId, vpcId }))).body!.natGateways!.natGateway!;
      expect(gateways[0]!.ipLists!.ipList!.map((ip) => ip.ipAddress)).toEqual([eip.eipAddress]);
      await vpc.deleteSnatEntry(new Vpc.DeleteSnatEntryRequest({ regionId, snatTableId,
        snatEntryId: entryId }));
      expect(await sdkError(() => vpc.deleteSnatEntry(new Vpc.DeleteSnatEntryRequest({ regionId,
        snatTableId, snatEntryId: entryId })))).toMatchObject({
        code: 'InvalidSnatEntryId.NotFound', statusCode: 404 });
      expect(await sdkError(() => vpc.associateEipAddress(new Vpc.AssociateEipAddressRequest({
        regionId, allocationId: 'eip-nope', instanceId: 'i-nope' })))).toMatchObject({
        code: 'InvalidAllocationId.NotFound' });
    } finally {
      await harness.close();
    }
  });
});
