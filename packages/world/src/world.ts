// A running simulated cluster: the cloud emulator with the spec's VPC, vSwitches and quotas, the
// kernel model with the VPC fabric, kube-sim's API server and scheduler, the mode's controllers,
// and the nodes with Terway on them. This is the one place those parts are wired together; the
// scenario runner, the tests, the property kit and the reports build a World and read it.
//
// What happens inside is published as typed events on `events` (events.ts); checkers, observers
// and reports subscribe there. What the world is made of is readable through the fields below
// (the API server as a client sees it, the cloud's read-only view, the kernel's port, each node's
// daemon and pod network); changes go through the methods (nodes join, go, restart Terway) or
// through the API server, as kubectl and the workload controllers make them.

import type { FaultRuleInput } from '@terway-sim/cloud-emulator';
import { ModelKernel, trace, type TraceRequest, type TraceResult } from '@terway-sim/kernel-shim';
import { ApiServer, KubeScheduler } from '@terway-sim/kube-sim';
import {
  Context, Topic, createSimEnv, err, ok, type Result, type RunSummary, type SimEnv,
} from '@terway-sim/sim-base';
import {
  decodeEniConf, type Controlplane, type JsonObject, type Mutations, type TerwayConfig,
} from '@terway-sim/terway-core';
import {
  buildCloudWorld, mapDeclaredIds, nodeVSwitch, type CloudWorld,
} from './cloud/cloud-world.js';
import { CloudFabric } from './cloud/fabric.js';
import { startTerwayControlplane, startVpcRouteControllers } from './controllers.js';
import type { NodeActivity, WorldEvent } from './events.js';
import { StoreCrdPort } from './kube/crd-port.js';
import { createPodNetworkings } from './kube/pod-networkings.js';
import { logNodeActivity } from './log-writer.js';
import { wireEniHotplug } from './node/eni-hotplug.js';
import { WorldNode, type WorldNodeDeps } from './node/world-node.js';
import { NetworkPolicyAgent } from './policy/policy-agent.js';
import type { NodeGroupSpec, ResolvedEniConfig, WorldSpec } from './spec.js';

export interface WorldOptions {
  readonly seed: string;
  /** The eni-config as the spec declares it (vSwitch and security-group ids as declared). */
  readonly eniConfig: ResolvedEniConfig;
  /** The cloud's fault plan. */
  readonly faults?: readonly FaultRuleInput[] | undefined;
  /** Keep this many event-log lines in memory (for events.jsonl and tests). */
  readonly retainEvents?: number | undefined;
  /** Called with every event-log line as it is written (events.jsonl streams through it). */
  readonly eventSink?: ((line: string) => void) | undefined;
  /** Test-only broken variants every node's Terway runs with (property kit); default none. */
  readonly mutations?: Mutations | undefined;
  /**
   * The wall instant virtual time 0 stands for (default sim-base's fixed 2026-01-01 epoch). Only
   * timestamps change with it; `serve --scenario` anchors it near now so kubectl's ages read true.
   */
  readonly epochMs?: number | undefined;
}

export type WorldFailureKind = 'cloud' | 'config' | 'node';

/** Why a world could not be built; `message` names the spec key or the cloud's refusal. */
export interface WorldFailure {
  readonly kind: WorldFailureKind;
  readonly message: string;
}

/** How long a scale-in waits for a drained node's pods and ENI operations to finish. */
const drainWaitMaxMs = 10 * 60_000;
const drainPollMs = 5_000;

export class World {
  readonly events = new Topic<WorldEvent>();
  readonly api: ApiServer;
  readonly kernel: ModelKernel;
  readonly fabric: CloudFabric;
  readonly crd: StoreCrdPort;
  /** The policy container's agent: NetworkPolicy as the trace enforces it. */
  readonly policyAgent: NetworkPolicyAgent;
  /** terway-controlplane, in trunk and exclusive-ENI modes and with centralized IPAM. */
  readonly controlplane: Controlplane | undefined;
  /** Declared vSwitch and security-group ids → minted ones, with those added during the run. */
  private readonly idMap: Map<string, string>;
  /** Each node group's dynamic eni_conf as it is now (changed by `setGroupEniConf`). */
  private readonly groupEniConf = new Map<string, JsonObject | undefined>();
  private readonly byName = new Map<string, WorldNode>();
  private readonly byInstance = new Map<string, WorldNode>();
  private readonly nextIndex = new Map<string, number>();
  /** `liveNodes()`'s answer, rebuilt only after a node joins or goes (checkers ask per event). */
  private liveCache: ReadonlyMap<string, WorldNode> | undefined;
  private nodeDeps: WorldNodeDeps;

