// The cloud's invariants, checked from outside through the read-only view (style guide F5):
// every address owned once and by the ENI that lists it, vSwitch accounting exact, quotas held,
// security-group counts exact, and ENI records consistent with their instances.
import { formatIpv4, parseIpv4, parseIpv4Cidr } from '@terway-sim/sim-base';
import { findInstanceType, type CloudEmulator, type EniRecord } from '../src/index.js';

function prefixAddresses(prefix: string): string[] {
  const cidr = parseIpv4Cidr(prefix)!;
  return Array.from({ length: 16 }, (_, index) => formatIpv4(cidr.network + index));
}

function checkAddresses(cloud: CloudEmulator, enis: readonly EniRecord[],
  problems: string[]): void {
  const view = cloud.view();
  const owners = new Map<string, string>();
  const usedByVSwitch = new Map<string, number>();
  for (const eni of enis) {
    const addresses = [...eni.ipv4.map((ip) => ip.ip),
      ...eni.ipv4Prefixes.flatMap((prefix) => prefixAddresses(prefix.prefix))];
    for (const address of addresses) {
      const previous = owners.get(address);
      if (previous !== undefined) problems.push(`${address} listed by ${previous} and ${eni.id}`);
      owners.set(address, eni.id);
      const owner = view.ipv4Owner(eni.vpcId, address);
      if (owner?.eniId !== eni.id) problems.push(`${address} of ${eni.id} is owned by ${owner?.eniId ?? 'nobody'} in the pool`);
      if (parseIpv4(address) === undefined) problems.push(`${address} is not an address`);
    }
    usedByVSwitch.set(eni.vSwitchId, (usedByVSwitch.get(eni.vSwitchId) ?? 0) + addresses.length);
    if (eni.ipv4.filter((ip) => ip.primary).length !== 1 || !eni.ipv4[0]?.primary) problems.push(`${eni.id} has no single leading primary IP`);
    for (const ip of eni.ipv6) if (view.ipv6Owner(ip.ip)?.eniId !== eni.id) problems.push(`${ip.ip} of ${eni.id} not owned in the IPv6 pool`);
  }
  for (const usage of view.vSwitches()) {
    const used = usedByVSwitch.get(usage.vSwitch.id) ?? 0;
    if (usage.used !== used) problems.push(`${usage.vSwitch.id}: pool counts ${usage.used} used, ENIs hold ${used}`);
    if (usage.available !== usage.size - 4 - used) problems.push(`${usage.vSwitch.id}: available ${usage.available} != ${usage.size} - 4 - ${used}`);
    if (usage.available < 0) problems.push(`${usage.vSwitch.id}: negative availability`);
  }
}

function checkInstances(cloud: CloudEmulator, problems: string[]): void {
  const view = cloud.view();
  for (const instance of view.instances()) {
    const type = findInstanceType(instance.instanceType)!;
    if (instance.eniIds.length > type.EniQuantity) problems.push(`${instance.id}: ${instance.eniIds.length} ENIs > ${type.EniQuantity}`);
    const membersMax = type.EniTrunkSupported ? type.EniTotalQuantity - type.EniQuantity : 0;
    if (instance.memberEniIds.length > membersMax) problems.push(`${instance.id}: ${instance.memberEniIds.length} members > ${membersMax}`);
    const indexes = instance.eniIds.map((id) => view.eni(id)?.attachment?.deviceIndex);
    if (new Set(indexes).size !== indexes.length) problems.push(`${instance.id}: device indexes repeat ${indexes.join(',')}`);
    for (const eniId of [...instance.eniIds, ...instance.memberEniIds]) {
      const eni = view.eni(eniId);
      if (eni?.attachment?.instanceId !== instance.id) problems.push(`${instance.id} lists ${eniId}, which is not attached to it`);
      if (eni !== undefined && eni.status !== 'Attaching' && eni.ipv4.length + eni.ipv4Prefixes.length > type.EniPrivateIpAddressQuantity) {
        problems.push(`${eniId}: ${eni.ipv4.length} IPs > ${type.EniPrivateIpAddressQuantity} on ${type.InstanceTypeId}`);
      }
    }
  }
}

function checkEnis(cloud: CloudEmulator, enis: readonly EniRecord[], problems: string[]): void {
  const view = cloud.view();
  const attachedStates = ['Attaching', 'InUse', 'Detaching'];
  for (const eni of enis) {
    if ((eni.attachment !== null) !== attachedStates.includes(eni.status)) problems.push(`${eni.id}: status ${eni.status} with attachment ${JSON.stringify(eni.attachment)}`);
    if (eni.attachment !== null) {
      const instance = view.instance(eni.attachment.instanceId);
      const listed = eni.type === 'Member' ? instance?.memberEniIds : instance?.eniIds;
      if (!listed?.includes(eni.id)) problems.push(`${eni.id} attached to ${eni.attachment.instanceId}, which does not list it`);
    }
    if (eni.type === 'Member' && (eni.attachment?.trunkEniId === null || eni.attachment === null)) problems.push(`${eni.id}: member without trunk`);
  }
  for (const regionId of view.regionIds()) {
    const counted = enis.filter((eni) => eni.regionId === regionId && eni.type !== 'Primary').length;
    if (view.quotaEniCount(regionId) !== counted) problems.push(`${regionId}: quota count ${view.quotaEniCount(regionId)} != ${counted}`);
    if (counted > cloud.quotas.enisPerRegion) problems.push(`${regionId}: ${counted} ENIs > quota ${cloud.quotas.enisPerRegion}`);
  }
  for (const group of view.securityGroups()) {
    const ips = enis.filter((eni) => eni.securityGroupIds.includes(group.id)).reduce((sum,
      eni) => sum + eni.ipv4.length, 0);
    if (group.ipCount !== ips) problems.push(`${group.id}: counts ${group.ipCount} IPs, ENIs hold ${ips}`);
    const limit = group.type === 'enterprise' ? cloud.quotas.securityGroupIpsEnterprise : cloud.quotas.securityGroupIpsNormal;
    if (ips > limit) problems.push(`${group.id}: ${ips} IPs > ${limit}`);
  }
  for (const table of view.routeTables()) {
    const custom = Object.values(table.entries).filter((entry) => entry.type === 'Custom').length;
    if (custom > cloud.quotas.routeEntriesPerTable) problems.push(`${table.id}: ${custom} custom entries > quota`);
    const destinations = Object.values(table.entries).map((entry) => entry.destinationCidrBlock);
    if (new Set(destinations).size !== destinations.length) problems.push(`${table.id}: duplicate destinations`);
  }
}

/** Every invariant violation in the cloud now (empty when all hold). */
export function cloudInvariantViolations(cloud: CloudEmulator): string[] {
  const problems: string[] = [];
  const enis = [...cloud.view().enis()];
  checkAddresses(cloud, enis, problems);
  checkInstances(cloud, problems);
  checkEnis(cloud, enis, problems);
  return problems;
}

/** ENI status changes the machine allows; the last four only when an instance is released. */
export const allowedEniTransitions = new Set([
  'None>Available', 'None>InUse', 'Available>Attaching', 'Attaching>InUse', 'InUse>Detaching', 'Detaching>Available',
  'Available>Deleting', 'Deleting>Gone',
  'Attaching>Available', 'InUse>Available', 'Detaching>Available', 'Available>Gone', 'InUse>Gone',
]);
