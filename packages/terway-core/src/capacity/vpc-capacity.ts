// VPC route mode capacity (the design the seed documents describe; current Terway has dropped the
// mode, quirk Q1): pods get addresses from host-local IPAM on the node's podCIDR, and each node
// costs one custom route entry in the VPC route table. host-local hands out neither the network
// address, nor the gateway (the first host, which the node's bridge side keeps), nor broadcast.

import { parseIpv4Cidr } from '@terway-sim/sim-base';
import { kubeletNote } from './notes.js';
import type { CapacityInput, ClusterCapacity, NodeCapacity } from './types.js';

/** kube-controller-manager's default --node-cidr-mask-size for IPv4. */
export const defaultNodeCidrMask = 24;
/** Custom route entries per VPC route table (default quota). */
export const defaultRouteTableEntryQuota = 200;

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

export function vpcCapacity(input: CapacityInput): NodeCapacity {
  const mask = input.nodeCidrMask ?? defaultNodeCidrMask;
  const size = mask >= 0 && mask <= 32 ? 2 ** (32 - mask) : 0;
  const maxPods = Math.max(0, size - 3);
  const cluster = clusterBound(input, mask, maxPods);
  const notes = [
    'VPC route mode is gone from current Terway; modelled from its design (host-local IPAM, ' +
      'one route entry per node)',
    `cluster: ${cluster.maxNodes} nodes at most (${cluster.limitedBy}), ${cluster.maxPods} pods`,
  ];
  if (maxPods > 110) notes.push(
    `kubelet's default maxPods 110 binds before the podCIDR's ${maxPods} unless raised`);
  return {
    instanceType: input.instanceType.InstanceTypeId, mode: 'vpc', maxPods, limitedBy: 'podCIDR',
      ipam: 'host-local',
    enis: 0, ipsPerEni: 0, pool: undefined,
    formula:
      `maxPods = 2^(32 − node-cidr-mask ${mask}) − 3 (network, gateway, broadcast) = ${maxPods}`,
    notes: [...notes, kubeletNote(maxPods)], cluster,
  };
}
