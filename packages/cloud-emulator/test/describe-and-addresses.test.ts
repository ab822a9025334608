import { describe, expect, it } from 'vitest';
import { buildTestWorld } from '../src/testing/index.js';
import { body, caller, codeOf, runTask } from './helpers.js';

type EniSets = {
  NetworkInterfaceSets: { NetworkInterfaceSet: { NetworkInterfaceId: string }[] };
  NextToken: string;
  TotalCount: number;
};

describe('Describe paging and filters', () => {
  it('pages DescribeNetworkInterfaces with NextToken the way Terway walks it, and filters by tag, type and status', async () => {
    const world = buildTestWorld({ cloud: { quotas: { enisPerRegion: 100 } } });
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      for (let index = 0; index < 25; index++) {
        await call('CreateNetworkInterface', {
          VSwitchId: world.vSwitchIds[index % 2],
          SecurityGroupId: world.securityGroupId,
          Tag: [{ Key: 'creator', Value: index < 20 ? 'terway' : 'someone' }],
        });
      }
      const seen: string[] = [];
      let token = '';
      let pages = 0;
      do {
        const page = body(
          await call('DescribeNetworkInterfaces', {
            Type: 'Secondary',
            Status: 'Available',
            MaxResults: 10,
            ...(token === '' ? {} : { NextToken: token }),
          }),
        ) as unknown as EniSets;
        seen.push(
          ...page.NetworkInterfaceSets.NetworkInterfaceSet.map((eni) => eni.NetworkInterfaceId),
        );
        expect(page.TotalCount).toBe(25);
        token = page.NextToken;
        pages++;
      } while (token !== '');
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual(seen);
      const tagged = body(
        await call('DescribeNetworkInterfaces', {
          Tag: [{ Key: 'creator', Value: 'terway' }],
          MaxResults: 500,
        }),
      ) as unknown as EniSets;
      expect(tagged.NetworkInterfaceSets.NetworkInterfaceSet).toHaveLength(20);
      const primary = body(
        await call('DescribeNetworkInterfaces', {
          InstanceId: world.instanceIds[0],
          Type: 'Primary',
        }),
      ) as unknown as EniSets;
      expect(primary.NetworkInterfaceSets.NetworkInterfaceSet).toHaveLength(1);
      const capped = body(
        await call('DescribeNetworkInterfaces', { MaxResults: 5000 }),
      ) as unknown as EniSets;
      expect(capped.NetworkInterfaceSets.NetworkInterfaceSet).toHaveLength(26);
      expect(codeOf(await call('DescribeNetworkInterfaces', { NextToken: 'garbage' }))).toBe(
        'InvalidParameter',
      );
      const unknown = body(
        await call('DescribeNetworkInterfaces', { NetworkInterfaceId: ['eni-gone'] }),
      ) as unknown as EniSets;
      expect(unknown.NetworkInterfaceSets.NetworkInterfaceSet).toEqual([]);
    });
  });

  it('pages DescribeInstanceTypes at most 100 at a time and refuses MaxResults over 100',
    async () => {
    const world = buildTestWorld();
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      const first = body(await call('DescribeInstanceTypes',
        { MaxResults: 20 })) as { InstanceTypes: { InstanceType: unknown[] }; NextToken: string };
      expect(first.InstanceTypes.InstanceType).toHaveLength(20);
      expect(first.NextToken).not.toBe('');
      expect(codeOf(await call('DescribeInstanceTypes',
        { MaxResults: 1600 }))).toBe('InvalidParameter');
      const one = body(
        await call('DescribeInstanceTypes', { InstanceTypes: ['ecs.g6.large'] }),
      ) as { InstanceTypes: { InstanceType: Record<string, unknown>[] } };
      expect(one.InstanceTypes.InstanceType[0]).toMatchObject({ InstanceTypeId: 'ecs.g6.large',
        EniQuantity: 2, EniPrivateIpAddressQuantity: 6 });
    });
  });
});

describe('IPv6 and prefixes', () => {
  it('assigns IPv6 addresses and /28 prefixes, counts prefixes in the vSwitch, and prints ipv6s bracketed', async () => {
    const world = buildTestWorld({
      ipv6: true,
      cloud: { latency: { base: 'fast', metadataLag: { minMs: 0, maxMs: 0 } } },
    });
    const call = caller(world.cloud.client());
    const instanceId = world.instanceIds[0]!;
    await runTask(world.env, async () => {
      const eni = body(
        await call('CreateNetworkInterface', {
          VSwitchId: world.vSwitchIds[0],
          SecurityGroupId: world.securityGroupId,
          Ipv6AddressCount: 2,
          Ipv4PrefixCount: 1,
        }),
      );
      const prefix = (eni.Ipv4PrefixSets as { Ipv4PrefixSet: { Ipv4Prefix: string }[] })
        .Ipv4PrefixSet[0]!.Ipv4Prefix;
      expect(prefix).toMatch(/^192\.168\.\d+\.\d+\/28$/);
      const usage = () =>
        world.cloud
          .view()
          .vSwitches()
          .find((entry) => entry.vSwitch.id === world.vSwitchIds[0])!;
      // The instance's primary, the ENI's primary and the 16 addresses of the prefix.
      expect(usage().used).toBe(18);
      await call('AttachNetworkInterface', {
        NetworkInterfaceId: eni.NetworkInterfaceId,
        InstanceId: instanceId,
      });
      await world.env.scheduler.sleep(100);
      const more = body(
        await call('AssignIpv6Addresses', {
          NetworkInterfaceId: eni.NetworkInterfaceId,
          Ipv6AddressCount: 1,
        }),
      );
      expect((more.Ipv6Sets as { Ipv6Address: string[] }).Ipv6Address).toHaveLength(1);
      const addresses = world.cloud
        .view()
        .eni(eni.NetworkInterfaceId as string)!
        .ipv6.map((ip) => ip.ip);
      expect(addresses).toHaveLength(3);
      const ipv6s = await world.cloud
        .metadata(instanceId)
        .get(`network/interfaces/macs/${String(eni.MacAddress)}/ipv6s`);
      expect(ipv6s).toEqual({ ok: true, value: `[${addresses.join(',')}]` });
      expect(
        codeOf(
          await call('AssignPrivateIpAddresses', {
            NetworkInterfaceId: eni.NetworkInterfaceId,
            Ipv4PrefixCount: 1,
            SecondaryPrivateIpAddressCount: 1,
          }),
        ),
      ).toBe('InvalidParameter.Conflict');
      expect(
        codeOf(
          await call('UnassignIpv6Addresses', {
            NetworkInterfaceId: eni.NetworkInterfaceId,
            Ipv6Address: [addresses[0]],
          }),
        ),
      ).toBe('OK');
      expect(
        codeOf(
          await call('UnassignPrivateIpAddresses', {
            NetworkInterfaceId: eni.NetworkInterfaceId,
            Ipv4Prefix: [prefix],
          }),
        ),
      ).toBe('OK');
      expect(usage().used).toBe(2);
    });
    const plain = buildTestWorld();
    const plainCall = caller(plain.cloud.client());
    await runTask(plain.env, async () => {
      expect(
        codeOf(
          await plainCall('CreateNetworkInterface', {
            VSwitchId: plain.vSwitchIds[0],
            SecurityGroupId: plain.securityGroupId,
            Ipv6AddressCount: 1,
          }),
        ),
      ).toBe('InvalidVSwitch.Ipv6NotTurnOn');
    });
  });
});
