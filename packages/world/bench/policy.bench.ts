// Trace throughput with NetworkPolicy: probes per second from pod to pod (TCP/80) through the
// kernel model, the policy hook at both ends and the VPC fabric, in a small ENIIP world (two
// nodes, 40 pods) with no policies and with 1,000 policies in the pods' namespace, where every
// pod is selected by one default deny and one allow of its own. The target is 10,000
// probes/s; the first probe after a change pays for the index build, which is included.
import type { NetworkPolicyObject } from '@terway-sim/kube-sim';
import { parseCniConf } from '@terway-sim/terway-core';
import { bestOfMs, type Bench, type BenchResult } from '../../../bench/harness.js';
import { World, type WorldSpec } from '../src/index.js';

const zone = 'cn-hangzhou-i';
const pods = 40;
const probes = 20_000;

const spec: WorldSpec = {
  name: 'policy-bench',
  cloud: { region: 'cn-hangzhou', latency: 'fast', vpc: { cidr: '192.168.0.0/16',
    routeEntryQuota: 200 }, vSwitches: [{ id: 'vsw-pods', zone, cidr: '192.168.0.0/18' }],
  securityGroups: [{ id: 'sg-default', type: 'normal' }], quotas: {}, rateLimits: {} },
  cluster: { mode: 'eniip', podCidr: '10.128.0.0/14', nodeCidrMaskSize: 24,
    nodeGroups: [{ name: 'node', count: 2, zone, labels: {}, maxPods: 110,
      instanceType: 'ecs.g7.xlarge' }] },
};

async function worldWithPods(): Promise<World> {
  const cni = parseCniConf(JSON.stringify({ cniVersion: '0.4.0', name: 'terway',
    type: 'terway', network_policy_provider: 'ebpf' }));
  if (!cni.ok) throw new Error('bad CNI config');
  const built = await World.create(spec, { seed: 'policy-bench', eniConfig: { cni: cni.value,
    eniConf: { vswitches: { [zone]: ['vsw-pods'] }, security_groups: ['sg-default'],
      service_cidr: '172.16.0.0/16', max_pool_size: 30, min_pool_size: 0 } } });
  if (!built.ok) throw new Error(built.error.message);
  const world = built.value;
  await world.runFor(60_000);
  for (let pod = 0; pod < pods; pod++) {
    world.api.createPod({ metadata: { name: `p${pod}`, namespace: 'default',
      labels: { app: `app-${pod}` } }, spec: { containers: [{ name: 'main' }] } });
  }
  await world.runFor(120_000);
  return world;
}

/** 1,000 policies: one default deny, then allows, `pods` of them selecting a pod each. */
function addPolicies(world: World, count: number): void {
  const create = (name: string, spec: NetworkPolicyObject['spec']): void => {
    const created = world.api.store.create<NetworkPolicyObject>(
      'networking.k8s.io/networkpolicies', { metadata: { namespace: 'default', name },
        ...(spec === undefined ? {} : { spec }) });
    if (!created.ok) throw new Error(created.error.message);
  };
  create('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  for (let index = 1; index < count; index++) {
    const app = `app-${index % (pods * 4)}`;
    create(`allow-${index}`, { podSelector: { matchLabels: { app } },
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }] }],
      egress: [{ to: [{ podSelector: {} }], ports: [{ port: 80 }] }] });
  }
}

function probePairs(world: World): Array<{ netns: string; ip: string }> {
  return world.api.listPods().map((pod) => ({
    netns: world.podNamespace(`default/${pod.metadata?.name ?? ''}`) ?? '',
    ip: pod.status?.podIP ?? '' })).filter((pod) => pod.netns !== '' && pod.ip !== '');
}

function probesPerSecond(world: World, policies: number): Promise<number> {
  const ends = probePairs(world);
  if (ends.length < 2) throw new Error('no pods to probe');
  let delivered = 0;
  return bestOfMs(3, () => {
    delivered = 0;
    for (let probe = 0; probe < probes; probe++) {
      const from = ends[probe % ends.length]!;
      const to = ends[(probe * 7 + 1) % ends.length]!;
      if (from === to) continue;
      if (world.trace(from.netns, to.ip, { protocol: 'tcp', port: 80 }).ok) delivered++;
    }
  }).then((ms) => {
    if (policies > 0 && delivered === 0) throw new Error('every probe dropped: bad policies');
    return (probes * 1000) / ms;
  });
}

export const benches: Bench[] = [{
  name: 'trace throughput with NetworkPolicy',
  async run(): Promise<BenchResult[]> {
    const world = await worldWithPods();
    const bare = await probesPerSecond(world, 0);
    addPolicies(world, 1000);
    const policed = await probesPerSecond(world, 1000);
    return [
      { name: 'trace pod→pod TCP/80, no policies', value: bare, unit: 'probes/s' },
      { name: 'trace pod→pod TCP/80, 1,000 policies', value: policed, unit: 'probes/s',
        target: '≥ 10,000 probes/s', met: policed >= 10_000,
        note: `${pods} pods on 2 nodes, Cilium semantics` },
    ];
  },
}];
