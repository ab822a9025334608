// One Kubernetes node of the world on an ECS instance: the instance, its host network namespace
// in the kernel (host-network.ts), the Node object, Terway's daemonset pod on it (its process
// restarts with kubelet's crash-loop back-off when startup fails), the CNI plugin with the
// container runtime's side of each pod sandbox, and the kubelet.
//
// Lifecycle: `create` launches the instance and sets up the host; `register` creates the Node
// object (Ready: the init container has written the CNI config) and starts Terway;
// `restartTerway` is a daemon crash and restart; `lose` is the machine vanishing (no more CNI
// calls, instance released, Node and pods gone).

import type { V1Node } from '@kubernetes/client-node';
import type { KernelMachine } from '@terway-sim/kernel-shim';
import { Kubelet, type ApiServer } from '@terway-sim/kube-sim';
import { dateAt, err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import {
  CniFileLock, HostLocalIpam, NodeStorage, TerwayCni, TerwayNode, VpcRouteNode, kernelHostRoutes,
  type CniConfig, type CrdPort, type JsonObject, type Manager, type Mutations,
} from '@terway-sim/terway-core';
import type { CloudWorld, WorldVSwitch } from '../cloud/cloud-world.js';
import type { NodeActivity } from '../events.js';
import { ApiServerKubePort } from '../kube/kube-port.js';
import type { NetworkMode, NodeGroupSpec } from '../spec.js';
import { setUpHostNetwork } from './host-network.js';
import { TerwayPodNetwork } from './terway-pod-network.js';

export interface WorldNodeDeps {
  readonly env: SimEnv;
  readonly cloud: CloudWorld;
  readonly kernel: KernelMachine;
  readonly api: ApiServer;
  readonly cniConfig: CniConfig;
  readonly eniConf: JsonObject;
  readonly mode: NetworkMode;
  /** Terway's custom resources (PodENI, …), for trunk and exclusive-ENI nodes. */
  readonly crd: CrdPort;
  /** Where the node's lifecycle events go (the world's topic). */
  readonly publish: (activity: NodeActivity) => void;
  /** Test-only broken variants Terway runs with (property kit); undefined = none. */
  readonly mutations?: Mutations | undefined;
  /** Told when the node is lost or released. */
  readonly onGone?: (node: WorldNode) => void;
}

/** The node label that makes a node exclusive-ENI (ENIOnly), as Terway reads it. */
export const exclusiveEniLabel = 'k8s.aliyun.com/exclusive-mode-eni-type';

const kernelRelease = '5.10.134-16.al8.x86_64';
/** kubelet's container restart back-off: 10 s doubling to 5 min. */
const crashLoopBaseMs = 10_000;
const crashLoopMaxMs = 300_000;

export class WorldNode {
  readonly hostNs: string;
  readonly storage = new NodeStorage();
  /** Terway on the node: the ENI daemon, or the VPC-route daemon in vpc mode. */
  readonly terway: TerwayNode | VpcRouteNode;
  readonly kubelet: Kubelet;
  readonly podNetwork: TerwayPodNetwork;
  private lost = false;
  private failedStarts = 0;
  /** The node's dynamic eni_conf as its daemon will read it at the next start. */
  private nodeEniConf: JsonObject | undefined;
  private eniConf: JsonObject;

  private constructor(
    private readonly deps: WorldNodeDeps,
    readonly name: string,
    readonly group: NodeGroupSpec,
    readonly instanceId: string,
    readonly nodeIp: string,
  ) {
    this.hostNs = `host-${name}`;
    const { env, cloud, kernel, api } = deps;
    const nodeEniConf = group.config === undefined ? undefined : group.config as JsonObject;
    this.nodeEniConf = nodeEniConf;
    this.eniConf = deps.eniConf;
    const kube = new ApiServerKubePort(api);
    const { mutations } = deps;
    this.terway = deps.mode === 'vpc'
      ? new VpcRouteNode({ scheduler: env.scheduler, log: env.log, kube, storage: this.storage,
        mutations }, { nodeName: name, eniConf: deps.eniConf, nodeEniConf })
      : new TerwayNode({
        scheduler: env.scheduler, rng: env.rng, log: env.log,
        openApi: cloud.emulator.client({ regionId: cloud.regionId }),
        metadata: cloud.emulator.metadata(instanceId), kube, storage: this.storage, crd: deps.crd,
        mutations,
        // The daemon's GC re-syncs live pods' policy rules and removes those of deleted pods.
        hostRoutes: kernelHostRoutes(kernel, this.hostNs),
      }, { nodeName: name, eniConf: deps.eniConf, nodeEniConf });
    const cni = new TerwayCni(
      {
        scheduler: env.scheduler,
        kernel,
        backend: this.terway.backend,
        names: env.rng.stream(`${name}.cni.names`),
        lock: new CniFileLock({ scheduler: env.scheduler }),
        hostLocal: new HostLocalIpam(),
        log: env.log,
      },
      { hostNs: this.hostNs, kernelRelease, nodeName: name },
    );
    this.podNetwork = new TerwayPodNetwork({ kernel, cni, config: deps.cniConfig });
    this.kubelet = new Kubelet({ env, api, network: this.podNetwork, nodeName: name });
  }

  /** Launches the instance and sets up its host namespace; the node is not registered yet. */
  static async create(deps: WorldNodeDeps, name: string, group: NodeGroupSpec,
    vSwitch: WorldVSwitch): Promise<Result<WorldNode, string>> {
    const { cloud } = deps;
    const launched = cloud.emulator.world.runInstances({
      regionId: cloud.regionId, instanceType: group.instanceType, vSwitchId: vSwitch.id,
      securityGroupIds: cloud.securityGroupIds.slice(0, 1), name, hostName: name,
      ...(vSwitch.ipv6Cidr === undefined ? {} : { ipv6AddressCount: 1 }),
    });
    if (!launched.ok) {
      return err(`node ${name}: RunInstances: ${launched.error.code}: ${launched.error.message}`);
    }
    const instanceId = launched.value[0]!;
    const view = cloud.emulator.view();
    const primary = view.eni(view.instance(instanceId)!.primaryEniId)!;
    const usage = view.vSwitches(cloud.regionId).find((entry) => entry.vSwitch.id === vSwitch.id)!;
    const node = new WorldNode(deps, name, group, instanceId, primary.ipv4[0]!.ip);
    const nodeIpv6 = primary.ipv6[0]?.ip;
    const host = await setUpHostNetwork(deps.kernel, { ns: node.hostNs, primaryMac: primary.mac,
      nodeIp: node.nodeIp, vSwitchId: vSwitch.id, vSwitchCidr: vSwitch.cidr,
      gateway: usage.gateway,
      ipv6: nodeIpv6 === undefined || usage.ipv6Gateway === null ? undefined
        : { nodeIp: nodeIpv6, gateway: usage.ipv6Gateway } });
    return host.ok ? ok(node) : err(`node ${name}: ${host.error}`);
  }

  /** Registers the Node object and starts Terway's daemonset pod on it. */
  register(): void {
    const { api } = this.deps;
    api.createNode(this.nodeObject());
    this.deps.publish({ type: 'node.registered', node: this.name, instance: this.instanceId,
      ip: this.nodeIp, instanceType: this.group.instanceType });
    this.startTerway();
  }

  /** The daemon crashes and its container is restarted. */
  restartTerway(): void {
    if (this.lost) return;
    this.terway.stop();
    this.deps.publish({ type: 'terway.restart', node: this.name });
    this.startTerway();
  }

  /**
   * Scales the node's pool to nothing: its dynamic eni_conf gets max/min_pool_size 0 and the
   * daemon restarts to read it (Terway reads config only at start). Pool sync then disposes every
   * idle IP and ENI. Teardown uses it, so that what remains afterwards is a leak.
   */
  drainPool(): void {
    if (!(this.terway instanceof TerwayNode)) return; // VPC-route nodes hold no pool
    const drained = { ...(this.nodeEniConf ?? {}), max_pool_size: 0, min_pool_size: 0 };
    this.terway.setNodeEniConf(drained as JsonObject);
    this.restartTerway();
  }

  /** The eni-config ConfigMap changed: the daemon reads `eniConf` at its next start. */
  setEniConf(eniConf: JsonObject): void {
    this.eniConf = eniConf;
    this.applyConfig();
  }

  /** The node's dynamic config ConfigMap changed (undefined: deleted); read at the next start. */
  setNodeEniConf(nodeEniConf: JsonObject | undefined): void {
    this.nodeEniConf = nodeEniConf;
    this.applyConfig();
  }

  private applyConfig(): void {
    if (this.terway instanceof TerwayNode) {
      this.terway.setEniConf(this.eniConf);
      this.terway.setNodeEniConf(this.nodeEniConf);
    } else {
      this.terway.setEniConf(this.eniConf, this.nodeEniConf);
    }
  }

  /** The running daemon's ENI pool (ENI modes), for samples and teardown. */
  get pool(): Manager | undefined {
    return this.terway instanceof TerwayNode ? this.terway.process?.manager : undefined;
  }

  get isLost(): boolean {
    return this.lost;
  }

  /**
   * The machine goes: no more CNI calls or daemon; the instance is released; the Node object and
   * its pods disappear. `lost` is a crash (pods were not drained); `released` is a decommission.
   */
  async lose(reason: 'lost' | 'released' = 'lost'): Promise<void> {
    if (this.lost) return;
    this.lost = true;
    this.deps.onGone?.(this);
    this.kubelet.stop();
    this.terway.stop();
    const { cloud, kernel, api } = this.deps;
    this.deps.publish({ type: 'node.gone', node: this.name, instance: this.instanceId, reason });
    cloud.emulator.world.call('ecs', 'DeleteInstance', {
      InstanceId: this.instanceId,
      Force: true,
    });
    for (const pod of api.listPodsOnNode(this.name)) {
      api.removePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    }
    api.deleteNode(this.name);
    for (const ns of [...this.podNetwork.namespaces].sort()) await kernel.netnsDel(ns);
    this.podNetwork.namespaces.clear();
    await kernel.netnsDel(this.hostNs);
  }

  private nodeObject(): V1Node {
    const { env, cloud, mode } = this.deps;
    const group = this.group;
    return {
      metadata: {
        name: this.name,
        labels: {
          'kubernetes.io/hostname': this.name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': group.instanceType,
          'topology.kubernetes.io/region': cloud.regionId,
          'topology.kubernetes.io/zone': group.zone,
          'node-group': group.name,
          ...(group.config === undefined ? {} : { 'terway-config': `eni-config-${group.name}` }),
          ...(mode === 'eni' ? { [exclusiveEniLabel]: 'eniOnly' } : {}),
          ...group.labels,
        },
        ...(group.annotations === undefined ? {} : { annotations: { ...group.annotations } }),
      },
      spec: { providerID: `${cloud.regionId}.${this.instanceId}` },
      status: {
        addresses: [
          { type: 'InternalIP', address: this.nodeIp },
          { type: 'Hostname', address: this.name },
        ],
        capacity: { pods: String(group.maxPods) },
        allocatable: { pods: String(group.maxPods) },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
            lastTransitionTime: dateAt(env.scheduler.wallMs()),
          },
        ],
      },
    };
  }

  private startTerway(): void {
    const { env, api } = this.deps;
    env.scheduler.spawn(`terway start ${this.name}`, async () => {
      const started = await this.terway.start();
      if (this.lost) return;
      if (started.ok) {
        this.failedStarts = 0;
        const facts = this.terway instanceof TerwayNode ? this.terway.facts : undefined;
        this.deps.publish({ type: 'terway.started', node: this.name,
          capacity: facts?.pool.capacity, maxEni: facts?.pool.maxEni });
        return;
      }
      // A second start or a crash during startup leaves nothing to restart; any other failure
      // is the container exiting, which kubelet restarts with back-off.
      if (started.error.kind !== 'startup-failed') return;
      const { message } = started.error;
      this.failedStarts++;
      const backoffMs = Math.min(crashLoopMaxMs, crashLoopBaseMs * 2 ** (this.failedStarts - 1));
      this.deps.publish({ type: 'terway.start.failed', node: this.name, error: message,
        retryInMs: backoffMs });
      api.recordEvent({ kind: 'Pod', namespace: 'kube-system', name: `terway-eniip-${this.name}`,
        type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container ' +
          `terway in pod terway-eniip-${this.name}: ${message}`, source: 'kubelet' });
      env.scheduler.after(backoffMs, () => {
        if (!this.lost && !this.terway.running) this.startTerway();
      });
    });
  }
}
