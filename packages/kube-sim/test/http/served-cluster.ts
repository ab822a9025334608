// A small simulated cluster for the HTTP face's tests: two Ready nodes described as a real
// kubelet describes them, a Deployment, a StatefulSet, a ConfigMap, Terway's PodENI and
// NetworkInterface custom resources (their CRDs' printer columns as Terway's config/crds
// declares them), events (some repeated), all on a fake pod network, run to a fixed instant.

import type { V1ConfigMap, V1Deployment, V1Node } from '@kubernetes/client-node';
import { createSimEnv, dateAt, isoSeconds, type SimEnv } from '@terway-sim/sim-base';
import { ApiServer } from '../../src/api/api-server.js';
import { DeploymentController } from '../../src/controllers/deployment.js';
import { StatefulSetController } from '../../src/controllers/statefulset.js';
import { deploymentObject, statefulSetObject } from '../../src/controllers/workload-objects.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { KubeScheduler } from '../../src/scheduler/kube-scheduler.js';
import type { ResourceInfo } from '../../src/store/resources.js';
import { FakePodNetwork } from '../../src/testing/fake-pod-network.js';

const group = 'network.alibabacloud.com';

/** Terway's CRDs as a test installs them (world installs the real ones). */
export const testCrds: readonly ResourceInfo[] = [
  { id: `${group}/podenis`, group, version: 'v1beta1', kind: 'PodENI', plural: 'podenis',
    singular: 'podeni', shortNames: [], namespaced: true, fields: {}, timestamps: 'rfc3339',
    uidSpace: 'crd' },
  { id: `${group}/networkinterfaces`, group, version: 'v1beta1', kind: 'NetworkInterface',
    plural: 'networkinterfaces', singular: 'networkinterface', shortNames: [], namespaced: false,
    fields: {}, timestamps: 'rfc3339', uidSpace: 'crd', printerColumns: [
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'InstanceID', type: 'string', jsonPath: '.status.instanceID' },
      { name: 'TrunkENIID', type: 'string', jsonPath: '.status.trunkENIID' },
      { name: 'NodeName', type: 'string', jsonPath: '.status.nodeName' },
      { name: 'PodNamespace', type: 'string', jsonPath: '.spec.podENIRef.namespace' },
      { name: 'PodName', type: 'string', jsonPath: '.spec.podENIRef.name' },
      { name: 'Type', type: 'string', jsonPath: '.status.eniInfo.type' },
    ] },
];

const template = { nodeSelector: {}, labels: {}, annotations: {}, resources: {} };

export function nodeObject(name: string, ip: string, env: SimEnv): V1Node {
  const at = dateAt(env.scheduler.wallMs());
  const condition = (type: string, status: string, reason: string, message: string) =>
    ({ type, status, reason, message, lastHeartbeatTime: at, lastTransitionTime: at });
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'ecs.g7.xlarge',
      'topology.kubernetes.io/zone': 'cn-hangzhou-h' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0',
      'k8s.aliyun.com/allocated-eniips': JSON.stringify(Array.from({ length: 6 },
        (_, i) => ({ eni: `eni-bp1${i}`, ips: [`10.0.0.${i + 10}`, `10.0.0.${i + 20}`] }))) } },
    spec: { providerID: `cn-hangzhou.i-${name}` },
    status: {
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
      capacity: { cpu: '4', memory: '15742208Ki', pods: '64' },
      allocatable: { cpu: '3900m', memory: '12957952Ki', pods: '64' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      nodeInfo: { machineID: '', systemUUID: '', bootID: '',
        kernelVersion: '5.10.134-18.al8.x86_64',
        osImage: 'Alibaba Cloud Linux 3', containerRuntimeVersion: 'containerd://1.6.28',
        kubeletVersion: 'v1.32.4', kubeProxyVersion: 'v1.32.4', operatingSystem: 'linux',
        architecture: 'amd64' },
    },
  };
}