  private constructor(
    readonly env: SimEnv,
    readonly cloud: CloudWorld,
    readonly spec: WorldSpec,
    config: ResolvedEniConfig,
    terwayConfig: TerwayConfig,
    mutations: Mutations | undefined,
  ) {
    this.api = new ApiServer(env);
    new KubeScheduler(env, this.api);
    this.kernel = new ModelKernel({ rng: env.rng });
    this.fabric = new CloudFabric(cloud.emulator, cloud.vpcId, cloud.routeTableId);
    this.crd = new StoreCrdPort(this.api.store, env.log);
    this.idMap = new Map(cloud.idMap);
    for (const group of spec.cluster.nodeGroups) {
      this.groupEniConf.set(group.name, group.config as JsonObject | undefined);
    }
    this.policyAgent = new NetworkPolicyAgent({ api: this.api, sandboxes: () => this.sandboxes() },
      { disableNetworkPolicy: config.disableNetworkPolicy,
        provider: config.cni.networkPolicyProvider, exclusiveEni: spec.cluster.mode === 'eni' });
    this.forwardEvents();
    const publish = this.nodePublisher();
    const mode = spec.cluster.mode;
    this.nodeDeps = {
      env,
      cloud,
      kernel: this.kernel,
      api: this.api,
      cniConfig: config.cni,
      eniConf: config.eniConf,
      mode,
      crd: this.crd,
      publish,
      mutations,
      onGone: () => {
        this.liveCache = undefined;
      },
    };
    wireEniHotplug({
      env,
      cloud: cloud.emulator,
      kernel: this.kernel,
      publish,
      nodeByInstance: (id) => this.byInstance.get(id),
    });
    const controllers = { env, cloud, api: this.api, crd: this.crd };
    const centralizedIpam = mode === 'eniip' && terwayConfig.ipamType === 'crd';
    this.controlplane =
      mode === 'trunk' || mode === 'eni' || centralizedIpam
        ? must(startTerwayControlplane(controllers, terwayConfig,
          { enableTrunk: mode === 'trunk', centralizedIpam }))
        : undefined;
    if (mode === 'vpc') startVpcRouteControllers(controllers, spec.cluster);
  }

  /**
   * Builds the cloud and the cluster and brings up every node group's initial nodes. A spec the
   * cloud refuses, an eni-config the controllers cannot use or a node that cannot launch is a
   * failure naming what and why. A cluster that is valid but misconfigured (trunk mode without
   * `enable_eni_trunking`) is built as it is: that is a failure to study, not to refuse.
   */
  static async create(
    spec: WorldSpec,
    options: WorldOptions,
  ): Promise<Result<World, WorldFailure>> {
    const env = createSimEnv({
      seed: options.seed,
      regionCode: 'bp',
      ...(options.epochMs === undefined ? {} : { epochMs: options.epochMs }),
      ...(options.retainEvents === undefined ? {} : { retainMax: options.retainEvents }),
      ...(options.eventSink === undefined ? {} : { sink: options.eventSink }),
    });
    const cloud = buildCloudWorld(env, spec, options.faults ?? []);
    if (!cloud.ok) return err({ kind: 'cloud', message: cloud.error });
    const eniConf = mapDeclaredIds(options.eniConfig.eniConf, cloud.value.idMap);
    const decoded = decodeEniConf(eniConf);
    if (!decoded.ok) {
      return err({
        kind: 'config',
        message: `eniConfig: ${decoded.error
          .map((issue) => `${issue.path}: ${issue.message}`)
          .join('; ')}`,
      });
    }
    let world: World;
    try {
      world = new World(
        env,
        cloud.value,
        spec,
        { ...options.eniConfig, eniConf },
        decoded.value.config,
        options.mutations,
      );
    } catch (error) {
      return err({ kind: 'config', message: (error as Error).message });
    }
    const networkings = await createPodNetworkings(world.crd, cloud.value,
      spec.cluster.podNetworkings ?? []);
    if (!networkings.ok) return err({ kind: 'config', message: networkings.error });
    for (const group of spec.cluster.nodeGroups) {
      for (let i = 0; i < group.count; i++) {
        const added = await world.addNode(group);
        if (!added.ok) return err({ kind: 'node', message: added.error });
      }
    }
    return ok(world);
  }

  /** The eni-config the nodes read, with the cloud's minted ids in place of declared ones. */
  get eniConf(): JsonObject {
    return this.nodeDeps.eniConf;
  }

