// The prefix variants of Terway's ECS calls (its AssignPrivateIPAddressV2 / AssignIpv6AddressesV2
// with prefix counts and the unassigns with prefixes, pkg/aliyun/client/ecs_2.go) over the cloud
// emulator: the parameters on the wire, the prefixes read back from the reply, and that they ride
// on the IP calls' rate-limit buckets and retry codes.
import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { backoffKeys } from '../../src/backoff/named.js';
import { codeIs } from '../../src/cloud/errors.js';
import { refuseNext } from '../emulator/cloud-rig.js';
import { clientRig, runTask, type CloudTestRig } from './setup.js';

const baseCreate = (rig: CloudTestRig) => ({ vSwitchId: rig.vSwitch('vsw-a'),
  securityGroupIds: [rig.securityGroupId], sourceDestCheck: false });

describe('EcsClient prefix calls', () => {
  it('creates an ENI with prefix counts and reads its prefixes back', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const created = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx,
      { ...baseCreate(rig), ipCount: 1, ipv4PrefixCount: 2, ipv6PrefixCount: 1 }));
    expect(rig.openApi.callsOf('CreateNetworkInterface')[0]!.params).toMatchObject({
      Ipv4PrefixCount: 2, Ipv6PrefixCount: 1 });
    expect(rig.openApi.callsOf('CreateNetworkInterface')[0]!.params)
      .not.toHaveProperty('SecondaryPrivateIpAddressCount');
    expect(created.ok && created.value.ipv4PrefixSets).toEqual(['192.168.0.16/28',
      '192.168.0.32/28']);
    expect(created.ok && created.value.ipv6PrefixSets).toHaveLength(1);
  });

  it('assigns IPv4 prefixes with the eni_ip_ops retries on Operation.Conflict, and unassigns ' +
    'them (an unknown prefix counts as unassigned)', async () => {
    const rig = clientRig();
    rig.faults(refuseNext('AssignPrivateIpAddresses', 'Operation.Conflict'));
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignIpv4Prefixes(ctx, { networkInterfaceId: eniId,
        count: 2, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      const unassigned = await rig.ecs.unassignIpv4Prefixes(ctx, eniId, ['192.168.0.16/28']);
      const again = await rig.ecs.unassignIpv4Prefixes(ctx, eniId, ['192.168.0.16/28']);
      return { eniId, assigned, unassigned, again };
    });
    expect(out.assigned).toEqual({ ok: true, value: ['192.168.0.16/28', '192.168.0.32/28'] });
    const assigns = rig.openApi.callsOf('AssignPrivateIpAddresses');
    expect(assigns.map((call) => call.outcome)).toEqual(['Operation.Conflict', 'OK']);
    expect(assigns[1]!.startMs - assigns[0]!.endMs).toBeGreaterThanOrEqual(5_000);
    expect(assigns[1]!.params).toMatchObject({ NetworkInterfaceId: out.eniId,
      Ipv4PrefixCount: 2 });
    expect(assigns[1]!.params).not.toHaveProperty('SecondaryPrivateIpAddressCount');
    expect(out.unassigned.ok && out.again.ok).toBe(true);
    expect(rig.openApi.callsOf('UnassignPrivateIpAddresses').map((call) =>
      [call.params['Ipv4Prefix'], call.outcome])).toEqual([
      [['192.168.0.16/28'], 'OK'], [['192.168.0.16/28'], 'InvalidIp.IpUnassigned']]);
    expect(rig.eni(out.eniId)?.ipv4Prefixes.map((prefix) => prefix.prefix)).toEqual([
      '192.168.0.32/28']);
  });

  it('assigns and unassigns IPv6 prefixes', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignIpv6Prefixes(ctx, { networkInterfaceId: eniId,
        count: 1, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      const held = rig.eni(eniId)?.ipv6Prefixes.length;
      const unassigned = await rig.ecs.unassignIpv6Prefixes(ctx, eniId,
        assigned.ok ? assigned.value : []);
      return { eniId, assigned, held, unassigned };
    });
    expect(out.assigned.ok && out.assigned.value).toEqual([expect.stringMatching(/::\/80$/)]);
    expect(out.held).toBe(1);
    expect(out.unassigned.ok).toBe(true);
    expect(rig.eni(out.eniId)?.ipv6Prefixes).toEqual([]);
    expect(rig.openApi.callsOf('AssignIpv6Addresses').at(-1)!.params).toMatchObject({
      Ipv6PrefixCount: 1 });
  });

  it('refuses a zero count before any call and surfaces InvalidVSwitchId.IpNotEnough ' +
    'without retrying', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, { ...baseCreate(rig),
        vSwitchId: rig.vSwitch('vsw-b') });
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const zero = await rig.ecs.assignIpv4Prefixes(ctx, { networkInterfaceId: eniId, count: 0 });
      // 252 free addresses less the instance's and the ENI's: room for fifteen /28s, not sixteen.
      const first = await rig.ecs.assignIpv4Prefixes(ctx, { networkInterfaceId: eniId,
        count: 10, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      const second = await rig.ecs.assignIpv4Prefixes(ctx, { networkInterfaceId: eniId,
        count: 10, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      return { zero, first, second };
    });
    expect(!out.zero.ok && out.zero.error.kind).toBe('invalid-args');
    expect(out.first.ok && out.first.value).toHaveLength(10);
    expect(!out.second.ok && codeIs(out.second.error, 'InvalidVSwitchId.IpNotEnough')).toBe(true);
    expect(rig.openApi.callsOf('AssignPrivateIpAddresses').map((call) => call.outcome)
      .filter((outcome) => outcome !== 'Operation.Conflict')).toEqual(['OK',
      'InvalidVSwitchId.IpNotEnough']);
  });

  it('waits on the AssignPrivateIpAddresses bucket as rate_limit configures it', async () => {
    const rig = clientRig({ rateLimit: { AssignPrivateIpAddresses: 1 } });
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      await rig.ecs.assignPrivateIpAddresses(ctx, { networkInterfaceId: eniId, ipCount: 1,
        backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      await rig.ecs.assignIpv4Prefixes(ctx, { networkInterfaceId: eniId, count: 1 });
    });
    const starts = rig.openApi.callsOf('AssignPrivateIpAddresses').map((call) => call.startMs);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(60_000);
    expect(rig.metrics.rateLimiterLatency.labels({ api: 'AssignPrivateIpAddresses' }).sum)
      .toBeGreaterThan(0);
  });
});
