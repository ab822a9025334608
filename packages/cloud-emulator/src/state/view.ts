// A read-only view of the cloud at one instant, for invariant checkers, reports and the kernel
// fabric model: instances, ENIs (status, addresses, attachment), vSwitches with their exact free
// counts, who owns an address, and the route tables. Records are immutable, so the view hands
// out the records themselves; nothing a caller does to them can change the cloud.
//
// When to use: after every event of a run (cheap lookups by id), or for a full sweep at the end
// (`enis()` walks every ENI). Gotcha: a view is a snapshot; take a new one after the next event.

import {
  formatIpv6Cidr,
  ipv4InCidr,
  ipv6Mask,
  normalizeIp,
  parseIpv4,
  parseIpv4Cidr,
  parseIpv6,
  type Ipv4Cidr,
} from '@terway-sim/sim-base';
import { ipv6Gateway } from '../vswitch/ipv6-pool.js';
import { freeAddressCount, gatewayAddress, offsetOf, ownerAt,
  reservedAddressesPerVSwitch } from '../vswitch/ipv4-pool.js';
import { ownValue } from './own.js';
import type {
  CloudState, EniRecord, InstanceRecord, RegionState, RouteEntryRecord, RouteTableRecord,
  SecurityGroupRecord, VpcRecord, VSwitchPools, VSwitchRecord, EipRecord, NatGatewayRecord,
} from './types.js';

export interface VSwitchUsage {
  readonly vSwitch: VSwitchRecord;
  /** Addresses in the CIDR. */
  readonly size: number;
  readonly reserved: number;
  /** Addresses owned by ENIs (primary, secondary, every address of a prefix). */
  readonly used: number;
  /** `size − reserved − used`: DescribeVSwitches' AvailableIpAddressCount. */
  readonly available: number;
  readonly gateway: string;
  /** The IPv6 gateway (metadata's ipv6-gateway) when the vSwitch has an IPv6 /64. */
  readonly ipv6Gateway: string | null;
}

/** Who owns each address of one vSwitch (`CloudView.addressOwners`). */
export interface VSwitchAddressOwners {
  /**
   * The ENI that owns an IPv4 address, given as text or as its 32-bit value; null when it is
   * free or reserved; undefined when it lies outside the vSwitch.
   */
  ipv4(address: string | number): string | null | undefined;
  /** The ENI that owns an IPv6 address or prefix; null when none does. */
  ipv6(address: string): string | null;
}

class PoolOwners implements VSwitchAddressOwners {
  constructor(private readonly pools: VSwitchPools) {}

  ipv4(address: string | number): string | null | undefined {
    const pool = this.pools.v4;
    const offset = typeof address === 'number' ? address - pool.network : offsetOf(pool, address);
    return offset === undefined || offset < 0 || offset >= pool.size ? undefined
      : ownerAt(pool, offset);
  }

  ipv6(address: string): string | null {
    return this.pools.v6?.owners.get(normalizeIp(address) ?? address) ?? null;
  }
}

/** Parsed vSwitch CIDRs by record (records are immutable, so the parse is valid for its life). */
const parsedCidrs = new WeakMap<VSwitchRecord, Ipv4Cidr>();

function cidrOf(vSwitch: VSwitchRecord): Ipv4Cidr {
  let cidr = parsedCidrs.get(vSwitch);
  if (cidr === undefined) parsedCidrs.set(vSwitch, (cidr = parseIpv4Cidr(vSwitch.cidrBlock)!));
  return cidr;
}

export class CloudView {
  /** The regions in id order, listed once: lookups by id walk them on every call. */
  private regionList: readonly RegionState[] | null = null;

  constructor(readonly state: CloudState, readonly nowMs: number) {}

  regionIds(): string[] {
    return Object.keys(this.state.regions).sort();
  }

  private regions(regionId?: string): readonly RegionState[] {
    if (regionId !== undefined) {
      const region = ownValue(this.state.regions, regionId);
      return region === undefined ? [] : [region];
    }
    return (this.regionList ??= this.regionIds().map((id) => this.state.regions[id]!));
  }

  *instances(regionId?: string): Generator<InstanceRecord> {
    for (const region of this.regions(regionId)) yield* region.instances.values();
  }

