// A node's Aliyun stack over FakeCloud, for the factory tests.
import { Context, createSimEnv, type LoggedEvent, type SimEnv } from '@terway-sim/sim-base';
import { buildAliyunStack, type AliyunStack } from '../../src/factory/wiring.js';
import type { AliyunFactoryOptions } from '../../src/factory/aliyun-factory.js';
import { createCloudMetrics } from '../../src/metrics/terway-metrics.js';
import { FakeCloud, type FakeCloudTimings } from '../../src/testing/fake-cloud.js';

export interface FactoryRig {
  readonly env: SimEnv;
  readonly cloud: FakeCloud;
  readonly stack: AliyunStack;
  readonly events: LoggedEvent[];
  readonly ctx: Context;
}

export function factoryRig(options: {
  seed?: number; timings?: FakeCloudTimings; factory?: Partial<AliyunFactoryOptions> } = {}):
  FactoryRig {
  const env = createSimEnv({ seed: options.seed ?? 11 });
  const events: LoggedEvent[] = [];
  env.log.subscribe((event) => events.push(event));
  const cloud = new FakeCloud({ scheduler: env.scheduler, ids: env.ids }, {
    vSwitches: [
      { id: 'vsw-a', zoneId: 'cn-hangzhou-i', cidr: '192.168.0.0/24',
        ipv6Cidr: '2408:4000:1::/64' },
      { id: 'vsw-b', zoneId: 'cn-hangzhou-i', cidr: '192.168.1.0/24',
        ipv6Cidr: '2408:4000:2::/64' },
    ],
    instances: [{ id: 'i-node1', zoneId: 'cn-hangzhou-i', vSwitchId: 'vsw-a' }],
    ...(options.timings === undefined ? {} : { timings: options.timings }),
  });
  const built = buildAliyunStack({ scheduler: env.scheduler, rng: env.rng, log: env.log,
    openApi: cloud,
    metadataPort: cloud.metadata('i-node1'), metrics: createCloudMetrics() }, {
    nodeName: 'node-1', regionId: 'cn-hangzhou',
    factory: {
      instanceId: 'i-node1', zoneId: 'cn-hangzhou-i', vSwitchOptions: ['vsw-a', 'vsw-b'],
        vSwitchSelectionPolicy: 'ordered',
      securityGroupIds: ['sg-1'], resourceGroupId: '', eniTags: {}, enableIpv4: true,
        enableIpv6: false,
      enableTrunk: false, enableErdma: false, ...options.factory,
    },
  });
  if (!built.ok) throw new Error(built.error.message);
  return { env, cloud, stack: built.value, events, ctx: Context.background(env.scheduler) };
}

export async function runTask<T>(rig: FactoryRig, work: () => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  rig.env.scheduler.spawn('test', async () => { result = { value: await work() }; });
  await rig.env.scheduler.run({ stepsMax: 100_000 });
  if (result === undefined) throw new Error('task did not finish');
  return result.value;
}

/** `action@startMs` for every API call. */
export function timeline(rig: FactoryRig): string[] {
  return rig.cloud.callsOf().map((call) =>
    `${call.action}@${call.startMs}${call.outcome === 'OK' ? '' : `:${call.outcome}`}`);
}

export function metadataReads(rig: FactoryRig): string[] {
  return rig.cloud.metadata('i-node1').reads.map((read) =>
    `${read.path.replace(/^network\/interfaces\/macs\/[^/]+\//, 'mac/')}@${read.atMs}`);
}
