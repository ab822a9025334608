// The cloud's invariants, as product code: what must hold in the fake ECS/VPC after every call and
// every timer, checked from outside (ARCHITECTURE.md, "Checks") through the public read-only view
// and the quotas the cloud was built with, never through its internals. The world's checker calls
// it at every sample of a run and the property tests after every call, so it stays linear in the
// size of the cloud: one pass over the ENIs into a map, one over the instances, the security groups
// and the route tables, each further question a lookup by id.
//
// Every finding names a stable check (scripts and reports key on these names):
// - ip-owned-once: an IPv4 address (primary, secondary or inside a /28 prefix) on two ENIs of
//   one VPC;
// - ip-pool-owner / ipv6-pool-owner: an address an ENI lists is not its own in its vSwitch's
//   pool (or lies outside the vSwitch); primary-ip: an ENI without one leading primary IPv4;
// - vswitch-accounting: a vSwitch whose used count differs from what its ENIs hold, or whose
//   free count is not size - reserved - used (reservedAddressesPerVSwitch, ipv4-pool.ts);
// - eni-quota, member-eni-quota: an instance with more ENIs than EniQuantity, or more trunk
//   members than EniTotalQuantity - EniQuantity; instance-type: an instance of an unknown type;
// - ip-per-eni-quota, ipv6-per-eni-quota: an attached ENI over its type's per-ENI address limits
//   (a /28 prefix takes one IPv4 slot);
// - device-index-unique: two ENIs of an instance, or two members of a trunk, on one index/VLAN;
// - attachment-consistent: an ENI's status, attachment, instance and trunk disagree;
// - account-eni-accounting, account-eni-quota: the region's ENI counter differs from its
//   secondary, trunk and member ENIs, or exceeds the account quota;
// - security-group-accounting, security-group-ip-quota: a group's IP count differs from its
//   ENIs' private IPv4 addresses, or exceeds its type's limit;
// - route-entry-quota, route-destination-unique: a table over its custom-entry quota, or with
//   one destination twice;
// - vpc-quota, vswitch-quota: a region with more VPCs, or a VPC with more vSwitches, than the
//   quotas allow.

import { formatIpv4, parseIpv4, parseIpv4Cidr } from '@terway-sim/sim-base';
import type { CloudQuotas } from '../actions/context.js';
import { findInstanceType, type InstanceTypeRecord } from '../catalog/instance-types.js';
import type { CloudView, VSwitchAddressOwners } from '../state/view.js';
import type { EniRecord, EniStatus, InstanceRecord } from '../state/types.js';
import { reservedAddressesPerVSwitch } from '../vswitch/ipv4-pool.js';

export const cloudCheckNames = [
  'ip-owned-once', 'ip-pool-owner', 'ipv6-pool-owner', 'primary-ip', 'vswitch-accounting',
  'eni-quota', 'member-eni-quota', 'instance-type', 'ip-per-eni-quota', 'ipv6-per-eni-quota',
  'device-index-unique', 'attachment-consistent', 'account-eni-accounting', 'account-eni-quota',
  'security-group-accounting', 'security-group-ip-quota', 'route-entry-quota',
  'route-destination-unique', 'vpc-quota', 'vswitch-quota',
] as const;

export type CloudCheck = typeof cloudCheckNames[number];

export interface CloudFinding {
  readonly check: CloudCheck;
  readonly detail: string;
}

/**
 * ENI status changes the cloud allows, as `from>to` (None: did not exist, Gone: no longer does).
 * The last four happen only when an instance is released with its ENIs.
 */
export const allowedEniTransitions: ReadonlySet<string> = new Set([
  'None>Available', 'None>InUse', 'Available>Attaching', 'Attaching>InUse', 'InUse>Detaching',
  'Detaching>Available', 'Available>Deleting', 'Deleting>Gone',
  'Attaching>Available', 'InUse>Available', 'Available>Gone', 'InUse>Gone',
]);

type Report = (check: CloudCheck, detail: string) => void;

const attachedStatuses: ReadonlySet<EniStatus> = new Set(['Attaching', 'InUse', 'Detaching']);

/**
 * Every violated invariant of the cloud the view shows (empty when all hold).
 * When to use: after any change, as often as every call in tests, every sample in runs.
 * Gotcha: `quotas` must be the ones the cloud was built with (`cloud.quotas`).
 */