/**
 * The cluster, run for `minutes` of sim time. `epochMs` anchors sim time 0 to a wall-clock
 * instant (a test that compares with kubectl's own clock anchors it to now).
 */
export async function servedCluster(minutes = 6, epochMs?: number) {
  const env = createSimEnv({ seed: 3, ...(epochMs === undefined ? {} : { epochMs }) });
  const api = new ApiServer(env, { resources: testCrds });
  const network = new FakePodNetwork(env.scheduler, { latencyMs: 400, capacityPerNode: 50 });
  new KubeScheduler(env, api);
  new DeploymentController(env, api);
  new StatefulSetController(env, api);
  for (const [index, ip] of ['192.168.0.10', '192.168.0.11'].entries()) {
    api.createNode(nodeObject(`node-${index}`, ip, env));
    new Kubelet({ env, api, network, nodeName: `node-${index}` });
  }
  await env.scheduler.run({ untilMs: 30_000 });
  api.store.create('apps/deployments',
    deploymentObject({ namespace: 'default', name: 'web', replicas: 3, template }));
  api.store.create('apps/statefulsets',
    statefulSetObject({ namespace: 'default', name: 'db', replicas: 2, template }));
  api.store.create<V1ConfigMap>('configmaps', { metadata: { namespace: 'kube-system',
    name: 'eni-config' }, data: { eni_conf: '{\n  "version": "1",\n  "max_pool_size": 5\n}\n',
    '10-terway.conf': '{"cniVersion":"0.4.0","name":"terway","type":"terway"}' } });
  await env.scheduler.run({ untilMs: 90_000 });
  api.store.create(`${group}/podenis`, { apiVersion: `${group}/v1beta1`, kind: 'PodENI',
    metadata: { namespace: 'default', name: 'db-0' },
    spec: { allocations: [{ eni: { id: 'eni-bp1' } }] }, status: { phase: 'Bind' } });
  api.store.create(`${group}/networkinterfaces`, { apiVersion: `${group}/v1beta1`,
    kind: 'NetworkInterface', metadata: { name: 'eni-bp1' },
    spec: { podENIRef: { namespace: 'default', name: 'db-0' } },
    status: { phase: 'Bind', instanceID: 'i-node-0', nodeName: 'node-0',
      eniInfo: { type: 'Member' } } });
  api.recordEvent({ kind: 'Pod', namespace: 'default', name: 'db-0', type: 'Warning',
    reason: 'FailedCreatePodSandBox', source: 'kubelet', message: 'Failed to create pod ' +
    'sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f2a": ' +
    'plugin type="terway" name="terway" failed (add): error get ip from terway, ' +
    'InvalidVSwitchId.IpNotEnough: the vSwitch has no IP left, isn\'t it "full"?' });
  for (let i = 0; i < 5; i++) {
    api.recordEvent({ kind: 'Node', namespace: '', name: 'node-1', type: 'Warning',
      reason: 'SufficientIP', message: 'node has no IPs left in vSwitch vsw-1',
      source: 'terway-daemon' });
    await env.scheduler.run({ untilMs: env.scheduler.nowMs() + 40_000 });
  }
  await env.scheduler.run({ untilMs: minutes * 60_000 });
  return { env, api, at: isoSeconds(env.scheduler.wallMs()) };
}

/** Scales the `web` Deployment to `replicas`, runs 10 s, and names the first pod that is new. */
export async function scaleWebUp(cluster: Awaited<ReturnType<typeof servedCluster>>,
  replicas: number): Promise<{ added: string; before: ReadonlySet<string | undefined> }> {
  const before = new Set(cluster.api.listPods().map((pod) => pod.metadata?.name));
  cluster.api.store.patch<V1Deployment>('apps/deployments', 'default/web', (draft) => {
    draft.spec!.replicas = replicas;
  });
  await cluster.env.scheduler.run({ untilMs: cluster.env.scheduler.nowMs() + 10_000 });
  const added = cluster.api.listPods().map((pod) => pod.metadata!.name!)
    .find((name) => !before.has(name))!;
  return { added, before };
}
