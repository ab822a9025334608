// A small cluster for the network-mode integration tests: the real cloud emulator (test world),
// the API server with scheduler, kubelets and Terway's CNI plugin on the kernel model, the ENI
// hotplug, the VPC fabric for traces, Terway's CRs in CustomResources — and per mode:
//   trunk / eni: TerwayNode daemons with the CRD port, plus terway-controlplane (webhook,
//     controllers);
//   vpc: VpcRouteNode daemons, node IPAM and the route controller.
// It is what the scenario runner has to wire for these modes (see the h7 report), reduced to what
// the tests need.

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { CloudEmulatorOptions } from '@terway-sim/cloud-emulator';
import { buildTestWorld, type TestWorld } from '@terway-sim/cloud-emulator/testing';
import { ModelKernel } from '@terway-sim/kernel-shim';
import { Context, dateAt, err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import {
  Controlplane, CniFileLock, HostLocalIpam, NodeIpam, NodeStorage, RouteController, TerwayCni,
  TerwayNode, VpcRouteNode, createRuntime, decodeEniConf, parseCniConf, type CniConfig,
  type JsonObject, type TerwayBackend, type TerwayConfig,
} from '@terway-sim/terway-core';
import { ApiServer, KubeScheduler, Kubelet } from '@terway-sim/kube-sim';
import { CustomResources } from '../../src/kube/custom-resources.js';
import { wireEniHotplug } from '../../src/node/eni-hotplug.js';
import { CloudFabric } from '../../src/cloud/fabric.js';
import { ApiServerKubePort } from '../../src/kube/kube-port.js';
import { TerwayPodNetwork } from '../../src/node/terway-pod-network.js';

export type HarnessMode = 'trunk' | 'eni' | 'vpc';

export interface HarnessOptions {
  readonly mode: HarnessMode;
  readonly seed?: number;
  readonly instanceType?: string;
  readonly nodes?: number;
  readonly eniConf?: JsonObject;
  readonly cni?: Record<string, unknown>;
  readonly cloud?: CloudEmulatorOptions;
  readonly clusterCidr?: string;
  readonly nodeCidrMaskSize?: number;
  /** Nodes registered without kubelet/Terway (VPC quota test): just instance + Node object. */
  readonly bareNodes?: number;
}

export interface HarnessNode {
  readonly name: string;
  readonly instanceId: string;
  readonly hostNs: string;
  readonly daemon: TerwayNode | VpcRouteNode;
  readonly kubelet: Kubelet | undefined;
  readonly podNetwork: TerwayPodNetwork | undefined;
}

export interface Harness {
  readonly env: SimEnv;
  readonly world: TestWorld;
  readonly api: ApiServer;
  readonly crd: CustomResources;
  readonly kernel: ModelKernel;
  readonly fabric: CloudFabric;
  readonly kube: ApiServerKubePort;
  readonly controlplane: Controlplane | undefined;
  readonly routes: RouteController | undefined;
  readonly ipam: NodeIpam | undefined;
  readonly nodes: HarnessNode[];
  run(forMs: number): Promise<void>;
  createPod(pod: { name: string; node?: string; annotations?: Record<string, string>;
    labels?: Record<string, string>; owner?: { kind: string; name: string } }): V1Pod | undefined;
  deletePod(name: string): void;
  /** Launches one more instance and registers it as a full node; returns its name. */
  addNode(): Promise<string>;
  /** The kernel-model namespace holding a pod address (the pod's netns). */
  podNamespace(ip: string): Promise<string | undefined>;
}

const clusterId = 'c-sim';

function cniConfig(extra: Record<string, unknown>): CniConfig {
  const parsed = parseCniConf(JSON.stringify({ cniVersion: '0.4.0', name: 'terway',
    type: 'terway', ...extra }));
  if (!parsed.ok) throw new Error(parsed.error.map((issue) => issue.message).join('; '));
  return parsed.value;
}

function nodeObject(world: TestWorld, name: string, instanceId: string, nodeIp: string,
  labels: Record<string, string>, atMs: number): V1Node {
  const zone = world.cloud.view().instance(instanceId)!.zoneId;
  const type = world.cloud.view().instance(instanceId)!.instanceType;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone,
      'topology.kubernetes.io/region': world.regionId, 'node.kubernetes.io/instance-type': type,
      ...labels } },
    spec: { providerID: `${world.regionId}.${instanceId}` },
    status: { addresses: [{ type: 'InternalIP', address: nodeIp }],
      capacity: { pods: '110' }, allocatable: { pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: dateAt(atMs) }] },
  };
}

