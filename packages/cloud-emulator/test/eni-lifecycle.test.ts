import { describe, expect, it } from 'vitest';
import { buildTestWorld } from '../src/testing/index.js';
import { body, caller, codeOf, collectEvents, runTask, statusOf } from './helpers.js';

describe('ENI lifecycle in process', () => {
  it('accepts a detach of an ENI attached nowhere and changes nothing (Terway deletes by detaching first)', async () => {
    const world = buildTestWorld({ cloud: { freezeState: true } });
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      const eniId = body(
        await call('CreateNetworkInterface', {
          VSwitchId: world.vSwitchIds[0],
          SecurityGroupIds: [world.securityGroupId],
        }),
      ).NetworkInterfaceId as string;
      expect(
        codeOf(
          await call('DetachNetworkInterface', {
            NetworkInterfaceId: eniId,
            InstanceId: world.instanceIds[0],
          }),
        ),
      ).toBe('OK');
      expect(world.cloud.view().eni(eniId)?.status).toBe('Available');
      expect(codeOf(await call('DeleteNetworkInterface', { NetworkInterfaceId: eniId }))).toBe(
        'OK',
      );
    });
  });

  it('creates, attaches (Attaching then InUse), assigns, unassigns, detaches and deletes',
    async () => {
    const world = buildTestWorld({ cloud: { freezeState: true } });
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    const statuses: string[] = [];
    const events = collectEvents(world.cloud);
    await runTask(world.env, async () => {
      const created = body(
        await call('CreateNetworkInterface', {
          VSwitchId: world.vSwitchIds[0],
          SecurityGroupIds: [world.securityGroupId],
          SecondaryPrivateIpAddressCount: 2,
          Tag: [{ Key: 'creator', Value: 'terway' }],
          Description: 'interface create by terway',
        }),
      );
      const eniId = created.NetworkInterfaceId as string;
      expect(created.Status).toBe('Available');
      expect((created.PrivateIpSets as { PrivateIpSet: unknown[] }).PrivateIpSet).toHaveLength(3);
      expect(codeOf(await call('AttachNetworkInterface',
        { NetworkInterfaceId: eniId, InstanceId: instanceId }))).toBe('OK');
      const describeOne = async () => {
        const sets = body(await call('DescribeNetworkInterfaces', { NetworkInterfaceId: [eniId] }))
          .NetworkInterfaceSets as { NetworkInterfaceSet: Record<string, unknown>[] };
        return sets.NetworkInterfaceSet[0];
      };
      for (let poll = 0; poll < 20; poll++) {
        const status = String((await describeOne())?.Status);
        if (statuses.at(-1) !== status) statuses.push(status);
        if (status === 'InUse') break;
        await world.env.scheduler.sleep(10);
      }
      const eni = await describeOne();
      expect((eni?.Attachment as { DeviceIndex: number }).DeviceIndex).toBe(1);
      const assigned = body(await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 3 }));
      const ips = (
        assigned.AssignedPrivateIpAddressesSet as { PrivateIpSet: { PrivateIpAddress: string[] } }
      ).PrivateIpSet.PrivateIpAddress;
      expect(ips).toHaveLength(3);
      await world.env.scheduler.sleep(10);
      expect(codeOf(await call('UnassignPrivateIpAddresses',
        { NetworkInterfaceId: eniId, PrivateIpAddress: ips.slice(0, 2) }))).toBe('OK');
      await world.env.scheduler.sleep(10);
      expect(codeOf(await call('DetachNetworkInterface',
        { NetworkInterfaceId: eniId, InstanceId: instanceId }))).toBe('OK');
      expect((await describeOne())?.Status).toBe('Detaching');
      await world.env.scheduler.sleep(100);
      expect((await describeOne())?.Status).toBe('Available');
      expect(codeOf(await call('DeleteNetworkInterface',
        { NetworkInterfaceId: eniId }))).toBe('OK');
      expect((await describeOne())?.Status).toBe('Deleting');
      await world.env.scheduler.sleep(100);
      expect(await describeOne()).toBeUndefined();
    });
    expect(statuses).toEqual(['Attaching', 'InUse']);
    const usage = world.cloud
      .view()
      .vSwitches()
      .find((usage) => usage.vSwitch.id === world.vSwitchIds[0])!;
    expect(usage.used).toBe(1);
    expect(usage.available).toBe(4096 - 4 - 1);
    expect(events.flatMap((event) => (event.type === 'eni.state' ? [`${event.from}>${event.to}`]
      : [])))
      .toEqual(['None>Available', 'Available>Attaching', 'Attaching>InUse', 'InUse>Detaching',
        'Detaching>Available', 'Available>Deleting', 'Deleting>Gone']);
  });

  it('refuses with the real codes and statuses', async () => {
    const world = buildTestWorld({ instanceType: 'ecs.g6.large',
      cloud: { quotas: { enisPerRegion: 3 } }, vSwitchCidrs: ['192.168.0.0/29',
        '192.168.16.0/24'] });
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    const results: Record<string, [string, number]> = {};
    const note = (name: string,
      reply: Awaited<ReturnType<typeof call>>) => { results[name] = [codeOf(reply),
        statusOf(reply)]; };
    await runTask(world.env, async () => {
      // /29: 8 addresses, 4 reserved, the instance's primary holds 1: 3 free.
      note('ipNotEnough', await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId,
          SecondaryPrivateIpAddressCount: 3 }));
      note('unknownEni', await call('DeleteNetworkInterface', { NetworkInterfaceId: 'eni-nope' }));
      note('missingVSwitch',
        await call('CreateNetworkInterface', { SecurityGroupId: world.securityGroupId }));
      const first = body(await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId }));
      const second = body(await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId }));
      await call('AttachNetworkInterface',
        { NetworkInterfaceId: first.NetworkInterfaceId, InstanceId: instanceId });
      // ecs.g6.large takes 2 ENIs: the primary and one more.
      note('perInstance', await call('AttachNetworkInterface',
        { NetworkInterfaceId: second.NetworkInterfaceId, InstanceId: instanceId }));
      note('deleteAttaching',
        await call('DeleteNetworkInterface', { NetworkInterfaceId: first.NetworkInterfaceId }));
      await world.env.scheduler.sleep(100);
      // 6 IPs per ENI on g6.large: the primary plus 5.
      note('ipv4Count', await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: first.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 6 }));
      note('unassignPrimary',
        await call('UnassignPrivateIpAddresses',
          { NetworkInterfaceId: first.NetworkInterfaceId,
            PrivateIpAddress: [first.PrivateIpAddress] }));
      note('detachPrimary',
        await call('DetachNetworkInterface',
          { NetworkInterfaceId: world.cloud.view().instance(instanceId)!.primaryEniId,
            InstanceId: instanceId }));
      await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[1], SecurityGroupId: world.securityGroupId });
      note('quota', await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[1], SecurityGroupId: world.securityGroupId }));
      note('badCount', await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: first.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 'many' }));
      note('unknownAction', await call('CreateSubmarine'));
      note('missingRegion',
        await world.cloud.client().call({ product: 'ecs', action: 'DescribeNetworkInterfaces',
          params: {} }));
    });
    expect(results).toEqual({
      ipNotEnough: ['InvalidVSwitchId.IpNotEnough', 403],
      unknownEni: ['InvalidEniId.NotFound', 404],
      missingVSwitch: ['MissingVSwitchId', 400],
      perInstance: ['EniPerInstanceLimitExceeded', 403],
      deleteAttaching: ['InvalidOperation.InvalidEniState', 400],
      ipv4Count: ['InvalidOperation.Ipv4CountExceeded', 403],
      unassignPrimary: ['InvalidIp.IpUnassigned', 403],
      detachPrimary: ['InvalidOperation.DetachPrimaryEniNotAllowed', 400],
      quota: ['MaxEniCountExceeded', 403],
      badCount: ['InvalidParameter', 400],
      unknownAction: ['InvalidAction.NotFound', 404],
      missingRegion: ['MissingRegionId', 400],
    });
  });

  it('makes a trunk member a Member with a VLAN DeviceIndex, bounded by EniTotalQuantity − EniQuantity, never in metadata', async () => {
    // ecs.g7.xlarge: 4 ENIs, 20 in total: 16 members.
    const world = buildTestWorld({ cloud: { quotas: { enisPerRegion: 100 } } });
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    const codes: string[] = [];
    const vlans: number[] = [];
    await runTask(world.env, async () => {
      const trunk = body(
        await call('CreateNetworkInterface', {
          VSwitchId: world.vSwitchIds[0],
          SecurityGroupId: world.securityGroupId,
          InstanceType: 'Trunk',
        }),
      );
      expect(trunk.Type).toBe('Trunk');
      await call('AttachNetworkInterface', {
        NetworkInterfaceId: trunk.NetworkInterfaceId,
        InstanceId: instanceId,
      });
      await world.env.scheduler.sleep(100);
      for (let index = 0; index < 17; index++) {
        const member = body(
          await call('CreateNetworkInterface', {
            VSwitchId: world.vSwitchIds[0],
            SecurityGroupId: world.securityGroupId,
          }),
        );
        const reply = await call('AttachNetworkInterface', {
          NetworkInterfaceId: member.NetworkInterfaceId,
          InstanceId: instanceId,
          TrunkNetworkInstanceId: trunk.NetworkInterfaceId,
        });
        codes.push(codeOf(reply));
      }
      await world.env.scheduler.sleep(100);
      const members = body(
        await call('DescribeNetworkInterfaces', {
          InstanceId: instanceId,
          Type: 'Member',
          MaxResults: 100,
        }),
      );
      for (const eni of (
        members.NetworkInterfaceSets as {
          NetworkInterfaceSet: {
            Attachment: { DeviceIndex: number; TrunkNetworkInterfaceId: string };
          }[];
        }
      ).NetworkInterfaceSet) {
        expect(eni.Attachment.TrunkNetworkInterfaceId).toBe(trunk.NetworkInterfaceId);
        vlans.push(eni.Attachment.DeviceIndex);
      }
      const macs = await world.cloud.metadata(instanceId).get('network/interfaces/macs/');
      expect(macs.ok && macs.value.split('\n')).toHaveLength(2);
      const attribute = body(
        await call('DescribeNetworkInterfaceAttribute', {
          NetworkInterfaceId: trunk.NetworkInterfaceId,
        }),
      );
      expect(
        (
          attribute.Attachment as {
            MemberNetworkInterfaceIds: { MemberNetworkInterfaceId: string[] };
          }
        ).MemberNetworkInterfaceIds.MemberNetworkInterfaceId,
      ).toHaveLength(16);
      expect(
        codeOf(
          await call('DetachNetworkInterface', {
            NetworkInterfaceId: trunk.NetworkInterfaceId,
            InstanceId: instanceId,
          }),
        ),
      ).toBe('InvalidOperation.EniLinked');
    });
    expect(codes.slice(0, 16).every((code) => code === 'OK')).toBe(true);
    expect(codes[16]).toBe('EniPerInstanceLimitExceeded');
    expect(vlans.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, index) => index + 1),
    );
  });

  it('shows a new ENI and new IPs in metadata only after the seeded lag', async () => {
    const world = buildTestWorld({ cloud: { latency: { base: 'fast',
      metadataLag: { minMs: 500, maxMs: 500 } } } });
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    const metadata = world.cloud.metadata(instanceId);
    await runTask(world.env, async () => {
      const eni = body(await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId }));
      await call('AttachNetworkInterface',
        { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: instanceId });
      const mac = eni.MacAddress as string;
      expect(
        (await metadata.get('network/interfaces/macs/')).ok &&
          (await metadata.get('network/interfaces/macs/')),
      ).toEqual({
        ok: true,
        value: `${world.cloud.view().eni(world.cloud.view().instance(instanceId)!.primaryEniId)!.mac}/`,
      });
      expect((await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).ok).toBe(false);
      await world.env.scheduler.sleep(600);
      expect(await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).toEqual({ ok: true,
        value: JSON.stringify([eni.PrivateIpAddress]) });
      const assigned = body(await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 1 }));
      const ip = (
        assigned.AssignedPrivateIpAddressesSet as { PrivateIpSet: { PrivateIpAddress: string[] } }
      ).PrivateIpSet.PrivateIpAddress[0]!;
      expect(await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).toEqual({ ok: true,
        value: JSON.stringify([eni.PrivateIpAddress]) });
      await world.env.scheduler.sleep(600);
      expect(await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).toEqual({ ok: true,
        value: JSON.stringify([eni.PrivateIpAddress, ip]) });
      await call('UnassignPrivateIpAddresses',
        { NetworkInterfaceId: eni.NetworkInterfaceId, PrivateIpAddress: [ip] });
      expect(await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).toEqual({ ok: true,
        value: JSON.stringify([eni.PrivateIpAddress, ip]) });
      await world.env.scheduler.sleep(600);
      expect(await metadata.get(`network/interfaces/macs/${mac}/private-ipv4s`)).toEqual({ ok: true,
        value: JSON.stringify([eni.PrivateIpAddress]) });
      expect(await metadata.get(`network/interfaces/macs/${mac}/gateway`)).toEqual({ ok: true,
        value: '192.168.15.253' });
      expect(await metadata.get(`network/interfaces/macs/${mac}/vswitch-cidr-block`)).toEqual({
        ok: true,
        value: '192.168.0.0/20',
      });
      expect((await metadata.get(`network/interfaces/macs/${mac}/ipv6s`)).ok).toBe(false);
      expect(await metadata.get('instance/instance-type')).toEqual({ ok: true,
        value: 'ecs.g7.xlarge' });
    });
  });
});
