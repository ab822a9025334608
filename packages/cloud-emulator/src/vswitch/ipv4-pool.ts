// A vSwitch's IPv4 address pool: which ENI owns each address of the CIDR. The cloud reserves the
// first address and the last three of every vSwitch (the gateway is the third from last), so a /24
// starts with 252 free; every primary IP, secondary IP and every address of an IPv4 prefix consumes
// one (VPC's CreateVSwitch documentation). `AvailableIpAddressCount` is `size − 4 − used`, exact at
// all times because it is derived from this structure and nothing else.
//
// Allocation picks the lowest free address (the real cloud's choice is unpublished; lowest-first
// is deterministic and is listed in docs/differences.md). The pool is a persistent three-level
// radix tree (up to 16 groups of 64 leaves of 64 addresses, a /16 at most), so one assignment
// copies three small arrays (≤ 16, 64 and 64 slots) instead of the whole CIDR; the bench measured
// a flat 256-slot layout at 4 µs per assignment, mostly garbage collection.

import { assert, formatIpv4, ipv4At, ipv4CidrSize, parseIpv4,
  type Ipv4Cidr } from '@terway-sim/sim-base';

export const reservedAddressesPerVSwitch = 4;
const leafBits = 6;
const leafSlots = 1 << leafBits;
const groupBits = 6;
const groupLeaves = 1 << groupBits;
const groupSlots = leafSlots * groupLeaves;

interface Leaf {
  readonly used: number;
  readonly owners: readonly (string | null)[];
}

interface Group {
  readonly used: number;
  readonly leaves: readonly (Leaf | null)[];
}

export interface Ipv4Pool {
  readonly network: number;
  readonly prefix: number;
  readonly size: number;
  /** Addresses owned by ENIs (reserved addresses excluded). */
  readonly used: number;
  readonly groups: readonly (Group | null)[];
  /** Lowest leaf (global index) that may still have a free address. */
  readonly hint: number;
}

