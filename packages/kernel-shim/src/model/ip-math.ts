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

/** `10.0.1.20/24` → parts; a bare address means a full-length prefix. Undefined if malformed. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const [addressText = '', lengthText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const family = ipFamily(addressText);
  const ip = normalizeIp(addressText);
  if (family === undefined || ip === undefined) return undefined;
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

export function prefixLengthOf(prefix: string): number {
  return Number(prefix.split('/')[1]);
}

/** fe80::/64 plus the modified EUI-64 interface id of `mac`. */
export function linkLocalFromMac(mac: string): string {
  const bytes = mac.split(':').map((part) => parseInt(part, 16));
  const id = [bytes[0]! ^ 0x02, bytes[1]!, bytes[2]!, 0xff, 0xfe, bytes[3]!, bytes[4]!, bytes[5]!];
  const low = id.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  return formatIpv6((0xfe80n << 112n) | low);
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

export function isMulticastIpv4(ip: string): boolean {
  const first = Number(ip.split('.')[0]);
  return first >= 224 && first <= 239;
}
