// One ENI's IP allocator in prefix mode (Terway's pkg/eni/eni_local_ipam.go, ENILocalIPAM): the
// daemon hands pod IPs out of the ENI's Valid prefixes itself, one address per pod and family,
// and never asks the controlplane per pod. Each prefix is a bitmap of its addresses; the pod's
// offset is remembered so a repeated request gets the same IP back.
//
// Choice of address (sortedValidPrefixes + NextClear in Terway): among the Valid prefixes with a
// free address, the one with the fewest free addresses (packing pods so whole prefixes drain and
// can be returned), ties by CIDR text, then its lowest free offset. Frozen prefixes keep their
// pods and take no new ones; prefixes dropped from the Node CR (or marked Deleting there) become
// Deleting here and vanish once their last pod has gone. Terway walks Go maps where order is
// random; here every walk is in CIDR order, so the result is deterministic.
//
// A pure in-memory model: no clock, no I/O, no locks (the simulator runs one task at a time).

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { IpFamily, IpPrefix, IpPrefixStatus, PrefixNic } from './types.js';
import { addressAt, offsetIn, prefixSize } from './prefix-math.js';

interface PrefixSlots {
  readonly prefix: string;
  status: IpPrefixStatus;
  readonly size: number;
  /** Taken offsets, for the lowest-free search. */
  readonly taken: Set<number>;
  /** podID (`namespace/name`) → offset. */
  readonly byPod: Map<string, number>;
}

/** One prefix's state as `terway-cli` and the checkers see it. */
export interface PrefixUsage {
  readonly prefix: string;
  readonly status: IpPrefixStatus;
  readonly total: number;
  readonly used: number;
  /** `[podID, address]`, ordered by address offset. */
  readonly allocations: readonly (readonly [string, string])[];
}

export interface PoolStats {
  readonly totalIpv4: number;
  readonly idleIpv4: number;
  readonly totalIpv6: number;
  readonly idleIpv6: number;
}

export type AllocateFailure = { readonly kind: 'no-free-address'; readonly family: IpFamily };

function slotsOf(prefix: IpPrefix): PrefixSlots {
  return { prefix: prefix.prefix, status: prefix.status, size: prefixSize(prefix.prefix),
    taken: new Set(), byPod: new Map() };
}

function lowestFree(slots: PrefixSlots): number | undefined {
  for (let offset = 0; offset < slots.size; offset++) if (!slots.taken.has(offset)) return offset;
  return undefined;
}

/** Prefixes that take new pods, fullest first, ties by CIDR text. */
function candidates(family: Map<string, PrefixSlots>): PrefixSlots[] {
  const valid = [...family.values()].filter((slots) => slots.status === 'Valid');
  return valid.sort((a, b) => {
    const left = (a.size - a.byPod.size) - (b.size - b.byPod.size);
    return left !== 0 ? left : a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0;
  });
}

export class EniPrefixIpam {
  readonly eniId: string;
  readonly mac: string;
  readonly vSwitchId: string;
  readonly ipv4Cidr: string;
  readonly ipv6Cidr: string;
  /** A block-listed ENI keeps its pods but serves no new one. */
  unschedulable: boolean;
  private readonly families: Record<IpFamily, Map<string, PrefixSlots>> = {
    ipv4: new Map(), ipv6: new Map() };
  /** podID → prefix, per family. */
  private readonly podPrefix: Record<IpFamily, Map<string, string>> = {
    ipv4: new Map(), ipv6: new Map() };

  /** NewENILocalIPAMFromPrefix: the Nic's Valid and Frozen prefixes, all addresses free. */
  constructor(nic: PrefixNic) {
    this.eniId = nic.id;
    this.mac = nic.macAddress ?? '';
    this.vSwitchId = nic.vSwitchID ?? '';
    this.ipv4Cidr = nic.ipv4CIDR ?? '';
    this.ipv6Cidr = nic.ipv6CIDR ?? '';
    this.unschedulable = nic.unschedulable === true;
    for (const family of ['ipv4', 'ipv6'] as const) {
      const list = (family === 'ipv4' ? nic.ipv4Prefix : nic.ipv6Prefix) ?? [];
      for (const prefix of list) {
        if (prefix.status === 'Valid' || prefix.status === 'Frozen') {
          this.families[family].set(prefix.prefix, slotsOf(prefix));
        }
      }
    }
  }

  /** The pod's address (the same one again if it has one), or no-free-address. */
  allocate(family: IpFamily, podId: string): Result<string, AllocateFailure> {
    const held = this.addressOf(family, podId);
    if (held !== undefined) return ok(held);
    for (const slots of candidates(this.families[family])) {
      const offset = lowestFree(slots);
      if (offset === undefined) continue;
      slots.taken.add(offset);
      slots.byPod.set(podId, offset);
      this.podPrefix[family].set(podId, slots.prefix);
      return ok(addressAt(slots.prefix, offset)!);
    }
    return err({ kind: 'no-free-address', family });
  }

