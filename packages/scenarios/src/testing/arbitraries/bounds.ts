// The size limits of generated scenarios. A property runs many cases in CI time only if each case
// is small: a few nodes, a few dozen pods, under half an hour of virtual time. Every arbitrary in
// this folder stays within these bounds (the scenario arbitrary asserts it).

/** Nodes at any time, node-group scaling included. */
export const nodesMax = 4;
/** Pods wanted at once (deployments with rollout surge, StatefulSets, running jobs). */
export const podsMax = 80;
/** Virtual time of the main phase. */
export const durationMaxMs = 30 * 60_000;
export const durationMinMs = 5 * 60_000;
/** Workload and fault items per scenario (before steps inside them). */
export const workloadItemsMax = 4;
export const faultItemsMax = 4;

/** Zones generated scenarios use (cn-hangzhou, the region's default). */
export const zones = ['cn-hangzhou-i', 'cn-hangzhou-j'] as const;
export type ZoneId = (typeof zones)[number];

/** The suffix generated ids use for a zone: vsw-bp1podsi, vsw-bp1nodesj. */
export function zoneSuffix(zone: string): string {
  return zone.slice(zone.lastIndexOf('-') + 1);
}

export const securityGroupId = 'sg-bp1default';
export const serviceCidr = '172.16.0.0/16';
