// A vSwitch's IPv4 address pool: which ENI owns each address of the CIDR. The cloud reserves the
// first address and the last three of every vSwitch (the gateway is the third from last), so a
// /24 starts with 252 free; every primary IP, secondary IP and every address of an IPv4 prefix
// consumes one (reference §4.4). `AvailableIpAddressCount` is `size − 4 − used`, exact at all
// times because it is derived from this structure and nothing else.
//
// Allocation picks the lowest free address (the real cloud's choice is unpublished; lowest-first
// is deterministic and is listed in docs/differences.md). The pool is persistent: owners live in
// chunks of 256 addresses, and a change copies only the chunks it touches, so one assignment on
// a /16 copies two 256-slot arrays, not 65,536 entries.

import { assert, formatIpv4, ipv4At, ipv4CidrSize, parseIpv4, type Ipv4Cidr } from '@terway-sim/sim-base';

export const reservedAddressesPerVSwitch = 4;
const chunkBits = 8;
const chunkSlots = 1 << chunkBits;

type Chunk = readonly (string | null)[];

export interface Ipv4Pool {
  readonly network: number;
  readonly prefix: number;
  readonly size: number;
  /** Addresses owned by ENIs (reserved addresses excluded). */
  readonly used: number;
  /** Owner per address, in chunks of 256; a null chunk has no owned address. */
  readonly chunks: readonly (Chunk | null)[];
  readonly chunkUsed: readonly number[];
  /** Lowest chunk index that may still have a free address. */
  readonly hint: number;
}

export function createIpv4Pool(cidr: Ipv4Cidr): Ipv4Pool {
  const size = ipv4CidrSize(cidr);
  const chunkCount = Math.ceil(size / chunkSlots);
  return {
    network: cidr.network, prefix: cidr.prefix, size, used: 0,
    chunks: Array<Chunk | null>(chunkCount).fill(null), chunkUsed: Array<number>(chunkCount).fill(0), hint: 0,
  };
}

export function freeAddressCount(pool: Ipv4Pool): number {
  return pool.size - reservedAddressesPerVSwitch - pool.used;
}

export function isReservedOffset(pool: Ipv4Pool, offset: number): boolean {
  return offset === 0 || offset >= pool.size - 3;
}

/** The vSwitch gateway: the third address from the end of the CIDR. */
export function gatewayAddress(pool: Ipv4Pool): string {
  return formatIpv4(ipv4At({ network: pool.network, prefix: pool.prefix }, -3));
}

export function offsetOf(pool: Ipv4Pool, address: string): number | undefined {
  const value = parseIpv4(address);
  if (value === undefined) return undefined;
  const offset = value - pool.network;
  return offset >= 0 && offset < pool.size ? offset : undefined;
}

export function ownerAt(pool: Ipv4Pool, offset: number): string | null {
  return pool.chunks[offset >>> chunkBits]?.[offset & (chunkSlots - 1)] ?? null;
}

function chunkCapacity(pool: Ipv4Pool, chunk: number): number {
  const first = chunk * chunkSlots;
  const last = Math.min(first + chunkSlots, pool.size) - 1;
  let reserved = 0;
  for (const offset of [0, pool.size - 3, pool.size - 2, pool.size - 1]) if (offset >= first && offset <= last) reserved++;
  return last - first + 1 - reserved;
}

/**
 * Collects the changes of one call and copies each touched chunk once. Reads see the writes.
 * `finish()` returns the new pool; the original is untouched.
 */
export class Ipv4PoolWriter {
  private readonly chunks: (Chunk | null)[];
  private readonly chunkUsed: number[];
  private readonly copied = new Set<number>();
  private used: number;
  private hint: number;

  constructor(private readonly base: Ipv4Pool) {
    this.chunks = base.chunks.slice();
    this.chunkUsed = base.chunkUsed.slice();
    this.used = base.used;
    this.hint = base.hint;
  }

  get free(): number {
    return this.base.size - reservedAddressesPerVSwitch - this.used;
  }

