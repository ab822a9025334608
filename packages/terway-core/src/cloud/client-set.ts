// The cloud client stack Terway builds once per process (its pkg/aliyun/client ClientSet with the
// daemon's or the controlplane's settings): the client-side rate limiter (`rate_limit`), the named
// backoffs (`backoff_override`), the idempotency keys, the ECS and VPC clients, the vSwitch pool
// and, for the daemon only, the instance metadata client. The daemon (factory/wiring.ts, node/)
// and terway-controlplane (controlplane/runtime.ts) both build theirs here; what differs between
// them is an option: the log component and fields, the random-stream prefix, the vSwitch pool
// size, the metrics the calls are observed in, and whether there is a metadata service.
//
// Random streams are `<prefix>.client.backoff`, `<prefix>.client.token`, `<prefix>.vswitch.shuffle`
// and `<prefix>.metadata.retry` (a node's name for a daemon, `controlplane` for the controlplane),
// so one process's retries never shift another's draws. Building draws nothing.
//
// When to use: once per daemon or controlplane process. Gotcha: without `metrics` the calls are
// not observed anywhere; pass the process's own when its `/metrics` should show them.

import {
  err, ok, type EventLog, type ExtendedBackoff, type Result, type Rng, type Scheduler
} from '@terway-sim/sim-base';
import { BackoffTable } from '../backoff/named.js';
import { Logger, type LogFields } from '../log/logger.js';
import { MetadataClient } from '../metadata/client.js';
import type { CloudMetrics, MetadataMetrics } from '../metrics/terway-metrics.js';
import type { MetadataPort } from '../ports/metadata.js';
import type { OpenApiPort } from '../ports/openapi.js';
import { ApiRateLimiter, rateLimitProblems } from '../ratelimit/api-limiter.js';
import { VSwitchPool, type VSwitchPoolOptions } from '../vswitch/pool.js';
import { EcsClient } from './ecs-client.js';
import { IdempotentKeyGenerator } from './idempotency.js';
import type { CloudClientDeps } from './invoke.js';
import { VpcClient } from './vpc-client.js';

/** The daemon's instance metadata service (the controlplane has none). */
export interface CloudClientSetMetadata {
  readonly port: MetadataPort;
  readonly metrics?: MetadataMetrics | undefined;
}

export interface CloudClientSetDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly openApi: OpenApiPort;
  /** Where OpenAPI latency and rate-limit waits are observed; absent = nowhere. */
  readonly metrics?: CloudMetrics | undefined;
  /** Given, the set has a metadata client too. */
  readonly metadata?: CloudClientSetMetadata | undefined;
}

type WithMetadata = CloudClientSetDeps & { readonly metadata: CloudClientSetMetadata };

export interface CloudClientSetOptions {
  readonly regionId: string;
  /** Names the process's random streams: the node's name, or `controlplane`. */
  readonly streamPrefix: string;
  /** Log component, e.g. `terway-daemon`, `terway-controlplane`. */
  readonly component: string;
  /** Fields every log line carries, e.g. `{ node }`. */
  readonly logFields?: LogFields | undefined;
  /** eni-config `rate_limit`: calls per minute per action. */
  readonly rateLimit?: { readonly [api: string]: number } | undefined;
  /** eni-config `backoff_override`, in ms (backoffOverridesFromConfig). */
  readonly backoffOverride?: { readonly [key: string]: ExtendedBackoff } | undefined;
  /** Feature gate `ENIAttributeBasic` (daemon only). */
  readonly eniAttributeBasic?: boolean | undefined;
  /** The vSwitch cache: daemonVSwitchPool or controlplaneVSwitchPool. */
  readonly vSwitchPool: VSwitchPoolOptions;
}

export interface CloudClientSet {
  readonly logger: Logger;
  readonly limiter: ApiRateLimiter;
  readonly backoffs: BackoffTable;
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
  readonly vSwitchPool: VSwitchPool;
}

/** A setting the stack refuses, with the eni-config key named in `message`. */
export type CloudClientSetFailure =
  | { readonly kind: 'invalid-rate-limit'; readonly message: string }
  | { readonly kind: 'invalid-backoff-override'; readonly message: string };

/** Builds the set; refuses a bad `rate_limit` or `backoff_override`, naming the key. */
export function buildCloudClientSet(deps: WithMetadata, options: CloudClientSetOptions):
  Result<CloudClientSet & { readonly metadata: MetadataClient }, CloudClientSetFailure>;
export function buildCloudClientSet(deps: CloudClientSetDeps, options: CloudClientSetOptions):
  Result<CloudClientSet, CloudClientSetFailure>;
export function buildCloudClientSet(deps: CloudClientSetDeps, options: CloudClientSetOptions):
  Result<CloudClientSet & { readonly metadata?: MetadataClient }, CloudClientSetFailure> {
  const problems = rateLimitProblems(options.rateLimit ?? {});
  if (problems.length > 0) return err({ kind: 'invalid-rate-limit', message: problems.join('; ') });
  const backoffs = new BackoffTable();
  const overridden = backoffs.override(options.backoffOverride ?? {});
  if (!overridden.ok) return err({ kind: 'invalid-backoff-override', message: overridden.error });
  const stream = (name: string): ReturnType<Rng['stream']> =>
    deps.rng.stream(`${options.streamPrefix}.${name}`);
  const logger = new Logger({ log: deps.log }, { component: options.component,
    ...(options.logFields === undefined ? {} : { fields: options.logFields }) });
  const { metrics } = deps;
  const limiter = new ApiRateLimiter({ scheduler: deps.scheduler, logger,
    ...(metrics === undefined ? {} : { rateLimiterLatency: metrics.rateLimiterLatency }) },
  options.rateLimit === undefined ? {} : { overrides: options.rateLimit });
  const clientDeps: CloudClientDeps = {
    port: deps.openApi, scheduler: deps.scheduler, limiter, logger,
    random: stream('client.backoff'), backoffs,
    idempotency: new IdempotentKeyGenerator({ random: stream('client.token') }),
    ...(metrics === undefined ? {} : { metrics }),
  };
  const clientOptions = { regionId: options.regionId,
    ...(options.eniAttributeBasic === undefined ? {}
      : { eniAttributeBasic: options.eniAttributeBasic }) };
  const ecs = new EcsClient(clientDeps, clientOptions);
  const vpc = new VpcClient(clientDeps, clientOptions);
  const vSwitchPool = new VSwitchPool({ vpc, scheduler: deps.scheduler,
    random: stream('vswitch.shuffle'), logger }, options.vSwitchPool);
  const clients = { logger, limiter, backoffs, ecs, vpc, vSwitchPool };
  const { metadata } = deps;
  if (metadata === undefined) return ok(clients);
  return ok({ ...clients, metadata: new MetadataClient({ port: metadata.port,
    scheduler: deps.scheduler, random: stream('metadata.retry'),
    ...(metadata.metrics === undefined ? {} : { metrics: metadata.metrics }) }) });
}
