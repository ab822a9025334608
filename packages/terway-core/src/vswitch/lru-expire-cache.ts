// Kubernetes' `cache.LRUExpireCache` (k8s.io/apimachinery/pkg/util/cache) on the virtual clock:
// a fixed number of entries, the least recently used evicted first, each entry with its own
// absolute expiry set when it is added. A `get` after the expiry is a miss and drops the entry;
// at the expiry instant itself the entry is still served (Go: `now.After(expireTime)`). Adding an
// existing key replaces its value, refreshes its expiry and makes it the most recent.
// Terway's vSwitch pool (pkg/vswitch/vswitch.go) keeps its vSwitches in one, the
// `cache.LRUExpireCache` of k8s.io/apimachinery.

import { assert, type Clock } from '@terway-sim/sim-base';

export class LruExpireCache<V> {
  /** Insertion order is recency: the first key is the least recently used. */
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();

  constructor(private readonly deps: { readonly clock: Clock }, readonly capacity: number) {
    assert(Number.isInteger(capacity) && capacity > 0, () =>
      `LRU capacity ${capacity} must be a positive integer`);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (this.deps.clock.nowMs() > entry.expiresAtMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  add(key: string, value: V, ttlMs: number): void {
    const expiresAtMs = this.deps.clock.nowMs() + ttlMs;
    if (this.entries.delete(key)) {
      this.entries.set(key, { value, expiresAtMs });
      return;
    }
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAtMs });
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
