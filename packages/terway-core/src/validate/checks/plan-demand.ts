// What a plan asks of each node and each zone: IPs a node holds (pods, plus the warm pool the
// config keeps) and how the planned nodes spread over zones. Shared by the vSwitch-size and
// API-rate checks; pure arithmetic.

import { computePoolSizing } from '../../config/pool-config.js';
import type { CheckContext, PlannedType } from '../diagnostic.js';

export interface NodeDemand {
  /** IPs for the planned pods (capped at the node's capacity when a type is known). */
  readonly podIps: number;
  /** podIps plus the idle IPs the pool may keep (max_pool_size), capped at capacity. */
  readonly heldIps: number;
  /** podIps plus the idle IPs kept warm from the start (min_pool_size). */
  readonly warmIps: number;
  readonly ipsPerEni: number | undefined;
  readonly maxEni: number | undefined;
}

export function nodeDemand(context: CheckContext, type: PlannedType | undefined,
  podsPerNode: number): NodeDemand {
  const { config } = context;
  const exclusive = context.daemonMode === 'ENIOnly';
  const maxPool = exclusive ? 0 : config.maxPoolSize;
  const minPool = exclusive ? 0 : Math.min(config.minPoolSize, config.maxPoolSize);
  if (type === undefined) return { podIps: podsPerNode, heldIps: podsPerNode + maxPool,
    warmIps: podsPerNode + minPool, ipsPerEni: undefined, maxEni: undefined };
  const sizing = computePoolSizing({ config, daemonMode: context.daemonMode, limits: type.limits });
  const capacity = sizing.ok ? Math.max(0, sizing.value.capacity) : podsPerNode;
  const podIps = Math.min(podsPerNode, capacity);
  return {
    podIps, heldIps: Math.min(capacity, podsPerNode + maxPool), warmIps: Math.min(capacity,
      podsPerNode + minPool),
    ipsPerEni: sizing.ok ? sizing.value.maxIpPerEni : undefined, maxEni: sizing.ok ?
      sizing.value.maxEni : undefined,
  };
}

/** Planned nodes per zone: an even split, the remainder to the first zones in sorted order. */
export function nodesPerZone(zones: readonly string[], nodes: number): Map<string, number> {
  const sorted = [...new Set(zones)].sort();
  const out = new Map<string, number>();
  sorted.forEach((zone, index) => {
    const extra = index < nodes % sorted.length ? 1 : 0;
    out.set(zone, Math.floor(nodes / sorted.length) + extra);
  });
  return out;
}
