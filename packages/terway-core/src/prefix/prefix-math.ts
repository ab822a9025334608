// Address arithmetic inside one IP prefix, as Terway's eni_local_ipam.go does it: a prefix of n
// host bits holds 2^n addresses numbered from its network address (a /28 gives all 16, the first
// included, since the vSwitch's reserved addresses never fall in a prefix the cloud handed out),
// and an IPv6 prefix with more than 16 host bits is capped at 65,536 addresses that vary only the
// lowest 16 bits.

import { formatIpv4, formatIpv6, parseIpv4, parseIpv4Cidr, parseIpv6,
  parseIpv6Cidr } from '@terway-sim/sim-base';

/** Addresses an IPv6 prefix is allowed to hand out (Terway's IPv6PrefixMaxAddresses). */
export const ipv6PrefixAddressesMax = 65_536;

/** Usable addresses of a prefix; 0 for text that is not a CIDR. */
export function prefixSize(cidr: string): number {
  const v4 = parseIpv4Cidr(cidr);
  if (v4 !== undefined) return 2 ** (32 - v4.prefix);
  const v6 = parseIpv6Cidr(cidr);
  if (v6 === undefined) return 0;
  const hostBits = 128 - v6.prefix;
  return hostBits > 16 ? ipv6PrefixAddressesMax : 2 ** hostBits;
}

/** The address at `offset` of the prefix, or undefined when the CIDR does not parse. */
export function addressAt(cidr: string, offset: number): string | undefined {
  const v4 = parseIpv4Cidr(cidr);
  if (v4 !== undefined) return formatIpv4((v4.network + offset) >>> 0);
  const v6 = parseIpv6Cidr(cidr);
  return v6 === undefined ? undefined : formatIpv6(v6.network + BigInt(offset));
}

/** The offset of `address` in the prefix when it lies inside its managed range. */
export function offsetIn(cidr: string, address: string): number | undefined {
  const size = prefixSize(cidr);
  const v4 = parseIpv4Cidr(cidr);
  const a4 = parseIpv4(address);
  if (v4 !== undefined && a4 !== undefined) {
    const offset = (a4 - v4.network) >>> 0;
    return offset < size ? offset : undefined;
  }
  const v6 = parseIpv6Cidr(cidr);
  const a6 = parseIpv6(address);
  if (v6 === undefined || a6 === undefined || a6 < v6.network) return undefined;
  const offset = a6 - v6.network;
  return offset < BigInt(size) ? Number(offset) : undefined;
}
