// One node of a cluster, under test: the real cloud emulator, the API server with its scheduler,
// Terway on the node (the ENIIP daemon, trunking, exclusive ENI or the VPC-route daemon, with
// terway-controlplane or the route controller as its mode needs), the CNI plugin on the kernel
// model and the kubelet — a World built from a one-node scenario, the same assembly `terway-sim
// run` builds, so the node under test is wired exactly as in a run.
//
// The model-based test drives it with commands (create or delete a pod, let time pass, inject a
// cloud fault, restart the daemon) and reads it back through the accessors here. The runner's
// invariant checker watches every event.
//
// When to use: `NodeRig.create({ mode })` in a test. Gotcha: setup failures throw (a test fixture,
// not a user-facing path); every later failure is reported as a finding, never thrown.

import type { V1Pod } from '@kubernetes/client-node';
import type { EniRecord, FaultRuleInput } from '@terway-sim/cloud-emulator';
import type { SimEnv } from '@terway-sim/sim-base';
import {
  Local, Mutations, TerwayNode, type Manager, type MutationName,
} from '@terway-sim/terway-core';
import { InvariantChecker, World, type WorldNode } from '@terway-sim/world';
import { resolveEniConfig } from '../../run/eni-config-source.js';
import type { LoadedScenario } from '../../scenario/load.js';
import { scenarioSchema, type NetworkMode } from '../../scenario/schema/index.js';

export interface NodeRigOptions {
  readonly mode: NetworkMode;
  readonly seed?: number | string;
  /** Default ecs.g7.large: 12 pod IPs in ENIIP, 12 members in trunk, 2 ENIs exclusive. */
  readonly instanceType?: string;
  /** eni_conf keys over the rig's defaults (pool bounds, sync period). */
  readonly eniConf?: Readonly<Record<string, unknown>>;
  /** Test only: broken variants the node's Terway runs with (mutation testing); default none. */
  readonly mutations?: readonly MutationName[];
}

/** The pool settings of the rig: a small warm pool and a short sync period, so pools move. */
export const rigPool = { max_pool_size: 2, min_pool_size: 0, ip_pool_sync_period: '30s' } as const;

const rigStartMaxMs = 120_000;
const podEniAnnotation = 'k8s.aliyun.com/pod-eni';

export interface PoolAddress {
  readonly ip: string;
  readonly podId: string;
  readonly eniId: string;
  readonly status: string;
}

/** The one-node scenario the rig is built from (cloud, cluster, eni-config; no workload). */
export function rigScenario(options: NodeRigOptions): LoadedScenario {
  const eniConf = {
    ...rigPool, ...(options.mode === 'trunk' ? { enable_eni_trunking: true } : {}),
    ...options.eniConf,
    vswitches: { 'cn-hangzhou-i': ['vsw-bp1pods'] }, security_group: 'sg-bp1default',
    service_cidr: '172.16.0.0/16',
  };
  const group = { name: 'node', count: 1, instanceType: options.instanceType ?? 'ecs.g7.large',
    zone: 'cn-hangzhou-i', vSwitch: 'vsw-bp1nodes' };
  const scenario = scenarioSchema.parse({
    name: `node-model-${options.mode}`, seed: options.seed ?? 1, duration: '1h',
    cloud: { latency: 'fast', vSwitches: [
      { id: 'vsw-bp1nodes', zone: 'cn-hangzhou-i', cidr: '192.168.0.0/24' },
      { id: 'vsw-bp1pods', zone: 'cn-hangzhou-i', cidr: '192.168.16.0/22' },
    ], securityGroups: [{ id: 'sg-bp1default' }] },
    cluster: { mode: options.mode, nodeGroups: [group] },
    eniConfig: { inline: eniConf },
  });
  return { scenario, file: `node-model-${options.mode}.yaml`, text: JSON.stringify(scenario) };
}

export class NodeRig {
  readonly env: SimEnv;

  private constructor(
    readonly world: World,
    readonly node: WorldNode,
    readonly checker: InvariantChecker,
    readonly mode: NetworkMode,
    readonly maxPoolSize: number,
  ) {
    this.env = world.env;
  }

