// The simulated cluster of one run: the cloud world, the kernel model with its fabric, the
// Kubernetes API server and scheduler, and the nodes with Terway on them. It knows how to add,
// lose and release nodes; the runner drives time and decides when.

import type { V1Pod } from '@kubernetes/client-node';
import { ModelKernel } from '@terway-sim/kernel-shim';
import { err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import { ApiServer } from '../cluster/api-server.js';
import { KubeScheduler } from '../cluster/kube-scheduler.js';
import type { NodeGroupSpec, Scenario } from '../scenario/schema/index.js';
import type { ResolvedEniConfig } from './eni-config-source.js';
import { nodeVSwitch, type CloudWorld } from './world/cloud-world.js';
import { wireEniHotplug } from './world/eni-hotplug.js';
import { CloudFabric } from './world/fabric.js';
import { SimNode, type SimNodeDeps } from './world/sim-node.js';

export class ClusterSim {
  readonly api: ApiServer;
  readonly kernel: ModelKernel;
  readonly fabric: CloudFabric;
  private readonly byName = new Map<string, SimNode>();
  private readonly byInstance = new Map<string, SimNode>();
  private readonly nextIndex = new Map<string, number>();
  private readonly nodeDeps: SimNodeDeps;

  constructor(readonly env: SimEnv, readonly world: CloudWorld, readonly scenario: Scenario, config: ResolvedEniConfig) {
    this.api = new ApiServer(env);
    new KubeScheduler(env, this.api);
    this.kernel = new ModelKernel({ rng: env.rng });
    this.fabric = new CloudFabric(world.cloud, world.vpcId, world.routeTableId);
    this.nodeDeps = { env, world, kernel: this.kernel, api: this.api, cniConfig: config.cni, eniConf: config.eniConf };
    wireEniHotplug({ env, cloud: world.cloud, kernel: this.kernel, nodeByInstance: (id) => this.byInstance.get(id) });
  }

  /** Live (not lost or released) nodes by name. */
  liveNodes(): ReadonlyMap<string, SimNode> {
    return new Map([...this.byName].filter(([, node]) => !node.isLost));
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

  /** Cordon, evict every pod (CNI DEL runs), then release the instance. */
  private async drainAndRelease(node: SimNode): Promise<void> {
    this.api.updateNode(node.name, (current) => ({ ...current, spec: { ...current.spec, unschedulable: true } }));
    const podsOn = (): V1Pod[] => this.api.listPodsOnNode(node.name);
    podsOn().forEach((pod) => this.api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`));
    for (let waited = 0; podsOn().length > 0 && waited < 600_000; waited += 5_000) await this.env.scheduler.sleep(5_000);
    await node.lose('released');
  }
}
