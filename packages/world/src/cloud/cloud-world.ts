// Builds the world's cloud: the emulator with its quotas, flow control, latency profile and fault
// plan, then the VPC, vSwitches and security groups through the emulator's world builder
// (validated like API calls, but as setup: no latency, no throttling, no faults).
//
// A spec may name vSwitches and security groups with the ids its eni-config uses (the ids of a
// real cluster). The emulator mints its own ids, so the world keeps a map from declared ids to
// minted ones and rewrites the eni-config through it (idMap); reports show the minted ids.
//
// Dual stack: when a vSwitch declares an IPv6 /64, the VPC is made with IPv6 on and the /56 the
// spec names (or the one holding the first vSwitch's /64), and each such vSwitch takes the /64 at
// its index in that /56, as CreateVSwitch's Ipv6CidrBlock (0–255) selects it.

import { CloudEmulator, type FaultRuleInput } from '@terway-sim/cloud-emulator';
import {
  err, formatIpv6Cidr, ok, parseIpv6Cidr, type Result, type SimEnv,
} from '@terway-sim/sim-base';
import type { SecurityGroupRuleSpec, WorldSpec } from '../spec.js';

export interface WorldVSwitch {
  readonly id: string;
  readonly declaredId: string | undefined;
  readonly zone: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string | undefined;
}

export interface CloudWorld {
  readonly emulator: CloudEmulator;
  readonly regionId: string;
  readonly vpcId: string;
  readonly routeTableId: string;
  readonly vSwitches: readonly WorldVSwitch[];
  readonly securityGroupIds: readonly string[];
  /** Declared id → minted id, for vSwitches and security groups. */
  readonly idMap: ReadonlyMap<string, string>;
}

function zonesOf(spec: WorldSpec): string[] {
  const zones = new Set([...spec.cloud.vSwitches.map((vSwitch) => vSwitch.zone),
    ...spec.cluster.nodeGroups.map((group) => group.zone)]);
  return [...zones].sort();
}

function emulatorFor(env: SimEnv, spec: WorldSpec,
  faults: readonly FaultRuleInput[]): CloudEmulator {
  const { cloud } = spec;
  return new CloudEmulator(env, {
    regions: [{ regionId: cloud.region, zones: zonesOf(spec) }],
    quotas: {
      routeEntriesPerTable: cloud.vpc.routeEntryQuota,
      ...(cloud.quotas.enisPerRegion === undefined ? {}
        : { enisPerRegion: cloud.quotas.enisPerRegion }),
    },
    rateLimits: cloud.rateLimits,
    latency: cloud.latency,
    faults,
  });
}

/** The VPC's IPv6 /56: declared, or the /56 holding the first vSwitch /64; none without IPv6. */
function vpcIpv6Block(spec: WorldSpec): string | undefined {
  if (spec.cloud.vpc.ipv6Cidr !== undefined) return spec.cloud.vpc.ipv6Cidr;
  const first = spec.cloud.vSwitches.find((vSwitch) => vSwitch.ipv6Cidr !== undefined);
  const parsed = first?.ipv6Cidr === undefined ? undefined : parseIpv6Cidr(first.ipv6Cidr);
  if (parsed === undefined) return undefined;
  return formatIpv6Cidr({ network: parsed.network & ~((1n << 72n) - 1n), prefix: 56 });
}

/** The index (0–255) of a vSwitch's /64 in the VPC's /56, or an error naming both. */
function ipv6Index(block: string | undefined, cidr: string | undefined,
  path: string): Result<number | undefined, string> {
  if (cidr === undefined) return ok(undefined);
  const vpc = block === undefined ? undefined : parseIpv6Cidr(block);
  const own = parseIpv6Cidr(cidr);
  if (vpc === undefined || own === undefined || own.prefix !== 64 ||
    (own.network & ~((1n << 72n) - 1n)) !== vpc.network)
    return err(`${path}: ${cidr}: expected an IPv6 /64 inside the VPC's /56 ${block ?? '(none)'}`);
  return ok(Number((own.network >> 64n) & 0xffn));
}

export function buildCloudWorld(env: SimEnv, spec: WorldSpec,
  faults: readonly FaultRuleInput[]): Result<CloudWorld, string> {
  const regionId = spec.cloud.region;
  const emulator = emulatorFor(env, spec, faults);
  const builder = emulator.world;
  const ipv6Block = vpcIpv6Block(spec);
  const vpc = builder.createVpc({ regionId, cidrBlock: spec.cloud.vpc.cidr,
    name: `${spec.name}-vpc`,
    ...(ipv6Block === undefined ? {} : { enableIpv6: true, ipv6CidrBlock: ipv6Block }) });
  if (!vpc.ok) return err(`cloud.vpc: ${vpc.error.code}: ${vpc.error.message}`);
  const idMap = new Map<string, string>();
  const vSwitches: WorldVSwitch[] = [];
  for (const [index, declared] of spec.cloud.vSwitches.entries()) {
    const path = `cloud.vSwitches.${index}`;
    const ipv6 = ipv6Index(ipv6Block, declared.ipv6Cidr, `${path}.ipv6Cidr`);
    if (!ipv6.ok) return ipv6;
    const made = builder.createVSwitch({ regionId, vpcId: vpc.value.vpcId, zoneId: declared.zone,
      cidrBlock: declared.cidr, name: declared.id ?? `vsw-${index}`,
      ...(ipv6.value === undefined ? {} : { ipv6CidrBlock: ipv6.value }) });
    if (!made.ok) return err(`${path}: ${made.error.code}: ${made.error.message}`);
    if (declared.id !== undefined) idMap.set(declared.id, made.value);
    vSwitches.push({ id: made.value, declaredId: declared.id, zone: declared.zone,
      cidr: declared.cidr, ipv6Cidr: declared.ipv6Cidr });
  }
  const securityGroupIds: string[] = [];
  for (const [index, declared] of spec.cloud.securityGroups.entries()) {
    const made = builder.createSecurityGroup({ regionId, vpcId: vpc.value.vpcId,
      name: declared.id ?? `sg-${index}`, type: declared.type });
    if (!made.ok) {
      return err(`cloud.securityGroups.${index}: ${made.error.code}: ${made.error.message}`);
    }
    if (declared.id !== undefined) idMap.set(declared.id, made.value);
    securityGroupIds.push(made.value);
  }
  const ruled = authorizeRules(emulator, spec, securityGroupIds, idMap);
  if (!ruled.ok) return ruled;
  const nat = buildNatGateways(emulator, spec, vpc.value.vpcId, idMap);
  if (!nat.ok) return nat;
  return ok({ emulator, regionId, vpcId: vpc.value.vpcId, routeTableId: vpc.value.routeTableId,
    vSwitches, securityGroupIds, idMap });
}

