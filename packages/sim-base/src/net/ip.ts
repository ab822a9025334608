// Family-agnostic address and prefix handling for code that meets both (routes, rules, CNI
// results). Values are normalized text, so they compare with ===.

import { formatIpv4, formatIpv4Cidr, parseIpv4, parseIpv4Cidr } from './ipv4.js';
import { formatIpv6, formatIpv6Cidr, parseIpv6, parseIpv6Cidr } from './ipv6.js';

export type IpFamily = 4 | 6;

export function ipFamily(text: string): IpFamily | undefined {
  const address = text.split('/')[0] ?? '';
  if (parseIpv4(address) !== undefined) return 4;
  if (parseIpv6(address) !== undefined) return 6;
  return undefined;
}

/** Canonical text of an address (`::0001` becomes `::1`); undefined if unparsable. */
export function normalizeIp(text: string): string | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return formatIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : formatIpv6(v6);
}

/** Canonical text of a prefix with host bits cleared; a bare address becomes /32 or /128. */
export function normalizePrefix(text: string): string | undefined {
  const v4 = parseIpv4Cidr(text);
  if (v4 !== undefined) return formatIpv4Cidr(v4);
  const v6 = parseIpv6Cidr(text);
  return v6 === undefined ? undefined : formatIpv6Cidr(v6);
}

/** True when `address` lies inside `prefix` (same family required). */
export function prefixContains(prefix: string, address: string): boolean {
  const v4 = parseIpv4Cidr(prefix);
  const a4 = parseIpv4(address.split('/')[0] ?? '');
  if (v4 !== undefined && a4 !== undefined) return ((a4 & maskOf(v4.prefix)) >>> 0) === v4.network;
  const v6 = parseIpv6Cidr(prefix);
  const a6 = parseIpv6(address.split('/')[0] ?? '');
  if (v6 !== undefined && a6 !== undefined) {
    const shift = BigInt(128 - v6.prefix);
    return v6.prefix === 0 || (a6 >> shift) === (v6.network >> shift);
  }
  return false;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
