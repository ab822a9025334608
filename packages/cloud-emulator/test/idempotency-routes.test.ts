import { describe, expect, it } from 'vitest';
import { buildTestWorld } from '../src/testing/index.js';
import { body, caller, codeOf, runTask } from './helpers.js';

describe('ClientToken', () => {
  it('returns the same result for the same token and parameters, and refuses different parameters',
    async () => {
    const world = buildTestWorld();
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      const params = { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId,
        ClientToken: 'token-1' };
      const first = body(await call('CreateNetworkInterface', params));
      const again = body(await call('CreateNetworkInterface', params));
      expect(again.NetworkInterfaceId).toBe(first.NetworkInterfaceId);
      expect(again.RequestId).not.toBe(first.RequestId);
      expect(codeOf(await call('CreateNetworkInterface',
        { ...params, SecondaryPrivateIpAddressCount: 2 }))).toBe('IdempotentParameterMismatch');
      const assign = { NetworkInterfaceId: first.NetworkInterfaceId,
        SecondaryPrivateIpAddressCount: 2, ClientToken: 'token-2' };
      const ips = body(await call('AssignPrivateIpAddresses', assign));
      await world.env.scheduler.sleep(100);
      expect(body(await call('AssignPrivateIpAddresses',
        assign)).AssignedPrivateIpAddressesSet).toEqual(ips.AssignedPrivateIpAddressesSet);
      expect(world.cloud.view().eni(first.NetworkInterfaceId as string)!.ipv4).toHaveLength(3);
    });
  });

  it('forgets a token after its time to live', async () => {
    const world = buildTestWorld({ cloud: { clientTokenTtlMs: 1000 } });
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      const params = { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId,
        ClientToken: 'token-1' };
      const first = body(await call('CreateNetworkInterface', params));
      await world.env.scheduler.sleep(2000);
      expect(body(await call('CreateNetworkInterface',
        params)).NetworkInterfaceId).not.toBe(first.NetworkInterfaceId);
    });
  });
});

describe('route entries', () => {
  it('creates asynchronously, refuses concurrent changes, duplicates, vSwitch CIDRs and the quota',
    async () => {
    const world = buildTestWorld({ instances: 3, cloud: { quotas: { routeEntriesPerTable: 2 } } });
    const call = caller(world.cloud.client());
    const [first, second, third] = world.instanceIds;
    const codes: string[] = [];
    await runTask(world.env, async () => {
      const create = (cidr: string, instanceId = first) => call('CreateRouteEntry',
        { RouteTableId: world.routeTableId, DestinationCidrBlock: cidr,
          NextHopId: instanceId }, 'vpc');
      const entry = body(await create('10.0.0.0/24'));
      codes.push(codeOf(await create('10.0.1.0/24', second)));
      const listed = body(await call('DescribeRouteEntryList',
        { RouteTableId: world.routeTableId, RouteEntryType: 'Custom' }, 'vpc'));
      expect(
        (listed.RouteEntrys as { RouteEntry: { Status: string; RouteEntryId: string }[] })
          .RouteEntry,
      ).toEqual([
        expect.objectContaining({ Status: 'Creating', RouteEntryId: entry.RouteEntryId }),
      ]);
      await world.env.scheduler.sleep(100);
      codes.push(codeOf(await create('10.0.0.0/24', second)));
      codes.push(codeOf(await create('192.168.1.0/24', second)));
      codes.push(codeOf(await create('100.64.0.0/10', second)));
      codes.push(codeOf(await create('10.0.1.0/24', second)));
      await world.env.scheduler.sleep(100);
      codes.push(codeOf(await create('10.0.2.0/24', third)));
      codes.push(codeOf(await create('10.0.3.0/24', 'i-unknown')));
      codes.push(codeOf(await call('DeleteRouteEntry', { RouteEntryId: entry.RouteEntryId },
        'vpc')));
      await world.env.scheduler.sleep(100);
      codes.push(codeOf(await call('DeleteRouteEntry', { RouteEntryId: entry.RouteEntryId },
        'vpc')));
    });
    expect(codes).toEqual([
      'TaskConflict',
      'InvalidCIDRBlock.Duplicate',
      'InvalidCidrBlock',
      'InvalidCidrBlock',
      'OK',
      'QuotaExceeded',
      'InvalidNextHop.NotFound',
      'OK',
      'InvalidRouteEntryId.NotFound',
    ]);
    const custom = world.cloud
      .view()
      .routeEntries(world.routeTableId)
      .filter((entry) => entry.type === 'Custom');
    expect(custom.map((entry) => entry.destinationCidrBlock)).toEqual(['10.0.1.0/24']);
  });
});