async function setUpHost(kernel: ModelKernel, world: TestWorld, hostNs: string,
  instanceId: string): Promise<string> {
  const view = world.cloud.view();
  const primary = view.eni(view.instance(instanceId)!.primaryEniId)!;
  const usage = view.vSwitches(world.regionId).find((entry) =>
    entry.vSwitch.id === primary.vSwitchId)!;
  const nodeIp = primary.ipv4[0]!.ip;
  const prefix = usage.vSwitch.cidrBlock.split('/')[1];
  await kernel.netnsAdd(hostNs);
  await kernel.linkSetUp(hostNs, 'lo');
  await kernel.deviceAttach(hostNs, { name: 'eth0', mac: primary.mac, segment: primary.vSwitchId });
  await kernel.linkSetUp(hostNs, 'eth0');
  await kernel.addrAdd(hostNs, { linkIndex: 2, cidr: `${nodeIp}/${prefix}` });
  await kernel.routeAdd(hostNs, { dst: '0.0.0.0/0', gateway: usage.gateway, oif: 2 });
  return nodeIp;
}

/** Instances in the first vSwitch, in batches of 100 (RunInstances' Amount limit). */
function launch(world: TestWorld, instanceType: string | undefined, count: number): string[] {
  const ids: string[] = [];
  while (ids.length < count) {
    const launched = world.cloud.world.runInstances({ instanceType: instanceType ??
      'ecs.g7.xlarge', vSwitchId: world.vSwitchIds[0]!, securityGroupIds: [world.securityGroupId],
    amount: Math.min(100, count - ids.length) });
    if (!launched.ok) throw new Error(`${launched.error.code}: ${launched.error.message}`);
    ids.push(...launched.value);
  }
  return ids;
}

export function eniConfOf(world: TestWorld, extra: JsonObject = {}): JsonObject {
  const zones = world.cloud.state.regions[world.regionId]!.zones;
  return { vswitches: { [zones[0]!]: [world.vSwitchIds[0]!] },
    security_groups: [world.securityGroupId], service_cidr: '172.16.0.0/16', ...extra };
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const count = options.nodes ?? 1;
  const bare = options.bareNodes ?? 0;
  const world = buildTestWorld({ seed: options.seed ?? 11, instances: 0,
    instanceType: options.instanceType ?? 'ecs.g7.xlarge', cloud: { latency: 'realistic',
      ...options.cloud }, vSwitchCidrs: ['192.168.0.0/18', '192.168.64.0/18'] });
  const { env } = world;
  const instanceIds = launch(world, options.instanceType, count + bare);
  const api = new ApiServer(env);
  new KubeScheduler(env, api);
  const crd = new CustomResources(env);
  const kernel = new ModelKernel({ rng: env.rng });
  const fabric = new CloudFabric(world.cloud, world.vpcId, world.routeTableId);
  const kube = new ApiServerKubePort(api);
  const eniConf = eniConfOf(world, options.eniConf);
  const byInstance = new Map<string, { hostNs: string }>();
  wireEniHotplug({ env, cloud: world.cloud, kernel, nodeByInstance: (id) => byInstance.get(id) });
  const openApi = world.cloud.client({ regionId: world.regionId });
  const root = Context.background(env.scheduler);
  let controlplane: Controlplane | undefined;
  let routes: RouteController | undefined;
  let ipam: NodeIpam | undefined;
  if (options.mode === 'vpc') {
    ({ routes, ipam } = vpcControllers(env, api, kube, world, options, root));
  } else {
    const made = Controlplane.create({ scheduler: env.scheduler, rng: env.rng, log: env.log, kube,
      crd, openApi, cluster: api }, { clusterId, regionId: world.regionId, vpcId: world.vpcId,
      eniConfig: decodeEniConfOrThrow(eniConf), enableTrunk: options.mode === 'trunk' });
    if (!made.ok) throw new Error(made.error.message);
    controlplane = made.value;
    api.addPodAdmission((pod) => controlplane!.webhook(pod));
    controlplane.start(root);
  }
  const nodes: HarnessNode[] = [];
  const harness: Harness = {
    env, world, api, crd, kernel, fabric, kube, controlplane, routes, ipam, nodes,
    run: async (forMs) => {
      await env.scheduler.run({ untilMs: env.scheduler.nowMs() + forMs });
    },
    createPod: (spec) => api.createPod({
      metadata: { name: spec.name, namespace: 'default', labels: spec.labels ?? {},
        annotations: spec.annotations ?? {}, ...(spec.owner === undefined ? {}
          : { ownerReferences: [{ apiVersion: 'apps/v1', kind: spec.owner.kind,
            name: spec.owner.name, uid: `uid-${spec.owner.name}` }] }) },
      spec: { containers: [{ name: 'main' }],
        ...(spec.node === undefined ? {} : { nodeSelector: { 'kubernetes.io/hostname':
          spec.node } }) },
    }),
    deletePod: (name) => api.deletePod(`default/${name}`),
    addNode: async () => {
      const added = await addNode(harness, { index: nodes.length, bare: false, options, eniConf,
        byInstance, instanceId: launch(world, options.instanceType, 1)[0]! });
      if (!added.ok) throw new Error(added.error);
      nodes.push(added.value);
      return added.value.name;
    },
    podNamespace: async (ip) => {
      const listed = await kernel.netnsList();
      for (const ns of listed.ok ? listed.value : []) {
        if (ns.startsWith('host-')) continue;
        const addrs = await kernel.addrList(ns);
        if (addrs.ok && addrs.value.some((addr) => addr.cidr.split('/')[0] === ip)) return ns;
      }
      return undefined;
    },
  };
  for (let index = 0; index < count + bare; index++) {
    const node = await addNode(harness, { index, bare: index >= count, options, eniConf,
      byInstance, instanceId: instanceIds[index]! });
    if (node.ok) nodes.push(node.value);
  }
  return harness;
}

