// `wait.PollUntilContextTimeout(ctx, interval, timeout, immediate, cond)` (k8s.io/apimachinery
// v0.36) on virtual time: Terway's factory polls instance metadata with it (1 s interval, 10 s
// timeout) after every attach, assign and unassign.
//
// The poll is driven by a fixed ticker started with the poll (not a sleep after each check): checks
// fall on start + k × interval. A check that outlasts an interval finds one tick waiting and runs
// again at once; ticks missed beyond that one are dropped, as Go's ticker drops them. With
// `immediate` the first check is at the start. The timeout is a child context; when it (or the
// parent) ends, the poll returns that context's error ("context deadline exceeded"). At an instant
// where a tick and the deadline coincide (t = timeout), Go's select picks at random; here the
// deadline, armed first, wins — so a 1 s / 10 s poll checks at 1 … 9 s (0 … 9 s when immediate).

import type { Context } from '../clock/context.js';
import type { Scheduler } from '../clock/scheduler.js';
import { err, ok, type Result } from '../result.js';
import { contextFailure, sleepCtx, type Condition, type WaitFailure } from './wait.js';

export interface PollOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly immediate: boolean;
}

export async function pollUntilContextTimeout<E>(deps: { readonly scheduler: Scheduler },
  ctx: Context,
  options: PollOptions, condition: Condition<E>): Promise<Result<void, WaitFailure<E>>> {
  const { ctx: pollCtx, cancel } = ctx.withTimeout(options.timeoutMs);
  try {
    return await pollLoop(deps.scheduler, pollCtx, options, condition);
  } finally {
    cancel();
  }
}

async function pollLoop<E>(scheduler: Scheduler, ctx: Context, options: PollOptions,
  condition: Condition<E>): Promise<Result<void, WaitFailure<E>>> {
  const startMs = scheduler.nowMs();
  const interval = options.intervalMs;
  if (options.immediate) {
    const outcome = await condition(ctx);
    if (!outcome.ok) return err({ kind: 'condition', error: outcome.error });
    if (outcome.value) return ok(undefined);
  }
  let nextTick = 1;
  for (;;) {
    const dueMs = startMs + nextTick * interval;
    if (dueMs > scheduler.nowMs()) {
      const ended = await sleepCtx(scheduler, dueMs - scheduler.nowMs(), ctx);
      if (ended !== undefined) return err(contextFailure(ended));
    }
    // The waiting tick is consumed; any others that passed meanwhile were dropped.
    nextTick = Math.floor((scheduler.nowMs() - startMs) / interval) + 1;
    const ended = ctx.err();
    if (ended !== undefined) return err(contextFailure(ended));
    const outcome = await condition(ctx);
    if (!outcome.ok) return err({ kind: 'condition', error: outcome.error });
    if (outcome.value) return ok(undefined);
  }
}
