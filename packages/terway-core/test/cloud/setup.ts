// Shared wiring for the cloud-client tests: a FakeCloud with one instance and two vSwitches, and
// the ECS/VPC clients over it, all on one scheduler and one event log.
import { createSimEnv, type LoggedEvent, type SimEnv } from '@terway-sim/sim-base';
import { BackoffTable } from '../../src/backoff/named.js';
import { EcsClient } from '../../src/cloud/ecs-client.js';
import { IdempotentKeyGenerator } from '../../src/cloud/idempotency.js';
import type { CloudClientDeps } from '../../src/cloud/invoke.js';
import { VpcClient } from '../../src/cloud/vpc-client.js';
import { Logger } from '../../src/log/logger.js';
import { createCloudMetrics } from '../../src/metrics/terway-metrics.js';
import { ApiRateLimiter } from '../../src/ratelimit/api-limiter.js';
import { FakeCloud, type FakeCloudTimings } from '../../src/testing/fake-cloud.js';

export interface CloudTestRig {
  readonly env: SimEnv;
  readonly cloud: FakeCloud;
  readonly deps: CloudClientDeps;
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
  readonly events: LoggedEvent[];
  readonly metrics: ReturnType<typeof createCloudMetrics>;
}

export function cloudRig(options: {
  seed?: number; timings?: FakeCloudTimings; rateLimit?: Record<string, number>;
  eniAttributeBasic?: boolean } = {}): CloudTestRig {
  const env = createSimEnv({ seed: options.seed ?? 1 });
  const events: LoggedEvent[] = [];
  env.log.subscribe((event) => events.push(event));
  const cloud = new FakeCloud({ scheduler: env.scheduler, ids: env.ids }, {
    vSwitches: [
      { id: 'vsw-a', zoneId: 'cn-hangzhou-i', cidr: '192.168.0.0/24',
        ipv6Cidr: '2408:4000:1::/64' },
      { id: 'vsw-b', zoneId: 'cn-hangzhou-i', cidr: '192.168.1.0/24' },
      { id: 'vsw-other-zone', zoneId: 'cn-hangzhou-j', cidr: '192.168.2.0/24' },
    ],
    instances: [{ id: 'i-node1', zoneId: 'cn-hangzhou-i', vSwitchId: 'vsw-a' }],
    ...(options.timings === undefined ? {} : { timings: options.timings }),
  });
  const metrics = createCloudMetrics();
  const logger = new Logger({ log: env.log }, { component: 'terway-daemon' });
  const deps: CloudClientDeps = {
    port: cloud, scheduler: env.scheduler, logger, random: env.rng.stream('client.backoff'),
      backoffs: new BackoffTable(),
    idempotency: new IdempotentKeyGenerator({ random: env.rng.stream('client.token') }), metrics,
    limiter: new ApiRateLimiter({ scheduler: env.scheduler,
      rateLimiterLatency: metrics.rateLimiterLatency, logger },
      options.rateLimit === undefined ? {} : { overrides: options.rateLimit }),
  };
  const clientOptions = { regionId: 'cn-hangzhou', ...(options.eniAttributeBasic === undefined ? {}
    : { eniAttributeBasic: options.eniAttributeBasic }) };
  return { env, cloud, deps, ecs: new EcsClient(deps, clientOptions), vpc: new VpcClient(deps,
    clientOptions), events, metrics };
}

/** Runs `work` as a task on the rig's scheduler until idle and returns its result. */
export async function runTask<T>(rig: CloudTestRig, work: () => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  rig.env.scheduler.spawn('test', async () => {
    result = { value: await work() };
  });
  await rig.env.scheduler.run({ stepsMax: 100_000 });
  if (result === undefined) throw new Error('task did not finish');
  return result.value;
}

export function logLines(rig: CloudTestRig): Array<{
  t: number; level: unknown; message: unknown }> {
  return rig.events.filter((event) => event.kind === 'log').map((event) => ({ t: event.t,
    level: event.fields['level'], message: event.fields['message'] }));
}