function vpcControllers(env: SimEnv, api: ApiServer, kube: ApiServerKubePort, world: TestWorld,
  options: HarnessOptions, root: Context): { routes: RouteController; ipam: NodeIpam } {
  const made = createRuntime({ scheduler: env.scheduler, rng: env.rng, log: env.log, kube,
    crd: new CustomResources(env), openApi: world.cloud.client({ regionId: world.regionId }) },
  { clusterId, regionId: world.regionId, vpcId: world.vpcId,
    eniConfig: decodeEniConfOrThrow(eniConfOf(world)) });
  if (!made.ok) throw new Error(made.error.message);
  const runtime = made.value;
  const ipam = new NodeIpam({ scheduler: env.scheduler, kube, logger: runtime.logger, writer: {
    setNodePodCidr: (name, cidr) => {
      const updated = api.updateNode(name, (node) => ({ ...node, spec: { ...node.spec,
        podCIDR: cidr, podCIDRs: [cidr] } }));
      return Promise.resolve(updated === undefined ? err(`nodes "${name}" not found`)
        : ok(undefined));
    } } }, { clusterCidr: options.clusterCidr ?? '10.128.0.0/14',
    nodeCidrMaskSize: options.nodeCidrMaskSize ?? 24 });
  const routes = new RouteController({ scheduler: env.scheduler, random: env.rng.stream(
    'route-controller.backoff'), vpc: runtime.vpc, kube, logger: runtime.logger },
  { routeTableId: world.routeTableId, listNodes: () => api.listNodes()
    .map((node) => node.metadata!.name!) });
  api.watchNodes((type, node, previous) => {
    ipam.nodeEvent(type, node);
    routes.nodeEvent(type, node, previous);
  });
  routes.start(root);
  return { routes, ipam };
}

function decodeEniConfOrThrow(eniConf: JsonObject): TerwayConfig {
  const decoded = decodeEniConf(eniConf);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
  return decoded.value.config;
}

async function addNode(harness: Harness, spec: { index: number; bare: boolean;
  options: HarnessOptions; eniConf: JsonObject; byInstance: Map<string, { hostNs: string }>;
  instanceId?: string }):
  Promise<Result<HarnessNode, string>> {
  const { env, world, api, kernel, kube, crd } = harness;
  const name = `node-${spec.index}`;
  const hostNs = `host-${name}`;
  const instanceId = spec.instanceId!;
  const nodeIp = await setUpHost(kernel, world, hostNs, instanceId);
  spec.byInstance.set(instanceId, { hostNs });
  const labels = spec.options.mode === 'eni'
    ? { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' } : {};
  const storage = new NodeStorage();
  const daemon = spec.options.mode === 'vpc'
    ? new VpcRouteNode({ scheduler: env.scheduler, log: env.log, kube, storage },
      { nodeName: name, eniConf: spec.eniConf })
    : new TerwayNode({ scheduler: env.scheduler, rng: env.rng, log: env.log,
      openApi: world.cloud.client({ regionId: world.regionId }),
      metadata: world.cloud.metadata(instanceId), kube, storage, crd },
    { nodeName: name, eniConf: spec.eniConf });
  api.createNode(nodeObject(world, name, instanceId, nodeIp, labels, env.scheduler.wallMs()));
  if (spec.bare) return ok({ name, instanceId, hostNs, daemon, kubelet: undefined,
    podNetwork: undefined });
  const cni = new TerwayCni({ scheduler: env.scheduler, kernel, backend: daemon.backend as
    TerwayBackend, names: env.rng.stream(`${name}.cni.names`), hostLocal: new HostLocalIpam(),
  lock: new CniFileLock({ scheduler: env.scheduler }), log: env.log },
  { hostNs, kernelRelease: '5.10.134-16.al8.x86_64', nodeName: name });
  const podNetwork = new TerwayPodNetwork({ kernel, cni, config: cniConfig(spec.options.cni
    ?? {}) });
  const kubelet = new Kubelet({ env, api, network: podNetwork, nodeName: name });
  startDaemon(env, daemon, name);
  return ok({ name, instanceId, hostNs, daemon, kubelet, podNetwork });
}

/** The daemonset pod: restarts every 10 s until its start succeeds. */
function startDaemon(env: SimEnv, daemon: TerwayNode | VpcRouteNode, name: string): void {
  env.scheduler.spawn(`terway start ${name}`, async () => {
    const started = await daemon.start();
    env.log.record('test.terway.start', { node: name, ok: started.ok,
      error: started.ok ? undefined : started.error.message });
    if (!started.ok) env.scheduler.after(10_000, () => startDaemon(env, daemon, name));
  });
}
