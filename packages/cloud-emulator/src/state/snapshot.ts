// The cloud's state as one plain JSON document and back, with nothing lost: persistent maps
// become objects with sorted keys, address pools become "address → owner ENI" maps and are
// rebuilt on load. `stateToJson(stateFromJson(x))` equals `x` (a property test checks it).

import { assert, parseIpv4Cidr } from '@terway-sim/sim-base';
import { createIpv4Pool, Ipv4PoolWriter, offsetOf, ownedAddresses } from '../vswitch/ipv4-pool.js';
import type { Ipv6Pool } from '../vswitch/ipv6-pool.js';
import { PersistentMap } from '@terway-sim/sim-base';
import { ownValue } from './own.js';
import type {
  CloudState,
  EipRecord,
  EniRecord,
  NatGatewayRecord,
  InstanceRecord,
  RegionState,
  RouteTableRecord,
  SecurityGroupRecord,
  TokenRecord,
  VpcRecord,
  VSwitchPools,
  VSwitchRecord,
} from './types.js';

export interface Ipv6PoolJson {
  readonly cidr: string;
  readonly nextOffset: number;
  readonly nextPrefix: number;
  readonly owners: Readonly<Record<string, string>>;
}

export interface PoolsJson {
  /** Owned IPv4 addresses: address → owner ENI. */
  readonly v4: Readonly<Record<string, string>>;
  readonly v6: Ipv6PoolJson | null;
}

export interface RegionJson {
  readonly regionId: string;
  readonly zones: readonly string[];
  readonly vpcs: Readonly<Record<string, VpcRecord>>;
  readonly vSwitches: Readonly<Record<string, VSwitchRecord>>;
  readonly pools: Readonly<Record<string, PoolsJson>>;
  readonly securityGroups: Readonly<Record<string, SecurityGroupRecord>>;
  readonly routeTables: Readonly<Record<string, RouteTableRecord>>;
  /** Absent when empty, so snapshots of worlds without egress stay as they were. */
  readonly natGateways?: Readonly<Record<string, NatGatewayRecord>>;
  readonly eips?: Readonly<Record<string, EipRecord>>;
  readonly instances: Readonly<Record<string, InstanceRecord>>;
  readonly enis: Readonly<Record<string, EniRecord>>;
  readonly quotaEniCount: number;
  readonly tokens: Readonly<Record<string, TokenRecord>>;
  readonly tokensSweptMs: number;
}

export interface CloudStateJson {
  readonly regions: Readonly<Record<string, RegionJson>>;
}

function sorted<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
}

function poolsToJson(pools: VSwitchPools): PoolsJson {
  const v6 = pools.v6;
  return {
    v4: Object.fromEntries(ownedAddresses(pools.v4)),
    v6: v6 === null ? null : { cidr: v6.cidr, nextOffset: v6.nextOffset, nextPrefix: v6.nextPrefix,
      owners: v6.owners.toSortedObject() },
  };
}

export function regionToJson(region: RegionState): RegionJson {
  return {
    regionId: region.regionId,
    zones: [...region.zones],
    vpcs: sorted(region.vpcs),
    vSwitches: sorted(region.vSwitches),
    pools: Object.fromEntries(
      Object.keys(region.pools)
        .sort()
        .map((id) => [id, poolsToJson(region.pools[id]!)]),
    ),
    securityGroups: sorted(region.securityGroups),
    routeTables: sorted(region.routeTables),
    ...(Object.keys(region.natGateways).length === 0 ? {}
      : { natGateways: sorted(region.natGateways) }),
    ...(Object.keys(region.eips).length === 0 ? {} : { eips: sorted(region.eips) }),
    instances: region.instances.toSortedObject(),
    enis: region.enis.toSortedObject(),
    quotaEniCount: region.quotaEniCount,
    tokens: region.tokens.toSortedObject(),
    tokensSweptMs: region.tokensSweptMs,
  };
}

export function stateToJson(state: CloudState): CloudStateJson {
  return { regions: Object.fromEntries(Object.keys(state.regions).sort().map((id) => [id,
    regionToJson(state.regions[id]!)])) };
}

function poolsFromJson(vSwitch: VSwitchRecord, json: PoolsJson): VSwitchPools {
  const cidr = parseIpv4Cidr(vSwitch.cidrBlock);
  assert(cidr !== undefined,
    () => `snapshot: vSwitch ${vSwitch.id} has a malformed CIDR ${vSwitch.cidrBlock}`);
  const base = createIpv4Pool(cidr);
  const writer = new Ipv4PoolWriter(base);
  for (const [address, owner] of Object.entries(json.v4)) {
    const offset = offsetOf(base, address);
    assert(offset !== undefined, () => `snapshot: ${address} is outside vSwitch ${vSwitch.id}`);
    writer.take(offset, owner);
  }
  const v6: Ipv6Pool | null = json.v6 === null ? null : {
    cidr: json.v6.cidr, nextOffset: json.v6.nextOffset, nextPrefix: json.v6.nextPrefix,
    owners: PersistentMap.fromEntries(Object.entries(json.v6.owners)),
  };
  return { v4: writer.finish(), v6 };
}

/** Snapshots written before security groups had rules carry none: they get an empty list. */
function withRules(groups: Readonly<Record<string, SecurityGroupRecord>>,
): Record<string, SecurityGroupRecord> {
  return Object.fromEntries(Object.entries(groups).map(([id, group]) =>
    [id, { ...group, rules: (group as { rules?: SecurityGroupRecord['rules'] }).rules ?? [] }]));
}

export function regionFromJson(json: RegionJson): RegionState {
  // Ids come from a file: fromEntries defines own properties, even for an id like __proto__.
  const pools: Record<string, VSwitchPools> = Object.fromEntries(Object.entries(json.pools)
    .map(([id, poolJson]) => {
      const vSwitch = ownValue(json.vSwitches, id);
      assert(vSwitch !== undefined, () => `snapshot: pools for unknown vSwitch ${id}`);
      return [id, poolsFromJson(vSwitch, poolJson)];
    }));
  return {
    regionId: json.regionId,
    zones: json.zones,
    vpcs: json.vpcs,
    vSwitches: json.vSwitches,
    pools,
    securityGroups: withRules(json.securityGroups),
    routeTables: json.routeTables,
    natGateways: json.natGateways ?? {},
    eips: json.eips ?? {},
    instances: PersistentMap.fromEntries(Object.entries(json.instances)),
    enis: PersistentMap.fromEntries(Object.entries(json.enis)),
    quotaEniCount: json.quotaEniCount,
    tokens: PersistentMap.fromEntries(Object.entries(json.tokens)),
    tokensSweptMs: json.tokensSweptMs,
  };
}

export function stateFromJson(json: CloudStateJson): CloudState {
  return { regions: Object.fromEntries(Object.entries(json.regions).map(([id, region]) => [id,
    regionFromJson(region)])) };
}
