// A vSwitch's IPv6 pool: its /64, the addresses and /80 prefixes handed out, and who owns them.
// A /64 never runs out in practice, so addresses come from a counter and are never reused (a
// released address stays released); owners are kept for duplicate checks and for the checkers.
// Addresses start at offset 0x100 of the /64 and the gateway is modelled as `::1` of the /64
// (docs/differences.md): the real cloud's interface ids look random and are unpublished.

import { formatIpv6, formatIpv6Cidr, ipv6InCidr, parseIpv6,
  parseIpv6Cidr } from '@terway-sim/sim-base';
import { PersistentMap } from '@terway-sim/sim-base';

export interface Ipv6Pool {
  /** The vSwitch /64, canonical text. */
  readonly cidr: string;
  readonly nextOffset: number;
  readonly nextPrefix: number;
  /** Owner ENI per address or /80 prefix (canonical text). */
  readonly owners: PersistentMap<string>;
}

const firstOffset = 0x100;

export function createIpv6Pool(cidr: string): Ipv6Pool {
  return { cidr, nextOffset: firstOffset, nextPrefix: 1, owners: PersistentMap.empty() };
}

function network(pool: Ipv6Pool): bigint {
  return parseIpv6Cidr(pool.cidr)!.network;
}

export function ipv6Gateway(pool: Ipv6Pool): string {
  return formatIpv6(network(pool) + 1n);
}

/** Canonical text if `address` lies in the pool's /64 outside the reserved low offsets. */
export function ipv6InPool(pool: Ipv6Pool, address: string): string | undefined {
  const value = parseIpv6(address);
  const cidr = parseIpv6Cidr(pool.cidr)!;
  if (value === undefined || !ipv6InCidr(value, cidr)) return undefined;
  if (value - cidr.network < BigInt(firstOffset)) return undefined;
  return formatIpv6(value);
}

export function takeNextIpv6(pool: Ipv6Pool, owner: string): { pool: Ipv6Pool; address: string } {
  let offset = pool.nextOffset;
  let address = formatIpv6(network(pool) + BigInt(offset));
  while (pool.owners.has(address)) address = formatIpv6(network(pool) + BigInt(++offset));
  return { pool: { ...pool, nextOffset: offset + 1, owners: pool.owners.set(address, owner) },
    address };
}

export function takeIpv6(pool: Ipv6Pool, address: string, owner: string): Ipv6Pool {
  return { ...pool, owners: pool.owners.set(address, owner) };
}

/** The /80 at `index` of the /64 (prefix index in bits 48–63 of the interface id). */
function prefixAt(pool: Ipv6Pool, index: number): string {
  return formatIpv6Cidr({ network: network(pool) + (BigInt(index) << 48n), prefix: 80 });
}

/** The next free /80 of the /64; index 0 holds the single addresses, so prefixes start at 1. */
export function takeNextIpv6Prefix(pool: Ipv6Pool,
  owner: string): { pool: Ipv6Pool; prefix: string } {
  let index = pool.nextPrefix;
  while (pool.owners.has(prefixAt(pool, index))) index++;
  const prefix = prefixAt(pool, index);
  return { pool: { ...pool, nextPrefix: index + 1, owners: pool.owners.set(prefix, owner) },
    prefix };
}

/**
 * Canonical text if `text` is an aligned /80 of the pool's /64 other than the first one (which
 * holds the single addresses here).
 */
export function ipv6PrefixInPool(pool: Ipv6Pool, text: string): string | undefined {
  const cidr = parseIpv6Cidr(text, { strict: true });
  const own = parseIpv6Cidr(pool.cidr)!;
  if (cidr === undefined || cidr.prefix !== 80 || !ipv6InCidr(cidr.network, own)) return undefined;
  if (cidr.network - own.network < 1n << 48n) return undefined;
  return formatIpv6Cidr(cidr);
}
