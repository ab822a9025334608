// Timers for the cloud's asynchronous changes. One scheduler timer per distinct instant; when it
// fires, every change due then completes in key order. Batching by instant makes the order of
// same-instant completions canonical, so a cloud restored from a snapshot (whose timers are
// re-armed in a different order) completes them in the same order as the original.
// A key whose record no longer has that change due is simply skipped when it fires.

import type { Scheduler, Timer } from '@terway-sim/sim-base';

export class TransitionTimers {
  private readonly byInstant = new Map<
    number,
    { readonly timer: Timer; readonly keys: Set<string> }
  >();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly complete: (key: string) => void,
  ) {}

  /** Arms `key` to complete at `atMs` (or now, if that has passed). */
  arm(key: string, atMs: number): void {
    const dueMs = Math.max(atMs, this.scheduler.nowMs());
    let slot = this.byInstant.get(dueMs);
    if (slot === undefined) {
      slot = { timer: this.scheduler.at(dueMs, () => this.fire(dueMs)), keys: new Set() };
      this.byInstant.set(dueMs, slot);
    }
    slot.keys.add(key);
  }

  /** Disarms everything (before a restore re-arms from the restored state). */
  clear(): void {
    for (const slot of this.byInstant.values()) this.scheduler.cancel(slot.timer);
    this.byInstant.clear();
  }

  get pending(): number {
    let count = 0;
    for (const slot of this.byInstant.values()) count += slot.keys.size;
    return count;
  }

  private fire(dueMs: number): void {
    const slot = this.byInstant.get(dueMs);
    this.byInstant.delete(dueMs);
    if (slot === undefined) return;
    for (const key of [...slot.keys].sort()) this.complete(key);
  }
}