  /** Frees the pod's address; unknown pods and a second release are no-ops. */
  release(family: IpFamily, podId: string): void {
    const prefix = this.podPrefix[family].get(podId);
    if (prefix === undefined) return;
    const slots = this.families[family].get(prefix);
    const offset = slots?.byPod.get(podId);
    if (slots !== undefined && offset !== undefined) {
      slots.taken.delete(offset);
      slots.byPod.delete(podId);
    }
    this.podPrefix[family].delete(podId);
  }

  /**
   * RestorePod: marks a stored record's address taken again after a restart. Records of another
   * ENI, and addresses in none of this ENI's kept prefixes, are ignored (the pod's address is
   * then lost to it, as in Terway). A pod restored twice keeps only its last address (Terway would
   * leave the first one marked taken). Returns the families restored.
   */
  restore(podId: string, record: { readonly eniId: string; readonly ipv4?: string | undefined;
    readonly ipv6?: string | undefined }): IpFamily[] {
    if (record.eniId !== this.eniId) return [];
    const restored: IpFamily[] = [];
    for (const family of ['ipv4', 'ipv6'] as const) {
      const address = record[family];
      if (address === undefined || address === '') continue;
      this.release(family, podId);
      for (const slots of this.sorted(family)) {
        const offset = offsetIn(slots.prefix, address);
        if (offset === undefined) continue;
        slots.taken.add(offset);
        slots.byPod.set(podId, offset);
        this.podPrefix[family].set(podId, slots.prefix);
        restored.push(family);
        break;
      }
    }
    return restored;
  }

  /**
   * UpdatePrefixes: follows the Node CR's list for one family. A prefix gone from the list, or
   * Deleting in it, is dropped when it has no pod and otherwise becomes Deleting (no new pods);
   * others take the CR's status; new Valid or Frozen prefixes are added empty.
   */
  updatePrefixes(family: IpFamily, prefixes: readonly IpPrefix[]): void {
    const current = this.families[family];
    const wanted = new Map(prefixes.map((prefix) => [prefix.prefix, prefix]));
    for (const [cidr, slots] of [...current]) {
      const next = wanted.get(cidr);
      slots.status = next === undefined ? 'Deleting' : next.status;
      if (slots.status === 'Deleting' && slots.byPod.size === 0) current.delete(cidr);
    }
    for (const prefix of prefixes) {
      if (current.has(prefix.prefix)) continue;
      if (prefix.status === 'Valid' || prefix.status === 'Frozen') {
        current.set(prefix.prefix, slotsOf(prefix));
      }
    }
  }

  addressOf(family: IpFamily, podId: string): string | undefined {
    const prefix = this.podPrefix[family].get(podId);
    const offset = prefix === undefined ? undefined
      : this.families[family].get(prefix)?.byPod.get(podId);
    return prefix === undefined || offset === undefined ? undefined : addressAt(prefix, offset);
  }

  hasAllocations(): boolean {
    return this.allocationCount() > 0;
  }

  allocationCount(): number {
    return this.podPrefix.ipv4.size + this.podPrefix.ipv6.size;
  }

  /** No prefix left in either family (all drained): the delegate forgets the ENI. */
  isEmpty(): boolean {
    return this.families.ipv4.size === 0 && this.families.ipv6.size === 0;
  }

  poolStats(): PoolStats {
    const count = (family: IpFamily) => [...this.families[family].values()].reduce(
      (sum, slots) => ({ total: sum.total + slots.size, used: sum.used + slots.byPod.size }),
      { total: 0, used: 0 });
    const v4 = count('ipv4');
    const v6 = count('ipv6');
    return { totalIpv4: v4.total, idleIpv4: v4.total - v4.used, totalIpv6: v6.total,
      idleIpv6: v6.total - v6.used };
  }

  /** StatusSnapshot, in CIDR order with allocations in offset order. */
  usage(family: IpFamily): PrefixUsage[] {
    return this.sorted(family).map((slots) => ({
      prefix: slots.prefix, status: slots.status, total: slots.size, used: slots.byPod.size,
      allocations: [...slots.byPod].sort((a, b) => a[1] - b[1])
        .map(([podId, offset]) => [podId, addressAt(slots.prefix, offset)!] as const),
    }));
  }

  private sorted(family: IpFamily): PrefixSlots[] {
    return [...this.families[family].values()].sort((a, b) =>
      a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0);
  }
}
