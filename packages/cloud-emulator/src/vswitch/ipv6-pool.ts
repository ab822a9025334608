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

/** The next /80 of the /64 (prefix index in bits 48–63 of the interface id). */
export function takeNextIpv6Prefix(pool: Ipv6Pool,
  owner: string): { pool: Ipv6Pool; prefix: string } {
  const prefix = formatIpv6Cidr({ network: network(pool) + (BigInt(pool.nextPrefix) << 48n),
    prefix: 80 });
  return { pool: { ...pool, nextPrefix: pool.nextPrefix + 1,
    owners: pool.owners.set(prefix, owner) }, prefix };
}

