// How many single addresses and how many prefixes of one family a call asks for, with the
// exclusions the ECS SDK's remarks state for CreateNetworkInterface, AssignPrivateIpAddresses and
// AssignIpv6Addresses: a list and its count (`PrivateIpAddress.N` and
// `SecondaryPrivateIpAddressCount`, `Ipv4Prefix.N` and `Ipv4PrefixCount`, and the IPv6 twins) are
// either-or, and single addresses do not mix with prefixes in one call. Each broken rule is
// InvalidParameter.Conflict (400).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { apiError, type ApiError } from '../errors/catalog.js';

/** One family's address parameters as the call's schema parsed them, with their wire names. */
export interface FamilyParams {
  readonly addresses: { readonly list?: readonly string[] | undefined;
    readonly count?: number | undefined; readonly names: readonly [string, string] };
  readonly prefixes: { readonly list?: readonly string[] | undefined;
    readonly count?: number | undefined; readonly names: readonly [string, string] };
  /** Words for the refusal when addresses and prefixes are mixed, e.g. `IPv4`. */
  readonly family: string;
}

export interface FamilyCounts {
  readonly ips: number;
  readonly prefixes: number;
}

function either(part: FamilyParams['addresses']): Result<number, ApiError> {
  const listed = part.list?.length ?? 0;
  if (listed > 0 && part.count !== undefined) return err(apiError('InvalidParameter.Conflict',
    `${part.names[0]} and ${part.names[1]} are exclusive`));
  return ok(listed + (part.count ?? 0));
}

export function familyCounts(params: FamilyParams): Result<FamilyCounts, ApiError> {
  const ips = either(params.addresses);
  if (!ips.ok) return ips;
  const prefixes = either(params.prefixes);
  if (!prefixes.ok) return prefixes;
  if (ips.value > 0 && prefixes.value > 0) return err(apiError('InvalidParameter.Conflict',
    `${params.family} prefixes and single ${params.family} addresses cannot be combined`));
  return ok({ ips: ips.value, prefixes: prefixes.value });
}

/** The IPv4 parameters of CreateNetworkInterface and AssignPrivateIpAddresses. */
export function ipv4Counts(params: { readonly PrivateIpAddress?: readonly string[] | undefined;
  readonly SecondaryPrivateIpAddressCount?: number | undefined;
  readonly Ipv4Prefix?: readonly string[] | undefined;
  readonly Ipv4PrefixCount?: number | undefined }): Result<FamilyCounts, ApiError> {
  return familyCounts({ family: 'IPv4',
    addresses: { list: params.PrivateIpAddress, count: params.SecondaryPrivateIpAddressCount,
      names: ['PrivateIpAddress.N', 'SecondaryPrivateIpAddressCount'] },
    prefixes: { list: params.Ipv4Prefix, count: params.Ipv4PrefixCount,
      names: ['Ipv4Prefix.N', 'Ipv4PrefixCount'] } });
}

/** The IPv6 parameters of CreateNetworkInterface and AssignIpv6Addresses. */
export function ipv6Counts(params: { readonly Ipv6Address?: readonly string[] | undefined;
  readonly Ipv6AddressCount?: number | undefined;
  readonly Ipv6Prefix?: readonly string[] | undefined;
  readonly Ipv6PrefixCount?: number | undefined }): Result<FamilyCounts, ApiError> {
  return familyCounts({ family: 'IPv6',
    addresses: { list: params.Ipv6Address, count: params.Ipv6AddressCount,
      names: ['Ipv6Address.N', 'Ipv6AddressCount'] },
    prefixes: { list: params.Ipv6Prefix, count: params.Ipv6PrefixCount,
      names: ['Ipv6Prefix.N', 'Ipv6PrefixCount'] } });
}
