// Terway on one node, across daemon restarts: what Terway's daemon/builder.go and daemon.go do
// before the pool runs, on every process start. Each `start()` is a new process that
//   1. reads the merged eni-config (base eni_conf + the node's dynamic document, RFC 7396),
//   2. reads its identity from instance metadata (instance id and type, region, zone, vSwitch),
//   3. builds the cloud client set (cloud/client-set.ts: `rate_limit`, `backoff_override`),
//   4. takes its limits from the Node's `alibabacloud.com/instance-type-info` annotation when it
//      decodes and names the instance's own type, else asks DescribeInstanceTypes (every start:
//      the cache dies with the process, so a mass restart costs one call per node without the
//      annotation, as in production), and runs the instance checks,
//   5. falls back to the primary ENI's security groups when the config names none,
//   6. sizes the pool (getPoolConfig), builds the one factory for that pool (its ENI metadata
//      reader reads IPv6 gateways and CIDRs when the pool has IPv6) and starts the ENIIP daemon
//      on the node's storage.
// `stop()` is a crash. `backend` stays valid across restarts and answers Unavailable while down.

import {
  Context, err, ok, type EventLog, type Result, type Rng, type Scheduler,
} from '@terway-sim/sim-base';
import { backoffOverridesFromConfig } from '../backoff/named.js';
import { daemonModeForNode, type DaemonMode } from '../config/daemon-mode.js';
import { securityGroupIds } from '../config/derive.js';
import type { JsonObject } from '../config/merge-patch.js';
import { decodeEniConf, mergeEniConf } from '../config/parse.js';
import { getPoolConfig, type PoolConfig } from '../config/pool-config.js';
import type { TerwayConfig } from '../config/terway-config.js';
import { TerwayDaemon, type DaemonProcess } from '../daemon/daemon.js';
import type { HostRouteHooks } from '../daemon/gc.js';
import {
  alreadyRunning, startupFailed, stoppedDuringStartup, type StartFailure,
} from '../daemon/start-failure.js';
import type { CloudClientSetFailure } from '../cloud/client-set.js';
import type { AliyunFactory } from '../factory/aliyun-factory.js';
import {
  buildNodeClientSet, buildNodeFactory, type NodeClientSet,
} from '../factory/wiring.js';
import { MetricsRegistry } from '../metrics/registry.js';
import { createDaemonMetrics, type DaemonMetrics } from '../metrics/terway-metrics.js';
import { limitsFromAnnotation } from '../limits/annotation.js';
import { checkInstance, type InstanceCheck } from '../limits/instance-checks.js';
import {
  limitsFromInstanceType,
  type InstanceTypeInfo,
  type Limits,
} from '../limits/instance-limits.js';
import type { CrdPort } from '../ports/crd.js';
import type { KubePort } from '../ports/kube.js';
import type { MetadataPort } from '../ports/metadata.js';
import type { OpenApiPort } from '../ports/openapi.js';
import {
  daemonSocketMissing, type RpcResult, type TerwayBackend,
} from '../rpc/messages.js';
import type { NodeStorage } from '../store/node-storage.js';
import type { Mutations } from '../mutations/mutations.js';
import { tracingSnapshot, type TracingSnapshot } from '../terway-cli/tracing.js';
import { readInstanceIdentity, type InstanceIdentity } from './identity.js';

export interface TerwayNodeDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly openApi: OpenApiPort;
  readonly metadata: MetadataPort;
  readonly kube: KubePort;
  /** The node's disk (the resource DB): outlives every daemon process. */
  readonly storage: NodeStorage;
  readonly hostRoutes?: HostRouteHooks | undefined;
  /** Terway's CRs (PodENI), for trunking and exclusive-ENI nodes (remote/daemon-stack.ts). */
  readonly crd?: CrdPort | undefined;
  /**
   * Test-only broken variants of the pool and the daemon (mutations/mutations.ts), handed to
   * every daemon process of this node; absent = `Mutations.none`, what production runs.
   */
  readonly mutations?: Mutations | undefined;
}

export interface TerwayNodeOptions {
  readonly nodeName: string;
  /** The `eni_conf` object of the eni-config ConfigMap. */
  readonly eniConf: JsonObject;
  /** The node's dynamic eni_conf (ConfigMap named by the `terway-config` node label), if any. */
  readonly nodeEniConf?: JsonObject | undefined;
}

/** What one start learned about the node: for reports, checks and tests. */
export interface NodeFacts {
  readonly identity: InstanceIdentity;
  readonly daemonMode: DaemonMode;
  readonly config: TerwayConfig;
  readonly limits: Limits;
  readonly checks: InstanceCheck;
  readonly pool: PoolConfig;
}

export interface StartedNode {
  readonly facts: NodeFacts;
  readonly process: DaemonProcess;
}

