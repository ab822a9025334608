// Orphan-address detection of Terway's pkg/eni/local.go (`orphanIP`, `report`): every metadata
// sync counts, per address listed on the ENI but unknown to the slot, how many syncs in a row have
// seen it, in a process-wide LRU-with-expiry cache (k8s.io/apimachinery LRUExpireCache: 100
// entries, each (re)added with a 5-minute expiry); a known address is dropped from it. After each
// sync every address counted more than once is reported as a node Warning `ResourceInvalid`
// "orphan ip found on ecs metadata, ip: …". Orphans are never adopted.
//
// One tracker per daemon process (Terway's package variable), shared by all slots.

import type { Clock } from '@terway-sim/sim-base';

export const orphanCacheCapacity = 100;
export const orphanCacheTtlMs = 5 * 60_000;

interface Entry {
  count: number;
  expireMs: number;
}

export class OrphanIpTracker {
  /** Insertion order = recency: the first key is the least recently added. */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock, private readonly capacity = orphanCacheCapacity,
    private readonly ttlMs = orphanCacheTtlMs) {}

  /** One slot's sync: remote addresses unknown locally count up, known ones are forgotten. */
  observe(known: (ip: string) => boolean, remote: readonly string[]): void {
    for (const ip of remote) {
      if (known(ip)) {
        this.entries.delete(ip);
        continue;
      }
      const previous = this.get(ip);
      this.add(ip, previous === undefined ? 1 : previous + 1);
    }
  }

  /** Unexpired addresses seen in more than one sync, least recently added first. */
  reportable(): string[] {
    const now = this.clock.nowMs();
    return [...this.entries.entries()]
      .filter(([, entry]) => entry.expireMs >= now && entry.count > 1)
      .map(([ip]) => ip);
  }

  private get(ip: string): number | undefined {
    const entry = this.entries.get(ip);
    if (entry === undefined) return undefined;
    if (entry.expireMs < this.clock.nowMs()) {
      this.entries.delete(ip);
      return undefined;
    }
    return entry.count;
  }

  private add(ip: string, count: number): void {
    this.entries.delete(ip);
    this.entries.set(ip, { count, expireMs: this.clock.nowMs() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
