// Wiring of one node's cloud client layer, as Terway's daemon builds it at startup (after
// `backoff_override` is applied and the client is made with `rate_limit`): the rate limiter, the
// named backoffs, the idempotency keys, the ECS/VPC clients, the metadata client, the vSwitch
// pool and the Aliyun factory, all on one scheduler and one event log.
//
// When to use: the daemon (and tests) call `buildAliyunStack` once per simulated node with that
// node's ports. Every random stream is named after the node (`<node>.client.token`, …), so adding
// a node or a retry on one node never shifts another node's draws. Gotcha: pass the node's own
// metrics when its `/metrics` should show the calls; without them nothing is observed.

import { err, ok, type EventLog, type Result, type Rng, type Scheduler
} from '@terway-sim/sim-base';
import type { ExtendedBackoff } from '../backoff/backoff.js';
import { BackoffTable } from '../backoff/named.js';
import { EcsClient } from '../cloud/ecs-client.js';
import { IdempotentKeyGenerator } from '../cloud/idempotency.js';
import type { CloudClientDeps } from '../cloud/invoke.js';
import { VpcClient } from '../cloud/vpc-client.js';
import { Logger } from '../log/logger.js';
import { MetadataClient } from '../metadata/client.js';
import { EniInfoGetter } from '../metadata/eni-info.js';
import type { CloudMetrics, MetadataMetrics } from '../metrics/terway-metrics.js';
import type { MetadataPort } from '../ports/metadata.js';
import type { OpenApiPort } from '../ports/openapi.js';
import { ApiRateLimiter, rateLimitProblems } from '../ratelimit/api-limiter.js';
import { daemonVSwitchPool, VSwitchPool, type VSwitchPoolOptions } from '../vswitch/pool.js';
import { AliyunFactory, type AliyunFactoryOptions } from './aliyun-factory.js';

export interface AliyunStackDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly openApi: OpenApiPort;
  readonly metadataPort: MetadataPort;
  readonly metrics?: CloudMetrics & MetadataMetrics;
}

export interface AliyunStackOptions {
  /** Names the node's log lines and random streams. */
  readonly nodeName: string;
  readonly regionId: string;
  /** Log component (default `terway-daemon`). */
  readonly component?: string;
  /** eni-config `rate_limit` (calls per minute per action). */
  readonly rateLimit?: { readonly [api: string]: number };
  /** eni-config `backoff_override`, in ms (see backoffFromGoJson / config). */
  readonly backoffOverride?: { readonly [key: string]: ExtendedBackoff };
  readonly eniAttributeBasic?: boolean;
  readonly vSwitchPool?: VSwitchPoolOptions;
  readonly factory: AliyunFactoryOptions;
}

export interface AliyunStack {
  readonly logger: Logger;
  readonly limiter: ApiRateLimiter;
  readonly backoffs: BackoffTable;
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
  readonly metadata: MetadataClient;
  readonly eniInfo: EniInfoGetter;
  readonly vSwitchPool: VSwitchPool;
  readonly factory: AliyunFactory;
}

/** Builds the stack; a bad `rate_limit` or `backoff_override` is refused with the key named. */
export function buildAliyunStack(deps: AliyunStackDeps,
  options: AliyunStackOptions): Result<AliyunStack, string> {
  const problems = rateLimitProblems(options.rateLimit ?? {});
  if (problems.length > 0) return err(problems.join('; '));
  const backoffs = new BackoffTable();
  const overridden = backoffs.override(options.backoffOverride ?? {});
  if (!overridden.ok) return overridden;
  const stream = (name: string): ReturnType<Rng['stream']> =>
    deps.rng.stream(`${options.nodeName}.${name}`);
  const logger = new Logger({ log: deps.log }, { component: options.component ?? 'terway-daemon',
    fields: { node: options.nodeName } });
  const limiter = new ApiRateLimiter({ scheduler: deps.scheduler, logger,
    ...(deps.metrics === undefined ? {}
      : { rateLimiterLatency: deps.metrics.rateLimiterLatency }) },
  options.rateLimit === undefined ? {} : { overrides: options.rateLimit });
  const clientDeps: CloudClientDeps = {
    port: deps.openApi, scheduler: deps.scheduler, limiter, logger,
      random: stream('client.backoff'), backoffs,
    idempotency: new IdempotentKeyGenerator({ random: stream('client.token') }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  };
  const clientOptions = { regionId: options.regionId, ...(options.eniAttributeBasic === undefined
    ? {} : { eniAttributeBasic: options.eniAttributeBasic }) };
  const ecs = new EcsClient(clientDeps, clientOptions);
  const vpc = new VpcClient(clientDeps, clientOptions);
  const metadata = new MetadataClient({ port: deps.metadataPort, scheduler: deps.scheduler,
    random: stream('metadata.retry'),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }) });
  const eniInfo = new EniInfoGetter({ metadata }, { ipv6: options.factory.enableIpv6 });
  const vSwitchPool = new VSwitchPool({ vpc, scheduler: deps.scheduler,
    random: stream('vswitch.shuffle'), logger },
    options.vSwitchPool ?? daemonVSwitchPool);
  const factory = new AliyunFactory({ ecs, metadata, eniInfo, vSwitchPool, backoffs,
    scheduler: deps.scheduler,
    random: stream('factory.backoff'), logger }, options.factory);
  return ok({ logger, limiter, backoffs, ecs, vpc, metadata, eniInfo, vSwitchPool, factory });
}