export class TerwayNode {
  private daemon: TerwayDaemon | undefined;
  private startedFacts: NodeFacts | undefined;
  private generation = 0;
  private nodeEniConf: JsonObject | undefined;
  private eniConf: JsonObject;
  readonly backend: TerwayBackend;

  constructor(private readonly deps: TerwayNodeDeps, private readonly options: TerwayNodeOptions) {
    this.eniConf = options.eniConf;
    this.nodeEniConf = options.nodeEniConf;
    const down = (): Promise<RpcResult<never>> =>
      Promise.resolve({ ok: false, error: daemonSocketMissing });
    this.backend = {
      allocIp: (ctx, request) => this.daemon?.backend.allocIp(ctx, request) ?? down(),
      releaseIp: (ctx, request) => this.daemon?.backend.releaseIp(ctx, request) ?? down(),
      getIpInfo: (ctx, request) => this.daemon?.backend.getIpInfo(ctx, request) ?? down(),
      recordEvent: (ctx, request) => this.daemon?.backend.recordEvent(ctx, request) ?? down(),
    };
  }

  /** The facts of the current process, once started. */
  get facts(): NodeFacts | undefined {
    return this.startedFacts;
  }

  get process(): DaemonProcess | undefined {
    return this.daemon?.process;
  }

  /** Whether a daemon process is up (started and not stopped). */
  get running(): boolean {
    return this.daemon?.running === true;
  }

  /**
   * What the running daemon's tracing service answers now (`terway-cli list|show|mapping`);
   * undefined while no process serves its socket. Reads only.
   */
  tracing(): TracingSnapshot | undefined {
    const process = this.daemon?.process;
    if (process === undefined) return undefined;
    const { scheduler, storage } = this.deps;
    return tracingSnapshot({ daemonMode: process.daemonMode,
      pendingPods: process.service.pending.size, statuses: process.manager.status(),
      records: storage.relation.list(),
      wallMsOf: (virtualMs) => scheduler.wallMs() - scheduler.nowMs() + virtualMs });
  }

  /**
   * Starts a daemon process. Only a `startup-failed` failure is a crash the container restarts
   * from; its message names the startup step that failed.
   */
  async start(): Promise<Result<StartedNode, StartFailure>> {
    if (this.daemon !== undefined) {
      return err(alreadyRunning('terway is already running on this node'));
    }
    const generation = ++this.generation;
    // Terway's metrics are process-wide: the new process's registry sees its first metadata read.
    const registry = new MetricsRegistry();
    const metrics = createDaemonMetrics(registry);
    const built = await this.build(metrics);
    if (generation !== this.generation) return err(stoppedDuringStartup);
    if (!built.ok) return err(startupFailed(built.error));
    const { facts, factory } = built.value;
    const { scheduler, rng, log, kube, storage, hostRoutes, crd, mutations } = this.deps;
    const daemon = new TerwayDaemon({ scheduler, rng, log, kube, factory, storage, hostRoutes,
      crd, mutations, processMetrics: { registry, metrics } },
      { nodeName: this.options.nodeName, config: facts.config, pool: facts.pool });
    this.daemon = daemon;
    const started = await daemon.start();
    if (!started.ok) {
      if (this.daemon === daemon) this.daemon = undefined;
      return started;
    }
    this.startedFacts = facts;
    return ok({ facts, process: started.value });
  }

  /**
   * Replaces the node's dynamic eni_conf (the ConfigMap its `terway-config` label names changed).
   * Like Terway, a running daemon does not notice: it takes effect at the next start.
   */
  setNodeEniConf(nodeEniConf: JsonObject | undefined): void {
    this.nodeEniConf = nodeEniConf;
  }

  /**
   * Replaces the base eni_conf (the eni-config ConfigMap changed). As with the node's dynamic
   * config, the running daemon keeps what it read; the next start reads this one.
   */
  setEniConf(eniConf: JsonObject): void {
    this.eniConf = eniConf;
  }

  /** A crash: the process and everything in memory end; storage and cloud state remain. */
  stop(): void {
    this.generation++;
    this.daemon?.stop();
    this.daemon = undefined;
  }

