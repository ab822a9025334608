// A controlplane for the controller tests: the controlplane's own runtime (createRuntime, as
// Controlplane.create builds it) over the cloud rig's emulator, with the fake Kubernetes API and
// the fake CRD store, so a test can call one controller's reconcile and read what it stored.
// Nodes get the labels and providerID the node info needs; the eni-config names the rig's
// vSwitches and security group. `addEni` makes an ENI and its CR as the pod controller does.

import { Context } from '@terway-sim/sim-base';
import { backoffKeys } from '../../src/backoff/named.js';
import { networkInterfaceCrOf } from '../../src/controlplane/network-interface-ops.js';
import { createRuntime, type Runtime } from '../../src/controlplane/runtime.js';
import type { NodeObject } from '../../src/ports/kube.js';
import { FakeCrd } from '../../src/testing/fake-crd.js';
import { FakeKube } from '../../src/testing/fake-kube.js';
import { configOf } from '../config/fixtures.js';
import {
  cloudRig, runTask, type CloudRig, type RigVSwitch,
} from '../emulator/cloud-rig.js';

export interface ControlplaneRig {
  readonly cloud: CloudRig;
  readonly kube: FakeKube;
  readonly crd: FakeCrd;
  readonly runtime: Runtime;
  /** Runs `work` on the sim clock until nothing is left to do. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** A real ENI (in vsw-a) with its NetworkInterface CR owned by `pod`, as the pod controller
   *  leaves it; the ENI's id. */
  addEni(pod: string): Promise<string>;
  /** A node in the rig's first zone, labelled as a cluster node is. */
  addNode(name: string, labels?: { readonly [key: string]: string }): NodeObject;
}

/** The rig's vSwitches: two in the first zone, one in the second. */
const rigVSwitches: readonly RigVSwitch[] = [
  { name: 'vsw-a', zone: 0, cidr: '192.168.0.0/24' },
  { name: 'vsw-b', zone: 0, cidr: '192.168.1.0/24' },
  { name: 'vsw-c', zone: 1, cidr: '192.168.2.0/24' },
];

export function controlplaneRig(options: { readonly enableTrunk?: boolean;
  readonly ipamType?: string } = {}): ControlplaneRig {
  const cloud = cloudRig({ vSwitches: rigVSwitches });
  const kube = new FakeKube(cloud.env.scheduler);
  const crd = new FakeCrd(cloud.env.scheduler);
  const eniConfig = configOf({ version: '1', vswitches: {
    [cloud.zones[0]!]: [cloud.vSwitch('vsw-a')] }, security_group: cloud.securityGroupId });
  const made = createRuntime({ scheduler: cloud.env.scheduler, rng: cloud.env.rng,
    log: cloud.env.log, kube, crd, openApi: cloud.openApi }, {
    clusterId: 'c-test', regionId: cloud.regionId, vpcId: cloud.vpcId, eniConfig,
    enableTrunk: options.enableTrunk ?? false, ipamType: options.ipamType });
  if (!made.ok) throw new Error(made.error.message);
  return {
    cloud, kube, crd, runtime: made.value,
    run: (work) => runTask(cloud.env, work),
    async addEni(pod) {
      const runtime = made.value;
      const created = await runTask(cloud.env, () => runtime.ecs.createNetworkInterface(
        Context.background(cloud.env.scheduler), { vSwitchId: cloud.vSwitch('vsw-a'),
          securityGroupIds: [cloud.securityGroupId], resourceGroupId: '', ipCount: 1,
          ipv6Count: 0, tags: {}, deleteOnRelease: true, sourceDestCheck: false,
          backoff: runtime.backoffs.get(backoffKeys.eniCreate) }));
      if (!created.ok) throw new Error(created.error.message);
      const stored = await crd.create('NetworkInterface', networkInterfaceCrOf(created.value,
        { namespace: 'default', name: pod }));
      if (!stored.ok) throw new Error(stored.error.message);
      return created.value.networkInterfaceId;
    },
    addNode(name, labels = {}) {
      const node: NodeObject = { metadata: { name, annotations: {}, labels: {
        'topology.kubernetes.io/region': cloud.regionId,
        'topology.kubernetes.io/zone': cloud.zones[0]!,
        'node.kubernetes.io/instance-type': 'ecs.g7.xlarge', ...labels } },
      spec: { providerID: `${cloud.regionId}.${cloud.instanceId}` }, status: {} };
      kube.nodes.set(name, node);
      return node;
    },
  };
}
