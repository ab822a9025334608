// The cloud's state: regions and zones, VPCs, vSwitches with their address pools, security
// groups, route tables, instances, ENIs and the client-token cache. Every record is immutable
// (readonly all the way down); an API call builds a new state that shares everything it did not
// touch, so the whole cloud can be snapshotted at any virtual instant, forked and serialized.
//
// Times are virtual milliseconds of the run's scheduler. A pending asynchronous change (an ENI
// Attaching, a route entry Creating) is a `transition` on its record with the instant it
// completes, so a snapshot carries it and a restored cloud re-arms it; `atMs: null` means the
// change never completes (the "stuck Attaching" fault).

import type { Ipv4Pool } from '../vswitch/ipv4-pool.js';
import type { Ipv6Pool } from '../vswitch/ipv6-pool.js';
import type { PersistentMap } from '@terway-sim/sim-base';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface Transition<S extends string> {
  readonly to: S;
  readonly atMs: number | null;
}

export interface VpcRecord {
  readonly id: string;
  readonly regionId: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string | null;
  readonly name: string;
  readonly description: string;
  readonly vRouterId: string;
  readonly routeTableId: string;
  readonly resourceGroupId: string;
  readonly tags: readonly Tag[];
  readonly createdMs: number;
}

export interface VSwitchRecord {
  readonly id: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string | null;
  readonly name: string;
  readonly description: string;
  readonly resourceGroupId: string;
  readonly tags: readonly Tag[];
  readonly createdMs: number;
}

/** The address pools of one vSwitch, kept apart from its record so that IP churn copies less. */
export interface VSwitchPools {
  readonly v4: Ipv4Pool;
  readonly v6: Ipv6Pool | null;
}

export type SecurityGroupType = 'normal' | 'enterprise';

/** Inbound rules come from AuthorizeSecurityGroup, outbound from AuthorizeSecurityGroupEgress. */
export type SecurityGroupDirection = 'ingress' | 'egress';

export type SecurityGroupProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'GRE' | 'ALL';

/** One rule as DescribeSecurityGroupAttribute shows it (`Permissions.Permission[]`). */
export interface SecurityGroupRule {
  /** `sgr-…`, minted by the emulator's counter. */
  readonly id: string;
  readonly direction: SecurityGroupDirection;
  readonly policy: 'Accept' | 'Drop';
  /** 1 (first) to 100 (last). */
  readonly priority: number;
  readonly ipProtocol: SecurityGroupProtocol;
  /** `from/to`, e.g. `22/22`, `1/65535`; `-1/-1` for ICMP, GRE and ALL. */
  readonly portRange: string;
  /** The peer as a CIDR (`SourceCidrIp` inbound, `DestCidrIp` outbound), or ''. */
  readonly peerCidr: string;
  /** The peer as a group (`SourceGroupId` inbound, `DestGroupId` outbound), or ''. */
  readonly peerGroupId: string;
  readonly description: string;
  readonly createdMs: number;
}

export interface SecurityGroupRecord {
  readonly id: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly name: string;
  readonly description: string;
  readonly type: SecurityGroupType;
  readonly resourceGroupId: string;
  readonly tags: readonly Tag[];
  readonly createdMs: number;
  /**
   * Private IPv4 addresses of the ENIs in the group (the basic group's 2,000 limit counts these).
   */
  readonly ipCount: number;
  /** Custom rules in the order they were added; evaluation sorts them (security-group/rules.ts). */
  readonly rules: readonly SecurityGroupRule[];
}

export type RouteEntryStatus = 'Creating' | 'Created' | 'Deleting';

export interface RouteEntryRecord {
  readonly id: string;
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly type: 'System' | 'Custom';
  readonly nextHopType: string;
  readonly nextHopId: string;
  readonly name: string;
  readonly description: string;
  readonly status: RouteEntryStatus;
  readonly transition: Transition<'Created' | 'Gone'> | null;
  readonly modifiedMs: number;
}

export interface RouteTableRecord {
  readonly id: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly vRouterId: string;
  readonly name: string;
  readonly type: 'System' | 'Custom';
  readonly createdMs: number;
  /** Entries by id; at most the custom-entry quota plus one system entry per vSwitch. */
  readonly entries: Readonly<Record<string, RouteEntryRecord>>;
}

export type InstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped';

export interface InstanceRecord {
  readonly id: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly instanceType: string;
  readonly imageId: string;
  readonly name: string;
  readonly hostName: string;
  readonly description: string;
  readonly resourceGroupId: string;
  readonly status: InstanceStatus;
  readonly transition: Transition<InstanceStatus> | null;
  readonly primaryEniId: string;
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly Tag[];
  readonly createdMs: number;
  /**
   * Non-member ENIs attached or attaching or detaching, the primary first: what EniQuantity bounds.
   */
  readonly eniIds: readonly string[];
  /** Member ENIs on this instance's trunk(s): what EniTotalQuantity − EniQuantity bounds. */
  readonly memberEniIds: readonly string[];
}

