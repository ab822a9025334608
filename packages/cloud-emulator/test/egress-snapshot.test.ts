// Security-group rules, NAT gateways with SNAT entries and EIPs survive a snapshot: a fresh
// emulator restored from it shows the same state and mints the next ids after the saved ones
// (not sgr-…001 again); a snapshot written before these existed restores with none of them.
import { describe, expect, it } from 'vitest';
import { buildTestWorld } from '../src/testing/index.js';

function world() {
  return buildTestWorld({ seed: 5, instances: 1, instanceType: 'ecs.g7.large',
    securityGroupType: 'normal', vSwitchCidrs: ['192.168.0.0/24'],
    cloud: { latency: 'fast' } });
}

function must(result: { ok: boolean; value?: unknown; error?: unknown }): Record<string, unknown> {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as Record<string, unknown>;
}

describe('egress and rules in snapshots', () => {
  it('restores rules, gateways and EIPs, and continues their ids', () => {
    const original = world();
    const call = (cloud: typeof original.cloud, product: 'ecs' | 'vpc', action: string,
      params: Record<string, unknown>) => must(cloud.world.call(product, action, params));
    call(original.cloud, 'ecs', 'AuthorizeSecurityGroup', { SecurityGroupId:
      original.securityGroupId, IpProtocol: 'TCP', PortRange: '22/22',
      SourceCidrIp: '10.0.0.0/8' });
    const gateway = call(original.cloud, 'vpc', 'CreateNatGateway', { VpcId: original.vpcId,
      VSwitchId: original.vSwitchIds[0] });
    const eip = call(original.cloud, 'vpc', 'AllocateEipAddress', {});
    call(original.cloud, 'vpc', 'AssociateEipAddress', { AllocationId: eip.AllocationId,
      InstanceId: gateway.NatGatewayId, InstanceType: 'Nat' });
    const snapshot = JSON.parse(JSON.stringify(original.cloud.snapshot())) as ReturnType<
      typeof original.cloud.snapshot>;
    const forked = world();
    forked.cloud.restore(snapshot);
    expect(JSON.stringify(forked.cloud.snapshot())).toBe(JSON.stringify(snapshot));
    expect(forked.cloud.view().natGateways().map((each) => each.id))
      .toEqual([gateway.NatGatewayId]);
    const more = { SecurityGroupId: original.securityGroupId, IpProtocol: 'TCP',
      PortRange: '80/80', SourceCidrIp: '10.0.0.0/8' };
    call(original.cloud, 'ecs', 'AuthorizeSecurityGroup', more);
    call(forked.cloud, 'ecs', 'AuthorizeSecurityGroup', more);
    const ruleIds = (cloud: typeof original.cloud) => cloud.view().securityGroups()[0]!.rules
      .map((rule) => rule.id);
    expect(ruleIds(forked.cloud)).toEqual(ruleIds(original.cloud));
    expect(new Set(ruleIds(forked.cloud)).size).toBe(2);
  });

  it('restores a snapshot written before rules, gateways and EIPs with none of them', () => {
    const original = world();
    const snapshot = JSON.parse(JSON.stringify(original.cloud.snapshot())) as {
      state: { regions: Record<string, { securityGroups: Record<string, object> }> } };
    for (const region of Object.values(snapshot.state.regions)) {
      for (const group of Object.values(region.securityGroups)) {
        delete (group as { rules?: unknown }).rules;
      }
    }
    const forked = world();
    forked.cloud.restore(snapshot as unknown as ReturnType<typeof original.cloud.snapshot>);
    expect(forked.cloud.view().securityGroups().map((group) => group.rules)).toEqual([[]]);
    expect(forked.cloud.view().natGateways()).toEqual([]);
    expect(forked.cloud.view().eips()).toEqual([]);
  });
});
