// The retry loops of k8s.io/apimachinery/pkg/util/wait (v0.36) on virtual time, and Terway's
// wrapper with an initial delay (pkg/backoff/backoff.go `ExponentialBackoffWithInitialDelay`).
//
// `exponentialBackoff` behaves as `wait.ExponentialBackoffWithContext`: the condition runs at once
// (even if the context has already ended: the condition decides), then after each successive
// `Step()` delay; it runs at most `Steps` times. When the last permitted run still says "not
// done", the result is the wait timeout ("timed out waiting for the condition"), never the last
// inner reason: callers that want that reason keep it themselves, as Terway's do. A context that
// ends during a sleep, or is found ended after one, stops the loop with the context's error.
//
// Conditions are Go's `func(ctx) (done bool, err error)` as a Result: `ok(true)` done, `ok(false)`
// retry, `err(e)` stop with `e`. Failures are values; nothing here throws.

import type { Context, ContextError } from '../clock/context.js';
import type { Scheduler } from '../clock/scheduler.js';
import { err, ok, type Result } from '../result.js';
import { stepBackoff, type Backoff, type ExtendedBackoff, type UniformSource } from './backoff.js';

/** The text of apimachinery's ErrWaitTimeout. */
export const waitTimeoutMessage = 'timed out waiting for the condition';

export type WaitFailure<E> =
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'context'; readonly error: ContextError; readonly message: string }
  | { readonly kind: 'condition'; readonly error: E };

export type Condition<E> = (ctx: Context) => Promise<Result<boolean, E>>;

export interface WaitDeps {
  readonly scheduler: Scheduler;
  /** Jitter draws; a named stream, so retries elsewhere do not shift this one. */
  readonly random: UniformSource;
}

export const waitTimeout = { kind: 'timeout', message: waitTimeoutMessage } as const;

export function contextFailure(error: ContextError): {
  kind: 'context'; error: ContextError; message: string } {
  return { kind: 'context', error, message: error.message };
}

/** Sleeps `delayMs` unless `ctx` ends first; returns the context's error if it did. */
export async function sleepCtx(scheduler: Scheduler, delayMs: number,
  ctx: Context): Promise<ContextError | undefined> {
  try {
    await scheduler.sleep(delayMs, ctx);
  } catch (error) {
    const ended = ctx.err();
    if (ended !== undefined) return ended;
    throw error;
  }
  return ctx.err();
}

/**
 * `wait.ExponentialBackoffWithContext`; `wait.ExponentialBackoff` is this with a background
 * context.
 */
export async function exponentialBackoff<E>(deps: WaitDeps, ctx: Context, backoff: Backoff,
  condition: Condition<E>): Promise<Result<void, WaitFailure<E>>> {
  let steps = backoff.steps;
  let state = backoff;
  for (;;) {
    if (steps < 1) return err(waitTimeout);
    const outcome = await condition(ctx);
    if (!outcome.ok) return err({ kind: 'condition', error: outcome.error });
    if (outcome.value) return ok(undefined);
    if (steps === 1) return err(waitTimeout);
    steps--;
    const step = stepBackoff(state, deps.random);
    state = step.next;
    const ended = await sleepCtx(deps.scheduler, step.delayMs, ctx);
    if (ended !== undefined) return err(contextFailure(ended));
  }
}

/**
 * Terway's `ExponentialBackoffWithInitialDelay`: sleep InitialDelay (bounded by ctx), then the
 * loop.
 */
export async function exponentialBackoffWithInitialDelay<E>(deps: WaitDeps, ctx: Context,
  backoff: ExtendedBackoff,
  condition: Condition<E>): Promise<Result<void, WaitFailure<E>>> {
  if (backoff.initialDelayMs > 0) {
    const ended = await sleepCtx(deps.scheduler, Math.floor(backoff.initialDelayMs), ctx);
    if (ended !== undefined) return err(contextFailure(ended));
  }
  return exponentialBackoff(deps, ctx, backoff, condition);
}

/** The text a wait failure prints as, given how the condition's own error prints. */
export function waitFailureMessage<E>(failure: WaitFailure<E>, conditionMessage: (error: E) =>
  string): string {
  return failure.kind === 'condition' ? conditionMessage(failure.error) : failure.message;
}
