// Wiring of one node's cloud layer, as Terway's daemon builds it at startup: the node's cloud
// client set (cloud/client-set.ts: rate limiter, named backoffs, idempotency keys, ECS/VPC
// clients, vSwitch pool, metadata client), the ENI metadata reader and the Aliyun factory, all on
// one scheduler and one event log.
//
// When to use: tests that need a whole node's factory call `buildAliyunStack` once per simulated
// node with that node's ports. Every random stream is named after the node (`<node>.client.token`,
// `<node>.factory.backoff`, …), so adding a node or a retry on one node never shifts another
// node's draws. Gotcha: pass the node's own metrics when its `/metrics` should show the calls;
// without them nothing is observed.

import type { EventLog, Result, Rng, Scheduler } from '@terway-sim/sim-base';
import type { ExtendedBackoff } from '../backoff/backoff.js';
import type { BackoffTable } from '../backoff/named.js';
import {
  buildCloudClientSet, type CloudClientSetFailure,
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

/** Builds the stack; a bad `rate_limit` or `backoff_override` is refused with the key named. */
export function buildAliyunStack(deps: AliyunStackDeps,
  options: AliyunStackOptions): Result<AliyunStack, CloudClientSetFailure> {
  const { metrics } = deps;
  const built = buildCloudClientSet({ scheduler: deps.scheduler, rng: deps.rng, log: deps.log,
    openApi: deps.openApi, metrics, metadata: { port: deps.metadataPort, metrics } }, {
    regionId: options.regionId, streamPrefix: options.nodeName,
    component: options.component ?? 'terway-daemon', logFields: { node: options.nodeName },
    rateLimit: options.rateLimit, backoffOverride: options.backoffOverride,
    eniAttributeBasic: options.eniAttributeBasic,
    vSwitchPool: options.vSwitchPool ?? daemonVSwitchPool,
  });
  if (!built.ok) return built;
  const clients = built.value;
  const eniInfo = new EniInfoGetter({ metadata: clients.metadata },
    { ipv6: options.factory.enableIpv6 });
  const factory = new AliyunFactory({ ecs: clients.ecs, metadata: clients.metadata, eniInfo,
    vSwitchPool: clients.vSwitchPool, backoffs: clients.backoffs, scheduler: deps.scheduler,
    random: deps.rng.stream(`${options.nodeName}.factory.backoff`), logger: clients.logger },
  options.factory);
  return { ok: true, value: { ...clients, eniInfo, factory } };
}
