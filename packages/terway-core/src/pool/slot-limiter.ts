// The per-slot rate limiters of Terway's pkg/eni/local.go: three golang.org/x/time/rate token
// buckets per ENI slot (ENI create/delete, IPv4 assign, IPv6 assign), each `rate.Every(1min/10)`
// (one token per 6 s) with burst 2, starting full. `wait` reserves a token and sleeps the deficit
// on the virtual clock; reservations queue (the bucket may go negative); a wait cut short by its
// context gives its token back.
//
// Credit is kept in integer milliseconds (one token = 6000 ms of credit) so the arithmetic is exact.

import type { Context, Scheduler } from '@terway-sim/sim-base';

/** What the slot needs of a limiter: resolves true once a token is held, false if `ctx` ended. */
export interface SlotLimiter {
  wait(ctx: Context): Promise<boolean>;
}

export const slotLimiterIntervalMs = 6_000;
export const slotLimiterBurst = 2;

export class TokenBucketLimiter implements SlotLimiter {
  private creditMs: number;
  private lastMs: number;
  private readonly capacityMs: number;

  constructor(private readonly scheduler: Scheduler, private readonly intervalMs = slotLimiterIntervalMs, burst = slotLimiterBurst) {
    this.capacityMs = burst * intervalMs;
    this.creditMs = this.capacityMs;
    this.lastMs = scheduler.nowMs();
  }

  async wait(ctx: Context): Promise<boolean> {
    if (ctx.err() !== undefined) return false;
    const now = this.scheduler.nowMs();
    this.creditMs = Math.min(this.capacityMs, this.creditMs + (now - this.lastMs));
    this.lastMs = now;
    this.creditMs -= this.intervalMs;
    if (this.creditMs >= 0) return true;
    try {
      await this.scheduler.sleep(-this.creditMs, ctx);
      return true;
    } catch {
      this.creditMs += this.intervalMs;
      return false;
    }
  }
}
