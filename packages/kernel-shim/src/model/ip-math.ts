// Address arithmetic the model needs beyond sim-base's helpers: splitting `addr/len` with the
// host bits kept (interface addresses), network and broadcast of an IPv4 address, and the
// EUI-64 link-local address the kernel derives from a MAC (addrconf_ifid_eui48).

import {
  formatIpv4, formatIpv6, ipFamily, ipv4Mask, normalizeIp, normalizePrefix, parseIpv4, parseIpv6,
  prefixContains,
} from '@terway-sim/sim-base';

export interface ParsedCidr {
  readonly family: 4 | 6;
  /** Canonical address text (host bits kept). */
  readonly ip: string;
  readonly prefixLength: number;
}

/** Dotted-quad text to an unsigned 32-bit number; undefined unless exactly four decimal octets. */
export function fastParseIpv4(text: string): number | undefined {
  let value = 0;
  let octet = -1;
  let digits = 0;
  let parts = 0;
  for (let at = 0; at <= text.length; at++) {
    const code = at < text.length ? text.charCodeAt(at) : 46;
    if (code >= 48 && code <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = (octet < 0 ? 0 : octet) * 10 + (code - 48);
      digits++;
      if (octet > 255) return undefined;
    } else if (code === 46) {
      if (digits === 0 || ++parts > 4) return undefined;
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? value : undefined;
}

function formatV4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** `10.0.1.20/24` → parts; a bare address means a full-length prefix. Undefined if malformed. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  const addressText = (slash < 0 ? text : text.slice(0, slash)).trim();
  const lengthText = slash < 0 ? undefined : text.slice(slash + 1).trim();
  const v4 = fastParseIpv4(addressText);
  const family = v4 !== undefined ? 4 : ipFamily(addressText) === 6 ? 6 : undefined;
  if (family === undefined) return undefined;
  const ip = v4 !== undefined ? formatV4(v4) : normalizeIp(addressText);
  if (ip === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (lengthText === undefined) return { family, ip, prefixLength: max };
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > max) return undefined;
  return { family, ip, prefixLength: Number(lengthText) };
}

/** A route destination: `default` is 0.0.0.0/0 (or ::/0 with family 6). */
export function parseDestination(text: string, family?: 4 | 6): ParsedCidr | undefined {
  if (text === 'default') return { family: family ?? 4, ip: family === 6 ? '::' : '0.0.0.0', prefixLength: 0 };
  return parseCidr(text);
}

export function prefixText(cidr: ParsedCidr): string {
  if (cidr.family === 4) {
    const value = fastParseIpv4(cidr.ip)!;
    return `${formatV4((value & ipv4Mask(cidr.prefixLength)) >>> 0)}/${cidr.prefixLength}`;
  }
  return normalizePrefix(`${cidr.ip}/${cidr.prefixLength}`)!;
}

/** True when the address has no host bits set under its prefix length. */
export function isNetworkAddress(cidr: ParsedCidr): boolean {
  return prefixText(cidr) === `${cidr.ip}/${cidr.prefixLength}`;
}

export function ipv4Broadcast(ip: string, prefixLength: number): string {
  const value = parseIpv4(ip)!;
  return formatIpv4((value | (~ipv4Mask(prefixLength) >>> 0)) >>> 0);
}

export function inPrefix(prefix: string, ip: string): boolean {
  return prefixContains(prefix, ip);
}

/** fe80::/64 plus the modified EUI-64 interface id of `mac`, in RFC 5952 text (no bigint). */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((part) => parseInt(part, 16));
  const groups = [0xfe80, 0, 0, 0, ((b[0]! ^ 0x02) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!];
  return formatIpv6(groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n));
}

/** Scope the kernel gives an IPv6 address (ipv6_addr_scope, as `ip` names it). */
export function ipv6AddressScope(ip: string): 'link' | 'host' | 'universe' {
  const value = parseIpv6(ip)!;
  if (value === 1n) return 'host';
  if ((value >> 118n) === 0x3fan) return 'link';
  return 'universe';
}

/** iproute2's default scope for an address it adds (default_scope in ipaddress.c). */
export function defaultAddressScope(cidr: ParsedCidr): 'host' | 'link' | 'universe' {
  if (cidr.family === 6) return ipv6AddressScope(cidr.ip);
  return cidr.ip.startsWith('127.') ? 'host' : 'universe';
}
