// A node under test: a TerwayDaemon over Terway's own Aliyun stack (AliyunFactory, clients,
// metadata) on the cloud emulator, and a FakeKube, with its node storage, on a fresh sim env. The
// instance sits in vsw-node; pods take their addresses from vsw-pod. CNI calls run as tasks under
// the plugin's 120 s context.

import { Context, type Result, type SimEnv } from '@terway-sim/sim-base';
import { decodeEniConf } from '../../src/config/parse.js';
import type { PoolConfig } from '../../src/config/pool-config.js';
import { TerwayDaemon, type DaemonProcess } from '../../src/daemon/daemon.js';
import type { HostRouteHooks } from '../../src/daemon/gc.js';
import { buildAliyunStack } from '../../src/factory/wiring.js';
import type {
  AllocIpReply, GetInfoReply, ReleaseIpReply, RpcResult,
} from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube, type FakePodSpec } from '../../src/testing/fake-kube.js';
import { cloudRig, type CloudRig, type CloudTimings } from '../emulator/cloud-rig.js';
import { testPoolConfig } from '../pool/harness.js';

export const nodeName = 'node-1';

export interface DaemonHarness {
  readonly env: SimEnv;
  readonly cloud: CloudRig;
  readonly kube: FakeKube;
  readonly storage: NodeStorage;
  readonly daemon: TerwayDaemon;
  start(): Promise<Result<DaemonProcess, string>>;
  addPod(name: string, spec?: Partial<FakePodSpec>): void;
  add(name: string, containerId?: string): Promise<RpcResult<AllocIpReply>>;
  del(name: string, containerId?: string): Promise<RpcResult<ReleaseIpReply>>;
  info(name: string, containerId?: string): Promise<RpcResult<GetInfoReply>>;
  run(forMs: number): Promise<void>;
  ipOf(result: RpcResult<AllocIpReply>): string | undefined;
  process(): DaemonProcess;
  /** Every IPv4 address of the secondary ENIs attached to the instance, as the cloud holds them. */
  cloudIpv4(): string[];
}

export interface DaemonHarnessOptions {
  readonly seed?: number;
  readonly eniConf?: Record<string, unknown>;
  readonly pool?: Partial<PoolConfig>;
  /**
   * From the emulator's catalog. The default, ecs.g6.2xlarge (4 ENIs of 10 IPv4), is what the
   * default pool configuration (3 secondary ENIs of 10) derives from.
   */
  readonly instanceType?: string;
  readonly timings?: CloudTimings;
  readonly storage?: NodeStorage;
  readonly hostRoutes?: HostRouteHooks;
}

function nodeCloud(options: DaemonHarnessOptions, pool: PoolConfig): CloudRig {
  return cloudRig({ seed: options.seed ?? 7, instanceType: options.instanceType ?? 'ecs.g6.2xlarge',
    ...(options.timings === undefined ? {} : { timings: options.timings }),
    vSwitches: [{ name: 'vsw-node', zone: 0, cidr: '192.168.0.0/24' },
      { name: 'vsw-pod', zone: 0, cidr: '192.168.1.0/24', ipv6: pool.enableIpv6 }] });
}

function factoryOn(cloud: CloudRig, pool: PoolConfig) {
  const { env } = cloud;
  const built = buildAliyunStack({ scheduler: env.scheduler, rng: env.rng, log: env.log,
    openApi: cloud.openApi, metadataPort: cloud.metadata }, {
    nodeName, regionId: cloud.regionId,
    factory: {
      instanceId: pool.instanceId, zoneId: pool.zoneId, vSwitchOptions: pool.vSwitchOptions,
      vSwitchSelectionPolicy: pool.vSwitchSelectionPolicy, securityGroupIds: pool.securityGroupIds,
      resourceGroupId: pool.resourceGroupId, eniTags: pool.eniTags, enableIpv4: pool.enableIpv4,
      enableIpv6: pool.enableIpv6, enableTrunk: false, enableErdma: false,
    },
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value.factory;
}

export function createDaemonHarness(options: DaemonHarnessOptions = {}): DaemonHarness {
  const wanted = testPoolConfig(options.pool);
  const cloud = nodeCloud(options, wanted);
  // The pool names the cloud's own instance, zone, vSwitch and security group.
  const pool: PoolConfig = { ...wanted, instanceId: cloud.instanceId, zoneId: cloud.zones[0]!,
    vSwitchOptions: [cloud.vSwitch('vsw-pod')], securityGroupIds: [cloud.securityGroupId] };
  const { env } = cloud;
  const { scheduler } = env;
  const kube = new FakeKube(scheduler);
  kube.addNode(nodeName);
  const storage = options.storage ?? new NodeStorage();
  const decoded = decodeEniConf({ service_cidr: '172.16.0.0/16', ...options.eniConf });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  const deps = { scheduler, rng: env.rng, log: env.log, kube, factory: factoryOn(cloud, pool),
    storage, hostRoutes: options.hostRoutes };
  const daemon = new TerwayDaemon(deps, { nodeName, config: decoded.value.config, pool });
  const root = Context.background(scheduler);
  const call = <T>(name: string, work: (ctx: Context) => Promise<T>): Promise<T> =>
    new Promise((resolve) => {
      scheduler.spawn(name, async () => {
        const { ctx, cancel } = root.withTimeout(120_000);
        resolve(await work(ctx));
        cancel();
      });
    });
  const pod = (name: string, containerId: string) => ({
    k8sPodName: name, k8sPodNamespace: 'default', k8sPodInfraContainerId: containerId,
  });
  return {
    env, cloud, kube, storage, daemon,
    async start() {
      let result: Result<DaemonProcess, string> | undefined;
      scheduler.spawn('daemon.start', async () => {
        const started = await daemon.start();
        result = started.ok ? started : { ok: false, error: started.error.message };
      });
      await scheduler.run({ untilMs: scheduler.nowMs() + 100 });
      return result ?? { ok: false, error: 'start did not finish within 100 ms' };
    },
    addPod(name, spec = {}) {
      kube.addPod({ name, nodeName, ...spec });
    },
    add: (name, containerId = `c-${name}`) => call(`ADD ${name}`, (ctx) =>
      daemon.backend.allocIp(ctx,
        { ...pod(name, containerId), netns: `/var/run/netns/${name}`, ifName: 'eth0' })),
    del: (name, containerId = `c-${name}`) => call(`DEL ${name}`, (ctx) =>
      daemon.backend.releaseIp(ctx, { ...pod(name, containerId), reason: 'normal release' })),
    info: (name, containerId = `c-${name}`) => call(`GET ${name}`, (ctx) =>
      daemon.backend.getIpInfo(ctx, pod(name, containerId))),
    async run(forMs) {
      await scheduler.run({ untilMs: scheduler.nowMs() + forMs });
    },
    ipOf: (result) => (result.ok ? result.value.netConfs[0]?.basicInfo?.podIp.ipv4 : undefined),
    process() {
      const process = daemon.process;
      if (process === undefined) throw new Error('daemon not running');
      return process;
    },
    cloudIpv4: () => cloud.cloud.view().enisOf(cloud.instanceId)
      .filter((eni) => eni.type !== 'Primary').flatMap((eni) => eni.ipv4.map((ip) => ip.ip)),
  };
}
