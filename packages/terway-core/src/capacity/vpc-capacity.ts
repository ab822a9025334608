// VPC route mode capacity (the design the seed documents describe; current Terway has dropped the
// mode, quirk Q1): pods get addresses from host-local IPAM on the node's podCIDR, and each node
// costs one custom route entry in the VPC route table. host-local hands out neither the network
// address, nor the gateway (the first host, which the node's bridge side keeps), nor broadcast.
// Two limits meet on a node: the podCIDR's addresses and kubelet's --max-pods. With the defaults
// (/24, 110) kubelet binds first, so 110 is the headline and the podCIDR's 253 the breakdown.

import { parseIpv4Cidr } from '@terway-sim/sim-base';
import { kubeletNote } from './notes.js';
import type { CapacityBound, CapacityInput, ClusterCapacity, NodeCapacity } from './types.js';

/** kube-controller-manager's default --node-cidr-mask-size for IPv4. */
export const defaultNodeCidrMask = 24;
/** Custom route entries per VPC route table (default quota). */
export const defaultRouteTableEntryQuota = 200;
/** kubelet's default --max-pods. */
const defaultKubeletMaxPods = 110;

function clusterBound(input: CapacityInput, mask: number, podsPerNode: number): ClusterCapacity {
  const quota = input.routeTableEntryQuota ?? defaultRouteTableEntryQuota;
  let maxNodes = quota;
  let limitedBy = 'routeTableEntryQuota';
  const cluster = input.clusterCidr === undefined ? undefined : parseIpv4Cidr(input.clusterCidr);
  if (cluster !== undefined) {
    const fromCidr = mask >= cluster.prefix ? 2 ** (mask - cluster.prefix) : 0;
    if (fromCidr < maxNodes) {
      maxNodes = fromCidr;
      limitedBy = 'clusterCIDR';
    }
  }
  return { maxNodes, maxPods: maxNodes * podsPerNode, limitedBy };
}

function nodeBounds(input: CapacityInput, mask: number): CapacityBound[] {
  const size = mask >= 0 && mask <= 32 ? 2 ** (32 - mask) : 0;
  const podCidr = Math.max(0, size - 3);
  const kubelet = input.kubeletMaxPods ?? defaultKubeletMaxPods;
  const bounds: CapacityBound[] = [
    { limitedBy: 'kubeletMaxPods', maxPods: kubelet, formula: `kubelet --max-pods ${kubelet}` +
      `${input.kubeletMaxPods === undefined ? ' (default)' : ''}` },
    { limitedBy: 'podCIDR', maxPods: podCidr, formula:
      `podCIDR 2^(32 − node-cidr-mask ${mask}) − 3 (network, gateway, broadcast) = ${podCidr}` },
  ];
  // The binding one first; on a tie the podCIDR, the one that raising --max-pods cannot lift.
  return bounds.sort((a, b) => a.maxPods - b.maxPods ||
    (a.limitedBy === 'podCIDR' ? -1 : b.limitedBy === 'podCIDR' ? 1 : 0));
}

export function vpcCapacity(input: CapacityInput): NodeCapacity {
  const mask = input.nodeCidrMask ?? defaultNodeCidrMask;
  const bounds = nodeBounds(input, mask);
  const binding = bounds[0]!;
  const podCidr = bounds.find((bound) => bound.limitedBy === 'podCIDR')!.maxPods;
  const cluster = clusterBound(input, mask, binding.maxPods);
  const notes = [
    'VPC route mode is gone from current Terway; modelled from its design (host-local IPAM, ' +
      'one route entry per node)',
    `cluster: ${cluster.maxNodes} nodes at most (${cluster.limitedBy}), ${cluster.maxPods} pods`,
  ];
  if (binding.limitedBy === 'kubeletMaxPods') {
    notes.push(`kubelet's --max-pods ${binding.maxPods} binds before the podCIDR's ${podCidr}; ` +
      'it counts host-network pods too, so fewer pods get a podCIDR address. Raise --max-pods ' +
      `(up to ${podCidr} + the host-network pods) to use the whole podCIDR`);
  } else {
    notes.push(kubeletNote(podCidr));
  }
  return {
    instanceType: input.instanceType.InstanceTypeId, mode: 'vpc', maxPods: binding.maxPods,
    limitedBy: binding.limitedBy, ipam: 'host-local', enis: 0, ipsPerEni: 0, pool: undefined,
    formula: `maxPods = min(${bounds.map((bound) => `${bound.limitedBy} ${bound.maxPods}`)
      .join(', ')}) = ${binding.maxPods}; ${bounds.map((bound) => bound.formula).join('; ')}`,
    notes, cluster, bounds,
  };
}
