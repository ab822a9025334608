// A node's Aliyun stack (buildAliyunStack: clients, metadata, vSwitch pool, AliyunFactory) over
// the cloud emulator, for the factory tests: one instance in vsw-a, a second vSwitch vsw-b in the
// same zone, both dual-stack.
import { Context, type LoggedEvent } from '@terway-sim/sim-base';
import { buildAliyunStack, type AliyunStack } from '../../src/factory/wiring.js';
import type { AliyunFactoryOptions } from '../../src/factory/aliyun-factory.js';
import { createCloudMetrics } from '../../src/metrics/terway-metrics.js';
import { cloudRig, runTask as runOnRig, type CloudRig, type CloudTimings
} from '../emulator/cloud-rig.js';

export interface FactoryRig extends CloudRig {
  readonly stack: AliyunStack;
  readonly events: LoggedEvent[];
  readonly ctx: Context;
}

export function factoryRig(options: {
  seed?: number; timings?: CloudTimings; factory?: Partial<AliyunFactoryOptions> } = {}):
  FactoryRig {
  const rig = cloudRig({
    seed: options.seed ?? 11,
    ...(options.timings === undefined ? {} : { timings: options.timings }),
    vSwitches: [
      { name: 'vsw-a', zone: 0, cidr: '192.168.0.0/24', ipv6: true },
      { name: 'vsw-b', zone: 0, cidr: '192.168.1.0/24', ipv6: true },
    ],
  });
  const { env } = rig;
  const events: LoggedEvent[] = [];
  env.log.subscribe((event) => events.push(event));
  const built = buildAliyunStack({ scheduler: env.scheduler, rng: env.rng, log: env.log,
    openApi: rig.openApi, metadataPort: rig.metadata, metrics: createCloudMetrics() }, {
    nodeName: 'node-1', regionId: rig.regionId,
    factory: {
      instanceId: rig.instanceId, zoneId: rig.zones[0]!,
      vSwitchOptions: [rig.vSwitch('vsw-a'), rig.vSwitch('vsw-b')],
      vSwitchSelectionPolicy: 'ordered', securityGroupIds: [rig.securityGroupId],
      resourceGroupId: '', eniTags: {}, enableIpv4: true, enableIpv6: false,
      enableTrunk: false, enableErdma: false, ...options.factory,
    },
  });
  if (!built.ok) throw new Error(built.error.message);
  return { ...rig, stack: built.value, events, ctx: Context.background(env.scheduler) };
}

export function runTask<T>(rig: FactoryRig, work: () => Promise<T>): Promise<T> {
  return runOnRig(rig.env, work);
}

/** `action@startMs` for every API call, with the code when it was refused. */
export function timeline(rig: FactoryRig): string[] {
  return rig.openApi.callsOf().map((call) =>
    `${call.action}@${call.startMs}${call.outcome === 'OK' ? '' : `:${call.outcome}`}`);
}

/** `path@ms` for every metadata read, with the ENI's MAC folded into `mac/`. */
export function metadataReads(rig: FactoryRig): string[] {
  return rig.metadata.reads.map((read) =>
    `${read.path.replace(/^network\/interfaces\/macs\/[^/]+\//, 'mac/')}@${read.atMs}`);
}
