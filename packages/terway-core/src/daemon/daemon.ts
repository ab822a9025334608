// The Terway daemon of one node in ENIIP mode with the legacy local pool (Terway's
// daemon/builder.go `newLegacyService`), as a restartable process. `start()` runs the startup
// order — config check → Kubernetes (read the Node) → resource DB (the node's storage) → pool
// configuration → node annotations → attached ENIs and stored records (filterENINotFound) →
// ENI manager (slots load, workers, pool sync, SufficientIP) → GC loop — and `stop()` is a
// crash: every task ends, in-flight RPCs fail, and only the node's storage (and the cloud)
// remain. A new `start()` is a new process: fresh metrics registry, fresh in-memory state,
// recovery from what the node and the cloud still hold.
//
// When to use: one per simulated node; hand the CNI plugin `daemon.backend`, which stays valid
// across restarts and answers `Unavailable` while the daemon is down. The backends come from
// remote/daemon-stack.ts: Local slots (ENIIP), a Trunk slot with `enable_eni_trunking`, one
// Remote (PodENI) backend on an exclusive-ENI (ENIOnly) node, or the CrdV2 backend of
// centralized IPAM (ipam_type crd), with a PrefixBackend before it in prefix mode.

import {
  Context, err, formatDuration, normalizePrefix, ok, type EventLog, type Result, type Rng,
  type Scheduler,
} from '@terway-sim/sim-base';
import { daemonModeForNode, ipamStack, type DaemonMode } from '../config/daemon-mode.js';
import { serviceCidrs, validateDaemonConfig } from '../config/derive.js';
import { maxAvailableIpAnnotation } from '../config/node-resources.js';
import type { PoolConfig } from '../config/pool-config.js';
import type { TerwayConfig } from '../config/terway-config.js';
import type { Factory } from '../factory/factory.js';
import { KubeClient, podCacheCleanPeriodMs } from '../k8s/kube-client.js';
import { statefulWorkloadKinds } from '../k8s/pod-info.js';
import { Logger } from '../log/logger.js';
import { MetricsRegistry } from '../metrics/registry.js';
import type { Mutations } from '../mutations/mutations.js';
import { createDaemonMetrics, type DaemonMetrics } from '../metrics/terway-metrics.js';
import { Manager } from '../pool/manager.js';
import { SufficientIpCondition } from '../pool/node-condition.js';
import { OrphanIpTracker } from '../pool/orphan-ips.js';
import { filterEniNotFound } from '../pool/recovery.js';
import { newSlotLimiter } from '../pool/slot-limiter.js';
import { PoolGauges } from '../pool/telemetry.js';
import { BackoffTable, backoffKeys, backoffOverridesFromConfig } from '../backoff/named.js';
import type { CrdPort } from '../ports/crd.js';
import type { KubePort } from '../ports/kube.js';
import { buildDaemonStack } from '../remote/daemon-stack.js';
import {
  daemonConnectionRefused, type AllocIpRequest, type EventRequest, type GetInfoRequest,
  type IpSet, type ReleaseIpRequest, type RpcResult, type TerwayBackend,
} from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import { gcLoop, type HostRouteHooks } from './gc.js';
import { NetworkService } from './service.js';
import {
  alreadyRunning, startupFailed, stoppedDuringStartup, type StartFailure,
} from './start-failure.js';

export interface DaemonDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly kube: KubePort;
  readonly factory: Factory;
  /** The node's disk: outlives every daemon process on the node. */
  readonly storage: NodeStorage;
  readonly hostRoutes?: HostRouteHooks | undefined;
  /** Terway's CRs (PodENI): needed by trunking and exclusive-ENI (ENIOnly) nodes. */
  readonly crd?: CrdPort | undefined;
  /** Test-only broken variants for the pool and the service (mutations/); absent = none. */
  readonly mutations?: Mutations | undefined;
  /**
   * The process's registry and metrics when its cloud clients already observe into them (Terway's
   * metrics are process-wide); absent = a fresh registry at start.
   */
  readonly processMetrics?: { readonly registry: MetricsRegistry;
    readonly metrics: DaemonMetrics } | undefined;
}

export interface DaemonOptions {
  readonly nodeName: string;
  /** The merged, populated eni-config (config/). */
  readonly config: TerwayConfig;
  /** getPoolConfig for this node (config/), after the instance checks. */
  readonly pool: PoolConfig;
  /** Node annotations to ensure at start; default `k8s.aliyun.com/max-available-ip` = capacity. */
  readonly nodeAnnotations?: { readonly [key: string]: string } | undefined;
}

/** One daemon process: what dies with it. */
export interface DaemonProcess {
  readonly lifetime: Context;
  readonly stop: () => void;
  readonly registry: MetricsRegistry;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  readonly kube: KubeClient;
  readonly manager: Manager;
  readonly service: NetworkService;
  /** ENIMultiIP, or ENIOnly on a node labelled exclusive-mode-eni-type=eniOnly. */
  readonly daemonMode: DaemonMode;
}

