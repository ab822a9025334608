// The NetworkInterface controller's per-ENI wait schedule (Terway's pkg/controller/eni/bo.go
// BackoffManager): each ENI that is not yet where the controller wants it gets its own copy of a
// named backoff; every requeue asks for the next delay. The first ask returns the initial delay;
// an ask before the pending instant returns the time left; then each ask takes one step; when
// the steps are used up the answer is a timeout (the reconcile fails and the ENI stays put).
// `del` forgets an ENI once it arrived.

import {
  stepBackoff, type Backoff, type ExtendedBackoff, type Scheduler, type UniformSource
} from '@terway-sim/sim-base';

interface Entry {
  nextMs: number;
  backoff: Backoff;
}

export class ResourceBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: { readonly scheduler: Scheduler;
    readonly random: UniformSource }) {}

  /** The delay before looking again, or `undefined` when the schedule is used up. */
  next(key: string, backoff: ExtendedBackoff): number | undefined {
    const nowMs = this.deps.scheduler.nowMs();
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { nextMs: 0, backoff };
      this.entries.set(key, entry);
      if (backoff.initialDelayMs > 0) {
        entry.nextMs = nowMs + backoff.initialDelayMs;
        return backoff.initialDelayMs;
      }
    }
    if (entry.nextMs > nowMs) return entry.nextMs - nowMs;
    if (entry.backoff.steps <= 0) return undefined;
    const step = stepBackoff(entry.backoff, this.deps.random);
    entry.backoff = step.next;
    entry.nextMs = nowMs + step.delayMs;
    return step.delayMs;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  del(key: string): void {
    this.entries.delete(key);
  }
}
