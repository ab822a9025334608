// Every action the emulator serves, by product and name. The HTTP face routes by
// `x-acs-version`/`Version` (2014-05-26 is ECS, 2016-04-28 is VPC); the in-process client names
// the product. An action that is not here is InvalidAction.NotFound.

import { describeInstanceTypes } from '../catalog/describe-instance-types.js';
import { attachNetworkInterface } from '../eni/attach.js';
import { createNetworkInterface } from '../eni/create.js';
import { deleteNetworkInterface } from '../eni/delete.js';
import { describeNetworkInterfaceAttribute, describeNetworkInterfaces } from '../eni/describe.js';
import { detachNetworkInterface } from '../eni/detach.js';
import { assignIpv6Addresses, unassignIpv6Addresses } from '../eni/ipv6.js';
import { modifyNetworkInterfaceAttribute } from '../eni/modify.js';
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from '../eni/private-ips.js';
import { deleteInstance } from '../instance/delete.js';
import { describeInstances } from '../instance/describe.js';
import { runInstances } from '../instance/run.js';
import { describeRegions, describeZones } from '../region/describe.js';
import { describeRouteEntryList, describeRouteTableList } from '../route/describe.js';
import { createRouteEntry, deleteRouteEntry } from '../route/entries.js';
import { createSecurityGroup, describeSecurityGroups } from '../security-group/actions.js';
import {
  authorizeSecurityGroup, authorizeSecurityGroupEgress, describeSecurityGroupAttribute,
  modifySecurityGroupRule, revokeSecurityGroup, revokeSecurityGroupEgress,
} from '../security-group/rule-actions.js';
import { createVpc, describeVpcs } from '../vpc/actions.js';
import {
  allocateEipAddress, associateEipAddress, describeEipAddresses, unassociateEipAddress,
} from '../egress/eip.js';
import {
  createNatGateway, createSnatEntry, deleteSnatEntry, describeNatGateways,
  describeSnatTableEntries,
} from '../egress/nat.js';
import { createVSwitch, describeVSwitchAttributes, describeVSwitches } from '../vswitch/actions.js';
import type { ActionSpec, CloudProduct } from './context.js';

export const apiVersions: Readonly<Record<CloudProduct, string>> = { ecs: '2014-05-26',
  vpc: '2016-04-28' };

const all: readonly ActionSpec<unknown>[] = [
  createNetworkInterface,
  attachNetworkInterface,
  detachNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  describeNetworkInterfaceAttribute,
  assignPrivateIpAddresses,
  unassignPrivateIpAddresses,
  assignIpv6Addresses,
  unassignIpv6Addresses,
  modifyNetworkInterfaceAttribute,
  describeInstanceTypes,
  runInstances,
  describeInstances,
  deleteInstance,
  createSecurityGroup,
  describeSecurityGroups,
  authorizeSecurityGroup,
  authorizeSecurityGroupEgress,
  revokeSecurityGroup,
  revokeSecurityGroupEgress,
  modifySecurityGroupRule,
  describeSecurityGroupAttribute,
  createVpc,
  describeVpcs,
  createVSwitch,
  describeVSwitches,
  describeVSwitchAttributes,
  createRouteEntry,
  deleteRouteEntry,
  describeRouteEntryList,
  describeRouteTableList,
  createNatGateway,
  describeNatGateways,
  createSnatEntry,
  describeSnatTableEntries,
  deleteSnatEntry,
  allocateEipAddress,
  associateEipAddress,
  unassociateEipAddress,
  describeEipAddresses,
  describeRegions,
  describeZones,
];

const byProduct = new Map<CloudProduct, Map<string, ActionSpec<unknown>>>();
for (const spec of all) {
  if (!byProduct.has(spec.product)) byProduct.set(spec.product, new Map());
  byProduct.get(spec.product)!.set(spec.name, spec);
}

export function findAction(product: CloudProduct, name: string): ActionSpec<unknown> | undefined {
  return byProduct.get(product)?.get(name);
}

/** The product whose API version this is, if any. */
export function productOfVersion(version: string): CloudProduct | undefined {
  return (Object.keys(apiVersions) as CloudProduct[]).find(
    (product) => apiVersions[product] === version,
  );
}

export function actionNames(product?: CloudProduct): string[] {
  return all
    .filter((spec) => product === undefined || spec.product === product)
    .map((spec) => spec.name)
    .sort();
}
