// Shared wiring for the cloud-client tests: the ECS and VPC clients, built as the daemon builds
// them, over the cloud emulator (test/emulator/cloud-rig.ts) with one instance and three
// vSwitches (two in the instance's zone, one in another), all on one scheduler and event log.
import type { LoggedEvent } from '@terway-sim/sim-base';
import { BackoffTable } from '../../src/backoff/named.js';
import { EcsClient } from '../../src/cloud/ecs-client.js';
import { IdempotentKeyGenerator } from '../../src/cloud/idempotency.js';
import type { CloudClientDeps } from '../../src/cloud/invoke.js';
import { VpcClient } from '../../src/cloud/vpc-client.js';
import { Logger } from '../../src/log/logger.js';
import { createCloudMetrics } from '../../src/metrics/terway-metrics.js';
import { ApiRateLimiter } from '../../src/ratelimit/api-limiter.js';
import { cloudRig, runTask as runOnRig, type CloudRig, type CloudTimings
} from '../emulator/cloud-rig.js';

export interface CloudTestRig extends CloudRig {
  readonly deps: CloudClientDeps;
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
  readonly events: LoggedEvent[];
  readonly metrics: ReturnType<typeof createCloudMetrics>;
}

export function clientRig(options: {
  seed?: number; timings?: CloudTimings; rateLimit?: Record<string, number>;
  eniAttributeBasic?: boolean } = {}): CloudTestRig {
  const rig = cloudRig({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.timings === undefined ? {} : { timings: options.timings }),
    vSwitches: [
      { name: 'vsw-a', zone: 0, cidr: '192.168.0.0/24', ipv6: true },
      { name: 'vsw-b', zone: 0, cidr: '192.168.1.0/24' },
      { name: 'vsw-other-zone', zone: 1, cidr: '192.168.2.0/24' },
    ],
  });
  const { env } = rig;
  const events: LoggedEvent[] = [];
  env.log.subscribe((event) => events.push(event));
  const metrics = createCloudMetrics();
  const logger = new Logger({ log: env.log }, { component: 'terway-daemon' });
  const deps: CloudClientDeps = {
    port: rig.openApi, scheduler: env.scheduler, logger, random: env.rng.stream('client.backoff'),
    backoffs: new BackoffTable(),
    idempotency: new IdempotentKeyGenerator({ random: env.rng.stream('client.token') }), metrics,
    limiter: new ApiRateLimiter({ scheduler: env.scheduler,
      rateLimiterLatency: metrics.rateLimiterLatency, logger },
      options.rateLimit === undefined ? {} : { overrides: options.rateLimit }),
  };
  const clientOptions = { regionId: rig.regionId,
    ...(options.eniAttributeBasic === undefined ? {}
      : { eniAttributeBasic: options.eniAttributeBasic }) };
  return { ...rig, deps, ecs: new EcsClient(deps, clientOptions),
    vpc: new VpcClient(deps, clientOptions), events, metrics };
}

/** Runs `work` as a task on the rig's scheduler until idle and returns its result. */
export function runTask<T>(rig: CloudTestRig, work: () => Promise<T>): Promise<T> {
  return runOnRig(rig.env, work);
}

/** Terway's log lines (not the cloud's events), with their instants. */
export function logLines(rig: CloudTestRig): Array<{
  t: number; level: unknown; message: unknown }> {
  return rig.events.filter((event) => event.kind === 'log').map((event) => ({ t: event.t,
    level: event.fields['level'], message: event.fields['message'] }));
}
