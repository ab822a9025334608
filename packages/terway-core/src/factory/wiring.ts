// Wiring of one node's cloud layer, as Terway's daemon builds it at startup: the node's cloud
// client set (cloud/client-set.ts: rate limiter, named backoffs, idempotency keys, ECS/VPC
// clients, vSwitch pool, metadata client), the ENI metadata reader and the Aliyun factory, all on
// one scheduler and one event log.
//
// When to use: a daemon process (node/terway-node.ts) calls `buildNodeClientSet` at start and
// `buildNodeFactory` once it has sized its pool; a test that knows the factory's options calls
// `buildAliyunStack`, both at once, with that node's ports. Every random stream is named after
// the node (`<node>.client.token`, `<node>.factory.backoff`, …), so adding a node or a retry on
// one node never shifts another node's draws. Gotcha: pass the node's own metrics when its
// `/metrics` should show the calls; without them nothing is observed.

import type { EventLog, ExtendedBackoff, Result, Rng, Scheduler } from '@terway-sim/sim-base';
import type { BackoffTable } from '../backoff/named.js';
import {
  buildCloudClientSet, type CloudClientSet, type CloudClientSetFailure,
} from '../cloud/client-set.js';
import type { EcsClient } from '../cloud/ecs-client.js';
import type { VpcClient } from '../cloud/vpc-client.js';
import type { Logger } from '../log/logger.js';
import type { MetadataClient } from '../metadata/client.js';
import { EniInfoGetter } from '../metadata/eni-info.js';
import type { CloudMetrics, MetadataMetrics } from '../metrics/terway-metrics.js';
import type { MetadataPort } from '../ports/metadata.js';
import type { OpenApiPort } from '../ports/openapi.js';
import type { ApiRateLimiter } from '../ratelimit/api-limiter.js';
import { daemonVSwitchPool, type VSwitchPool, type VSwitchPoolOptions } from '../vswitch/pool.js';
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

/** A daemon process's cloud clients: the shared client set with the node's metadata client. */
export type NodeClientSet = CloudClientSet & { readonly metadata: MetadataClient };

/**
 * Step 1, at process start: the node's client set, with the daemon's settings (streams and log
 * lines named after the node, the daemon-sized vSwitch pool). Refuses a bad `rate_limit` or
 * `backoff_override`, naming the key.
 */
export function buildNodeClientSet(deps: AliyunStackDeps,
  options: Omit<AliyunStackOptions, 'factory'>): Result<NodeClientSet, CloudClientSetFailure> {
  const { metrics } = deps;
  return buildCloudClientSet({ scheduler: deps.scheduler, rng: deps.rng, log: deps.log,
    openApi: deps.openApi, metrics, metadata: { port: deps.metadataPort, metrics } }, {
    regionId: options.regionId, streamPrefix: options.nodeName,
    component: options.component ?? 'terway-daemon', logFields: { node: options.nodeName },
    rateLimit: options.rateLimit, backoffOverride: options.backoffOverride,
    eniAttributeBasic: options.eniAttributeBasic,
    vSwitchPool: options.vSwitchPool ?? daemonVSwitchPool,
  });
}

/**
 * Step 2, once the pool is sized: the process's one factory over its client set, with an ENI
 * metadata reader that reads IPv6 gateways and CIDRs exactly when the factory has IPv6.
 */
export function buildNodeFactory(clients: NodeClientSet,
  deps: Pick<AliyunStackDeps, 'scheduler' | 'rng'>,
  options: { readonly nodeName: string; readonly factory: AliyunFactoryOptions }):
  { readonly eniInfo: EniInfoGetter; readonly factory: AliyunFactory } {
  const eniInfo = new EniInfoGetter({ metadata: clients.metadata },
    { ipv6: options.factory.enableIpv6 });
  const factory = new AliyunFactory({ ecs: clients.ecs, metadata: clients.metadata, eniInfo,
    vSwitchPool: clients.vSwitchPool, backoffs: clients.backoffs, scheduler: deps.scheduler,
    random: deps.rng.stream(`${options.nodeName}.factory.backoff`), logger: clients.logger },
  options.factory);
  return { eniInfo, factory };
}

/** Both steps at once, for a test that knows the factory's options up front. */
export function buildAliyunStack(deps: AliyunStackDeps,
  options: AliyunStackOptions): Result<AliyunStack, CloudClientSetFailure> {
  const built = buildNodeClientSet(deps, options);
  if (!built.ok) return built;
  return { ok: true, value: { ...built.value, ...buildNodeFactory(built.value, deps, options) } };
}
