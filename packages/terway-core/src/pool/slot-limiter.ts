// The per-slot rate limiters of Terway's pkg/eni/local.go: three golang.org/x/time/rate token
// buckets per ENI slot (ENI create/delete, IPv4 assign, IPv6 assign), each `rate.Every(1min/10)`
// (one token per 6 s) with burst 2, starting full. The bucket itself is the package's
// `TokenBucket` (ratelimit/); the slot only needs "wait for a token or give up with the context".

import type { Context, Scheduler } from '@terway-sim/sim-base';
import { newEniSlotLimiter } from '../ratelimit/index.js';

/** Resolves true once a token is held, false if `ctx` ended first (the token is given back). */
export interface SlotLimiter {
  wait(ctx: Context): Promise<boolean>;
}

export function newSlotLimiter(scheduler: Scheduler): SlotLimiter {
  const bucket = newEniSlotLimiter(scheduler);
  return { wait: async (ctx) => (await bucket.wait(ctx)).ok };
}
