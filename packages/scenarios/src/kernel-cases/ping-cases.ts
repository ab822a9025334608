// Real packets (UDP echo, see echo.ts) through Terway's veth-based datapaths across two nodes:
// PolicyRoute (pod → pod on
// the other node through the vSwitch router, pod → both node IPs), ExclusiveENI (pod → pod, and
// pod → its own node through the veth1 side path) and VPCRoute (pod → pod through the VPC route
// entries of both nodes' podCIDRs). Each case observes the state after the ADDs, each probe's
// outcome, and the state after the DELs. Named "pings" for what they prove: two-way reachability.

import type { KernelMachine } from '@terway-sim/kernel-shim';
import type { IpType, NetConf } from '@terway-sim/terway-core';
import { eniipNetConf, vpcRouteNetConf } from './netconfs.js';
import { unsupported, type CaseObservation, type CaseOptions, type KernelCase } from './observe.js';
import { udpEcho } from './echo.js';
import { outcomeText } from './datapath-cases.js';
import {
  buildNode, buildVpcRouter, cniConfigOf, freshNamespace, must, NodeCni, type NodeSpec,
  type PodSpec,
} from './world.js';

const nodes: readonly NodeSpec[] = [
  { ns: 'n1', nodeIp: '10.0.0.10', nodeMac: '00:16:3e:00:0a:01', eniMac: '00:16:3e:00:0b:01' },
  { ns: 'n2', nodeIp: '10.0.0.11', nodeMac: '00:16:3e:00:0a:02', eniMac: '00:16:3e:00:0b:02' },
];

interface PingCase {
  readonly name: string;
  readonly ipType: IpType;
  readonly netConf: (index: number) => NetConf;
  /** The pods' addresses as the pings use them. */
  readonly podIps: readonly [string, string];
  /** Who holds each pod IP in the VPC: the node ENI (ENIIP/exclusive), or nobody (VPC routes). */
  readonly vpcOwners: boolean;
  /** VPC route entries: podCIDR → node IP. */
  readonly vpcRoutes?: ReadonlyArray<readonly [string, string]>;
  /** [source pod index, destination namespace, destination IP]. */
  readonly pings: ReadonlyArray<readonly [number, string, string]>;
}

const cases: readonly PingCase[] = [
  {
    name: 'PolicyRoute', ipType: 'TypeENIMultiIP', netConf: (i) => eniipNetConf(
      `10.0.1.${20 + i}`, nodes[i]?.eniMac ?? '',
    ),
    podIps: ['10.0.1.20', '10.0.1.21'], vpcOwners: true,
    pings: [
      [0, 'p2', '10.0.1.21'], [1, 'p1', '10.0.1.20'], [0, 'n1', '10.0.0.10'],
      [0, 'n2', '10.0.0.11'],
    ],
  },
  {
    name: 'ExclusiveENI', ipType: 'TypeVPCENI', netConf: (i) => eniipNetConf(
      `10.0.1.${20 + i}`, nodes[i]?.eniMac ?? '',
    ),
    podIps: ['10.0.1.20', '10.0.1.21'], vpcOwners: true,
    pings: [[0, 'p2', '10.0.1.21'], [0, 'n1', '10.0.0.10']],
  },
  {
    name: 'VPCRoute', ipType: 'TypeVPCIP', netConf: (i) => vpcRouteNetConf(`172.20.${i + 1}.0/24`),
    podIps: ['172.20.1.2', '172.20.2.2'], vpcOwners: false, vpcRoutes: [
      ['172.20.1.0/24', '10.0.0.10'], ['172.20.2.0/24', '10.0.0.11'],
    ],
    pings: [[0, 'p2', '172.20.2.2'], [1, 'p1', '172.20.1.2'], [0, 'n2', '10.0.0.11']],
  },
];

async function buildWorld(kernel: KernelMachine, spec: PingCase): Promise<void> {
  for (const n of nodes) await buildNode(kernel, n);
  const owners = spec.vpcOwners ? spec.podIps.map(
    (ip, i) => ({ ip, eniMac: nodes[i]?.eniMac ?? '' })
  ) : [];
  await buildVpcRouter(kernel, owners);
  const gwnode = must(await kernel.linkGet('vpc', 'gwnode'), 'gwnode');
  for (const [cidr, via] of spec.vpcRoutes ?? []) must(
    await kernel.routeAdd('vpc', { dst: cidr, gateway: via, oif: gwnode.index }),
    `VPC route ${cidr}`,
  );
  for (const i of [0, 1]) await freshNamespace(kernel, `p${i + 1}`);
}

async function runCase<S>(
  spec: PingCase, options: CaseOptions<S>, kernel: KernelMachine,
): Promise<Array<CaseObservation<S>>> {
  const namespaces = ['n1', 'n2', 'p1', 'p2', 'vpc'];
  const observations: Array<CaseObservation<S>> = [];
  try {
    await buildWorld(kernel, spec);
    const clis = nodes.map(
      (n) => new NodeCni(
        kernel, n.ns, cniConfigOf({}),
        { seed: `${spec.name} ${n.ns}`, kernelRelease: options.kernelRelease },
      )
    );
    const pods: PodSpec[] = [0, 1].map(
      (i) => ({
        name: `pod${i + 1}`, ns: `p${i + 1}`, ipType: spec.ipType, netConfs: [spec.netConf(i)],
      })
    );
    const adds: unknown[] = [];
    for (const [i, cni] of clis.entries()) {
      const pod = pods[i]!;
      cni.assign(pod);
      adds.push(await cni.call((c) => c.add(cni.invocation(pod))));
    }
    observations.push({
      label: 'CNI ADD on both nodes', outcome: outcomeText(adds, []),
      state: await options.observe(kernel, namespaces),
    });
    for (const [from, toNs, dst] of spec.pings) {
      observations.push({
        label: `udp echo from p${from + 1} to ${dst} (${toNs})`,
        outcome: await udpEcho(kernel, `p${from + 1}`, toNs, dst), state: {},
      });
    }
    const dels: unknown[] = [];
    for (const [i, cni] of clis.entries()) dels.push(
      await cni.call((c) => c.del(cni.invocation(pods[i]!)))
    );
    observations.push({
      label: 'CNI DEL on both nodes', outcome: outcomeText(dels, []),
      state: await options.observe(kernel, ['n1', 'n2', 'p1', 'p2']),
    });
  } finally {
    const listed = await kernel.netnsList();
    for (
      const ns of listed.ok ? listed.value : []
    ) if (namespaces.includes(ns)) await kernel.netnsDel(ns);
  }
  return observations;
}

/** Two-node ping cases of the veth-based datapaths (PolicyRoute, ExclusiveENI, VPCRoute). */
export function pingCases<S>(options: CaseOptions<S>): Array<KernelCase<S>> {
  return cases.map((spec) => ({
    name: `datapath ${spec.name}: pings between pods on two nodes`,
    skipReason: (capabilities) => unsupported({ linkKinds: ['veth'] }, capabilities),
    run: (kernel) => runCase(spec, options, kernel),
  }));
}