  private async build(
    metrics: DaemonMetrics): Promise<Result<{ facts: NodeFacts; factory: AliyunFactory }, string>> {
    const { nodeName } = this.options;
    const decoded = decodeEniConf(mergeEniConf(this.eniConf, this.nodeEniConf));
    if (!decoded.ok) {
      return err(`failed process input: ${decoded.error.map((issue) =>
        `${issue.path}: ${issue.message}`).join('; ')}`);
    }
    const config = decoded.value.config;
    const node = await this.deps.kube.getNode(nodeName);
    const daemonMode = daemonModeForNode(node?.metadata?.labels ?? {});
    const identity = await readInstanceIdentity(this.deps, nodeName, metrics);
    if (!identity.ok) return identity;
    const stack = this.buildStack(config, identity.value, metrics);
    if (!stack.ok) return err(stack.error.message);
    const ctx = Context.background(this.deps.scheduler);
    const limits = await this.instanceLimits(ctx, stack.value, identity.value.instanceType,
      node?.metadata?.annotations);
    if (!limits.ok) return limits;
    const checks = checkInstance({ limits: limits.value, daemonMode, config });
    checks.disabled.forEach((feature) =>
      stack.value.logger.info(feature.log, { reason: feature.reason }),
    );
    const groups = await this.securityGroups(ctx, stack.value, config, identity.value.instanceId);
    if (!groups.ok) return groups;
    const pool = getPoolConfig({
      config,
      daemonMode,
      limits: limits.value,
      node: {
        zoneId: identity.value.zoneId,
        instanceId: identity.value.instanceId,
        instanceVSwitchId: identity.value.vSwitchId,
        primaryEniSecurityGroupIds: groups.value,
        enableIpv4: checks.enableIpv4,
        enableIpv6: checks.enableIpv6,
      },
    });
    if (!pool.ok) return err(`${pool.error.path}: ${pool.error.message}`);
    const factory = this.buildFactory(stack.value, config, pool.value, checks);
    return ok({
      facts: {
        identity: identity.value,
        daemonMode,
        config,
        limits: limits.value,
        checks,
        pool: pool.value,
      },
      factory,
    });
  }

  /** The process's cloud clients (rate_limit and backoff_override applied), before the pool. */
  private buildStack(config: TerwayConfig,
    identity: InstanceIdentity,
    metrics: DaemonMetrics): Result<NodeClientSet, CloudClientSetFailure> {
    const { scheduler, rng, log, openApi, metadata } = this.deps;
    return buildNodeClientSet({ scheduler, rng, log, openApi, metadataPort: metadata, metrics }, {
      nodeName: this.options.nodeName, regionId: identity.regionId, rateLimit: config.rateLimit,
      backoffOverride: backoffOverridesFromConfig(config.backoffOverride ?? {}),
    });
  }

  /**
   * initInstanceLimit: the annotation first (a refusal is logged and treated as absent; a type id
   * other than the instance's is ignored), DescribeInstanceTypes otherwise.
   */
  private async instanceLimits(ctx: Context, stack: NodeClientSet, instanceType: string,
    annotations: Readonly<Record<string, string>> | undefined): Promise<Result<Limits, string>> {
    const fromAnnotation = limitsFromAnnotation(annotations);
    if (!fromAnnotation.ok)
      stack.logger.error('unable to get instance limit from annotation',
        fromAnnotation.error.reason);
    else if (fromAnnotation.value?.instanceTypeId === instanceType)
      return ok(fromAnnotation.value);
    const described = await stack.ecs.describeInstanceTypes(ctx, [instanceType]);
    if (!described.ok) return err(`error get instance limit: ${described.error.message}`);
    const record = described.value.find((entry) => entry['InstanceTypeId'] === instanceType);
    if (record === undefined)
      return err(
        `error get instance limit: unexpected empty instance type info for ${instanceType}`,
      );
    return ok(limitsFromInstanceType(record as unknown as InstanceTypeInfo));
  }

  private async securityGroups(ctx: Context, stack: NodeClientSet, config: TerwayConfig,
    instanceId: string): Promise<Result<readonly string[], string>> {
    if (securityGroupIds(config).length > 0) return ok([]);
    const primary = await stack.ecs.describeNetworkInterfaces(ctx, { instanceId, type: 'Primary' });
    if (!primary.ok) return err(`error get primary eni: ${primary.error.message}`);
    const eni = primary.value[0];
    if (eni === undefined) return err('no primary eni found');
    return ok(eni.securityGroupIds);
  }

  /** The one factory of the process, for the pool it sized (IPv6 when the pool has it). */
  private buildFactory(stack: NodeClientSet, config: TerwayConfig, pool: PoolConfig,
    checks: InstanceCheck): AliyunFactory {
    return buildNodeFactory(stack, this.deps, {
      nodeName: this.options.nodeName,
      factory: {
        instanceId: pool.instanceId,
        zoneId: pool.zoneId,
        vSwitchOptions: pool.vSwitchOptions,
        vSwitchSelectionPolicy: pool.vSwitchSelectionPolicy,
        securityGroupIds: pool.securityGroupIds,
        resourceGroupId: pool.resourceGroupId,
        eniTags: pool.eniTags,
        eniTagFilter: config.eniTagFilter,
        enableIpv4: pool.enableIpv4,
        enableIpv6: pool.enableIpv6,
        enableTrunk: checks.enableTrunking,
        enableErdma: checks.enableErdma,
      },
    }).factory;
  }
}