export function createIpv4Pool(cidr: Ipv4Cidr): Ipv4Pool {
  const size = ipv4CidrSize(cidr);
  assert(size <= 16 * groupSlots,
    () => `ipv4 pool: /${cidr.prefix} is larger than a vSwitch can be`);
  return { network: cidr.network, prefix: cidr.prefix, size, used: 0,
    groups: Array<Group | null>(Math.ceil(size / groupSlots)).fill(null), hint: 0 };
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

function leafAt(groups: readonly (Group | null)[], leafIndex: number): Leaf | null {
  return groups[leafIndex >>> groupBits]?.leaves[leafIndex & (groupLeaves - 1)] ?? null;
}

export function ownerAt(pool: Ipv4Pool, offset: number): string | null {
  return leafAt(pool.groups, offset >>> leafBits)?.owners[offset & (leafSlots - 1)] ?? null;
}

function leafCount(pool: Ipv4Pool): number {
  return Math.ceil(pool.size / leafSlots);
}

function leafCapacity(pool: Ipv4Pool, leafIndex: number): number {
  const first = leafIndex * leafSlots;
  const last = Math.min(first + leafSlots, pool.size) - 1;
  let reserved = 0;
  for (const offset of [0, pool.size - 3, pool.size - 2,
    pool.size - 1]) if (offset >= first && offset <= last) reserved++;
  return last - first + 1 - reserved;
}

/**
 * Collects the changes of one call, copying each touched group and leaf once. Reads see the
 * writes. `finish()` returns the new pool; the original is untouched.
 */
export class Ipv4PoolWriter {
  private groups: (Group | null)[] | null = null;
  private readonly copiedLeaves = new Map<number, { used: number; owners: (string | null)[] }>();
  private readonly copiedGroups = new Map<number, { used: number; leaves: (Leaf | null)[] }>();
  private used: number;
  private hint: number;

  constructor(private readonly base: Ipv4Pool) {
    this.used = base.used;
    this.hint = base.hint;
  }

  get free(): number {
    return this.base.size - reservedAddressesPerVSwitch - this.used;
  }

  private leaf(leafIndex: number): Leaf | null {
    return leafAt(this.groups ?? this.base.groups, leafIndex);
  }

  owner(offset: number): string | null {
    return this.leaf(offset >>> leafBits)?.owners[offset & (leafSlots - 1)] ?? null;
  }

  /** Takes the lowest free address for `owner`; undefined when the pool is full. */
  takeLowest(owner: string): string | undefined {
    if (this.free <= 0) return undefined;
    for (let leafIndex = this.hint; leafIndex < leafCount(this.base); leafIndex++) {
      if ((this.leaf(leafIndex)?.used ?? 0) >= leafCapacity(this.base, leafIndex)) continue;
      this.hint = leafIndex;
      const first = leafIndex * leafSlots;
      const end = Math.min(first + leafSlots, this.base.size);
      const owners = this.leaf(leafIndex)?.owners;
      for (let offset = first; offset < end; offset++) {
        if ((owners !== undefined && owners[offset - first] !== null) || isReservedOffset(this.base,
          offset)) continue;
        this.write(offset, owner);
        return formatIpv4(this.base.network + offset);
      }
    }
    assert(false, 'ipv4 pool: free count and leaf counts disagree');
  }

  /** Takes a specific offset; the caller has checked it is in range, unreserved and free. */
  take(offset: number, owner: string): void {
    assert(!isReservedOffset(this.base, offset) && this.owner(offset) === null,
      'ipv4 pool: take of a used address');
    this.write(offset, owner);
  }

  /** Takes the lowest aligned /28 whose 16 addresses are all free and unreserved. */
  takePrefix28(owner: string): string | undefined {
    if (this.free < 16) return undefined;
    for (let leafIndex = this.hint; leafIndex < leafCount(this.base); leafIndex++) {
      if ((this.leaf(leafIndex)?.used ?? 0) + 16 > leafCapacity(this.base, leafIndex)) continue;
      const first = leafIndex * leafSlots;
      const end = Math.min(first + leafSlots, this.base.size);
      for (let start = first; start + 16 <= end; start += 16) {
        if (!this.runIsFree(start, 16)) continue;
        for (let offset = start; offset < start + 16; offset++) this.write(offset, owner);
        return `${formatIpv4(this.base.network + start)}/28`;
      }
    }
    return undefined;
  }

  release(offset: number, owner: string): void {
    assert(this.owner(offset) === owner,
      () => `ipv4 pool: release of offset ${offset} not owned by ${owner}`);
    this.store(offset, null, -1);
    this.used--;
    const leafIndex = offset >>> leafBits;
    if (leafIndex < this.hint) this.hint = leafIndex;
  }

  finish(): Ipv4Pool {
    if (this.groups === null) return this.base;
    return { network: this.base.network, prefix: this.base.prefix, size: this.base.size,
      used: this.used, groups: this.groups, hint: this.hint };
  }

  private runIsFree(start: number, length: number): boolean {
    for (let offset = start; offset < start + length; offset++) {
      if (isReservedOffset(this.base, offset) || this.owner(offset) !== null) return false;
    }
    return true;
  }

  private write(offset: number, owner: string): void {
    this.store(offset, owner, 1);
    this.used++;
  }

  /** Sets one slot, copying its group and leaf on first touch, and moves the counts by `delta`. */
  private store(offset: number, owner: string | null, delta: number): void {
    const leafIndex = offset >>> leafBits;
    const groupIndex = leafIndex >>> groupBits;
    const groups = (this.groups ??= this.base.groups.slice());
    let group = this.copiedGroups.get(groupIndex);
    if (group === undefined) {
      const old = groups[groupIndex];
      group = { used: old?.used ?? 0,
        leaves: old?.leaves.slice() ?? Array<Leaf | null>(groupLeaves).fill(null) };
      this.copiedGroups.set(groupIndex, group);
      groups[groupIndex] = group;
    }
    let leaf = this.copiedLeaves.get(leafIndex);
    if (leaf === undefined) {
      const old = group.leaves[leafIndex & (groupLeaves - 1)];
      const slots = Math.min(leafSlots, this.base.size - leafIndex * leafSlots);
      leaf = { used: old?.used ?? 0,
        owners: old?.owners.slice() ?? Array<string | null>(slots).fill(null) };
      this.copiedLeaves.set(leafIndex, leaf);
      group.leaves[leafIndex & (groupLeaves - 1)] = leaf;
    }
    leaf.owners[offset & (leafSlots - 1)] = owner;
    leaf.used += delta;
    group.used += delta;
  }
}

/** Every owned address with its owner, in address order (for snapshots and checkers). */
export function* ownedAddresses(pool: Ipv4Pool): Generator<[string, string]> {
  for (let leafIndex = 0; leafIndex < leafCount(pool); leafIndex++) {
    const leaf = leafAt(pool.groups, leafIndex);
    if (leaf === null || leaf.used === 0) continue;
    for (let slot = 0; slot < leaf.owners.length; slot++) {
      const owner = leaf.owners[slot];
      if (owner === null || owner === undefined) continue;
      yield [formatIpv4(pool.network + leafIndex * leafSlots + slot), owner];
    }
  }
}