  instance(id: string): InstanceRecord | undefined {
    for (const region of this.regions()) {
      const found = region.instances.get(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  *enis(regionId?: string): Generator<EniRecord> {
    for (const region of this.regions(regionId)) yield* region.enis.values();
  }

  eni(id: string): EniRecord | undefined {
    for (const region of this.regions()) {
      const found = region.enis.get(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** ENIs attached to (or attaching to, or detaching from) the instance, members included. */
  enisOf(instanceId: string): EniRecord[] {
    const instance = this.instance(instanceId);
    if (instance === undefined) return [];
    return [...instance.eniIds, ...instance.memberEniIds].flatMap((id) => this.eni(id) ?? []);
  }

  vpcs(regionId?: string): VpcRecord[] {
    return this.regions(regionId).flatMap((region) => Object.values(region.vpcs));
  }

  securityGroups(regionId?: string): SecurityGroupRecord[] {
    return this.regions(regionId).flatMap((region) => Object.values(region.securityGroups));
  }

  vSwitches(regionId?: string): VSwitchUsage[] {
    return this.regions(regionId).flatMap((region) =>
      Object.values(region.vSwitches).map((vSwitch) => {
        const pool = region.pools[vSwitch.id]!.v4;
        const v6 = region.pools[vSwitch.id]!.v6;
        return {
          vSwitch,
          size: pool.size,
          reserved: reservedAddressesPerVSwitch,
          used: pool.used,
          available: freeAddressCount(pool),
          gateway: gatewayAddress(pool),
          ipv6Gateway: v6 === null ? null : ipv6Gateway(v6),
        };
      }),
    );
  }

  /**
   * The ENI that owns an IPv4 address in one of the VPC's vSwitches (prefix addresses included).
   */
  ipv4Owner(vpcId: string, address: string): { eniId: string; vSwitchId: string } | undefined {
    const value = parseIpv4(address);
    if (value === undefined) return undefined;
    for (const region of this.regions()) {
      for (const vSwitch of Object.values(region.vSwitches)) {
        if (vSwitch.vpcId !== vpcId || !ipv4InCidr(value,
          cidrOf(vSwitch))) continue;
        const pool = region.pools[vSwitch.id]!.v4;
        const owner = ownerAt(pool, offsetOf(pool, address)!);
        return owner === null ? undefined : { eniId: owner, vSwitchId: vSwitch.id };
      }
    }
    return undefined;
  }

  /**
   * Who owns the addresses of one vSwitch, for checks that ask about many of them: each answer
   * is a lookup, not a search. Undefined when there is no such vSwitch.
   */
  addressOwners(vSwitchId: string): VSwitchAddressOwners | undefined {
    for (const region of this.regions()) {
      const pools = ownValue(region.pools, vSwitchId);
      if (pools !== undefined) return new PoolOwners(pools);
    }
    return undefined;
  }

  /** The ENI that owns an IPv6 address or /80 prefix in the region's vSwitches. */
  /** The ENI holding an IPv6 address, itself or inside one of its /80 prefixes. */
  ipv6Owner(address: string): { eniId: string; vSwitchId: string } | undefined {
    const canonical = normalizeIp(address) ?? address;
    const value = parseIpv6(canonical);
    const prefix = value === undefined ? undefined
      : formatIpv6Cidr({ network: value & ipv6Mask(80), prefix: 80 });
    for (const region of this.regions()) {
      for (const [vSwitchId, pools] of Object.entries(region.pools)) {
        const owner = pools.v6?.owners.get(canonical) ??
          (prefix === undefined ? undefined : pools.v6?.owners.get(prefix));
        if (owner !== undefined) return { eniId: owner, vSwitchId };
      }
    }
    return undefined;
  }

  routeTables(regionId?: string): RouteTableRecord[] {
    return this.regions(regionId).flatMap((region) => Object.values(region.routeTables));
  }

  natGateways(regionId?: string): NatGatewayRecord[] {
    return this.regions(regionId).flatMap((region) => Object.values(region.natGateways));
  }

  eips(regionId?: string): EipRecord[] {
    return this.regions(regionId).flatMap((region) => Object.values(region.eips));
  }

  routeEntries(routeTableId: string): RouteEntryRecord[] {
    const table = this.routeTables().find((candidate) => candidate.id === routeTableId);
    return table === undefined ? [] : Object.values(table.entries);
  }

  /** Secondary, trunk and member ENIs counted against the account quota in a region. */
  quotaEniCount(regionId: string): number {
    return ownValue(this.state.regions, regionId)?.quotaEniCount ?? 0;
  }
}
