// Real packets through Terway's veth-based datapaths across two nodes: PolicyRoute (pod → pod on
// the other node through the vSwitch router, pod → both node IPs), ExclusiveENI (pod → pod, and
// pod → its own node through the veth1 side path) and VPCRoute (pod → pod through the VPC route
// entries of both nodes' podCIDRs). Each case observes the state after the ADDs, each UDP echo's
// outcome (echo.ts: real datagrams on Linux, the packet trace on the model), and the state after
// the DELs. Named "pings" for what they prove: two-way reachability.

import { release } from 'node:os';
import {
  observe, observeWithTexts, staticFabric, type FabricView, type KernelMachine, type Observation,
  type VerifyCase,
} from '@terway-sim/kernel-shim';
import type { IpType, NetConf } from '@terway-sim/terway-core';
import { outcomeText } from './datapath-cases.js';
import { udpEcho } from './echo.js';
import { eniipNetConf, vpcRouteNetConf } from './netconfs.js';
import { unsupported, type CaseOptions } from './observe.js';
import {
  buildNode, buildVpcRouter, cniConfigOf, freshNamespace, must, NodeCni, removeNamespaces,
  type NodeSpec, type PodSpec,
} from './world.js';

const nodes: readonly NodeSpec[] = [
  { ns: 'n1', nodeIp: '10.0.0.10', nodeMac: '00:16:3e:00:0a:01', eniMac: '00:16:3e:00:0b:01' },
  { ns: 'n2', nodeIp: '10.0.0.11', nodeMac: '00:16:3e:00:0a:02', eniMac: '00:16:3e:00:0b:02' },
];

interface PingCase {
  readonly name: string;
  readonly ipType: IpType;
  readonly netConf: (node: NodeSpec, index: number) => NetConf;
  /** The pods' addresses. */
  readonly podIps: readonly [string, string];
  /** Whether each pod IP is a secondary IP of its node's ENI (else VPC route entries carry it). */
  readonly eniOwnsPodIp: boolean;
  /** VPC route entries: podCIDR → node index. */
  readonly vpcRoutes?: ReadonlyArray<readonly [string, number]>;
  /** [source pod index, destination namespace, destination IP]. */
  readonly probes: ReadonlyArray<readonly [number, string, string]>;
}

const cases: readonly PingCase[] = [
  {
    name: 'PolicyRoute', ipType: 'TypeENIMultiIP', podIps: ['10.0.1.20', '10.0.1.21'],
    eniOwnsPodIp: true,
    netConf: (node, i) => eniipNetConf(`10.0.1.${20 + i}`, node.eniMac),
    probes: [
      [0, 'p2', '10.0.1.21'], [1, 'p1', '10.0.1.20'], [0, 'n1', '10.0.0.10'],
      [0, 'n2', '10.0.0.11'],
    ],
  },
  {
    name: 'ExclusiveENI', ipType: 'TypeVPCENI', podIps: ['10.0.1.20', '10.0.1.21'],
    eniOwnsPodIp: true,
    netConf: (node, i) => eniipNetConf(`10.0.1.${20 + i}`, node.eniMac),
    probes: [[0, 'p2', '10.0.1.21'], [0, 'n1', '10.0.0.10']],
  },
  {
    name: 'VPCRoute', ipType: 'TypeVPCIP', podIps: ['172.20.1.2', '172.20.2.2'],
    eniOwnsPodIp: false,
    netConf: (_node, i) => vpcRouteNetConf(`172.20.${i + 1}.0/24`),
    vpcRoutes: [['172.20.1.0/24', 0], ['172.20.2.0/24', 1]],
    probes: [[0, 'p2', '172.20.2.2'], [1, 'p1', '172.20.1.2'], [0, 'n2', '10.0.0.11']],
  },
];

