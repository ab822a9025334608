// golang.org/x/time/rate's Limiter (a token bucket) on the virtual clock: Terway waits on one per
// OpenAPI action (pkg/aliyun/client/ratelimit.go) and on three per ENI slot in the daemon pool.
//
// Semantics kept: the bucket starts full (`burst` tokens); it refills continuously at the rate,
// never above `burst`; `wait` reserves one token at once, even if that drives the bucket negative
// (reservations queue behind each other), then sleeps the deficit / rate; a wait whose context
// ends first gives its token back as `Reservation.Cancel` does (minus tokens reserved after it).
//
// Arithmetic is exact: a rate is `count` tokens per `periodMs`, and the bucket counts in units
// of 1/periodMs token, so a refill of `count` units per millisecond is an integer and 500 calls
// per minute never drift by float rounding. A deficit becomes a sleep rounded up to the next
// millisecond, so a token is never granted early.
//
// Difference: Go's Wait refuses at once ("would exceed context deadline") when the wait would
// outlast the context's deadline; sim-base's Context does not expose its deadline, so here the
// waiter reserves, sleeps until the context ends, then cancels the reservation.

import {
  assert, err, ok, sleepCtx, type Context, type ContextError, type Result, type Scheduler
} from '@terway-sim/sim-base';

export interface RateLimit {
  /** Tokens added per `periodMs`. */
  readonly count: number;
  readonly periodMs: number;
  /** Bucket size; also the tokens it starts with. */
  readonly burst: number;
}

/** `N` calls per minute as Terway configures client limits: rate N/60 per second, burst N. */
export function perMinute(calls: number): RateLimit {
  return { count: calls, periodMs: 60_000, burst: calls };
}

interface Reservation {
  readonly timeToActMs: number;
}

export class TokenBucket {
  /** Tokens × periodMs; negative while reservations are queued. */
  private units: number;
  private lastMs: number;
  private lastEventMs: number;
  private readonly unitsPerToken: number;
  private readonly burstUnits: number;

  constructor(private readonly deps: { readonly scheduler: Scheduler }, readonly limit: RateLimit) {
    assert(Number.isInteger(limit.count) && limit.count > 0, () =>
      `rate limit count ${limit.count} must be a positive integer`);
    assert(Number.isInteger(limit.periodMs) && limit.periodMs > 0, () =>
      `rate limit period ${limit.periodMs} must be a positive integer`);
    assert(Number.isInteger(limit.burst) && limit.burst >= 1, () =>
      `rate limit burst ${limit.burst} must be a positive integer`);
    this.unitsPerToken = limit.periodMs;
    this.burstUnits = limit.burst * limit.periodMs;
    this.units = this.burstUnits;
    this.lastMs = deps.scheduler.nowMs();
    this.lastEventMs = this.lastMs;
  }

  /** Tokens in the bucket now (negative when reservations are queued). */
  tokens(): number {
    return this.advance(this.deps.scheduler.nowMs()) / this.unitsPerToken;
  }

  /**
   * Waits for one token. Resolves at once when one is available; otherwise after the deficit
   * is refilled, or with the context's error if the context ends first (the token is returned).
   */
  async wait(ctx: Context): Promise<Result<void, ContextError>> {
    const ended = ctx.err();
    if (ended !== undefined) return err(ended);
    const nowMs = this.deps.scheduler.nowMs();
    const reservation = this.reserve(nowMs);
    const delayMs = reservation.timeToActMs - nowMs;
    if (delayMs <= 0) return ok(undefined);
    const failure = await sleepCtx(this.deps.scheduler, delayMs, ctx);
    if (failure === undefined) return ok(undefined);
    this.cancel(reservation, this.deps.scheduler.nowMs());
    return err(failure);
  }

  /** Takes a token if one is available now, without waiting (rate.Limiter.Allow). */
  allow(): boolean {
    const nowMs = this.deps.scheduler.nowMs();
    const units = this.advance(nowMs);
    if (units < this.unitsPerToken) return false;
    this.units = units - this.unitsPerToken;
    this.lastMs = nowMs;
    this.lastEventMs = nowMs;
    return true;
  }

  private advance(nowMs: number): number {
    const last = Math.min(this.lastMs, nowMs);
    return Math.min(this.units + (nowMs - last) * this.limit.count, this.burstUnits);
  }

  private reserve(nowMs: number): Reservation {
    const units = this.advance(nowMs) - this.unitsPerToken;
    const waitMs = units < 0 ? Math.ceil(-units / this.limit.count) : 0;
    const timeToActMs = nowMs + waitMs;
    this.units = units;
    this.lastMs = nowMs;
    this.lastEventMs = timeToActMs;
    return { timeToActMs };
  }

  /** Reservation.CancelAt: restore the token, less what later reservations already counted on. */
  private cancel(reservation: Reservation, nowMs: number): void {
    if (reservation.timeToActMs < nowMs) return;
    const restore =
      this.unitsPerToken - (this.lastEventMs - reservation.timeToActMs) * this.limit.count;
    if (restore <= 0) return;
    this.units = Math.min(this.advance(nowMs) + restore, this.burstUnits);
    this.lastMs = nowMs;
    if (reservation.timeToActMs === this.lastEventMs) {
      const previousEventMs =
        reservation.timeToActMs - Math.ceil(this.unitsPerToken / this.limit.count);
      if (previousEventMs >= nowMs) this.lastEventMs = previousEventMs;
    }
  }
}
