// Address helpers the datapaths need, in the forms Terway's Go code uses them: an `IPNet` keeps the
// pod address together with the vSwitch prefix (`10.0.1.20/24`, host bits kept, as Go's
// `net.IPNet.String()` prints it), "max mask" turns it into `/32` or `/128`, and u32 selector keys
// are the address as big-endian 32-bit words (pkg/tc/u32.go).

import {
  formatIpv4, formatIpv6, ipFamily, ipv4Mask, ipv6Mask, normalizeIp, parseIpv4, parseIpv4Cidr,
  parseIpv6, parseIpv6Cidr,
} from '@terway-sim/sim-base';

export type Family = 4 | 6;

/** The address part of `a/b` (or the text itself). */
export function addressOf(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}

export function familyOf(text: string): Family {
  return ipFamily(text) ?? 4;
}

/** `NewIPNetWithMaxMask`: the address with /32 or /128. */
export function withMaxMask(cidrOrIp: string): string {
  const ip = normalizeIp(addressOf(cidrOrIp)) ?? addressOf(cidrOrIp);
  return `${ip}/${familyOf(ip) === 4 ? 32 : 128}`;
}

/**
 * Go's `BuildIPNet`: the pod address with the prefix length of the vSwitch CIDR, host bits kept
 * (`10.0.1.20` + `10.0.1.0/24` → `10.0.1.20/24`). Undefined when either part does not parse.
 */
export function ipWithPrefixOf(ip: string, subnet: string): string | undefined {
  const address = normalizeIp(ip);
  const prefix = prefixLength(subnet);
  if (address === undefined || prefix === undefined) return undefined;
  return `${address}/${prefix}`;
}

/** The prefix length of a CIDR text that has one; undefined for a bare address or bad text. */
export function prefixLength(cidr: string): number | undefined {
  if (!cidr.includes('/')) return undefined;
  const v4 = parseIpv4Cidr(cidr);
  if (v4 !== undefined) return v4.prefix;
  return parseIpv6Cidr(cidr)?.prefix;
}

/** Go `net.ParseCIDR(text)`'s network: `10.0.1.20/24` → `10.0.1.0/24`; undefined if invalid. */
export function parseGoCidr(text: string): string | undefined {
  if (!text.includes('/')) return undefined;
  const v4 = parseIpv4Cidr(text);
  if (v4 !== undefined) return `${formatIpv4(v4.network)}/${v4.prefix}`;
  const v6 = parseIpv6Cidr(text);
  return v6 === undefined ? undefined : `${formatIpv6(v6.network)}/${v6.prefix}`;
}

/** Go `IP.IsGlobalUnicast`: not loopback, link-local, multicast, unspecified or broadcast. */
export function isGlobalUnicast(ip: string): boolean {
  const v4 = parseIpv4(addressOf(ip));
  if (v4 !== undefined) {
    const first = v4 >>> 24;
    if (v4 === 0 || v4 === 0xffffffff) return false;
    if (first === 127 || first >= 224) return false;
    return (v4 >>> 16) !== 0xa9fe;
  }
  const v6 = parseIpv6(addressOf(ip));
  if (v6 === undefined) return false;
  if (v6 === 0n || v6 === 1n) return false;
  const top = Number(v6 >> 112n);
  if ((top & 0xff00) === 0xff00) return false;
  return (top & 0xffc0) !== 0xfe80;
}

/** The u32 words (network order) of an address: one for IPv4, four for IPv6. */
export function u32Words(ip: string): number[] {
  const v4 = parseIpv4(addressOf(ip));
  if (v4 !== undefined) return [v4 >>> 0];
  const v6 = parseIpv6(addressOf(ip)) ?? 0n;
  return [0, 1, 2, 3].map((i) => Number((v6 >> BigInt(96 - 32 * i)) & 0xffffffffn) >>> 0);
}

/** The u32 words of a prefix mask. */
export function maskWords(cidr: string): number[] {
  const prefix = prefixLength(cidr) ?? (familyOf(addressOf(cidr)) === 4 ? 32 : 128);
  if (familyOf(addressOf(cidr)) === 4) return [ipv4Mask(prefix) >>> 0];
  const mask = ipv6Mask(prefix);
  return [0, 1, 2, 3].map((i) => Number((mask >> BigInt(96 - 32 * i)) & 0xffffffffn) >>> 0);
}

/** Canonical text of a bare address (undefined if it does not parse). */
export function canonicalIp(text: string): string | undefined {
  return normalizeIp(text);
}
