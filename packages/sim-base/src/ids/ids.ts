// Resource ids from per-kind counters, in the cloud's formats (ARCHITECTURE.md, "Time, randomness
// and identity"): ids never come from a random source, so the same run names the same ENI the same
// way.
//
// Alibaba ids are a kind prefix, a region code and lowercase alphanumerics
// (`eni-bp1fg655nh68xyz9i`); here the alphanumeric part is the counter in base 36, zero-padded, so
// ids also sort by creation.

import { assert } from '../assert.js';

const idBodyLength = 17;

export class IdGenerator {
  private readonly counters = new Map<string, number>();

  constructor(private readonly regionCode = 'bp') {}

  /** The next id of `kind` (`eni`, `vsw`, `i`, `sg`, `vpc`, `rte`, `vtb`, …). */
  next(kind: string): string {
    const count = this.bump(kind);
    return `${kind}-${this.regionCode}${count.toString(36).padStart(idBodyLength, '0')}`;
  }

  /** A MAC in Alibaba's OUI 00:16:3e, unique per generator for the first 16.7 million. */
  nextMac(): string {
    const count = this.bump('mac');
    assert(count < 0x1000000, 'MAC space of one generator exhausted');
    const bytes = [(count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff];
    return ['00', '16', '3e', ...bytes.map((byte) => byte.toString(16).padStart(2, '0'))].join(':');
  }

  /** A request id in the cloud's upper-case UUID layout (8-4-4-4-12 hex), from a counter. */
  nextRequestId(): string {
    const hex = this.bump('request').toString(16).toUpperCase().padStart(32, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** How many ids of each kind were made: part of a snapshot, so a restored world continues. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  restore(counters: Readonly<Record<string, number>>): void {
    this.counters.clear();
    Object.entries(counters).forEach(([kind, count]) => this.counters.set(kind, count));
  }

  private bump(kind: string): number {
    const count = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, count);
    return count;
  }
}
