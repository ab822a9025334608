// One ENI slot's addresses and their states, as Terway's pkg/eni/types.go keeps them (`IP`, `Set`;
// here `PoolIp` and `PoolIpSet`, apart from the rpc `IpSet` of a pod's addresses):
// each address has a status (Init, Valid, Invalid, Deleting), an owner (`podId`, "" = idle) and a
// `primary` flag for the ENI's own primary IPv4.
//
// Terway keeps a Go map and, wherever it "takes any" address (PeekAvailable, Dispose, the list of
// Deleting addresses to unassign), takes whatever the randomized map iteration gives first. Here
// iteration is deterministic: secondary addresses in ascending numeric order, then the primary.
// The primary goes last because Local.Dispose "disposes" an idle primary without changing it and
// still counts it (quirk Q9); visited first it would absorb every disposal (docs/differences.md).

import { parseIpv4, parseIpv6 } from '@terway-sim/sim-base';

export type IpStatus = 'Init' | 'Valid' | 'Invalid' | 'Deleting';

/** What the pure pool decisions read of an address. */
export interface IpView {
  readonly ip: string;
  readonly primary: boolean;
  readonly podId: string;
  readonly status: IpStatus;
}

export class PoolIp implements IpView {
  podId = '';

  constructor(readonly ip: string, readonly primary: boolean, public status: IpStatus) {}

  get inUse(): boolean {
    return this.podId !== '';
  }

  /** Valid and idle: the only state a new pod may take. */
  get allocatable(): boolean {
    return this.status === 'Valid' && !this.inUse;
  }

  allocate(podId: string): void {
    this.podId = podId;
  }

  /** Clears the owner only when it is `podId` (a stale release changes nothing). */
  release(podId: string): void {
    if (this.podId === podId) this.podId = '';
  }

  /** Marks the address for unassignment; the ENI's primary address cannot go and stays as it is. */
  dispose(): void {
    if (!this.primary) this.status = 'Deleting';
  }
}

/** Orders addresses: secondaries ascending by numeric value, the primary last. */
export function compareIps(a: IpView, b: IpView): number {
  if (a.primary !== b.primary) return a.primary ? 1 : -1;
  return compareAddresses(a.ip, b.ip);
}

export function compareAddresses(a: string, b: string): number {
  const a4 = parseIpv4(a);
  const b4 = parseIpv4(b);
  if (a4 !== undefined && b4 !== undefined) return a4 - b4;
  if (a4 !== undefined) return -1;
  if (b4 !== undefined) return 1;
  const a6 = parseIpv6(a) ?? 0n;
  const b6 = parseIpv6(b) ?? 0n;
  return a6 < b6 ? -1 : a6 > b6 ? 1 : 0;
}

export class PoolIpSet {
  private readonly byIp = new Map<string, PoolIp>();
  private ordered: PoolIp[] | null = null;

  get size(): number {
    return this.byIp.size;
  }

  /** Every address in iteration order (see the file header). */
  values(): readonly PoolIp[] {
    this.ordered ??= [...this.byIp.values()].sort(compareIps);
    return this.ordered;
  }

  get(ip: string): PoolIp | undefined {
    return this.byIp.get(ip);
  }

  add(entry: PoolIp): void {
    this.byIp.set(entry.ip, entry);
    this.ordered = null;
  }

  /** Inserts (or replaces) non-primary addresses as Valid and idle. */
  putValid(ips: readonly string[]): void {
    ips.forEach((ip) => this.add(new PoolIp(ip, false, 'Valid')));
  }

  /** Inserts (or replaces) addresses as Deleting: assigned in the cloud but not usable. */
  putDeleting(ips: readonly string[]): void {
    ips.forEach((ip) => this.add(new PoolIp(ip, false, 'Deleting')));
  }

  delete(ips: readonly string[]): void {
    ips.forEach((ip) => this.byIp.delete(ip));
    this.ordered = null;
  }

  clear(): void {
    this.byIp.clear();
    this.ordered = null;
  }

  release(podId: string, ip: string): void {
    this.byIp.get(ip)?.release(podId);
  }

  /** Addresses without an owner, whatever their status (Invalid, Deleting included: Q4). */
  idles(): PoolIp[] {
    return this.values().filter((entry) => !entry.inUse);
  }

  inUse(): PoolIp[] {
    return this.values().filter((entry) => entry.inUse);
  }

  /** The address `podId` already owns, else the first allocatable one, else undefined. */
  peekAvailable(podId: string): PoolIp | undefined {
    if (podId !== '') {
      const owned = this.values().find((entry) => entry.podId === podId);
      if (owned !== undefined) return owned;
    }
    return this.values().find((entry) => entry.allocatable);
  }

  /** Addresses waiting to be unassigned, in iteration order. */
  deleting(): string[] {
    return this.values().filter((entry) => entry.status === 'Deleting').map((entry) => entry.ip);
  }

  byPodId(podId: string): PoolIp | undefined {
    return this.values().find((entry) => entry.podId === podId);
  }
}