  owner(offset: number): string | null {
    return this.chunks[offset >>> chunkBits]?.[offset & (chunkSlots - 1)] ?? null;
  }

  /** Takes the lowest free address for `owner`; undefined when the pool is full. */
  takeLowest(owner: string): string | undefined {
    if (this.free <= 0) return undefined;
    for (let chunk = this.hint; chunk < this.chunks.length; chunk++) {
      if (this.chunkUsed[chunk]! >= chunkCapacity(this.base, chunk)) continue;
      this.hint = chunk;
      const first = chunk * chunkSlots;
      const end = Math.min(first + chunkSlots, this.base.size);
      for (let offset = first; offset < end; offset++) {
        if (isReservedOffset(this.base, offset) || this.owner(offset) !== null) continue;
        this.write(offset, owner);
        return formatIpv4(this.base.network + offset);
      }
    }
    assert(false, 'ipv4 pool: free count and chunk counts disagree');
  }

  /** Takes a specific offset; the caller has checked it is in range, unreserved and free. */
  take(offset: number, owner: string): void {
    assert(!isReservedOffset(this.base, offset) && this.owner(offset) === null, 'ipv4 pool: take of a used address');
    this.write(offset, owner);
  }

  /** Takes the lowest aligned /28 whose 16 addresses are all free and unreserved. */
  takePrefix28(owner: string): string | undefined {
    if (this.free < 16) return undefined;
    for (let chunk = this.hint; chunk < this.chunks.length; chunk++) {
      if (this.chunkUsed[chunk]! + 16 > chunkCapacity(this.base, chunk)) continue;
      const first = chunk * chunkSlots;
      const end = Math.min(first + chunkSlots, this.base.size);
      for (let start = first; start + 16 <= end; start += 16) {
        if (!this.runIsFree(start, 16)) continue;
        for (let offset = start; offset < start + 16; offset++) this.write(offset, owner);
        return `${formatIpv4(this.base.network + start)}/28`;
      }
    }
    return undefined;
  }

  release(offset: number, owner: string): void {
    assert(this.owner(offset) === owner, () => `ipv4 pool: release of offset ${offset} not owned by ${owner}`);
    const chunk = offset >>> chunkBits;
    this.writable(chunk)[offset & (chunkSlots - 1)] = null;
    this.chunkUsed[chunk]!--;
    this.used--;
    if (chunk < this.hint) this.hint = chunk;
  }

  finish(): Ipv4Pool {
    return { ...this.base, used: this.used, chunks: this.chunks, chunkUsed: this.chunkUsed, hint: this.hint };
  }

  private runIsFree(start: number, length: number): boolean {
    for (let offset = start; offset < start + length; offset++) {
      if (isReservedOffset(this.base, offset) || this.owner(offset) !== null) return false;
    }
    return true;
  }

  private write(offset: number, owner: string): void {
    const chunk = offset >>> chunkBits;
    this.writable(chunk)[offset & (chunkSlots - 1)] = owner;
    this.chunkUsed[chunk]!++;
    this.used++;
  }

  private writable(chunk: number): (string | null)[] {
    if (!this.copied.has(chunk)) {
      const slots = Math.min(chunkSlots, this.base.size - chunk * chunkSlots);
      this.chunks[chunk] = this.chunks[chunk]?.slice() ?? Array<string | null>(slots).fill(null);
      this.copied.add(chunk);
    }
    return this.chunks[chunk] as (string | null)[];
  }
}

/** Every owned address with its owner, in address order (for snapshots and checkers). */
export function* ownedAddresses(pool: Ipv4Pool): Generator<[string, string]> {
  for (let chunk = 0; chunk < pool.chunks.length; chunk++) {
    const slots = pool.chunks[chunk];
    if (slots === null || slots === undefined) continue;
    for (let index = 0; index < slots.length; index++) {
      const owner = slots[index];
      if (owner !== null && owner !== undefined) yield [formatIpv4(pool.network + chunk * chunkSlots + index), owner];
    }
  }
}