  /**
   * The eni-config ConfigMap changed: every node (and every node that joins later) reads `eniConf`
   * at its daemon's next start. Running daemons keep what they read, as Terway's do; a rollout
   * (changes/rollout.ts) restarts them. Declared ids are mapped to minted ones; the document is
   * not checked here, since a daemon that cannot read it is what a rehearsal looks for.
   */
  setEniConf(eniConf: JsonObject): void {
    this.nodeDeps = { ...this.nodeDeps, eniConf: mapDeclaredIds(eniConf, this.idMap) };
    for (const node of this.liveNodes().values()) node.setEniConf(this.nodeDeps.eniConf);
  }

  /** A group's dynamic config now (the ConfigMap its nodes' `terway-config` label names). */
  groupConfig(name: string): JsonObject | undefined {
    return this.groupEniConf.get(name);
  }

  /** The group's dynamic config ConfigMap changed (or was deleted); read at the next start. */
  setGroupEniConf(name: string, eniConf: JsonObject | undefined): void {
    const mapped = eniConf === undefined ? undefined : mapDeclaredIds(eniConf, this.idMap);
    this.groupEniConf.set(name, mapped);
    for (const node of this.liveNodes().values()) {
      if (node.group.name === name) node.setNodeEniConf(mapped);
    }
  }

  /**
   * A vSwitch created during the run (console or API, outside Terway). Its declared id, if any,
   * is mapped to the minted one in every eni-config set afterwards.
   */
  addVSwitch(spec: { id?: string | undefined; zone: string;
    cidr: string }): Result<string, string> {
    const made = this.cloud.emulator.world.createVSwitch({ regionId: this.cloud.regionId,
      vpcId: this.cloud.vpcId, zoneId: spec.zone, cidrBlock: spec.cidr,
      name: spec.id ?? `vsw-added-${this.idMap.size}` });
    if (!made.ok) return err(`${made.error.code}: ${made.error.message}`);
    if (spec.id !== undefined) this.idMap.set(spec.id, made.value);
    return ok(made.value);
  }

  /** The minted id of a declared vSwitch or security-group id (the id itself if not declared). */
  mintedId(id: string): string {
    return this.idMap.get(id) ?? id;
  }

  get mode(): WorldSpec['cluster']['mode'] {
    return this.spec.cluster.mode;
  }

  /** Live (not lost or released) nodes by name. */
  liveNodes(): ReadonlyMap<string, WorldNode> {
    this.liveCache ??= new Map([...this.byName].filter(([, node]) => !node.isLost));
    return this.liveCache;
  }

  /** Every node ever made, in creation order. */
  allNodes(): readonly WorldNode[] {
    return [...this.byName.values()];
  }

  node(name: string): WorldNode | undefined {
    return this.byName.get(name);
  }

  group(name: string): NodeGroupSpec | undefined {
    return this.spec.cluster.nodeGroups.find((group) => group.name === name);
  }

  /**
   * terway-controlplane crashes and its pod restarts: every controller, loop and in-memory
   * record (attach tasks, per-node caches) ends; the CRs and the cloud keep their state. Without
   * a controlplane the fault has no target (`fault.no-target`).
   */
  restartControlplane(): void {
    if (this.controlplane === undefined) {
      this.env.log.record('fault.no-target', { fault: 'controlplaneRestart' });
      return;
    }
    this.env.log.record('controlplane.restart', {});
    this.controlplane.stop();
    this.controlplane.start(Context.background(this.env.scheduler));
  }

  /** Launches, sets up and registers one node of a group. */
  async addNode(group: NodeGroupSpec): Promise<Result<WorldNode, string>> {
    const vSwitch = nodeVSwitch(this.cloud, group.zone, group.vSwitch);
    if (!vSwitch.ok) return err(`cluster.nodeGroups ${group.name}: ${vSwitch.error}`);
    const index = this.nextIndex.get(group.name) ?? 0;
    this.nextIndex.set(group.name, index + 1);
    const created = await WorldNode.create(
      this.nodeDeps,
      `${group.name}-${index}`,
      { ...group, config: this.groupEniConf.get(group.name) },
      vSwitch.value,
    );
    if (!created.ok) return created;
    const node = created.value;
    this.byName.set(node.name, node);
    this.byInstance.set(node.instanceId, node);
    this.liveCache = undefined;
    node.register();
    return ok(node);
  }

