// A small cluster for the network-mode integration tests, built as `terway-sim run` builds one:
// a World from a spec (one node group `node` in cn-hangzhou-i on ecs.g7.xlarge, two /18 pod
// vSwitches, one security group) plus the conveniences the tests use to act and look (create a
// pod, run the clock, find a pod's network namespace). Nothing here wires a component: every
// part is the World's own.

import type { V1Pod } from '@kubernetes/client-node';
import type { CloudEmulator } from '@terway-sim/cloud-emulator';
import type { ApiServer } from '@terway-sim/kube-sim';
import type { SimEnv } from '@terway-sim/sim-base';
import { parseCniConf, type JsonObject } from '@terway-sim/terway-core';
import { World, type NetworkMode, type WorldNode, type WorldSpec } from '../../src/index.js';

export interface ClusterOptions {
  readonly mode: Exclude<NetworkMode, 'eniip'> | 'eniip';
  readonly seed?: number;
  readonly instanceType?: string;
  readonly nodes?: number;
  /** eni_conf keys over the defaults (vSwitches, security group, service CIDR). */
  readonly eniConf?: JsonObject;
  /** CNI config keys over the chart's. */
  readonly cni?: Record<string, unknown>;
  readonly clusterCidr?: string;
  readonly nodeCidrMaskSize?: number;
  /** The eni-config ConfigMap's `disable_network_policy`. */
  readonly disableNetworkPolicy?: string;
}

export interface TestCluster {
  readonly world: World;
  readonly env: SimEnv;
  readonly api: ApiServer;
  readonly crd: World['crd'];
  readonly kernel: World['kernel'];
  readonly fabric: World['fabric'];
  readonly controlplane: World['controlplane'];
  readonly cloud: CloudEmulator;
  readonly regionId: string;
  readonly routeTableId: string;
  /** The minted ids of the two pod vSwitches and of the security group. */
  readonly vSwitchIds: readonly string[];
  readonly securityGroupId: string;
  /** Live nodes in creation order. */
  readonly nodes: readonly WorldNode[];
  run(forMs: number): Promise<void>;
  createPod(pod: { name: string; node?: string; annotations?: Record<string, string>;
    labels?: Record<string, string>; owner?: { kind: string; name: string } }): V1Pod | undefined;
  deletePod(name: string): void;
  /** Launches one more node of the group; returns its name. */
  addNode(): Promise<string>;
  /** The network namespace of the pod that holds `ip`. */
  podNamespace(ip: string): string | undefined;
}

const zone = 'cn-hangzhou-i';

function spec(options: ClusterOptions): WorldSpec {
  return {
    name: `modes-${options.mode}`,
    cloud: { region: 'cn-hangzhou', latency: 'realistic',
      vpc: { cidr: '192.168.0.0/16', routeEntryQuota: 200 },
      vSwitches: [{ id: 'vsw-pods-a', zone, cidr: '192.168.0.0/18' },
        { id: 'vsw-pods-b', zone, cidr: '192.168.64.0/18' }],
      securityGroups: [{ id: 'sg-default', type: 'normal' }], quotas: {}, rateLimits: {} },
    cluster: { mode: options.mode, podCidr: options.clusterCidr ?? '10.128.0.0/14',
      nodeCidrMaskSize: options.nodeCidrMaskSize ?? 24,
      nodeGroups: [{ name: 'node', count: options.nodes ?? 1, zone, labels: {}, maxPods: 110,
        instanceType: options.instanceType ?? 'ecs.g7.xlarge' }] },
  };
}

export async function createCluster(options: ClusterOptions): Promise<TestCluster> {
  const cni = parseCniConf(JSON.stringify({ cniVersion: '0.4.0', name: 'terway', type: 'terway',
    ...options.cni }));
  if (!cni.ok) throw new Error(cni.error.map((issue) => issue.message).join('; '));
  const eniConf: JsonObject = { vswitches: { [zone]: ['vsw-pods-a'] },
    security_groups: ['sg-default'], service_cidr: '172.16.0.0/16', ...options.eniConf };
  const built = await World.create(spec(options), { seed: String(options.seed ?? 11),
    eniConfig: { cni: cni.value, eniConf, disableNetworkPolicy: options.disableNetworkPolicy } });
  if (!built.ok) throw new Error(`${built.error.kind}: ${built.error.message}`);
  return testCluster(built.value);
}

function testCluster(world: World): TestCluster {
  const { api, cloud } = world;
  const group = world.spec.cluster.nodeGroups[0]!;
  return {
    world, env: world.env, api, crd: world.crd, kernel: world.kernel, fabric: world.fabric,
    controlplane: world.controlplane, cloud: cloud.emulator, regionId: cloud.regionId,
    routeTableId: cloud.routeTableId, vSwitchIds: cloud.vSwitches.map((vSwitch) => vSwitch.id),
    securityGroupId: cloud.securityGroupIds[0]!,
    get nodes() {
      return [...world.liveNodes().values()];
    },
    run: async (forMs) => {
      await world.runFor(forMs);
    },
    createPod: (pod) => api.createPod({
      metadata: { name: pod.name, namespace: 'default', labels: pod.labels ?? {},
        annotations: pod.annotations ?? {}, ...(pod.owner === undefined ? {}
          : { ownerReferences: [{ apiVersion: 'apps/v1', kind: pod.owner.kind,
            name: pod.owner.name, uid: `uid-${pod.owner.name}` }] }) },
      spec: { containers: [{ name: 'main' }], ...(pod.node === undefined ? {}
        : { nodeSelector: { 'kubernetes.io/hostname': pod.node } }) },
    }),
    deletePod: (name) => api.deletePod(`default/${name}`),
    addNode: async () => {
      const added = await world.addNode(group);
      if (!added.ok) throw new Error(added.error);
      return added.value.name;
    },
    podNamespace: (ip) => {
      const pod = api.listPods().find((candidate) => candidate.status?.podIP === ip);
      return pod === undefined ? undefined
        : world.podNamespace(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    },
  };
}
