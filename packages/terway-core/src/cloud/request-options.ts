// Building the ECS requests Terway sends from its option structs (pkg/aliyun/client/options.go):
// which parameters go on the wire for CreateNetworkInterface, AssignPrivateIpAddresses,
// AssignIpv6Addresses, DescribeNetworkInterfaces and AttachNetworkInterface, and which option sets
// are refused as invalid args before any call. Pure functions: the client calls them, tests read
// them.
//
// Difference: Terway fills `Tag.N` from a Go map, in random order (so two identical requests may
// hash to different idempotency keys); here tags are sent sorted by key.

import { err, ok, type Backoff, type Result } from '@terway-sim/sim-base';
import { invalidArgs, type ClientFailure } from './errors.js';
import type { Params } from './invoke.js';
import { eniTrafficMode, eniType } from './network-interface.js';

/** Terway's ENI description; the controlplane and the daemon both send it. */
export const eniDescription = 'interface create by terway';
/** DescribeNetworkInterfaces page size Terway asks for. */
export const describePageSize = 500;
/** DescribeInstanceTypes page size (the legacy 1600 is retired). */
export const instanceTypesPageSize = 100;

/** A single attempt, as Terway's option structs default to when no backoff is given. */
export const singleAttempt: Backoff = { durationMs: 0, factor: 0, jitter: 0, steps: 1, capMs: 0 };

export interface CreateNetworkInterfaceOptions {
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  readonly trunk?: boolean;
  readonly erdma?: boolean;
  readonly resourceGroupId?: string;
  /**
   * IPv4 addresses wanted, primary included: SecondaryPrivateIpAddressCount = ipCount − 1 when > 1.
   */
  readonly ipCount?: number;
  readonly ipv6Count?: number;
  readonly ipv4PrefixCount?: number;
  readonly ipv6PrefixCount?: number;
  readonly tags?: { readonly [key: string]: string };
  readonly deleteOnRelease?: boolean;
  readonly sourceDestCheck?: boolean;
  /** Retry schedule for Throttling / InternalError / transport errors; one attempt by default. */
  readonly backoff?: Backoff;
}

function tagList(tags: { readonly [key: string]: string } | undefined): Array<{
  Key: string; Value: string }> {
  return Object.keys(tags ?? {}).sort().map((key) => ({ Key: key, Value: tags![key]! }));
}

/** CreateNetworkInterfaceOptions.Finish, without the token. */
export function createNetworkInterfaceParams(options: CreateNetworkInterfaceOptions):
  Result<Params, ClientFailure> {
  const ipCount = options.ipCount ?? 0;
  const ipv6Count = options.ipv6Count ?? 0;
  if (options.vSwitchId === '' || options.securityGroupIds.length === 0) return err(invalidArgs);
  if (ipCount > 1 && (options.ipv4PrefixCount ?? 0) > 0) return err(invalidArgs);
  if (ipv6Count > 0 && (options.ipv6PrefixCount ?? 0) > 0) return err(invalidArgs);
  return ok({
    VSwitchId: options.vSwitchId,
    InstanceType: options.trunk === true ? eniType.trunk : eniType.secondary,
    NetworkInterfaceTrafficMode: options.erdma === true ? eniTrafficMode.rdma : undefined,
    SecurityGroupIds: [...options.securityGroupIds],
    ResourceGroupId: options.resourceGroupId,
    Description: eniDescription,
    SecondaryPrivateIpAddressCount: ipCount > 1 ? ipCount - 1 : undefined,
    Ipv6AddressCount: ipv6Count > 0 ? ipv6Count : undefined,
    Ipv4PrefixCount: (options.ipv4PrefixCount ?? 0) > 0 ? options.ipv4PrefixCount : undefined,
    Ipv6PrefixCount: (options.ipv6PrefixCount ?? 0) > 0 ? options.ipv6PrefixCount : undefined,
    DeleteOnRelease: options.deleteOnRelease,
    SourceDestCheck: options.sourceDestCheck,
    Tag: tagList(options.tags),
  });
}

export interface AssignIpv4Options {
  readonly networkInterfaceId: string;
  readonly ipCount?: number;
  readonly ipv4PrefixCount?: number;
  readonly backoff?: Backoff;
}

export function assignIpv4Params(options: AssignIpv4Options): Result<Params, ClientFailure> {
  const count = options.ipCount ?? 0;
  const prefixes = options.ipv4PrefixCount ?? 0;
  if (options.networkInterfaceId === '' || (count <= 0 && prefixes <= 0) || (count > 0
    && prefixes > 0)) return err(invalidArgs);
  return ok({ NetworkInterfaceId: options.networkInterfaceId,
    SecondaryPrivateIpAddressCount: count > 0 ? count : undefined,
    Ipv4PrefixCount: prefixes > 0 ? prefixes : undefined });
}

/** Prefixes of one family to add to an ENI (1–10 per call, as ECS takes them). */
export interface AssignPrefixOptions {
  readonly networkInterfaceId: string;
  readonly count: number;
  readonly backoff?: Backoff;
}

export interface AssignIpv6Options {
  readonly networkInterfaceId: string;
  readonly ipv6Count?: number;
  readonly ipv6PrefixCount?: number;
  readonly backoff?: Backoff;
}

export function assignIpv6Params(options: AssignIpv6Options): Result<Params, ClientFailure> {
  const count = options.ipv6Count ?? 0;
  const prefixes = options.ipv6PrefixCount ?? 0;
  if (options.networkInterfaceId === '' || (count <= 0 && prefixes <= 0) || (count > 0
    && prefixes > 0)) return err(invalidArgs);
  return ok({ NetworkInterfaceId: options.networkInterfaceId, Ipv6AddressCount: count > 0 ? count
    : undefined,
    Ipv6PrefixCount: prefixes > 0 ? prefixes : undefined });
}

/** DescribeNetworkInterfaces filters (all optional; they combine with AND). */
export interface DescribeNetworkInterfacesFilter {
  readonly vpcId?: string;
  readonly networkInterfaceIds?: readonly string[];
  readonly instanceId?: string;
  /** ENI type: Primary, Secondary, Trunk, Member. */
  readonly type?: string;
  readonly status?: string;
  readonly tags?: { readonly [key: string]: string };
}

export function describeParams(filter: DescribeNetworkInterfacesFilter, nextToken: string): Params {
  const tags = tagList(filter.tags);
  return {
    NextToken: nextToken, VpcId: filter.vpcId, Tag: tags.length > 0 ? tags : undefined,
    NetworkInterfaceId: filter.networkInterfaceIds === undefined ? undefined
      : [...filter.networkInterfaceIds],
    InstanceId: filter.instanceId, Type: filter.type, Status: filter.status,
      MaxResults: describePageSize,
  };
}

export interface AttachNetworkInterfaceOptions {
  readonly networkInterfaceId: string;
  readonly instanceId: string;
  /** Attach as a member of this trunk ENI. */
  readonly trunkNetworkInstanceId?: string;
  readonly networkCardIndex?: number;
}

export function attachParams(options: AttachNetworkInterfaceOptions): Result<Params,
  ClientFailure> {
  if (options.instanceId === '' || options.networkInterfaceId === '') return err(invalidArgs);
  return ok({ NetworkInterfaceId: options.networkInterfaceId, InstanceId: options.instanceId,
    TrunkNetworkInstanceId: options.trunkNetworkInstanceId,
      NetworkCardIndex: options.networkCardIndex });
}
