// Pods reaching the Internet in the trace: without an EIP or an SNAT entry the VPC has no way out
// (drop `no-snat`); a NAT gateway's SNAT entry for the pods' vSwitch takes them out as its EIP;
// an EIP bound to the pod's ENI comes first; the ENI's outbound security-group rules still apply.
// Private addresses outside the VPC stay "no owner", as before.
import { describe, expect, it } from 'vitest';
import { createCluster, type TestCluster } from './cluster.js';

function call(harness: TestCluster, action: string, params: Record<string, unknown>) {
  const product = action.includes('SecurityGroup') ? 'ecs' : 'vpc';
  const done = harness.cloud.world.call(product, action, params);
  if (!done.ok) throw new Error(`${action}: ${done.error.code}: ${done.error.message}`);
  return done.value as Record<string, unknown>;
}

describe('egress to the Internet', () => {
  it('needs SNAT or an EIP, and names which one the packet left by', async () => {
    const harness = await createCluster({ mode: 'eniip', seed: 59 });
    await harness.run(60_000);
    harness.createPod({ name: 'a' });
    await harness.run(60_000);
    const ip = harness.api.getPod('default/a')!.status!.podIP!;
    const from = harness.podNamespace(ip)!;
    const outside = harness.world.trace(from, '8.8.8.8');
    expect(outside.ok ? 'delivered' : outside.drop).toMatchObject({ reason: 'no-snat',
      because: { kind: 'noSnat', src: ip } });
    const privateOutside = harness.world.trace(from, '10.99.0.1');
    expect(!privateOutside.ok && privateOutside.drop.reason).toBe('fabric-no-owner');

    const vpcId = harness.cloud.view().vpcs()[0]!.id;
    const gateway = call(harness, 'CreateNatGateway', { VpcId: vpcId,
      VSwitchId: harness.vSwitchIds[0] });
    const natEip = call(harness, 'AllocateEipAddress', {});
    call(harness, 'AssociateEipAddress', { AllocationId: natEip.AllocationId,
      InstanceId: gateway.NatGatewayId, InstanceType: 'Nat' });
    const tableId = (gateway.SnatTableIds as { SnatTableId: string[] }).SnatTableId[0];
    const entry = call(harness, 'CreateSnatEntry', { SnatTableId: tableId,
      SnatIp: natEip.EipAddress, SourceVSwitchId: harness.vSwitchIds[0] });
    const viaSnat = harness.world.trace(from, '8.8.8.8');
    expect(viaSnat.ok && viaSnat.delivered).toEqual({ namespace: 'internet',
      link: natEip.EipAddress });
    expect(viaSnat.hops.at(-1)!.detail).toBe(
      `leaves the VPC as ${String(natEip.EipAddress)} (SNAT entry ${String(entry.SnatEntryId)})`);

    const eniId = [...harness.cloud.view().enis()].find((eni) =>
      eni.ipv4.some((assigned) => assigned.ip === ip))!.id;
    const ownEip = call(harness, 'AllocateEipAddress', {});
    call(harness, 'AssociateEipAddress', { AllocationId: ownEip.AllocationId, InstanceId: eniId,
      InstanceType: 'NetworkInterface' });
    const viaEip = harness.world.trace(from, '8.8.8.8');
    expect(viaEip.ok && viaEip.delivered.link).toBe(ownEip.EipAddress);

    call(harness, 'AuthorizeSecurityGroupEgress', { SecurityGroupId: harness.securityGroupId,
      IpProtocol: 'ALL', DestCidrIp: '0.0.0.0/0', Policy: 'drop', Priority: 100 });
    const dropped = harness.world.trace(from, '8.8.8.8');
    expect(dropped.ok ? 'delivered' : dropped.drop.because).toMatchObject({
      kind: 'securityGroup', id: harness.securityGroupId, direction: 'egress' });
  }, 60_000);
});
