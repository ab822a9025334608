// The daemon's prefix-mode backend over all of a node's ENIs (Terway's pkg/eni/local_delegate.go,
// LocalDelegate, priority 200): one EniPrefixIpam per InUse ENI of the Node CR, kept in step with
// the CR, restored from the daemon's stored records at start, and asked for a pod's addresses.
// This module is the pure part: what to allocate, release, restore and forget given the CR's
// Nics. Waiting for a CR update when nothing is free, the Node CR watch and the metrics belong to
// the daemon backend that wraps it (the crd daemon's wiring).
//
// Order: Terway walks its ENI map in random order; here ENIs are tried by id, ascending.
// Dual stack takes both families from one ENI; if its IPv6 fails, its IPv4 is given back and the
// next ENI is tried (Terway's rollback).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { resourceTypeEniIp, type PodResources } from '../store/records.js';
import { EniPrefixIpam } from './eni-prefix-ipam.js';
import type { IpFamily, PrefixNic } from './types.js';

/** What a pod gets: the ENI its addresses live on and one address per enabled family. */
export interface PrefixAllocation {
  readonly eniId: string;
  readonly mac: string;
  readonly vSwitchId: string;
  readonly ipv4Cidr: string;
  readonly ipv6Cidr: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
}

/** The daemon's stored record of one pod's address on an ENI (its ResRelation entry). */
export interface StoredPrefixRecord {
  readonly podId: string;
  readonly eniId: string;
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/**
 * The records doInit restores from: every ENIIP resource with an ENI id of every stored pod that
 * has its pod info, keyed `namespace/name` as the daemon keys pods.
 */
export function storedPrefixRecords(stored: readonly PodResources[]): StoredPrefixRecord[] {
  return stored.flatMap((record) => {
    const info = record.PodInfo;
    if (info === null) return [];
    return (record.Resources ?? []).filter((item) => item.type === resourceTypeEniIp
      && item.eni_id !== '').map((item) => ({ podId: `${info.Namespace}/${info.Name}`,
      eniId: item.eni_id, ipv4: item.ipv4, ipv6: item.ipv6 }));
  });
}

export type DelegateFailure = { readonly kind: 'no-available-ipam'; readonly podId: string };

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class PrefixDelegate {
  private readonly ipams = new Map<string, EniPrefixIpam>();

  constructor(private readonly options: { readonly ipv4: boolean; readonly ipv6: boolean }) {}

  /**
   * doInit: one IPAM per InUse Nic, then each stored record marks its address taken again.
   * Records of ENIs that are not InUse are dropped.
   */
  static restore(options: { readonly ipv4: boolean; readonly ipv6: boolean },
    nics: readonly PrefixNic[], records: readonly StoredPrefixRecord[]): PrefixDelegate {
    const delegate = new PrefixDelegate(options);
    for (const nic of nics) {
      if (nic.status === 'InUse') delegate.ipams.set(nic.id, new EniPrefixIpam(nic));
    }
    for (const record of records) delegate.ipams.get(record.eniId)?.restore(record.podId, record);
    return delegate;
  }

  /**
   * syncNodeCR: new InUse Nics get an IPAM; known InUse Nics update their prefixes and
   * schedulability; ENIs gone from the CR drain all their prefixes; an ENI with no prefix left is
   * forgotten. Nics present but not InUse are left as they are.
   */
  sync(nics: readonly PrefixNic[]): void {
    const present = new Map(nics.map((nic) => [nic.id, nic]));
    for (const nic of [...nics].sort((a, b) => byId(a.id, b.id))) {
      if (nic.status !== 'InUse') continue;
      const ipam = this.ipams.get(nic.id);
      if (ipam === undefined) {
        this.ipams.set(nic.id, new EniPrefixIpam(nic));
        continue;
      }
      ipam.unschedulable = nic.unschedulable === true;
      ipam.updatePrefixes('ipv4', nic.ipv4Prefix ?? []);
      ipam.updatePrefixes('ipv6', nic.ipv6Prefix ?? []);
    }
    for (const [eniId, ipam] of [...this.ipams]) {
      if (!present.has(eniId)) {
        ipam.updatePrefixes('ipv4', []);
        ipam.updatePrefixes('ipv6', []);
      }
      if (ipam.isEmpty()) this.ipams.delete(eniId);
    }
  }

  /** tryAllocateLocal: the first schedulable ENI (by id) that has every enabled family free. */
  allocate(podId: string): Result<PrefixAllocation, DelegateFailure> {
    const families: IpFamily[] = [...(this.options.ipv4 ? ['ipv4' as const] : []),
      ...(this.options.ipv6 ? ['ipv6' as const] : [])];
    for (const ipam of this.ordered()) {
      if (ipam.unschedulable) continue;
      const got: Partial<Record<IpFamily, string>> = {};
      let failed = false;
      for (const family of families) {
        const address = ipam.allocate(family, podId);
        if (!address.ok) {
          failed = true;
          break;
        }
        got[family] = address.value;
      }
      if (failed) {
        for (const family of families) if (got[family] !== undefined) ipam.release(family, podId);
        continue;
      }
      return ok({ eniId: ipam.eniId, mac: ipam.mac, vSwitchId: ipam.vSwitchId,
        ipv4Cidr: ipam.ipv4Cidr, ipv6Cidr: ipam.ipv6Cidr,
        ...(got.ipv4 === undefined ? {} : { ipv4: got.ipv4 }),
        ...(got.ipv6 === undefined ? {} : { ipv6: got.ipv6 }) });
    }
    return err({ kind: 'no-available-ipam', podId });
  }

  /** Release: gives back the pod's addresses on that ENI; false when the ENI is unknown. */
  release(podId: string, eniId: string): boolean {
    const ipam = this.ipams.get(eniId);
    if (ipam === undefined) return false;
    ipam.release('ipv4', podId);
    ipam.release('ipv6', podId);
    return true;
  }

  /** The ENIs the delegate holds, by id (for views and checkers; do not mutate). */
  ordered(): EniPrefixIpam[] {
    return [...this.ipams.keys()].sort(byId).map((id) => this.ipams.get(id)!);
  }
}
