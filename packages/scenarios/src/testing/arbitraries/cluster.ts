// Arbitrary clusters: one or two zones of cn-hangzhou, each with a node vSwitch and a pod vSwitch
// of some size (/22 to /27: from roomy to small enough to run out), and one or two node groups of
// catalog instance types, at most `nodesMax` nodes in all. Kubelet's maxPods is either the node's
// IP capacity (as a careful operator sets it) or the default 110 (the capacity wall, F04).
//
// `composeCloud` and `composeCluster` turn a generated cluster into the scenario file's `cloud`
// and `cluster` sections; `clusterFacts` gives what the expectations need (per-node capacity, pod
// vSwitch room per zone), computed with terway-core's own capacity function.

import { findInstanceType, instanceTypeCatalog } from '@terway-sim/cloud-emulator';
import {
  decodeEniConf, nodeCapacity, type InstanceTypeInfo, type JsonObject,
} from '@terway-sim/terway-core';
import fc from 'fast-check';
import type { z } from 'zod';
import type { cloudSpec } from '../../scenario/schema/cloud.js';
import type { clusterSpec, NetworkMode } from '../../scenario/schema/cluster.js';
import { nodesMax, securityGroupId, zones, zoneSuffix } from './bounds.js';

export type CloudInput = z.input<typeof cloudSpec>;
export type ClusterInput = z.input<typeof clusterSpec>;

export interface GeneratedNodeGroup {
  readonly instanceType: string;
  readonly count: number;
  /** Index into the cluster's zones (taken modulo their number). */
  readonly zoneIndex: number;
  /** kubelet maxPods: the node's IP capacity, or kubelet's default. */
  readonly maxPods: 'capacity' | 110;
}

export interface GeneratedCluster {
  readonly zones: readonly string[];
  /** Prefix length of each zone's pod vSwitch. */
  readonly podVSwitchPrefix: readonly number[];
  readonly groups: readonly GeneratedNodeGroup[];
}

export interface ClusterArbitraryOptions {
  /** Instance types to draw from (default: the catalog's small types, 2 to 4 ENIs). */
  readonly instanceTypes?: readonly string[];
  readonly nodesMax?: number;
  /** maxPods at the IP capacity and pod vSwitches of /22 to /24 (no capacity wall, no shortage). */
  readonly healing?: boolean;
}

/** Catalog types of at most 8 vCPUs and 4 ENIs: small nodes fill up in a short run. */
export const smallInstanceTypes: readonly string[] = instanceTypeCatalog
  .filter((type) => type.EniQuantity >= 2 && type.EniQuantity <= 4 && type.CpuCoreCount <= 8)
  .map((type) => type.InstanceTypeId);

export function clusterArbitrary(
  options: ClusterArbitraryOptions = {},
): fc.Arbitrary<GeneratedCluster> {
  const types = options.instanceTypes ?? smallInstanceTypes;
  const max = Math.min(options.nodesMax ?? nodesMax, nodesMax);
  const group = fc.record({
    instanceType: fc.constantFrom(...types),
    count: fc.integer({ min: 1, max: Math.min(3, max) }),
    zoneIndex: fc.integer({ min: 0, max: zones.length - 1 }),
    maxPods: options.healing === true
      ? fc.constant<'capacity'>('capacity')
      : fc.constantFrom<'capacity' | 110>('capacity', 'capacity', 110),
  });
  const prefixMax = options.healing === true ? 24 : 27;
  return fc.record({
    zoneCount: fc.integer({ min: 1, max: zones.length }),
    podVSwitchPrefix: fc.array(fc.integer({ min: 22, max: prefixMax }),
      { minLength: zones.length, maxLength: zones.length }),
    groups: fc.array(group, { minLength: 1, maxLength: 2 }),
  }).map(({ zoneCount, podVSwitchPrefix, groups }) => ({
    zones: zones.slice(0, zoneCount),
    podVSwitchPrefix: podVSwitchPrefix.slice(0, zoneCount),
    groups: capNodes(groups, max),
  }));
}

/** Trims node counts from the last group so that the cluster has at most `max` nodes. */
function capNodes(groups: readonly GeneratedNodeGroup[], max: number): GeneratedNodeGroup[] {
  let left = max;
  return groups.map((group) => {
    const count = Math.max(0, Math.min(group.count, left));
    left -= count;
    return { ...group, count };
  }).filter((group) => group.count > 0);
}

export const groupName = (index: number): string => `pool-${String.fromCharCode(97 + index)}`;

