// A timeout child context whose expiry lets woken waiters run at the deadline instant.
//
// Why: sim-base's Context arms its deadline as a plain callback, and the Scheduler yields to
// promise continuations only after timers that wake async code. A waiter rejected by a deadline
// therefore resumes only after the next async wake-up, possibly at a later virtual instant (a
// 100 ms deadline observed at 500 ms). Until sim-base arms deadlines as async wake-ups, every
// timeout this layer creates goes through here: a guard timer at the same instant, armed after
// the deadline timer and returning a promise, makes the run loop yield right after the deadline
// fires. The guard is disarmed with the context, so it never keeps a finished run busy.

import type { Context, Scheduler } from '@terway-sim/sim-base';

export function withTimeout(scheduler: Scheduler, parent: Context,
  timeoutMs: number): { ctx: Context; cancel: () => void } {
  const child = parent.withTimeout(timeoutMs);
  const guardDueMs = scheduler.nowMs() + timeoutMs;
  const guard = scheduler.after(timeoutMs, () => Promise.resolve());
  const unsubscribe = child.ctx.onDone(() => {
    // Disarm only when ended early; at the deadline itself the guard must still fire.
    if (scheduler.nowMs() < guardDueMs) scheduler.cancel(guard);
  });
  return {
    ctx: child.ctx,
    cancel: () => {
      unsubscribe();
      child.cancel();
      if (scheduler.nowMs() < guardDueMs) scheduler.cancel(guard);
    },
  };
}
