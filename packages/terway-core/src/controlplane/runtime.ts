// What every terway-controlplane controller shares (Terway's register.ControllerCtx): the ports,
// the cloud client set (cloud/client-set.ts, shared with the daemon) with the controlplane's rate
// limits, named backoffs and controlplane-sized vSwitch pool (1000 entries, 20 min), the event
// recorder and the logger, plus the cluster-level settings (cluster id, VPC, enableTrunk,
// ipStack, eni-config). Random streams are named `controlplane.*`, so a controller's retries
// never shift a node's draws.
//
// When to use: `createRuntime` once per simulated controlplane; controllers take the runtime.

import {
  ok, type EventLog, type ExtendedBackoff, type Result, type Rng, type Scheduler, type WaitDeps
} from '@terway-sim/sim-base';
import type { BackoffTable } from '../backoff/named.js';
import { buildCloudClientSet, type CloudClientSetFailure } from '../cloud/client-set.js';
import type { EcsClient } from '../cloud/ecs-client.js';
import type { VpcClient } from '../cloud/vpc-client.js';
import { securityGroupIds, vSwitchIds } from '../config/derive.js';
import type { TerwayConfig } from '../config/terway-config.js';
import type { Logger } from '../log/logger.js';
import { MetricsRegistry } from '../metrics/registry.js';
import { createControlplaneCloudMetrics } from '../metrics/terway-metrics.js';
import type { CrdPort } from '../ports/crd.js';
import type { EventType, KubePort } from '../ports/kube.js';
import type { OpenApiPort } from '../ports/openapi.js';
import { controlplaneVSwitchPool, type VSwitchPool } from '../vswitch/pool.js';
import { controlplaneComponent } from './names.js';

export type IpStack = 'ipv4' | 'ipv6' | 'dual';

export interface ControlplaneDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly log: EventLog;
  /** Pods, nodes, events and node extended resources. */
  readonly kube: KubePort;
  readonly crd: CrdPort;
  readonly openApi: OpenApiPort;
}

export interface ControlplaneOptions {
  readonly clusterId: string;
  readonly regionId: string;
  readonly vpcId: string;
  /** `enableTrunk` (Terway's default true). */
  readonly enableTrunk?: boolean | undefined;
  /** `ipStack` (default ipv4): ipv6/dual ENIs get one IPv6 too. */
  readonly ipStack?: IpStack | undefined;
  /** `ipamType`: `crd` makes every pod a PodENI pod. */
  readonly ipamType?: string | undefined;
  /**
   * `centralizedIPAM`: the multi-ip node controller serves shared-ENI pods from the Node CR
   * (the daemons run eni-config `ipam_type: crd`).
   */
  readonly centralizedIpam?: boolean | undefined;
  /** `degradation`: `l0` stops adding IPs, `l0`/`l1` stop OpenAPI syncs and reclaim. */
  readonly degradation?: '' | 'l0' | 'l1' | 'l2' | undefined;
  /** The cluster's eni-config (ConfigFromConfigMap): default vSwitches and security groups. */
  readonly eniConfig: TerwayConfig;
  /** A node's merged eni-config, when it has a dynamic one (the `terway-config` label). */
  readonly nodeEniConfig?: ((nodeName: string) => TerwayConfig | undefined) | undefined;
  /** `customStatefulWorkloadKinds`. */
  readonly statefulKinds?: readonly string[] | undefined;
  /** `enableWebhookInjectResource` (default true). */
  readonly injectResource?: boolean | undefined;
  readonly backoffOverride?: { readonly [key: string]: ExtendedBackoff } | undefined;
  /** `rateLimit`: API → calls per minute. */
  readonly rateLimit?: { readonly [api: string]: number } | undefined;
}

export interface ResolvedOptions extends ControlplaneOptions {
  readonly enableTrunk: boolean;
  readonly ipStack: IpStack;
  readonly ipamType: string;
  readonly injectResource: boolean;
}

export interface Runtime {
  readonly deps: ControlplaneDeps;
  readonly options: ResolvedOptions;
  readonly ecs: EcsClient;
  readonly vpc: VpcClient;
  readonly vSwitchPool: VSwitchPool;
  readonly backoffs: BackoffTable;
  readonly logger: Logger;
  readonly registry: MetricsRegistry;
  /** Jitter draws for the controllers' own waits. */
  readonly waitDeps: WaitDeps;
  /** wait.Jitter for the GC loops. */
  readonly jitter: (durationMs: number, factor: number) => number;
  /** An event about a pod, from the controlplane's recorder. */
  readonly podEvent: (namespace: string, name: string, type: EventType, reason: string,
    message: string) => void;
  readonly nodeEvent: (name: string, type: EventType, reason: string, message: string) => void;
  /** The eni-config that applies to a node (its dynamic one, else the cluster's). */
  readonly configFor: (nodeName: string) => TerwayConfig;
  /** The eth0 defaults the webhook fills in. */
  readonly defaults: { readonly vSwitchIds: string[]; readonly securityGroupIds: string[] };
}

export function createRuntime(deps: ControlplaneDeps,
  options: ControlplaneOptions): Result<Runtime, CloudClientSetFailure> {
  const registry = new MetricsRegistry();
  const built = buildCloudClientSet({ scheduler: deps.scheduler, rng: deps.rng, log: deps.log,
    openApi: deps.openApi, metrics: createControlplaneCloudMetrics(registry) }, {
    regionId: options.regionId, streamPrefix: 'controlplane', component: controlplaneComponent,
    rateLimit: options.rateLimit, backoffOverride: options.backoffOverride,
    vSwitchPool: controlplaneVSwitchPool,
  });
  if (!built.ok) return built;
  const { ecs, vpc, vSwitchPool, backoffs, logger } = built.value;
  const stream = (name: string): ReturnType<Rng['stream']> =>
    deps.rng.stream(`controlplane.${name}`);
  const gcStream = stream('gc.jitter');
  const resolved: ResolvedOptions = { ...options, enableTrunk: options.enableTrunk ?? true,
    ipStack: options.ipStack ?? 'ipv4', ipamType: options.ipamType ?? '',
    injectResource: options.injectResource ?? true };
  const event = (target: Parameters<KubePort['recordEvent']>[0]['target'], type: EventType,
    reason: string, message: string): void =>
    deps.kube.recordEvent({ target, type, reason, message, source: controlplaneComponent });
  return ok({
    deps, options: resolved, ecs, vpc, vSwitchPool, backoffs, logger, registry,
    waitDeps: { scheduler: deps.scheduler, random: stream('wait.backoff') },
    jitter: (durationMs, factor) => gcStream.jitter(durationMs, factor),
    podEvent: (namespace, name, type, reason, message) =>
      event({ kind: 'Pod', namespace, name }, type, reason, message),
    nodeEvent: (name, type, reason, message) => event({ kind: 'Node', name }, type, reason,
      message),
    configFor: (nodeName) => options.nodeEniConfig?.(nodeName) ?? options.eniConfig,
    defaults: { vSwitchIds: vSwitchIds(options.eniConfig),
      securityGroupIds: securityGroupIds(options.eniConfig) },
  });
}