/** What a start builds before the manager runs. */
interface Startup {
  readonly root: { readonly ctx: Context; readonly cancel: () => void };
  readonly logger: Logger;
  readonly registry: MetricsRegistry;
  readonly metrics: DaemonMetrics;
  readonly kube: KubeClient;
  readonly mode: DaemonMode;
}

export class TerwayDaemon {
  private current: DaemonProcess | undefined;
  /** Cancels a start in progress (a crash during startup). */
  private starting: (() => void) | undefined;
  private starts = 0;
  /** The service the CNI plugin talks to; routes to the running process, if any. */
  readonly backend: TerwayBackend;

  constructor(private readonly deps: DaemonDeps, private readonly options: DaemonOptions) {
    type Call<T> = (service: NetworkService) => Promise<RpcResult<T>>;
    const route = <T>(call: Call<T>): Promise<RpcResult<T>> =>
      (this.current === undefined
        ? Promise.resolve({ ok: false, error: daemonConnectionRefused })
        : call(this.current.service));
    this.backend = {
      allocIp: (ctx: Context, request: AllocIpRequest) =>
        route((service) => service.allocIp(ctx, request)),
      releaseIp: (ctx: Context, request: ReleaseIpRequest) =>
        route((service) => service.releaseIp(ctx, request)),
      getIpInfo: (ctx: Context, request: GetInfoRequest) =>
        route((service) => service.getIpInfo(ctx, request)),
      recordEvent: (ctx: Context, request: EventRequest) =>
        route((service) => service.recordEvent(ctx, request)),
    };
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** The running process (metrics, manager, logger) for reports and checks. */
  get process(): DaemonProcess | undefined {
    return this.current;
  }

  /** Starts a daemon process; a `startup-failed` message names the step that failed. */
  async start(): Promise<Result<DaemonProcess, StartFailure>> {
    const busy = this.current !== undefined || this.starting !== undefined;
    if (busy) return err(alreadyRunning('daemon is already running'));
    this.starts++;
    const root = Context.background(this.deps.scheduler).withCancel();
    this.starting = root.cancel;
    const logger = new Logger({ log: this.deps.log },
      { component: 'terway-daemon', fields: { node: this.options.nodeName } });
    logger.info('start network service', { daemonMode: 'ENIMultiIP', start: this.starts });
    const fail = (failure: StartFailure): Result<DaemonProcess, StartFailure> => {
      this.starting = undefined;
      root.cancel();
      logger.error('start network service failed', failure.message);
      return err(failure);
    };
    const prepared = await this.prepare(root, logger);
    if (!prepared.ok) return fail(prepared.error);
    const built = await this.buildManager(prepared.value);
    if (root.ctx.err() !== undefined) return fail(stoppedDuringStartup);
    if (!built.ok) return fail(startupFailed(built.error));
    const process = this.launch(prepared.value, built.value);
    this.starting = undefined;
    this.current = process;
    root.ctx.onDone(() => {
      if (this.current === process) this.current = undefined;
    });
    logger.info('network service started');
    return ok(process);
  }

  /** Config check, the Node, the k8s client and the node annotations. */
  private async prepare(root: Startup['root'],
    logger: Logger): Promise<Result<Startup, StartFailure>> {
    const { config, nodeName, pool } = this.options;
    const checked = validateDaemonConfig(config);
    if (!checked.ok) return err(startupFailed(`${checked.error.path}: ${checked.error.message}`));
    const node = await this.deps.kube.getNode(nodeName);
    if (root.ctx.err() !== undefined) return err(stoppedDuringStartup);
    if (node === undefined) {
      return err(startupFailed(`error init k8s: error retrieving node spec for '${nodeName}': ` +
        `nodes "${nodeName}" not found`));
    }
    const mode = daemonModeForNode(node.metadata?.labels ?? {});
    const registry = this.deps.processMetrics?.registry ?? new MetricsRegistry();
    const metrics = this.deps.processMetrics?.metrics ?? createDaemonMetrics(registry);
    const { scheduler, storage } = this.deps;
    const kube = new KubeClient({ scheduler, kube: this.deps.kube, storage }, {
      nodeName, daemonMode: mode, enableErdma: false,
      statefulKinds: statefulWorkloadKinds(config.customStatefulWorkloadKinds),
    });
    logger.info('pool config', { capacity: pool.capacity, maxEni: pool.maxEni,
      maxIpPerEni: pool.maxIpPerEni, minPoolSize: pool.minPoolSize, maxPoolSize: pool.maxPoolSize,
      syncPeriod: formatDuration(pool.poolSyncPeriodMs) });
    // In prefix mode the controlplane's node controller owns max-available-ip (node.go).
    const controllerOwned = ipamStack(config, mode) === 'prefix';
    const annotations = this.options.nodeAnnotations ??
      (controllerOwned ? undefined : { [maxAvailableIpAnnotation]: String(pool.capacity) });
    if (annotations !== undefined) await kube.patchNodeAnnotations(annotations);
    if (root.ctx.err() !== undefined) return err(stoppedDuringStartup);
    return ok({ root, logger, registry, metrics, kube, mode });
  }

  /** The service and the daemon-level loops around a running manager. */
  private launch(startup: Startup, manager: Manager): DaemonProcess {
    const { scheduler, storage } = this.deps;
    const { root, logger, registry, metrics, kube } = startup;
    const service = new NetworkService({ scheduler, kube, storage, manager, logger,
      rpcLatency: metrics.rpcLatency, lifetime: root.ctx, mutations: this.deps.mutations },
    this.settings(startup.mode));
    const process: DaemonProcess = { lifetime: root.ctx, stop: root.cancel, registry, metrics,
      logger, kube, manager, service, daemonMode: startup.mode };
    this.startLoops(process);
    return process;
  }

  /** A crash: every task of the process ends; the node storage and the cloud keep their state. */
  stop(): void {
    this.starting?.();
    const process = this.current;
    if (process === undefined) return;
    process.logger.info('daemon stopped');
    this.current = undefined;
    process.stop();
  }

  private settings(mode: DaemonMode): ConstructorParameters<typeof NetworkService>[1] {
    const { config, pool } = this.options;
    // Go parses each CIDR (net.ParseCIDR), so the reply carries the network address form.
    const cidrs = serviceCidrs(config).map((cidr) => normalizePrefix(cidr))
      .filter((cidr): cidr is string => cidr !== undefined);
    const serviceCidr: IpSet = { ipv4: cidrs.find((cidr) => !cidr.includes(':')),
      ipv6: cidrs.find((cidr) => cidr.includes(':')) };
    // An ENIOnly node runs with ipam_type crd whatever the config says (builder.go InitK8S).
    const ipamType = mode === 'ENIOnly' ? 'crd' : config.ipamType;
    return { daemonMode: mode, ipamType, enableIpv4: pool.enableIpv4,
      enableIpv6: pool.enableIpv6, enablePatchPodIps: config.enablePatchPodIps, serviceCidr };
  }

  private async buildManager(startup: Startup): Promise<Result<Manager, string>> {
    const { scheduler, factory, storage, mutations } = this.deps;
    const { pool, nodeName, config } = this.options;
    const { root, logger, metrics, kube } = startup;
    const stream = this.deps.rng.stream(`terway-daemon.${nodeName}.pool`);
    const jitter = (durationMs: number, factor: number): number =>
      stream.jitter(durationMs, factor);
    const nodeEvent = (type: 'Normal' | 'Warning', reason: string, message: string): void =>
      kube.recordNodeEvent(type, reason, message);
    const slotDeps = { scheduler, factory, logger, gauges: new PoolGauges(metrics), nodeEvent,
      orphans: new OrphanIpTracker(scheduler), jitter, mutations,
      newLimiter: () => newSlotLimiter(scheduler) };
    const backoffs = new BackoffTable();
    backoffs.override(backoffOverridesFromConfig(config.backoffOverride ?? {}));
    const built = await buildDaemonStack(root.ctx, { scheduler, factory, kube: this.deps.kube,
      crd: this.deps.crd, logger, slotDeps, random: this.deps.rng.stream(`${nodeName}.podeni.wait`),
      podEniBackoff: backoffs.get(backoffKeys.waitPodEniStatus),
      allocated: metrics.resourcePoolAllocated,
      patchNodeAnnotations: (annotations) => kube.patchNodeAnnotations(annotations) },
    { nodeName, mode: startup.mode, config, pool });
    if (!built.ok) return err(built.error);
    const attached = built.value.attached;
    attached.forEach((eni) => {
      logger.info('found attached eni', { eni: eni.id, mac: eni.mac });
    });
    const records = filterEniNotFound(storage.relation.list(), attached);
    logger.info('loaded pod res', { count: records.length });
    const slots = built.value.backends;
    const condition = new SufficientIpCondition(scheduler,
      (status, reason, message) => kube.patchNodeIpResCondition(status, reason, message), logger);
    const manager = new Manager({ scheduler, logger, condition, jitter, mutations }, pool, slots);
    const started = await manager.run(root.ctx, records);
    return started.ok ? ok(manager) : err(started.error);
  }

  private startLoops(process: DaemonProcess): void {
    const { scheduler } = this.deps;
    const ctx = process.lifetime;
    if (this.options.config.ipamType !== 'crd' && process.daemonMode !== 'ENIOnly') {
      const gcDeps = { scheduler, kube: process.kube, storage: this.deps.storage,
        manager: process.manager, logger: process.logger, lock: process.service.lock,
        hooks: this.deps.hostRoutes, ipamType: this.options.config.ipamType };
      scheduler.spawn(`${this.options.nodeName}.gc`, () => gcLoop(gcDeps, ctx));
    }
    scheduler.spawn(`${this.options.nodeName}.podCacheClean`, async () => {
      for (;;) {
        try {
          await scheduler.sleep(podCacheCleanPeriodMs, ctx);
        } catch {
          return;
        }
        await process.kube.cleanPodCache();
      }
    });
  }
}