function podVSwitchCidr(zoneIndex: number, prefix: number): string {
  return `192.168.${16 + zoneIndex * 16}.0/${prefix}`;
}

export function composeCloud(cluster: GeneratedCluster, latency: 'fast' | 'realistic'): CloudInput {
  return {
    region: 'cn-hangzhou',
    latency,
    vpc: { cidr: '192.168.0.0/16' },
    vSwitches: cluster.zones.flatMap((zone, index) => [
      { id: `vsw-bp1nodes${zoneSuffix(zone)}`, zone, cidr: `192.168.${index}.0/24` },
      { id: `vsw-bp1pods${zoneSuffix(zone)}`, zone,
        cidr: podVSwitchCidr(index, cluster.podVSwitchPrefix[index] ?? 24) },
    ]),
    securityGroups: [{ id: securityGroupId }],
  };
}

/** The type a trunk cluster runs when the generated one cannot trunk (7th generation, 2 vCPU). */
export const trunkFallbackType = 'ecs.g7.large';

/** The cluster as `mode` can run it: trunk nodes on types that support trunking. */
export function clusterForMode(cluster: GeneratedCluster, mode: NetworkMode): GeneratedCluster {
  if (mode !== 'trunk') return cluster;
  const canTrunk = (type: string): boolean => findInstanceType(type)?.EniTrunkSupported === true;
  return { ...cluster, groups: cluster.groups.map((group) => (canTrunk(group.instanceType)
    ? group : { ...group, instanceType: trunkFallbackType })) };
}

export function composeCluster(cluster: GeneratedCluster, mode: NetworkMode,
  eniConf: Record<string, unknown>): ClusterInput {
  return {
    mode,
    nodeGroups: cluster.groups.map((group, index) => {
      const zone = cluster.zones[group.zoneIndex % cluster.zones.length]!;
      const capacity = capacityPerNode(group.instanceType, mode, eniConf);
      const maxPods = group.maxPods === 'capacity' && capacity !== undefined
        ? Math.max(1, capacity) : 110;
      return { name: groupName(index), count: group.count, instanceType: group.instanceType, zone,
        vSwitch: `vsw-bp1nodes${zoneSuffix(zone)}`, maxPods };
    }),
  };
}

/**
 * Pods one node of `instanceType` serves in `mode` under `eniConf` (terway-core's capacity), or
 * undefined when the config does not decode (a mistake the daemon refuses).
 */
export function capacityPerNode(instanceType: string, mode: NetworkMode,
  eniConf: Record<string, unknown>): number | undefined {
  const type = findInstanceType(instanceType);
  const decoded = decodeEniConf(eniConf as JsonObject);
  if (type === undefined || !decoded.ok) return undefined;
  const info = type as unknown as InstanceTypeInfo;
  const capacity = nodeCapacity({ instanceType: info, mode, config: decoded.value.config });
  return capacity.ok ? capacity.value.maxPods : undefined;
}

export interface ClusterFacts {
  readonly nodes: number;
  /** Sum of the nodes' IP capacity (undefined when a config mistake makes it unknowable). */
  readonly capacity: number | undefined;
  /** Whether every node's maxPods is at most its IP capacity (no node is ever overfilled). */
  readonly maxPodsWithinCapacity: boolean;
  /** Whether each zone's pod vSwitch has room for the capacity of the nodes in that zone. */
  readonly vSwitchesRoomy: boolean;
}

export function clusterFacts(cluster: GeneratedCluster, composed: ClusterInput,
  eniConf: Record<string, unknown>): ClusterFacts {
  let capacity: number | undefined = 0;
  let maxPodsWithinCapacity = true;
  const perZone = new Map<string, number>();
  for (const group of composed.nodeGroups) {
    const perNode = capacityPerNode(group.instanceType, composed.mode, eniConf);
    if (perNode === undefined || capacity === undefined) {
      capacity = undefined;
      continue;
    }
    capacity += perNode * group.count;
    if ((group.maxPods ?? 110) > perNode) maxPodsWithinCapacity = false;
    perZone.set(group.zone, (perZone.get(group.zone) ?? 0) + perNode * group.count);
  }
  const vSwitchesRoomy = cluster.zones.every((zone, index) => {
    const prefix = cluster.podVSwitchPrefix[index] ?? 24;
    const usable = 2 ** (32 - prefix) - 4;
    return usable >= (perZone.get(zone) ?? 0);
  });
  const nodes = composed.nodeGroups.reduce((sum, group) => sum + group.count, 0);
  return { nodes, capacity, maxPodsWithinCapacity, vSwitchesRoomy };
}