  /** Scales a group to `count` live nodes: adds, or drains and releases the newest. */
  scaleGroup(name: string, count: number): void {
    const group = this.group(name);
    if (group === undefined) return;
    const live = [...this.liveNodes().values()].filter((node) => node.group.name === name);
    const { scheduler } = this.env;
    const publish = this.nodePublisher();
    for (let i = live.length; i < count; i++) {
      scheduler.spawn(`add node ${name}`, async () => {
        const added = await this.addNode(group);
        if (!added.ok) publish({ type: 'node.add.failed', group: name, error: added.error });
      });
    }
    for (const node of live.slice(count).reverse()) {
      scheduler.spawn(`drain ${node.name}`, () => this.drainAndRelease(node));
    }
  }

  /** The network namespace of a pod's current sandbox, if it has one. */
  podNamespace(podKey: string): string | undefined {
    const nodeName = this.api.getPod(podKey)?.spec?.nodeName;
    return nodeName === undefined
      ? undefined
      : this.byName.get(nodeName)?.podNetwork.podNamespace.get(podKey);
  }

  /**
   * A packet from a network namespace to an address, through the kernel, NetworkPolicy and the
   * VPC fabric; a ping unless `l4` names a protocol and port (what security-group rules and
   * NetworkPolicy match on).
   */
  trace(fromNs: string, dst: string,
    l4: Pick<TraceRequest, 'protocol' | 'port'> = {}): TraceResult {
    return trace({ kernel: this.kernel, fabric: this.fabric, hooks: [this.policyAgent.hook] },
      { ...l4, from: fromNs, dst });
  }

  /** Every live pod sandbox, as (pod key, network namespace). */
  private *sandboxes(): Iterable<readonly [string, string]> {
    for (const node of this.liveNodes().values()) yield* node.podNetwork.podNamespace;
  }

  /** Runs the clock for `ms` (stops early when a subscriber asks the scheduler to stop). */
  async runFor(ms: number): Promise<RunSummary> {
    return this.env.scheduler.run({ untilMs: this.env.scheduler.nowMs() + ms });
  }

  /** Runs in slices until `done()` or `maxMs` has passed; returns whether it got done. */
  async runUntil(done: () => boolean, maxMs: number, sliceMs = 500): Promise<boolean> {
    const { scheduler } = this.env;
    const deadline = scheduler.nowMs() + maxMs;
    while (!done()) {
      if (scheduler.nowMs() >= deadline) return false;
      const summary = await scheduler.run({
        untilMs: Math.min(deadline, scheduler.nowMs() + sliceMs),
      });
      if (summary.stopped) return done();
    }
    return true;
  }

  /**
   * Cordon, evict every pod (CNI DEL runs), wait until Terway is not creating or deleting an ENI
   * (releasing the instance between an ENI's detach and its delete orphans it, F13; a cluster
   * autoscaler also waits after a drain), then release the instance.
   */
  private async drainAndRelease(node: WorldNode): Promise<void> {
    this.api.updateNode(node.name, (current) => ({
      ...current,
      spec: { ...current.spec, unschedulable: true },
    }));
    const podsOn = (): number => this.api.listPodsOnNode(node.name).length;
    for (const pod of this.api.listPodsOnNode(node.name)) {
      this.api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    }
    const busy = (): boolean =>
      podsOn() > 0 ||
      (node.pool?.status() ?? []).some(
        (slot) => slot.status === 'Creating' || slot.status === 'Deleting',
      );
    for (let waited = 0; busy() && waited < drainWaitMaxMs; waited += drainPollMs) {
      await this.env.scheduler.sleep(drainPollMs);
    }
    await node.lose('released');
  }

  /** The world's own activity: first the event log, then the topic. */
  private nodePublisher(): (activity: NodeActivity) => void {
    const log = logNodeActivity(this.env.log);
    return (activity) => {
      log(activity);
      this.events.publish(activity);
    };
  }

  /** kube-sim's activity, object writes, the cloud's calls and ENI changes go onto the topic. */
  private forwardEvents(): void {
    const { events } = this;
    this.api.activity.subscribe((activity) => events.publish(activity));
    this.api.store.onChange((resource, change) => {
      if (events.observed) events.publish({ type: 'object', resource: resource.id, change });
    });
    this.cloud.emulator.subscribe((event) => {
      if (!events.observed) return;
      const atMs = this.env.scheduler.nowMs();
      if (event.type === 'call') events.publish({ type: 'cloud.call', atMs, record: event.record });
      if (event.type === 'eni.state') {
        const { eniId, from, to, instanceId } = event;
        events.publish({ type: 'cloud.eni.state', atMs, eniId, from, to, instanceId });
      }
    });
  }
}

function must<T>(result: Result<T, string>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