export function cloudInvariantViolations(view: CloudView, quotas: CloudQuotas): CloudFinding[] {
  const findings: CloudFinding[] = [];
  const report: Report = (check, detail) => findings.push({ check, detail });
  const enis = new Map<string, EniRecord>();
  for (const eni of view.enis()) enis.set(eni.id, eni);
  checkAddresses(view, enis, report);
  const instances = new Map<string, InstanceRecord>();
  for (const instance of view.instances()) instances.set(instance.id, instance);
  for (const instance of instances.values()) checkInstance(instance, enis, report);
  for (const eni of enis.values()) checkAttachment(eni, enis, instances, report);
  checkAccountQuota(view, enis, quotas, report);
  checkSecurityGroups(view, enis, quotas, report);
  checkRouteTables(view, quotas, report);
  checkNetworkQuotas(view, quotas, report);
  return findings;
}

/**
 * An ENI's IPv4 addresses as 32-bit values: its IPs, then the 16 of each /28 prefix. Records are
 * immutable, so the values are parsed once per record; between two samples most ENIs are the
 * same records, and parsing is most of the cost of a check.
 */
const addressValues = new WeakMap<EniRecord, Float64Array>();

function addressesOf(eni: EniRecord): Float64Array {
  let values = addressValues.get(eni);
  if (values !== undefined) return values;
  values = new Float64Array(eni.ipv4.length + 16 * eni.ipv4Prefixes.length);
  let next = 0;
  for (const ip of eni.ipv4) values[next++] = parseIpv4(ip.ip) ?? Number.NaN;
  for (const prefix of eni.ipv4Prefixes) {
    const network = parseIpv4Cidr(prefix.prefix)?.network ?? Number.NaN;
    for (let index = 0; index < 16; index++) values[next++] = network + index;
  }
  addressValues.set(eni, values);
  return values;
}

function checkAddresses(view: CloudView, enis: ReadonlyMap<string, EniRecord>,
  report: Report): void {
  const ownersByVSwitch = new Map<string, VSwitchAddressOwners | undefined>();
  const heldByVSwitch = new Map<string, number>();
  let misplaced = false;
  for (const eni of enis.values()) {
    let owners = ownersByVSwitch.get(eni.vSwitchId);
    if (owners === undefined && !ownersByVSwitch.has(eni.vSwitchId)) {
      ownersByVSwitch.set(eni.vSwitchId, (owners = view.addressOwners(eni.vSwitchId)));
    }
    const values = addressesOf(eni);
    for (let index = 0; index < values.length; index++) {
      const owner = owners?.ipv4(values[index]!);
      if (owner === eni.id) continue;
      misplaced = true;
      report('ip-pool-owner', `${formatIpv4(values[index]!)} of ${eni.id} is ${owner === undefined
        ? `outside ${eni.vSwitchId}` : `owned by ${owner ?? 'nobody'} in ${eni.vSwitchId}`}`);
    }
    heldByVSwitch.set(eni.vSwitchId, (heldByVSwitch.get(eni.vSwitchId) ?? 0) + values.length);
    if (!hasOneLeadingPrimary(eni)) {
      report('primary-ip', `${eni.id} has no single leading primary IPv4`);
    }
    for (const address of eni.ipv6) checkIpv6(eni, owners, address.ip, report);
    for (const prefix of eni.ipv6Prefixes) checkIpv6(eni, owners, prefix.prefix, report);
  }
  // An address on two ENIs cannot be the pool's for both, so only a misplaced one needs a search.
  if (misplaced) findSharedAddresses(enis, report);
  checkVSwitchCounts(view, heldByVSwitch, report);
}

function hasOneLeadingPrimary(eni: EniRecord): boolean {
  if (eni.ipv4[0]?.primary !== true) return false;
  for (let index = 1; index < eni.ipv4.length; index++) if (eni.ipv4[index]!.primary) return false;
  return true;
}

function checkIpv6(eni: EniRecord, owners: VSwitchAddressOwners | undefined, address: string,
  report: Report): void {
  const owner = owners?.ipv6(address) ?? null;
  if (owner !== eni.id) {
    report('ipv6-pool-owner', `${address} of ${eni.id} is owned by ${owner ?? 'nobody'}`);
  }
}