  /** Builds the node as the runner would, watches it with the invariants, waits for Terway. */
  static async create(options: NodeRigOptions): Promise<NodeRig> {
    const loaded = rigScenario(options);
    const { scenario } = loaded;
    const config = resolveEniConfig(loaded);
    if (!config.ok) throw new Error(`node rig: ${config.error.join('; ')}`);
    const built = await World.create(scenario, { seed: String(scenario.seed),
      eniConfig: config.value, mutations: Mutations.of(options.mutations ?? []) });
    if (!built.ok) throw new Error(`node rig: ${built.error.message}`);
    const world = built.value;
    const node = world.allNodes()[0]!;
    const checker = new InvariantChecker(world, { everyEvent: true });
    const maxPoolSize = Number(options.eniConf?.['max_pool_size'] ?? rigPool.max_pool_size);
    const rig = new NodeRig(world, node, checker, options.mode, maxPoolSize);
    const started = await rig.runUntil(() => rig.daemonRunning(), rigStartMaxMs);
    if (!started) throw new Error('node rig: Terway did not start');
    return rig;
  }

  get nowMs(): number {
    return this.env.scheduler.nowMs();
  }

  createPod(name: string): void {
    const podEni = this.mode === 'trunk' || this.mode === 'eni';
    this.world.api.createPod({
      metadata: { name, namespace: 'default', labels: { app: 'model' },
        ...(podEni ? { annotations: { [podEniAnnotation]: 'true' } } : {}) },
      spec: { containers: [{ name: 'main' }] },
    });
  }

  deletePod(name: string): void {
    this.world.api.deletePod(`default/${name}`);
  }

  pod(name: string): V1Pod | undefined {
    return this.world.api.getPod(`default/${name}`);
  }

  /** Runs the clock for `ms` (stops early when an invariant breaks). */
  async run(ms: number): Promise<void> {
    await this.env.scheduler.run({ untilMs: this.nowMs + ms });
  }

  /** Runs in slices until `done()` or `maxMs` has passed; returns whether it got done. */
  async runUntil(done: () => boolean, maxMs: number, sliceMs = 500): Promise<boolean> {
    const deadline = this.nowMs + maxMs;
    while (!done()) {
      if (this.nowMs >= deadline || this.checker.violation !== undefined) return false;
      await this.env.scheduler.run({ untilMs: Math.min(deadline, this.nowMs + sliceMs) });
    }
    return true;
  }

  restartDaemon(): void {
    this.node.restartTerway();
  }

  daemonRunning(): boolean {
    return this.node.terway.running;
  }

  /** Replaces the cloud's fault plan (an empty list heals it). */
  setFaults(rules: readonly FaultRuleInput[]): void {
    this.world.cloud.emulator.setFaultPlan(rules);
  }

  /** The running daemon's pool (ENI modes), or undefined (VPC route mode, or daemon down). */
  get pool(): Manager | undefined {
    return this.node.terway instanceof TerwayNode ? this.node.pool : undefined;
  }

  /** Every address of the pool's Local slots, with its owner ('' = idle). */
  poolAddresses(): PoolAddress[] {
    return (this.pool?.backendList ?? []).flatMap((backend) => {
      if (!(backend instanceof Local)) return [];
      const eniId = backend.state.eni?.id ?? '';
      return backend.state.ipv4.values()
        .map((ip) => ({ ip: ip.ip, podId: ip.podId, eniId, status: ip.status }));
    });
  }

  /** ENIs of the pool's Local slots that exist. */
  poolEnis(): number {
    return (this.pool?.backendList ?? [])
      .filter((backend) => backend instanceof Local && backend.state.eni !== undefined).length;
  }

  /** The ENI that holds `ip` in the VPC, if any. */
  eniOf(ip: string): EniRecord | undefined {
    const view = this.world.cloud.emulator.view();
    const owner = view.ipv4Owner(this.world.cloud.vpcId, ip);
    return owner === undefined ? undefined : view.eni(owner.eniId);
  }

  /** Whether `eni` is InUse on this node's instance, directly or as a member of its trunk. */
  eniOnNode(eni: EniRecord): boolean {
    if (eni.status !== 'InUse') return false;
    if (eni.attachment?.instanceId === this.node.instanceId) return true;
    const trunkId = eni.attachment?.trunkEniId ?? null;
    const trunk = trunkId === null ? undefined : this.world.cloud.emulator.view().eni(trunkId);
    return trunk?.attachment?.instanceId === this.node.instanceId;
  }

  podCidr(): string | undefined {
    return this.world.api.getNode(this.node.name)?.spec?.podCIDR;
  }
}