/** What the VPC knows, for the model's trace: vSwitches, ENI addresses, route entries. */
function fabricOf(spec: PingCase): FabricView {
  return staticFabric({
    vSwitches: [
      { vSwitchId: 'vsw-node', cidr: '10.0.0.0/24', gatewayIp: '10.0.0.253' },
      { vSwitchId: 'vsw-pod', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.253' },
    ],
    enis: nodes.flatMap((node, i) => [
      { instanceId: `i-${node.ns}`, mac: node.nodeMac, ips: [node.nodeIp], primary: true },
      {
        instanceId: `i-${node.ns}`, mac: node.eniMac,
        ips: spec.eniOwnsPodIp ? [spec.podIps[i] ?? ''] : [],
      },
    ]),
    routeEntries: (spec.vpcRoutes ?? []).map(([cidr, i]) => (
      {
        destinationCidr: cidr, nextHopType: 'Instance' as const,
        nextHopId: `i-${nodes[i]?.ns ?? ''}`,
      })),
  });
}

async function buildWorld(kernel: KernelMachine, spec: PingCase): Promise<void> {
  for (const node of nodes) await buildNode(kernel, node);
  const owners = spec.eniOwnsPodIp ? spec.podIps.map(
    (ip, i) => ({ ip, eniMac: nodes[i]?.eniMac ?? '' })
  ) : [];
  await buildVpcRouter(kernel, owners);
  const gwnode = must(await kernel.linkGet('vpc', 'gwnode'), 'gwnode');
  for (const [cidr, i] of spec.vpcRoutes ?? []) {
    const via = nodes[i]?.nodeIp ?? '';
    must(
      await kernel.routeAdd('vpc', { dst: cidr, gateway: via, oif: gwnode.index }),
      `VPC route ${cidr}`,
    );
  }
  for (const i of [1, 2]) await freshNamespace(kernel, `p${i}`);
}

async function runCase(
  spec: PingCase, kernelRelease: string, kernel: KernelMachine,
): Promise<Observation[]> {
  const namespaces = ['n1', 'n2', 'p1', 'p2', 'vpc'];
  const observations: Observation[] = [];
  try {
    await buildWorld(kernel, spec);
    const clis = nodes.map(
      (node) => new NodeCni(
        kernel, node.ns, cniConfigOf({}), { seed: `${spec.name} ${node.ns}`, kernelRelease },
      )
    );
    const pods: PodSpec[] = nodes.map(
      (node, i) => ({
        name: `pod${i + 1}`, ns: `p${i + 1}`, ipType: spec.ipType,
        netConfs: [spec.netConf(node, i)],
      })
    );
    const adds: unknown[] = [];
    for (const [i, cni] of clis.entries()) {
      const pod = pods[i];
      if (pod === undefined) continue;
      cni.assign(pod);
      adds.push(await cni.call((c) => c.add(cni.invocation(pod))));
    }
    observations.push({
      label: 'CNI ADD on both nodes', outcome: outcomeText(adds, []),
      ...await observeWithTexts(kernel, namespaces),
    });
    const fabric = fabricOf(spec);
    for (const [from, to, dst] of spec.probes) {
      const outcome = await udpEcho(kernel, fabric, `p${from + 1}`, to, dst);
      observations.push({
        label: `udp echo from p${from + 1} to ${dst} (${to})`, outcome, state: {},
      });
    }
    const dels: unknown[] = [];
    for (const [i, cni] of clis.entries()) {
      const pod = pods[i];
      if (pod !== undefined) dels.push(await cni.call((c) => c.del(cni.invocation(pod))));
    }
    observations.push({
      label: 'CNI DEL on both nodes', outcome: outcomeText(dels, []),
      state: await observe(kernel, namespaces.slice(0, 4)),
    });
  } finally {
    await removeNamespaces(kernel, namespaces);
  }
  return observations;
}

/**
 * Two-node reachability cases of the veth-based datapaths (PolicyRoute, ExclusiveENI, VPCRoute).
 */
export function pingCases(options: CaseOptions = {}): VerifyCase[] {
  const kernelRelease = options.kernelRelease ?? release();
  return cases.map((spec) => ({
    name: `datapath ${spec.name}: pings between pods on two nodes`,
    skipReason: (capabilities) => unsupported({ linkKinds: ['veth'] }, capabilities),
    run: (kernel) => runCase(spec, kernelRelease, kernel),
  }));
}
