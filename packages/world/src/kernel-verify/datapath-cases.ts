// `terway-sim kernel verify` cases for Terway's datapaths: for each one, a node shaped like the
// reference example, Terway's CNI ADD for one pod, a CHECK after the pod link was taken down and
// given a wrong MTU, and DEL, observed after each call on the model and on the real kernel. The
// datapaths a kernel cannot build (no ipvlan, vlan, tbf, tc actions) are skipped as
// "unsupported by this kernel", never passed silently.

import { release } from 'node:os';
import { canonicalJson, type JsonValue } from '@terway-sim/sim-base';
import {
  observe, observeWithTexts, type KernelMachine, type Observation, type VerifyCase,
} from '@terway-sim/kernel-shim';
import type { NetConf } from '@terway-sim/terway-core';
import { eniipNetConf, trunkMemberNetConf, vpcRouteNetConf } from './netconfs.js';
import { unsupported, type CaseOptions, type Needs } from './observe.js';
import {
  buildNode, cniConfigOf, freshNamespace, must, NodeCni, removeNamespaces, type PodSpec,
} from './world.js';

const node = {
  ns: 'n1', nodeIp: '10.0.0.10', nodeMac: '00:16:3e:00:0a:01', eniMac: '00:16:3e:00:0b:01',
};
const podNs = 'p1';

interface DatapathCase {
  readonly name: string;
  readonly needs: Needs;
  readonly config: Record<string, unknown>;
  readonly ipType: PodSpec['ipType'];
  readonly netConf: NetConf;
  readonly ipv6?: boolean;
}

const cases: readonly DatapathCase[] = [
  {
    name: 'PolicyRoute (veth, ENI multi-IP)', needs: { linkKinds: ['veth'] }, config: {},
    ipType: 'TypeENIMultiIP', netConf: eniipNetConf('10.0.1.20', node.eniMac),
  },
  {
    name: 'PolicyRoute with tc bandwidth (tbf on both veth ends)', needs: {
      linkKinds: ['veth'], qdiscKinds: ['tbf'],
    }, config: {},
    ipType: 'TypeENIMultiIP', netConf: eniipNetConf(
      '10.0.1.20', node.eniMac, { ingress: 1_250_000, egress: 12_500_000 },
    ),
  },
  {
    name: 'PolicyRoute dual stack', needs: { linkKinds: ['veth'], ipv6: true }, config: {},
    ipType: 'TypeENIMultiIP', ipv6: true,
    netConf: eniipNetConf('10.0.1.20', node.eniMac, { ipv6: '2408:4001::14' }),
  },
  {
    name: 'PolicyRoute trunk member (tc vlan push/pop on the trunk ENI)', needs: {
      linkKinds: ['veth'], qdiscKinds: ['clsact'], tcActions: ['vlan'],
    },
    config: {}, ipType: 'TypeENIMultiIP', netConf: trunkMemberNetConf('10.0.5.7', node.eniMac, 3),
  },
  {
    name: 'PolicyRoute trunk member dual stack (IPv6 VLAN push/pop too)', needs: {
      linkKinds: ['veth'], qdiscKinds: ['clsact'], tcActions: ['vlan'], ipv6: true,
    },
    config: {}, ipType: 'TypeENIMultiIP', ipv6: true,
    netConf: trunkMemberNetConf('10.0.5.7', node.eniMac, 3, { ipv6: '2408:4001:5::7' }),
  },
  {
    name: 'IPVlan (eniip_virtual_type ipvlan)', needs: {
      linkKinds: ['ipvlan'], qdiscKinds: ['clsact'], tcActions: ['tunnel_key', 'skbedit', 'mirred'],
    },
    config: { eniip_virtual_type: 'ipvlan' }, ipType: 'TypeENIMultiIP', netConf: eniipNetConf(
      '10.0.1.20', node.eniMac,
    ),
  },
  {
    name: 'ExclusiveENI with the veth1 host peer', needs: { linkKinds: ['veth'] }, config: {},
    ipType: 'TypeVPCENI', netConf: eniipNetConf('10.0.1.20', node.eniMac),
  },
  {
    name: 'Vlan (trunk member, vlan_strip_type vlan)', needs: { linkKinds: ['vlan'] }, config: {
      vlan_strip_type: 'vlan'
    },
    ipType: 'TypeENIMultiIP', netConf: trunkMemberNetConf('10.0.5.7', node.eniMac, 3),
  },
  {
    name: 'VPCRoute (removed VPC-route mode, host-local IPAM)', needs: { linkKinds: ['veth'] },
    config: {}, ipType: 'TypeVPCIP', netConf: vpcRouteNetConf('172.20.1.0/24'),
  },
];

/** One CNI outcome as comparable text. */
export function outcomeText(outcome: unknown, events: readonly string[]): string {
  return canonicalJson({
    outcome: JSON.parse(JSON.stringify(outcome ?? null)) as JsonValue, events: [...events],
  });
}

async function addV6Node(kernel: KernelMachine): Promise<void> {
  const eth0 = must(await kernel.linkGet(node.ns, 'eth0'), 'eth0');
  must(
    await kernel.addrAdd(node.ns, { linkIndex: eth0.index, cidr: '2408:4000::10/64' }),
    'node v6 address',
  );
  must(
    await kernel.routeAdd(node.ns, { dst: '::/0', gateway: '2408:4000::fffd', oif: eth0.index }),
    'node v6 default route',
  );
}

async function runCase(
  spec: DatapathCase, kernelRelease: string, kernel: KernelMachine,
): Promise<Observation[]> {
  const observations: Observation[] = [];
  const namespaces = [node.ns, podNs];
  try {
    await buildNode(kernel, node);
    if (spec.ipv6 === true) await addV6Node(kernel);
    await freshNamespace(kernel, podNs);
    const cni = new NodeCni(
      kernel, node.ns, cniConfigOf(spec.config),
      { seed: spec.name, kernelRelease },
    );
    const pod: PodSpec = {
      name: 'nginx', ns: podNs, ipType: spec.ipType, ipv6: spec.ipv6 ?? false,
      netConfs: [spec.netConf],
    };
    cni.assign(pod);
    // The iproute2 texts are compared after ADD (the datapath Terway built) and after DEL.
    const record = async (label: string, outcome: unknown, texts = false): Promise<void> => {
      const seen = texts ? await observeWithTexts(kernel, namespaces)
        : { state: await observe(kernel, namespaces) };
      observations.push({ label, outcome: outcomeText(outcome, cni.backend.events), ...seen });
    };
    await record('CNI ADD', await cni.call((c) => c.add(cni.invocation(pod))), true);
    const eth0 = await kernel.linkGet(podNs, 'eth0');
    if (eth0.ok) {
      await kernel.linkSetDown(podNs, eth0.value.index);
      await kernel.linkSetMtu(podNs, eth0.value.index, 1400);
    }
    await record(
      'CNI CHECK after pod eth0 down, MTU 1400',
      await cni.call((c) => c.check(cni.invocation(pod))),
    );
    await record('CNI DEL', await cni.call((c) => c.del(cni.invocation(pod))), true);
  } finally {
    await removeNamespaces(kernel, namespaces);
  }
  return observations;
}

/** The ADD/CHECK/DEL case of every datapath. */
export function datapathCases(options: CaseOptions = {}): VerifyCase[] {
  const kernelRelease = options.kernelRelease ?? release();
  return cases.map((spec) => ({
    name: `datapath ${spec.name}: ADD, CHECK, DEL`,
    skipReason: (capabilities) => unsupported(spec.needs, capabilities),
    run: (kernel) => runCase(spec, kernelRelease, kernel),
  }));
}
