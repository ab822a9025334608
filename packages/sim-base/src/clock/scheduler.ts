// The virtual clock and its event queue: the only place in the project that decides what time it
// is. Time is an integer number of virtual milliseconds since the start of the run.
//
// How async code stays deterministic. Terway's loops are written like goroutines (sleep, wait for a
// reply, retry with backoff); here they are async functions that `await scheduler.sleep(ms)`. A
// sleep is a timer whose firing resolves a promise, and the code after the `await` runs as a
// microtask. After firing such a timer the run loop yields one macrotask turn (setImmediate);
// Node runs every queued microtask, and every microtask those schedule, before any macrotask, so
// the whole promise chain settles before the loop takes the next timer. New timers armed by the
// chain get later sequence numbers, so the order of everything is fixed by (dueMs, seq) alone.
// Plain callbacks run back to back; since one may settle promises too (a deadline, a notifier),
// the loop also yields once before moving the clock past an instant at which plain callbacks ran.
// The one rule for code under simulation: do not await anything that is not driven by this
// scheduler (real I/O, real timers).

import { AssertionFailed, assert } from '../assert.js';
import type { Context } from './context.js';
import { TimerHeap, type Timer } from './timer-heap.js';

export interface Clock {
  /** Virtual milliseconds since the start of the run. Never decreases. */
  nowMs(): number;
  /** The wall-clock instant (Unix ms) the current virtual instant stands for, for timestamps. */
  wallMs(): number;
}

export interface SchedulerOptions {
  /** Unix ms that virtual time 0 stands for. Defaults to 2026-01-01T00:00:00Z. */
  readonly epochMs?: number;
  /** Armed timers at most; arming one more is a bug (a runaway loop), not back-pressure. */
  readonly timersQueuedMax?: number;
}

export interface RunOptions {
  /** Fire timers due at or before this instant, then move the clock to it. Omit: run until idle. */
  readonly untilMs?: number;
  /** Fire at most this many timers; more means a runaway simulation, which fails the run. */
  readonly stepsMax?: number;
}

export interface RunSummary {
  readonly steps: number;
  readonly nowMs: number;
  /** True when no timer is left armed. */
  readonly idle: boolean;
  /** True when the run ended early because `requestStop` was called. */
  readonly stopped: boolean;
}

export const defaultEpochMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const yieldMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

export class Scheduler implements Clock {
  readonly timersQueuedMax: number;
  private epoch: number;
  private now = 0;
  private seq = 0;
  private armed = 0;
  private stepsTotal = 0;
  private running = false;
  private stopRequested = false;
  private readonly heap = new TimerHeap();
  private readonly failures: unknown[] = [];
  /** Called when a timer is armed; the real-time driver uses it to wake up earlier. */
  onArmed: ((dueMs: number) => void) | null = null;

  constructor(options: SchedulerOptions = {}) {
    this.epoch = options.epochMs ?? defaultEpochMs;
    this.timersQueuedMax = options.timersQueuedMax ?? 5_000_000;
  }

  nowMs(): number {
    return this.now;
  }

  wallMs(): number {
    return this.epoch + this.now;
  }

  /** Re-anchors virtual time to the wall clock; only the real-time driver does this. */
  setEpochMs(epochMs: number): void {
    this.epoch = epochMs;
  }

  /** Timers armed and not yet fired or cancelled. */
  get pending(): number {
    return this.armed;
  }

  /** Timers fired since the scheduler was made. */
  get steps(): number {
    return this.stepsTotal;
  }

  /** Arms `fn` to run at virtual instant `dueMs` (not in the past). */
  at(dueMs: number, fn: () => unknown): Timer {
    return this.arm(dueMs, fn, false);
  }

  /** Arms `fn` to run `delayMs` from now. */
  after(delayMs: number, fn: () => unknown): Timer {
    return this.arm(this.now + delayMs, fn, false);
  }

  /** Disarms a timer. Cancelling one that already fired or was cancelled is a no-op. */
  cancel(timer: Timer): void {
    if (timer.fn === null) return;
    timer.fn = null;
    this.armed--;
  }