function findSharedAddresses(enis: ReadonlyMap<string, EniRecord>, report: Report): void {
  const holders = new Map<string, string>();
  for (const eni of enis.values()) {
    for (const value of addressesOf(eni)) {
      const key = `${eni.vpcId}|${value}`;
      const other = holders.get(key);
      if (other !== undefined) {
        report('ip-owned-once', `${formatIpv4(value)} is on both ${other} and ${eni.id}`);
      }
      holders.set(key, eni.id);
    }
  }
}

function checkVSwitchCounts(view: CloudView, heldByVSwitch: ReadonlyMap<string, number>,
  report: Report): void {
  for (const usage of view.vSwitches()) {
    const held = heldByVSwitch.get(usage.vSwitch.id) ?? 0;
    const free = usage.size - reservedAddressesPerVSwitch - held;
    if (usage.used !== held || usage.available !== free || usage.available < 0) {
      report('vswitch-accounting', `${usage.vSwitch.id}: ENIs hold ${held} addresses, but the ` +
        `pool counts ${usage.used} used and ${usage.available} free of ${usage.size} ` +
        `(${reservedAddressesPerVSwitch} reserved)`);
    }
  }
}

function checkInstance(instance: InstanceRecord, enis: ReadonlyMap<string, EniRecord>,
  report: Report): void {
  const type = findInstanceType(instance.instanceType);
  if (type === undefined) {
    report('instance-type', `${instance.id} is of unknown type ${instance.instanceType}`);
    return;
  }
  if (instance.eniIds.length > type.EniQuantity) {
    report('eni-quota', `${instance.id} (${type.InstanceTypeId}) holds ` +
      `${instance.eniIds.length} ENIs; EniQuantity is ${type.EniQuantity}`);
  }
  const membersMax = type.EniTrunkSupported ? type.EniTotalQuantity - type.EniQuantity : 0;
  if (instance.memberEniIds.length > membersMax) {
    report('member-eni-quota', `${instance.id} holds ${instance.memberEniIds.length} member ` +
      `ENIs; ${type.InstanceTypeId} allows ${membersMax}`);
  }
  checkDeviceIndexes(instance, type, instance.eniIds, enis, report);
  checkDeviceIndexes(instance, type, instance.memberEniIds, enis, report);
}

/** Each ENI within its type's address limits, no two on one device index (or trunk VLAN). */
function checkDeviceIndexes(instance: InstanceRecord, type: InstanceTypeRecord,
  eniIds: readonly string[], enis: ReadonlyMap<string, EniRecord>, report: Report): void {
  const taken = new Map<number | string, string>();
  for (const eniId of eniIds) {
    const eni = enis.get(eniId);
    if (eni === undefined) continue;
    checkAddressLimits(eni, type, report);
    const attachment = eni.attachment;
    if (attachment === null) continue;
    // Plain ENIs number from the instance, members from their trunk.
    const slot = attachment.trunkEniId === null ? attachment.deviceIndex
      : `${attachment.trunkEniId}/${attachment.deviceIndex}`;
    const other = taken.get(slot);
    if (other !== undefined) {
      report('device-index-unique', `${other} and ${eni.id} share index ${slot} on ${instance.id}`);
    }
    taken.set(slot, eni.id);
  }
}

function checkAddressLimits(eni: EniRecord, type: InstanceTypeRecord, report: Report): void {
  const ipv4Slots = eni.ipv4.length + eni.ipv4Prefixes.length;
  if (ipv4Slots > type.EniPrivateIpAddressQuantity) {
    report('ip-per-eni-quota', `${eni.id} holds ${ipv4Slots} IPv4 slots; ` +
      `${type.InstanceTypeId} allows ${type.EniPrivateIpAddressQuantity}`);
  }
  const ipv6Slots = eni.ipv6.length + eni.ipv6Prefixes.length;
  if (ipv6Slots > type.EniIpv6AddressQuantity) {
    report('ipv6-per-eni-quota', `${eni.id} holds ${ipv6Slots} IPv6 slots; ` +
      `${type.InstanceTypeId} allows ${type.EniIpv6AddressQuantity}`);
  }
}

