// Terway's client-side OpenAPI rate limiter (pkg/aliyun/client/ratelimit.go): one token bucket per
// action name, N calls per minute as rate N/60 per second with burst N; an action without its
// own entry shares the `""` bucket; `rate_limit` in eni-config replaces an action's default (or
// adds one). Every wait is observed in `rate_limiter_latency{api}` (ms), and a wait of 5 s or
// more prints "client rate limit" with the api and the seconds it took.
//
// When to use: the typed ECS/VPC client waits here before every request. Gotcha: the histogram
// label is the action asked for, even when it waited on the shared `""` bucket.

import { assert, err, ok, type Context, type ContextError, type Result, type Scheduler
} from '@terway-sim/sim-base';
import type { Logger } from '../log/logger.js';
import type { HistogramVec } from '../metrics/registry.js';
import { perMinute, TokenBucket, type RateLimit } from './token-bucket.js';

/** Calls per minute per action, Terway's defaults. */
export const defaultApiRateLimits: Readonly<Record<string, number>> = {
  '': 500,
  AttachNetworkInterface: 500,
  CreateNetworkInterface: 500,
  DeleteNetworkInterface: 500,
  DescribeNetworkInterfaces: 800,
  DescribeNetworkInterfaceAttribute: 2000,
  DetachNetworkInterface: 400,
  AssignPrivateIpAddresses: 400,
  UnassignPrivateIpAddresses: 400,
  AssignIpv6Addresses: 400,
  UnassignIpv6Addresses: 400,
  DescribeInstanceTypes: 400,
  DescribeVSwitches: 300,
  AssignLeniPrivateIpAddress: 300,
  AttachElasticNetworkInterface: 300,
  DetachElasticNetworkInterface: 300,
  ListElasticNetworkInterfaces: 6000,
  CreateElasticNetworkInterface: 1200,
  DeleteElasticNetworkInterface: 1200,
  CreateHighDensityElasticNetworkInterface: 900,
  DeleteHighDensityElasticNetworkInterface: 300,
  AttachHighDensityElasticNetworkInterface: 300,
  DetachHighDensityElasticNetworkInterface: 300,
  ListHighDensityElasticNetworkInterfaces: 6000,
  GetNodeInfoForPod: 6000,
};

/** Waits at or above this are logged. */
export const longThrottleLatencyMs = 5_000;

export interface ApiRateLimiterDeps {
  readonly scheduler: Scheduler;
  /** `rate_limiter_latency{api}`. */
  readonly rateLimiterLatency?: HistogramVec;
  readonly logger?: Logger;
}

export interface ApiRateLimiterOptions {
  /** eni-config `rate_limit`: action → calls per minute. */
  readonly overrides?: { readonly [api: string]: number };
}

/** Checks a `rate_limit` map; the message names the key and what is expected. */
export function rateLimitProblems(overrides: { readonly [api: string]: number }): string[] {
  return Object.keys(overrides).sort().flatMap((api) => {
    const value = overrides[api]!;
    return Number.isInteger(value) && value > 0 ? []
      : [`rate_limit.${api === '' ? '""' : api}: expected a positive integer (calls per minute), ` +
        `got ${value}`];
  });
}

export class ApiRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly deps: ApiRateLimiterDeps, options: ApiRateLimiterOptions = {}) {
    const limits = new Map<string, RateLimit>();
    Object.entries(defaultApiRateLimits).forEach(([api, calls]) => limits.set(api,
      perMinute(calls)));
    const overrides = options.overrides ?? {};
    const problems = rateLimitProblems(overrides);
    // Configuration is validated upstream with rateLimitProblems; reaching here with a bad one is a
    // bug.
    assert(problems.length === 0, () => problems.join('; '));
    Object.keys(overrides).sort().forEach((api) => limits.set(api, perMinute(overrides[api]!)));
    limits.forEach((limit, api) => this.buckets.set(api,
      new TokenBucket({ scheduler: deps.scheduler }, limit)));
  }

  /** The bucket `api` waits on. */
  bucketFor(api: string): TokenBucket {
    return this.buckets.get(api) ?? this.buckets.get('')!;
  }

  /** Waits for `api`'s token; observes and logs the wait. Fails only when `ctx` ends first. */
  async wait(ctx: Context, api: string): Promise<Result<void, ContextError>> {
    const startMs = this.deps.scheduler.nowMs();
    const outcome = await this.bucketFor(api).wait(ctx);
    const tookMs = this.deps.scheduler.nowMs() - startMs;
    this.deps.rateLimiterLatency?.labels({ api }).observe(tookMs);
    if (tookMs >= longThrottleLatencyMs) this.deps.logger?.info('client rate limit', { api,
      took: tookMs / 1000 });
    return outcome.ok ? ok(undefined) : err(outcome.error);
  }
}

/** The daemon's per-ENI-slot limits: 1 token every 6 s, burst 2 (ENI create/delete, v4, v6). */
export const eniSlotRateLimit: RateLimit = { count: 1, periodMs: 6_000, burst: 2 };

/** A fresh per-slot limiter; each Local slot holds three. */
export function newEniSlotLimiter(scheduler: Scheduler): TokenBucket {
  return new TokenBucket({ scheduler }, eniSlotRateLimit);
}
