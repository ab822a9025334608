// One OpenAPI call as every method of Terway's ECS/VPC services makes it (pkg/aliyun/client/
// ecs.go, vpc_service.go): wait for the action's client-side token, send the request with the
// region, observe `aliyun_openapi_latency{api, error}` in ms, and turn a refusal into Terway's
// failure value. The request itself is not bounded by the caller's context: the Go SDK call has
// its own timeout and ignores the context, and so does the port here.

import {
  err, ok, type Context, type Result, type Scheduler, type UniformSource
} from '@terway-sim/sim-base';
import type { BackoffTable } from '../backoff/named.js';
import type { Logger } from '../log/logger.js';
import type { CloudMetrics } from '../metrics/terway-metrics.js';
import type { CloudProduct, OpenApiParamValue, OpenApiPort, ResponseBody
} from '../ports/openapi.js';
import type { ApiRateLimiter } from '../ratelimit/api-limiter.js';
import { fromCallFailure, type ClientFailure } from './errors.js';
import type { IdempotentKeyGenerator } from './idempotency.js';

export interface CloudClientDeps {
  readonly port: OpenApiPort;
  readonly scheduler: Scheduler;
  readonly limiter: ApiRateLimiter;
  readonly logger: Logger;
  /** Jitter draws for the client's own loops (delete confirmation, status waits). */
  readonly random: UniformSource;
  /** Named backoffs (eni_delete_confirm is read at call time, so overrides apply). */
  readonly backoffs: BackoffTable;
  readonly idempotency: IdempotentKeyGenerator;
  readonly metrics?: CloudMetrics;
}

export interface CloudClientOptions {
  /** Sent as `RegionId` with every request, as Terway's Go SDK does. */
  readonly regionId: string;
  /** Feature gate `ENIAttributeBasic` (default off): single-ENI reads use the attribute API. */
  readonly eniAttributeBasic?: boolean;
}

export type Params = { readonly [name: string]: OpenApiParamValue };

/** The raw exchange, for callers that treat a refusal themselves (the V2-SDK attribute call). */
export async function callPort(deps: CloudClientDeps, options: CloudClientOptions,
  product: CloudProduct, action: string,
  params: Params): Promise<Awaited<ReturnType<OpenApiPort['call']>>> {
  const startMs = deps.scheduler.nowMs();
  const reply = await deps.port.call({ product, action, params: { RegionId: options.regionId,
    ...withoutEmpty(params) } });
  deps.metrics?.openApiLatency.labels({ api: action,
    error: String(!reply.ok) }).observe(deps.scheduler.nowMs() - startMs);
  return reply;
}

/** Rate-limit wait + call + metric; a refusal comes back as a ClientFailure with Terway's text. */
export async function invoke(deps: CloudClientDeps, options: CloudClientOptions, ctx: Context,
  product: CloudProduct,
  action: string, params: Params): Promise<Result<ResponseBody, ClientFailure>> {
  const waited = await deps.limiter.wait(ctx, action);
  if (!waited.ok) return err({ kind: 'context', message: waited.error.message });
  const reply = await callPort(deps, options, product, action, params);
  return reply.ok ? ok(reply.value) : err(fromCallFailure(reply.error));
}

/** The SDKs leave unset and empty-string parameters out of the query; so does the port request. */
function withoutEmpty(params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined
    && value !== null && value !== ''));
}

/** `requestID` of a failure, for log lines (Terway's ErrRequestID). */
export function failureRequestId(failure: ClientFailure): string {
  return failure.kind === 'api' ? failure.requestId : '';
}