  /**
   * Resolves after `delayMs` of virtual time. With a context, resolves early (rejecting with the
   * context's error) when the context ends first, and the timer is disarmed.
   */
  sleep(delayMs: number, ctx?: Context): Promise<void> {
    if (ctx === undefined) {
      return new Promise((resolve) => {
        this.arm(this.now + delayMs, resolve, true);
      });
    }
    const failure = ctx.err();
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const timer = this.arm(this.now + delayMs, () => {
        unsubscribe();
        resolve();
      }, true);
      const unsubscribe = ctx.onDone((error) => {
        this.cancel(timer);
        reject(error);
      });
    });
  }

  /**
   * Ends the current `run` after the timer that is firing (and its promise chains) finishes, with
   * the clock where it is. For observers that must not throw into the code that woke them (an
   * invariant checker inside an event listener). The next `run` starts normally.
   */
  requestStop(): void {
    this.stopRequested = true;
  }

  /**
   * Starts an async task (a goroutine) at the current instant. A task that throws fails the
   * whole run: the next `run` call rethrows its error.
   */
  spawn(name: string, task: () => Promise<unknown>): void {
    this.arm(this.now, () => task().catch((error: unknown) => {
      this.failures.push(new TaskFailed(name, this.now, error));
    }), true);
  }

  /**
   * Fires timers in (dueMs, seq) order, letting promise chains settle after each async wake-up.
   * Only one run may be active at a time.
   */
  async run(options: RunOptions = {}): Promise<RunSummary> {
    assert(!this.running, 'Scheduler.run is not re-entrant');
    this.running = true;
    try {
      return await this.runLoop(options);
    } finally {
      this.running = false;
    }
  }

  private async runLoop(options: RunOptions): Promise<RunSummary> {
    const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
    const stepsMax = options.stepsMax ?? Number.POSITIVE_INFINITY;
    assert(untilMs >= this.now, () => `run untilMs ${untilMs} is before now ${this.now}`);
    let steps = 0;
    this.stopRequested = false;
    await yieldMacrotask(); // let work started before the run settle first
    this.throwIfFailed();
    // A plain callback may settle promises too (a context deadline rejecting its waiters, a
    // notifier waking tasks). Their chains must settle before the clock moves on, so after any
    // plain callback the loop yields once before it advances to a later instant (or returns).
    let settled = true;
    for (;;) {
      if (this.stopRequested) {
        this.stopRequested = false;
        if (!settled) await yieldMacrotask();
        return { steps, nowMs: this.now, idle: this.armed === 0, stopped: true };
      }
      const timer = this.heap.peek();
      if (!settled && (timer === undefined || timer.dueMs > this.now)) {
        await yieldMacrotask();
        settled = true;
        this.throwIfFailed();
        continue; // the chains may have armed timers at this instant
      }
      if (timer === undefined || timer.dueMs > untilMs) break;
      this.heap.pop();
      const fn = timer.fn;
      if (fn === null) continue;
      if (steps >= stepsMax) {
        this.heap.push(timer);
        throw new AssertionFailed(
          `stepsMax ${stepsMax} reached at ${this.now} ms: runaway simulation?`,
        );
      }
      timer.fn = null;
      this.armed--;
      this.now = timer.dueMs;
      steps++;
      this.stepsTotal++;
      const returned = fn();
      if (timer.wakesAsync || isThenable(returned)) {
        await yieldMacrotask();
        settled = true;
        this.throwIfFailed();
      } else {
        settled = false;
      }
    }
    if (untilMs !== Number.POSITIVE_INFINITY) this.now = untilMs;
    return { steps, nowMs: this.now, idle: this.armed === 0, stopped: false };
  }

  /**
   * Fires every timer due at or before `untilMs` synchronously. For worlds of plain callbacks
   * only (no `sleep`, no `spawn`): an async wake-up here would run its continuation late.
   */
  runSync(options: RunOptions = {}): RunSummary {
    const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
    const stepsMax = options.stepsMax ?? Number.POSITIVE_INFINITY;
    let steps = 0;
    for (;;) {
      const timer = this.heap.peek();
      if (timer === undefined || timer.dueMs > untilMs) break;
      this.heap.pop();
      const fn = timer.fn;
      if (fn === null) continue;
      assert(!timer.wakesAsync, 'runSync met an async wake-up; use run()');
      assert(steps < stepsMax, () => `stepsMax ${stepsMax} reached at ${this.now} ms`);
      timer.fn = null;
      this.armed--;
      this.now = timer.dueMs;
      steps++;
      this.stepsTotal++;
      fn();
    }
    if (untilMs !== Number.POSITIVE_INFINITY) this.now = untilMs;
    return { steps, nowMs: this.now, idle: this.armed === 0, stopped: false };
  }

  /** The instant of the next armed timer, if any. */
  nextDueMs(): number | undefined {
    for (;;) {
      const timer = this.heap.peek();
      if (timer === undefined) return undefined;
      if (timer.fn !== null) return timer.dueMs;
      this.heap.pop();
    }
  }

  /** Moves the clock forward with nothing firing; the real-time driver's idle step. */
  advanceTo(nowMs: number): void {
    const next = this.nextDueMs();
    assert(next === undefined || next >= nowMs, 'advanceTo would skip an armed timer');
    if (nowMs > this.now) this.now = nowMs;
  }

  private arm(dueMs: number, fn: () => unknown, wakesAsync: boolean): Timer {
    assert(Number.isInteger(dueMs), () => `timer due ${dueMs} is not an integer ms`);
    assert(dueMs >= this.now, () => `timer due ${dueMs} is before now ${this.now}`);
    assert(
      this.armed < this.timersQueuedMax,
      () => `more than ${this.timersQueuedMax} timers armed`,
    );
    const timer: Timer = { dueMs, seq: this.seq++, fn, wakesAsync };
    this.heap.push(timer);
    this.armed++;
    this.onArmed?.(dueMs);
    return timer;
  }

  private throwIfFailed(): void {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }
}

/** A spawned task threw. Carries the task name and the virtual instant for the failure report. */
export class TaskFailed extends Error {
  override readonly name = 'TaskFailed';
  constructor(readonly task: string, readonly atMs: number, override readonly cause: unknown) {
    super(
      `task ${task} failed at ${atMs} ms: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
  }
}
