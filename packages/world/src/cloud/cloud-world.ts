// Builds the scenario's cloud: the emulator with its quotas, flow control, latency profile and
// fault plan, then the VPC, vSwitches and security groups through the emulator's world builder
// (validated like API calls, but as setup: no latency, no throttling, no faults).
//
// A scenario may name vSwitches and security groups with the ids its eni-config uses (the ids of
// a real cluster). The emulator mints its own ids, so the world keeps a map from declared ids to
// minted ones and rewrites the eni-config through it (idMap); reports show the minted ids.

import { CloudEmulator, type FaultRuleInput } from '@terway-sim/cloud-emulator';
import { err, ok, type Result, type SimEnv } from '@terway-sim/sim-base';
import type { WorldSpec } from '../spec.js';

export interface WorldVSwitch {
  readonly id: string;
  readonly declaredId: string | undefined;
  readonly zone: string;
  readonly cidr: string;
}

export interface CloudWorld {
  readonly cloud: CloudEmulator;
  readonly regionId: string;
  readonly vpcId: string;
  readonly routeTableId: string;
  readonly vSwitches: readonly WorldVSwitch[];
  readonly securityGroupIds: readonly string[];
  /** Declared id → minted id, for vSwitches and security groups. */
  readonly idMap: ReadonlyMap<string, string>;
}

function zonesOf(scenario: WorldSpec): string[] {
  const zones = new Set([...scenario.cloud.vSwitches.map((v) => v.zone), ...scenario.cluster.nodeGroups.map((g) => g.zone)]);
  return [...zones].sort();
}

export function buildCloudWorld(env: SimEnv, scenario: WorldSpec, faults: readonly FaultRuleInput[]): Result<CloudWorld, string> {
  const regionId = scenario.cloud.region;
  const cloud = new CloudEmulator(env, {
    regions: [{ regionId, zones: zonesOf(scenario) }],
    quotas: {
      routeEntriesPerTable: scenario.cloud.vpc.routeEntryQuota,
      ...(scenario.cloud.quotas.enisPerRegion === undefined ? {} : { enisPerRegion: scenario.cloud.quotas.enisPerRegion }),
    },
    rateLimits: scenario.cloud.rateLimits,
    latency: scenario.cloud.latency,
    faults,
  });
  const vpc = cloud.world.createVpc({ regionId, cidrBlock: scenario.cloud.vpc.cidr, name: `${scenario.name}-vpc` });
  if (!vpc.ok) return err(`cloud.vpc: ${vpc.error.code}: ${vpc.error.message}`);
  const idMap = new Map<string, string>();
  const vSwitches: WorldVSwitch[] = [];
  for (const [index, spec] of scenario.cloud.vSwitches.entries()) {
    const made = cloud.world.createVSwitch({ regionId, vpcId: vpc.value.vpcId, zoneId: spec.zone, cidrBlock: spec.cidr, name: spec.id ?? `vsw-${index}` });
    if (!made.ok) return err(`cloud.vSwitches.${index}: ${made.error.code}: ${made.error.message}`);
    if (spec.id !== undefined) idMap.set(spec.id, made.value);
    vSwitches.push({ id: made.value, declaredId: spec.id, zone: spec.zone, cidr: spec.cidr });
  }
  const securityGroupIds: string[] = [];
  for (const [index, spec] of scenario.cloud.securityGroups.entries()) {
    const made = cloud.world.createSecurityGroup({ regionId, vpcId: vpc.value.vpcId, name: spec.id ?? `sg-${index}`, type: spec.type });
    if (!made.ok) return err(`cloud.securityGroups.${index}: ${made.error.code}: ${made.error.message}`);
    if (spec.id !== undefined) idMap.set(spec.id, made.value);
    securityGroupIds.push(made.value);
  }
  return ok({ cloud, regionId, vpcId: vpc.value.vpcId, routeTableId: vpc.value.routeTableId, vSwitches, securityGroupIds, idMap });
}

/** Replaces every string equal to a declared id with the minted one, anywhere in a document. */
export function mapDeclaredIds<T>(document: T, idMap: ReadonlyMap<string, string>): T {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return idMap.get(value) ?? value;
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [idMap.get(key) ?? key, visit(inner)]));
    }
    return value;
  };
  return visit(document) as T;
}

/** The vSwitch a node group's primary ENIs go in: by declared/minted id or index; default the first in its zone. */
export function nodeVSwitch(world: CloudWorld, zone: string, ref: string | number | undefined): Result<WorldVSwitch, string> {
  if (typeof ref === 'number') {
    const byIndex = world.vSwitches[ref];
    return byIndex === undefined ? err(`vSwitch index ${ref} is out of range (${world.vSwitches.length} declared)`) : ok(byIndex);
  }
  const found = ref === undefined ? world.vSwitches.find((v) => v.zone === zone)
    : world.vSwitches.find((v) => v.declaredId === ref || v.id === ref);
  if (found === undefined) return err(ref === undefined ? `no vSwitch in zone ${zone}` : `no vSwitch ${ref} is declared`);
  if (found.zone !== zone) return err(`vSwitch ${ref} is in zone ${found.zone}, not ${zone}`);
  return ok(found);
}
