// CreateVpc's IPv6 block: with EnableIpv6 alone the VPC gets the next /56 of the modelled
// block; with Ipv6CidrBlock it gets that /56 (a scenario's real addresses), and its vSwitches'
// /64s are cut from it. Malformed, misplaced or reused blocks are refused with InvalidParameter
// naming the field.
import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { CloudEmulator } from '../src/index.js';

function emulator(): CloudEmulator {
  return new CloudEmulator(createSimEnv({ seed: 1 }), { latency: 'fast' });
}

describe('CreateVpc Ipv6CidrBlock', () => {
  it('gives the VPC the named /56 and its vSwitches /64s of it', () => {
    const cloud = emulator();
    const vpc = cloud.world.createVpc({ cidrBlock: '192.168.0.0/16', enableIpv6: true,
      ipv6CidrBlock: '2408:4005:3c5:100::/56' });
    if (!vpc.ok) throw new Error(vpc.error.message);
    const zone = cloud.state.regions[cloud.defaultRegion]!.zones[0]!;
    const vSwitch = cloud.world.createVSwitch({ vpcId: vpc.value.vpcId, zoneId: zone,
      cidrBlock: '192.168.16.0/22', ipv6CidrBlock: 1 });
    if (!vSwitch.ok) throw new Error(vSwitch.error.message);
    const view = cloud.view();
    expect(view.vpcs().find((entry) => entry.id === vpc.value.vpcId)?.ipv6CidrBlock)
      .toBe('2408:4005:3c5:100::/56');
    const usage = view.vSwitches().find((entry) => entry.vSwitch.id === vSwitch.value);
    expect(usage?.vSwitch.ipv6CidrBlock).toBe('2408:4005:3c5:101::/64');
    expect(usage?.ipv6Gateway).toBe('2408:4005:3c5:101::1');
  });

  it('takes the next modelled /56 without Ipv6CidrBlock', () => {
    const cloud = emulator();
    const vpc = cloud.world.createVpc({ cidrBlock: '192.168.0.0/16', enableIpv6: true });
    if (!vpc.ok) throw new Error(vpc.error.message);
    expect(cloud.view().vpcs()[0]?.ipv6CidrBlock).toBe('2408:4005:3c5:0::/56');
  });

  const refusals = [
    { name: 'a /64', enableIpv6: true, block: '2408:4005:3c5:100::/64',
      expected: 'expected an IPv6 /56 with host bits clear' },
    { name: 'host bits set', enableIpv6: true, block: '2408:4005:3c5:101::/56',
      expected: 'expected an IPv6 /56 with host bits clear' },
    { name: 'no prefix', enableIpv6: true, block: '2408:4005:3c5:100::',
      expected: 'expected an IPv6 /56 with host bits clear' },
    { name: 'IPv6 off', enableIpv6: false, block: '2408:4005:3c5:100::/56',
      expected: 'only valid with EnableIpv6=true' },
  ];
  it.each(refusals)('refuses $name', ({ enableIpv6, block, expected }) => {
    const made = emulator().world.createVpc({ cidrBlock: '192.168.0.0/16', enableIpv6,
      ipv6CidrBlock: block });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.error.code).toBe('InvalidParameter');
    expect(made.error.message).toContain('"Ipv6CidrBlock"');
    expect(made.error.message).toContain(expected);
  });

  it('refuses a /56 another VPC has', () => {
    const cloud = emulator();
    const spec = { cidrBlock: '192.168.0.0/16', enableIpv6: true,
      ipv6CidrBlock: '2408:4005:3c5:100::/56' };
    expect(cloud.world.createVpc(spec).ok).toBe(true);
    const again = cloud.world.createVpc(spec);
    expect(again.ok ? 'made' : again.error.message).toContain('is used by another VPC');
  });
});
