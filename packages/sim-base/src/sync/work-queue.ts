// A controller-runtime controller's work queue on virtual time (client-go's rate-limited,
// delaying work queue feeding `MaxConcurrentReconciles` workers), as every terway-controlplane
// controller runs on one:
// - a key is queued at most once; a key added while it is being reconciled is reconciled again
//   once that run ends (the queue's "dirty" set), so one key never runs twice at the same time;
// - a reconcile that fails, or asks `requeue`, comes back after the per-item exponential failure
//   delay 5 ms × 2^failures, capped at 1000 s (ItemExponentialFailureRateLimiter); success or
//   `requeueAfterMs` forgets the failures; `requeueAfterMs` comes back after that delay;
// - a delayed add keeps only the earliest pending instant per key.
// The default controller rate limiter also has an overall 10 qps / 100 burst bucket; it is not
// modelled (docs/differences.md). Workers end with the queue's context.

import { assert } from '../assert.js';
import type { Context } from '../clock/context.js';
import type { Scheduler } from '../clock/scheduler.js';
import type { Timer } from '../clock/timer-heap.js';

export interface ReconcileResult {
  readonly requeue?: boolean;
  readonly requeueAfterMs?: number;
}

/** A failed reconcile: `message` goes to the log as controller-runtime's "Reconciler error". */
export interface ReconcileError {
  readonly message: string;
}

export type Reconciler = (ctx: Context, key: string) =>
  Promise<ReconcileResult | ReconcileError>;

export const failureDelayBaseMs = 5;
export const failureDelayMaxMs = 1_000_000;
/** Keys queued at most at once; more means a runaway controller, not back-pressure. */
export const queuedKeysMax = 1_000_000;

export interface WorkQueueOptions {
  readonly name: string;
  readonly maxConcurrent: number;
  /**
   * The per-item failure delay, when the controller sets its own rate limiter (the multi-ip
   * node controller: 1 s doubling to 300 s); default 5 ms to 1000 s.
   */
  readonly failureDelay?: { readonly baseMs: number; readonly maxMs: number } | undefined;
}

export function failureDelayMs(failures: number): number {
  return Math.min(failureDelayMaxMs, failureDelayBaseMs * 2 ** Math.min(failures, 40));
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { dueMs: number; timer: Timer }>();
  private active = 0;
  private ctx: Context | undefined;

  constructor(
    private readonly deps: {
      readonly scheduler: Scheduler;
      readonly reconcile: Reconciler;
      /** Told of every failed reconcile (controller-runtime logs "Reconciler error"). */
      readonly onError: (key: string, message: string) => void;
    },
    private readonly options: WorkQueueOptions,
  ) {
    assert(options.maxConcurrent > 0, 'work queue needs at least one worker');
  }

  /** Starts the workers; keys added before are processed from now on. */
  start(ctx: Context): void {
    this.ctx = ctx;
    // A stopped queue forgets its delayed keys, so that a restarted one schedules them afresh.
    ctx.onDone(() => {
      this.delayed.forEach(({ timer }) => this.deps.scheduler.cancel(timer));
      this.delayed.clear();
    });
    this.kick();
  }

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    assert(this.queued.size < queuedKeysMax, `${this.options.name}: queue over ${queuedKeysMax}`);
    this.queued.add(key);
    this.queue.push(key);
    this.kick();
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const dueMs = this.deps.scheduler.nowMs() + delayMs;
    const pending = this.delayed.get(key);
    if (pending !== undefined && pending.dueMs <= dueMs) return;
    if (pending !== undefined) this.deps.scheduler.cancel(pending.timer);
    const timer = this.deps.scheduler.at(dueMs, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { dueMs, timer });
  }

  /** Keys waiting or running (for reports and tests). */
  get depth(): number {
    return this.queued.size + this.processing.size;
  }

  private kick(): void {
    const ctx = this.ctx;
    if (ctx === undefined || ctx.err() !== undefined) return;
    while (this.active < this.options.maxConcurrent && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.processing.add(key);
      this.active++;
      this.deps.scheduler.spawn(`${this.options.name} ${key}`, () => this.work(ctx, key));
    }
  }

  private async work(ctx: Context, key: string): Promise<void> {
    let outcome: ReconcileResult | ReconcileError;
    try {
      outcome = await this.deps.reconcile(ctx, key);
    } finally {
      this.processing.delete(key);
      this.active--;
    }
    if (ctx.err() !== undefined) return;
    this.settle(key, outcome);
    if (this.dirty.delete(key)) this.add(key);
    this.kick();
  }

  private settle(key: string, outcome: ReconcileResult | ReconcileError): void {
    if ('message' in outcome) {
      this.deps.onError(key, outcome.message);
      this.retryLater(key);
      return;
    }
    if (outcome.requeueAfterMs !== undefined && outcome.requeueAfterMs > 0) {
      this.failures.delete(key);
      this.addAfter(key, outcome.requeueAfterMs);
    } else if (outcome.requeue === true) this.retryLater(key);
    else this.failures.delete(key);
  }

  private retryLater(key: string): void {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const custom = this.options.failureDelay;
    this.addAfter(key, custom === undefined ? failureDelayMs(failures)
      : Math.min(custom.maxMs, custom.baseMs * 2 ** Math.min(failures, 40)));
  }
}