/** Each NAT gateway with one EIP bound to it and an SNAT entry per declared source. */
function buildNatGateways(emulator: CloudEmulator, spec: WorldSpec, vpcId: string,
  idMap: ReadonlyMap<string, string>): Result<void, string> {
  for (const [index, declared] of (spec.cloud.natGateways ?? []).entries()) {
    const where = `cloud.natGateways.${index}`;
    const call = (action: string, params: Record<string, unknown>) => {
      const made = emulator.world.call('vpc', action, params);
      return made.ok ? ok(made.value)
        : err(`${where}: ${action}: ${made.error.code}: ${made.error.message}`);
    };
    const gateway = call('CreateNatGateway', { VpcId: vpcId,
      VSwitchId: idMap.get(declared.vSwitch) ?? declared.vSwitch });
    if (!gateway.ok) return gateway;
    const eip = call('AllocateEipAddress', {});
    if (!eip.ok) return eip;
    const bound = call('AssociateEipAddress', { AllocationId: eip.value.AllocationId,
      InstanceId: gateway.value.NatGatewayId, InstanceType: 'Nat' });
    if (!bound.ok) return bound;
    const tableId = (gateway.value.SnatTableIds as { SnatTableId: string[] }).SnatTableId[0];
    for (const source of declared.snat) {
      const entry = call('CreateSnatEntry', { SnatTableId: tableId, SnatIp: eip.value.EipAddress,
        ...(source.vSwitch === undefined ? { SourceCIDR: source.cidr }
          : { SourceVSwitchId: idMap.get(source.vSwitch) ?? source.vSwitch }) });
      if (!entry.ok) return entry;
    }
  }
  return ok(undefined);
}

/** The parameters of the Authorize call that adds `rule`, peers mapped to minted ids. */
function ruleParams(rule: SecurityGroupRuleSpec,
  idMap: ReadonlyMap<string, string>): Record<string, unknown> {
  const ingress = rule.direction === 'ingress';
  const peer = rule.group !== undefined
    ? { [ingress ? 'SourceGroupId' : 'DestGroupId']: idMap.get(rule.group) ?? rule.group }
    : { [ingress ? 'SourceCidrIp' : 'DestCidrIp']: rule.cidr };
  return { IpProtocol: rule.protocol, PortRange: rule.ports, Policy: rule.policy,
    Priority: rule.priority, ...peer };
}

/** Adds every declared rule after all groups exist (a rule may name a later group). */
function authorizeRules(emulator: CloudEmulator, spec: WorldSpec, groupIds: readonly string[],
  idMap: ReadonlyMap<string, string>): Result<void, string> {
  for (const [index, declared] of spec.cloud.securityGroups.entries()) {
    for (const [ruleIndex, rule] of (declared.rules ?? []).entries()) {
      const action = rule.direction === 'ingress'
        ? 'AuthorizeSecurityGroup' : 'AuthorizeSecurityGroupEgress';
      const made = emulator.world.call('ecs', action,
        { SecurityGroupId: groupIds[index], ...ruleParams(rule, idMap) });
      if (!made.ok) {
        return err(`cloud.securityGroups.${index}.rules.${ruleIndex}: ${made.error.code}: ` +
          made.error.message);
      }
    }
  }
  return ok(undefined);
}

/** Replaces every string equal to a declared id with the minted one, anywhere in a document. */
export function mapDeclaredIds<T>(document: T, idMap: ReadonlyMap<string, string>): T {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return idMap.get(value) ?? value;
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value)
        .map(([key, inner]) => [idMap.get(key) ?? key, visit(inner)]));
    }
    return value;
  };
  return visit(document) as T;
}

/**
 * A node group's primary-ENI vSwitch: by declared/minted id or index, else the first in its zone.
 */
export function nodeVSwitch(cloud: CloudWorld, zone: string,
  ref: string | number | undefined): Result<WorldVSwitch, string> {
  if (typeof ref === 'number') {
    const byIndex = cloud.vSwitches[ref];
    return byIndex === undefined
      ? err(`vSwitch index ${ref} is out of range (${cloud.vSwitches.length} declared)`)
      : ok(byIndex);
  }
  const found = ref === undefined ? cloud.vSwitches.find((vSwitch) => vSwitch.zone === zone)
    : cloud.vSwitches.find((vSwitch) => vSwitch.declaredId === ref || vSwitch.id === ref);
  if (found === undefined) {
    return err(ref === undefined ? `no vSwitch in zone ${zone}` : `no vSwitch ${ref} is declared`);
  }
  if (found.zone !== zone) return err(`vSwitch ${ref} is in zone ${found.zone}, not ${zone}`);
  return ok(found);
}
