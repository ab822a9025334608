// The simulated cluster of one run: the cloud world, the kernel model with its fabric, the
// Kubernetes API server and scheduler, and the nodes with Terway on them. It knows how to add,
// lose and release nodes; the runner drives time and decides when.

import type { V1Pod } from '@kubernetes/client-node';
import { ModelKernel } from '@terway-sim/kernel-shim';
import { Context, err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import {
  Controlplane, NodeIpam, RouteController, createRuntime, decodeEniConf, type Mutations,
  type TerwayConfig,
} from '@terway-sim/terway-core';
import { ApiServer, KubeScheduler } from '@terway-sim/kube-sim';
import { CustomResources } from './kube/custom-resources.js';
import type { NodeGroupSpec, ResolvedEniConfig, WorldSpec } from './spec.js';
import { nodeVSwitch, type CloudWorld } from './cloud/cloud-world.js';
import { wireEniHotplug } from './node/eni-hotplug.js';
import { CloudFabric } from './cloud/fabric.js';
import { ApiServerKubePort } from './kube/kube-port.js';
import { SimNode, type SimNodeDeps } from './node/sim-node.js';

/** How long a scale-in waits for a drained node's pods and ENI operations to finish. */
const drainWaitMaxMs = 10 * 60_000;

/** The cluster id the controlplane tags its ENIs with (`ack.aliyun.com`). */
const clusterId = 'c-terway-sim';

export interface ClusterSimOptions {
  /** Test-only broken variants every node's Terway runs with (property kit); default none. */
  readonly mutations?: Mutations | undefined;
}

export class ClusterSim {
  readonly api: ApiServer;
  readonly kernel: ModelKernel;
  readonly fabric: CloudFabric;
  readonly crd: CustomResources;
  /** terway-controlplane, in trunk and exclusive-ENI modes. */
  readonly controlplane: Controlplane | undefined;
  private readonly byName = new Map<string, SimNode>();
  /** `liveNodes()`'s answer, rebuilt only after a node joins or goes (checkers ask per event). */
  private liveCache: ReadonlyMap<string, SimNode> | undefined;
  private readonly byInstance = new Map<string, SimNode>();
  private readonly nextIndex = new Map<string, number>();
  private readonly nodeDeps: SimNodeDeps;

  private constructor(readonly env: SimEnv, readonly world: CloudWorld, readonly scenario: WorldSpec, config: ResolvedEniConfig,
    terwayConfig: TerwayConfig, options: ClusterSimOptions) {
    this.api = new ApiServer(env);
    new KubeScheduler(env, this.api);
    this.kernel = new ModelKernel({ rng: env.rng });
    this.fabric = new CloudFabric(world.cloud, world.vpcId, world.routeTableId);
    this.crd = new CustomResources(env);
    const mode = scenario.cluster.mode;
    this.nodeDeps = { env, world, kernel: this.kernel, api: this.api, cniConfig: config.cni, eniConf: config.eniConf, mode, crd: this.crd,
      mutations: options.mutations, onGone: () => { this.liveCache = undefined; } };
    wireEniHotplug({ env, cloud: world.cloud, kernel: this.kernel, nodeByInstance: (id) => this.byInstance.get(id) });
    this.controlplane = mode === 'trunk' || mode === 'eni' ? this.startControlplane(terwayConfig) : undefined;
    if (mode === 'vpc') this.startVpcRouteControllers(terwayConfig);
  }

  /** Builds the cluster; an eni-config the controllers cannot use is refused with the reason. */
  static create(env: SimEnv, world: CloudWorld, scenario: WorldSpec, config: ResolvedEniConfig,
    options: ClusterSimOptions = {}): Result<ClusterSim, string> {
    const decoded = decodeEniConf(config.eniConf);
    if (!decoded.ok) return err(`eniConfig: ${decoded.error.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    if (scenario.cluster.mode === 'trunk' && !decoded.value.config.enableEniTrunking) {
      return err('cluster.mode trunk needs eni-config `enable_eni_trunking: true` (Terway creates no trunk ENI without it)');
    }
    try {
      return ok(new ClusterSim(env, world, scenario, config, decoded.value.config, options));
    } catch (error) {
      return err((error as Error).message);
    }
  }

  /** terway-controlplane: the pod webhook and the PodENI/NetworkInterface/node controllers. */
  private startControlplane(eniConfig: TerwayConfig): Controlplane {
    const { env, world } = this;
    const made = Controlplane.create({
      scheduler: env.scheduler, rng: env.rng, log: env.log, kube: new ApiServerKubePort(this.api), crd: this.crd,
      openApi: world.cloud.client({ regionId: world.regionId }), cluster: this.api,
    }, { clusterId, regionId: world.regionId, vpcId: world.vpcId, eniConfig, enableTrunk: this.scenario.cluster.mode === 'trunk' });
    if (!made.ok) throw new Error(`controlplane: ${made.error.message}`);
    const controlplane = made.value;
    this.api.addPodAdmission((pod) => controlplane.webhook(pod));
    controlplane.start(Context.background(env.scheduler));
    return controlplane;
  }

  /** VPC route mode: node IPAM (kube-controller-manager) and the route controller (cloud-controller-manager). */
  private startVpcRouteControllers(eniConfig: TerwayConfig): void {
    const { env, world, api } = this;
    const kube = new ApiServerKubePort(api);
    const runtime = createRuntime({ scheduler: env.scheduler, rng: env.rng, log: env.log, kube, crd: this.crd,
      openApi: world.cloud.client({ regionId: world.regionId }) }, { clusterId, regionId: world.regionId, vpcId: world.vpcId, eniConfig });
    if (!runtime.ok) throw new Error(`route controller: ${runtime.error.message}`);
    const ipam = new NodeIpam({ scheduler: env.scheduler, kube, logger: runtime.value.logger, writer: {
      setNodePodCidr: (name, cidr) => {
        const updated = api.updateNode(name, (node) => ({ ...node, spec: { ...node.spec, podCIDR: cidr, podCIDRs: [cidr] } }));
        return Promise.resolve(updated === undefined ? err(`nodes "${name}" not found`) : ok(undefined));
      },
    } }, { clusterCidr: this.scenario.cluster.podCidr, nodeCidrMaskSize: this.scenario.cluster.nodeCidrMaskSize });
    const routes = new RouteController({ scheduler: env.scheduler, random: env.rng.stream('route-controller.backoff'), vpc: runtime.value.vpc,
      kube, logger: runtime.value.logger }, { routeTableId: world.routeTableId, listNodes: () => api.listNodes().map((node) => node.metadata!.name!) });
    api.watchNodes((type, node, previous) => {
      ipam.nodeEvent(type, node);
      routes.nodeEvent(type, node, previous);
    });
    routes.start(Context.background(env.scheduler));
  }

  /** Live (not lost or released) nodes by name. */
  liveNodes(): ReadonlyMap<string, SimNode> {
    this.liveCache ??= new Map([...this.byName].filter(([, node]) => !node.isLost));
    return this.liveCache;
  }

  /** Every node ever made, in creation order. */
  allNodes(): readonly SimNode[] {
    return [...this.byName.values()];
  }

  node(name: string): SimNode | undefined {
    return this.byName.get(name);
  }

  group(name: string): NodeGroupSpec | undefined {
    return this.scenario.cluster.nodeGroups.find((group) => group.name === name);
  }

  /** Launches, sets up and registers one node of a group. */
  async addNode(group: NodeGroupSpec): Promise<Result<SimNode, string>> {
    const vSwitch = nodeVSwitch(this.world, group.zone, group.vSwitch);
    if (!vSwitch.ok) return err(`cluster.nodeGroups ${group.name}: ${vSwitch.error}`);
    const index = this.nextIndex.get(group.name) ?? 0;
    this.nextIndex.set(group.name, index + 1);
    const created = await SimNode.create(this.nodeDeps, `${group.name}-${index}`, group, vSwitch.value);
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
    for (let i = live.length; i < count; i++) {
      scheduler.spawn(`add node ${name}`, async () => {
        const added = await this.addNode(group);
        if (!added.ok) this.env.log.record('node.add.failed', { group: name, error: added.error });
      });
    }
    for (const node of live.slice(count).reverse()) scheduler.spawn(`drain ${node.name}`, () => this.drainAndRelease(node));
  }

  /**
   * Cordon, evict every pod (CNI DEL runs), wait until Terway is not creating or deleting an ENI
   * (releasing the instance between an ENI's detach and its delete orphans it, F13; a cluster
   * autoscaler also waits after a drain), then release the instance.
   */
  private async drainAndRelease(node: SimNode): Promise<void> {
    this.api.updateNode(node.name, (current) => ({ ...current, spec: { ...current.spec, unschedulable: true } }));
    const podsOn = (): V1Pod[] => this.api.listPodsOnNode(node.name);
    podsOn().forEach((pod) => this.api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`));
    const busy = (): boolean => podsOn().length > 0 ||
      (node.pool?.status() ?? []).some((slot) => slot.status === 'Creating' || slot.status === 'Deleting');
    for (let waited = 0; busy() && waited < drainWaitMaxMs; waited += 5_000) await this.env.scheduler.sleep(5_000);
    await node.lose('released');
  }
}
