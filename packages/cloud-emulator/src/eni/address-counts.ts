// How many single addresses and how many prefixes of one family a call asks for, with the
// exclusions the ECS SDK's remarks state for CreateNetworkInterface, AssignPrivateIpAddresses and
// AssignIpv6Addresses: a list and its count (`PrivateIpAddress.N` and
// `SecondaryPrivateIpAddressCount`, `Ipv4Prefix.N` and `Ipv4PrefixCount`, and the IPv6 twins) are
// either-or, and single addresses do not mix with prefixes in one call. Each broken rule is
// InvalidParameter.Conflict (400).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { apiError, type ApiError } from '../errors/catalog.js';

export interface FamilyCounts {
  readonly ips: number;
  readonly prefixes: number;
}

/** Each family's wire names: the address list and count, the prefix list and count. */
const wireNames = {
  ipv4: { family: 'IPv4', addresses: ['PrivateIpAddress', 'SecondaryPrivateIpAddressCount'],
    prefixes: ['Ipv4Prefix', 'Ipv4PrefixCount'] },
  ipv6: { family: 'IPv6', addresses: ['Ipv6Address', 'Ipv6AddressCount'],
    prefixes: ['Ipv6Prefix', 'Ipv6PrefixCount'] },
} as const;

/** The parsed parameters of a call (its schema's output). */
type CallParams = { readonly [name: string]: unknown };

function either(params: CallParams,
  [list, count]: readonly [string, string]): Result<number, ApiError> {
  const listed = Array.isArray(params[list]) ? (params[list] as unknown[]).length : 0;
  const counted = typeof params[count] === 'number' ? params[count] as number : undefined;
  if (listed > 0 && counted !== undefined) return err(apiError('InvalidParameter.Conflict',
    `${list}.N and ${count} are exclusive`));
  return ok(listed + (counted ?? 0));
}

/** Single addresses and prefixes one call asks for in `family`, or the Conflict refusal. */
export function familyCounts(family: 'ipv4' | 'ipv6',
  params: CallParams): Result<FamilyCounts, ApiError> {
  const names = wireNames[family];
  const ips = either(params, names.addresses);
  if (!ips.ok) return ips;
  const prefixes = either(params, names.prefixes);
  if (!prefixes.ok) return prefixes;
  if (ips.value > 0 && prefixes.value > 0) return err(apiError('InvalidParameter.Conflict',
    `${names.family} prefixes and single ${names.family} addresses cannot be combined`));
  return ok({ ips: ips.value, prefixes: prefixes.value });
}