export type EniStatus = 'Available' | 'Attaching' | 'InUse' | 'Detaching' | 'Deleting';
export type EniType = 'Primary' | 'Secondary' | 'Trunk' | 'Member';

export interface AssignedIp {
  /** Canonical text. */
  readonly ip: string;
  readonly primary: boolean;
  /** When the instance metadata service starts listing it (API time + metadata lag). */
  readonly metaFromMs: number;
}

export interface AssignedPrefix {
  readonly prefix: string;
  readonly metaFromMs: number;
}

/** An address removed by the API that the lagging metadata service still lists until `untilMs`. */
export interface MetadataGhost {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly untilMs: number;
}

export interface EniAttachment {
  readonly instanceId: string;
  /** 0 for the primary ENI; the VLAN id for a member ENI. */
  readonly deviceIndex: number;
  readonly trunkEniId: string | null;
  readonly networkCardIndex: number;
}

/** When the instance metadata service lists this ENI's MAC on `instanceId`. */
export interface EniMetadataWindow {
  readonly instanceId: string;
  readonly fromMs: number;
  readonly untilMs: number | null;
}

export type TrafficMode = 'Standard' | 'HighPerformance';

export interface EniRecord {
  readonly id: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly mac: string;
  readonly type: EniType;
  readonly status: EniStatus;
  readonly name: string;
  readonly description: string;
  readonly resourceGroupId: string;
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly Tag[];
  /** Primary first, then secondaries in assignment order. */
  readonly ipv4: readonly AssignedIp[];
  readonly ipv6: readonly AssignedIp[];
  readonly ipv4Prefixes: readonly AssignedPrefix[];
  readonly ipv6Prefixes: readonly AssignedPrefix[];
  readonly attachment: EniAttachment | null;
  readonly transition: Transition<EniStatus | 'Gone'> | null;
  readonly metadata: EniMetadataWindow | null;
  readonly metadataGhosts: readonly MetadataGhost[];
  /**
   * An IP operation holds the ENI until this instant; another one meanwhile is Operation.Conflict.
   */
  readonly ipOpBusyUntilMs: number;
  /** Member ENIs attached to this trunk. */
  readonly memberEniIds: readonly string[];
  readonly createdMs: number;
  readonly deleteOnRelease: boolean;
  readonly sourceDestCheck: boolean;
  readonly trafficMode: TrafficMode;
}

/** A successful call remembered under its ClientToken. */
export interface TokenRecord {
  readonly action: string;
  /** Canonical JSON of the validated parameters, ClientToken excluded. */
  readonly fingerprint: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly expiresMs: number;
}

/** An elastic IP address: allocated, then associated with a NAT gateway, an ECS or an ENI. */
export interface EipRecord {
  /** `eip-…` */
  readonly id: string;
  readonly regionId: string;
  readonly ipAddress: string;
  readonly name: string;
  readonly bandwidthMbps: number;
  readonly status: 'Available' | 'InUse';
  readonly association: {
    readonly instanceType: 'Nat' | 'EcsInstance' | 'NetworkInterface';
    readonly instanceId: string;
  } | null;
  readonly createdMs: number;
}

/** One SNAT entry: sources (a vSwitch or a CIDR) leave the VPC as `snatIp`. */
export interface SnatEntryRecord {
  /** `snat-…` */
  readonly id: string;
  readonly name: string;
  /** The vSwitch whose addresses it translates, or ''. */
  readonly sourceVSwitchId: string;
  /** The CIDR it translates (a vSwitch entry shows the vSwitch's CIDR). */
  readonly sourceCidr: string;
  readonly snatIp: string;
  readonly createdMs: number;
}

/** An Internet NAT gateway in a VPC with its one SNAT table. */
export interface NatGatewayRecord {
  /** `ngw-…` */
  readonly id: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly name: string;
  /** `stb-…` */
  readonly snatTableId: string;
  readonly snatEntries: readonly SnatEntryRecord[];
  readonly createdMs: number;
}

export interface RegionState {
  readonly regionId: string;
  readonly zones: readonly string[];
  readonly vpcs: Readonly<Record<string, VpcRecord>>;
  readonly vSwitches: Readonly<Record<string, VSwitchRecord>>;
  readonly pools: Readonly<Record<string, VSwitchPools>>;
  readonly securityGroups: Readonly<Record<string, SecurityGroupRecord>>;
  readonly routeTables: Readonly<Record<string, RouteTableRecord>>;
  readonly natGateways: Readonly<Record<string, NatGatewayRecord>>;
  readonly eips: Readonly<Record<string, EipRecord>>;
  readonly instances: PersistentMap<InstanceRecord>;
  readonly enis: PersistentMap<EniRecord>;
  /** Secondary, trunk and member ENIs in the region: what the account ENI quota bounds. */
  readonly quotaEniCount: number;
  readonly tokens: PersistentMap<TokenRecord>;
  /** When expired client tokens were last swept. */
  readonly tokensSweptMs: number;
}

export interface CloudState {
  readonly regions: Readonly<Record<string, RegionState>>;
}
