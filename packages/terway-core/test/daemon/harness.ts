// A node under test: a TerwayDaemon over a FakeFactory and a FakeKube, with its node storage,
// on a fresh sim env. CNI calls run as tasks under the plugin's 120 s context.

import { Context, createSimEnv, type Result, type SimEnv } from '@terway-sim/sim-base';
import { decodeEniConf } from '../../src/config/parse.js';
import type { PoolConfig } from '../../src/config/pool-config.js';
import { TerwayDaemon, type DaemonProcess } from '../../src/daemon/daemon.js';
import type { HostRouteHooks } from '../../src/daemon/gc.js';
import type {
  AllocIpReply, GetInfoReply, ReleaseIpReply, RpcResult,
} from '../../src/rpc/messages.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeFactory, type FakeFactoryOptions } from '../../src/testing/fake-factory.js';
import { FakeKube, type FakePodSpec } from '../../src/testing/fake-kube.js';
import { testPoolConfig } from '../pool/harness.js';

export const nodeName = 'node-1';

export interface DaemonHarness {
  readonly env: SimEnv;
  readonly kube: FakeKube;
  readonly factory: FakeFactory;
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
}

export interface DaemonHarnessOptions {
  readonly seed?: number;
  readonly eniConf?: Record<string, unknown>;
  readonly pool?: Partial<PoolConfig>;
  readonly factory?: FakeFactoryOptions;
  readonly storage?: NodeStorage;
  readonly hostRoutes?: HostRouteHooks;
}

export function createDaemonHarness(options: DaemonHarnessOptions = {}): DaemonHarness {
  const env = createSimEnv({ seed: options.seed ?? 7 });
  const { scheduler } = env;
  const kube = new FakeKube(scheduler);
  kube.addNode(nodeName);
  const pool = testPoolConfig(options.pool);
  const factory = new FakeFactory({ scheduler, ids: env.ids },
    { maxEni: pool.maxEni, ipsPerEni: pool.maxIpPerEni, ...options.factory });
  const storage = options.storage ?? new NodeStorage();
  const decoded = decodeEniConf({ service_cidr: '172.16.0.0/16', ...options.eniConf });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  const deps = { scheduler, rng: env.rng, log: env.log, kube, factory, storage,
    hostRoutes: options.hostRoutes };
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
    env, kube, factory, storage, daemon,
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
  };
}