function checkAttachment(eni: EniRecord, enis: ReadonlyMap<string, EniRecord>,
  instances: ReadonlyMap<string, InstanceRecord>, report: Report): void {
  const attachment = eni.attachment;
  const problem = (why: string) => report('attachment-consistent', `${eni.id} ${why}`);
  if ((attachment !== null) !== attachedStatuses.has(eni.status)) {
    problem(`is ${eni.status} ${attachment === null ? 'without' : 'with'} an attachment`);
  }
  if (attachment === null) {
    if (eni.type === 'Member') problem('is a member ENI without a trunk');
    return;
  }
  const instance = instances.get(attachment.instanceId);
  const listed = eni.type === 'Member' ? instance?.memberEniIds : instance?.eniIds;
  if (listed?.includes(eni.id) !== true) {
    problem(`is attached to ${attachment.instanceId}, which does not list it`);
  }
  if ((eni.type === 'Member') !== (attachment.trunkEniId !== null)) {
    problem(`is a ${eni.type} ENI with trunk ${attachment.trunkEniId ?? 'none'}`);
  } else if (attachment.trunkEniId !== null &&
    enis.get(attachment.trunkEniId)?.memberEniIds.includes(eni.id) !== true) {
    problem(`names trunk ${attachment.trunkEniId}, which does not list it`);
  }
}

function checkAccountQuota(view: CloudView, enis: ReadonlyMap<string, EniRecord>,
  quotas: CloudQuotas, report: Report): void {
  const counted = new Map<string, number>();
  for (const eni of enis.values()) {
    if (eni.type !== 'Primary') counted.set(eni.regionId, (counted.get(eni.regionId) ?? 0) + 1);
  }
  for (const regionId of view.regionIds()) {
    const count = counted.get(regionId) ?? 0;
    if (view.quotaEniCount(regionId) !== count) {
      report('account-eni-accounting', `${regionId}: the ENI quota counts ` +
        `${view.quotaEniCount(regionId)}, the region has ${count} non-primary ENIs`);
    }
    if (count > quotas.enisPerRegion) {
      report('account-eni-quota',
        `${regionId}: ${count} ENIs; the quota is ${quotas.enisPerRegion}`);
    }
  }
}

function checkSecurityGroups(view: CloudView, enis: ReadonlyMap<string, EniRecord>,
  quotas: CloudQuotas, report: Report): void {
  const ips = new Map<string, number>();
  for (const eni of enis.values()) {
    for (const groupId of eni.securityGroupIds) {
      ips.set(groupId, (ips.get(groupId) ?? 0) + eni.ipv4.length);
    }
  }
  for (const group of view.securityGroups()) {
    const held = ips.get(group.id) ?? 0;
    if (group.ipCount !== held) {
      report('security-group-accounting',
        `${group.id} counts ${group.ipCount} private IPs, its ENIs hold ${held}`);
    }
    const limit = group.type === 'enterprise'
      ? quotas.securityGroupIpsEnterprise : quotas.securityGroupIpsNormal;
    if (held > limit) {
      report('security-group-ip-quota',
        `${group.id} (${group.type}) holds ${held} IPs of ${limit}`);
    }
  }
}

function checkRouteTables(view: CloudView, quotas: CloudQuotas, report: Report): void {
  for (const table of view.routeTables()) {
    const entries = Object.values(table.entries);
    const custom = entries.filter((entry) => entry.type === 'Custom').length;
    if (custom > quotas.routeEntriesPerTable) {
      report('route-entry-quota',
        `${table.id} holds ${custom} custom entries; the quota is ${quotas.routeEntriesPerTable}`);
    }
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.destinationCidrBlock)) {
        report('route-destination-unique',
          `${table.id} has ${entry.destinationCidrBlock} more than once`);
      }
      seen.add(entry.destinationCidrBlock);
    }
  }
}

function checkNetworkQuotas(view: CloudView, quotas: CloudQuotas, report: Report): void {
  for (const regionId of view.regionIds()) {
    const vpcs = view.vpcs(regionId);
    if (vpcs.length > quotas.vpcsPerRegion) {
      report('vpc-quota',
        `${regionId} holds ${vpcs.length} VPCs; the quota is ${quotas.vpcsPerRegion}`);
    }
  }
  const perVpc = new Map<string, number>();
  for (const usage of view.vSwitches()) {
    perVpc.set(usage.vSwitch.vpcId, (perVpc.get(usage.vSwitch.vpcId) ?? 0) + 1);
  }
  for (const [vpcId, count] of perVpc) {
    if (count > quotas.vSwitchesPerVpc) {
      report('vswitch-quota',
        `${vpcId} holds ${count} vSwitches; the quota is ${quotas.vSwitchesPerVpc}`);
    }
  }
}
