// The ECS/VPC actions FakeCloud answers from its state: the ENI lifecycle, IP assignment, the
// describes and DescribeVSwitches, with the error codes and HTTP statuses of the real API for the
// cases a client-layer test needs (unknown ENI 404, wrong state 400, vSwitch exhausted 403, ENI
// quota 403, IP not on the ENI 403). Everything else about the cloud is the emulator's job.

import { err, ok } from '@terway-sim/sim-base';
import type { OpenApiFailure, OpenApiParamValue, ResponseBody } from '../ports/openapi.js';
import type { FakeCloudState, FakeEni } from './fake-cloud-state.js';

export type Params = { readonly [name: string]: OpenApiParamValue };
export type ActionReply =
  { ok: true; value: ResponseBody } | { ok: false; error: Omit<OpenApiFailure, 'requestId'> };

export interface ActionTimings {
  readonly attachMs: number;
  readonly detachMs: number;
  readonly deleteMs: number;
}

export interface ActionContext {
  readonly state: FakeCloudState;
  readonly timings: ActionTimings;
  readonly after: (delayMs: number, fn: () => void) => void;
}

export function refuse(code: string, httpStatus: number, message =
  `fake cloud: ${code}`): ActionReply {
  return err({ kind: 'api', code, httpStatus, message });
}

function text(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function count(params: Params, name: string): number {
  const value = params[name];
  return typeof value === 'number' ? value : typeof value === 'string' && value !== ''
    ? Number(value) : 0;
}

function list(params: Params, name: string): string[] {
  const value = params[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function eniEntry(eni: FakeEni): ResponseBody {
  return {
    NetworkInterfaceId: eni.id, Status: eni.status, Type: eni.type, MacAddress: eni.mac,
      VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId, InstanceId: eni.instanceId, VpcId: 'vpc-fake',
      NetworkInterfaceTrafficMode: eni.trafficMode,
    PrivateIpAddress: eni.ipv4.find((entry) => entry.primary)?.ip ?? '',
      CreationTime: eni.creationTime,
    PrivateIpSets: { PrivateIpSet: eni.ipv4.map((entry) => ({ PrivateIpAddress: entry.ip,
      Primary: entry.primary })) },
    Ipv6Sets: { Ipv6Set: eni.ipv6.map((ip) => ({ Ipv6Address: ip })) },
    SecurityGroupIds: { SecurityGroupId: [...eni.securityGroupIds] },
    Tags: { Tag: eni.tags.map((tag) => ({ TagKey: tag.key, TagValue: tag.value })) },
    Attachment: { InstanceId: eni.instanceId, DeviceIndex: eni.deviceIndex,
      TrunkNetworkInterfaceId: '' },
  };
}

function createEni(context: ActionContext, params: Params): ActionReply {
  const vSwitch = context.state.vSwitches.get(text(params, 'VSwitchId'));
  if (vSwitch === undefined) return refuse('InvalidVSwitchId.NotFound', 404);
  const ipv4Count = 1 + count(params, 'SecondaryPrivateIpAddressCount');
  const eni = context.state.newEni(vSwitch.spec.id, text(params, 'InstanceType') || 'Secondary',
    ipv4Count, count(params, 'Ipv6AddressCount'));
  if (eni === undefined) return refuse('InvalidVSwitchId.IpNotEnough', 403,
    'The specified VSwitch has not enough IpAddress.');
  eni.trafficMode = text(params, 'NetworkInterfaceTrafficMode') || 'Standard';
  eni.securityGroupIds.push(...list(params, 'SecurityGroupIds'));
  const tags = params['Tag'];
  if (Array.isArray(tags)) {
    tags.forEach((tag) => {
      const record = tag as { Key?: unknown; Value?: unknown };
      eni.tags.push({ key: String(record.Key), value: String(record.Value) });
    });
  }
  const { Attachment: _attachment, InstanceId: _instance, ...created } = eniEntry(eni);
  return ok(created);
}

function attachEni(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  const instance = context.state.instances.get(text(params, 'InstanceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  if (instance === undefined) return refuse('InvalidEcsId.NotFound', 404);
  if (eni.status !== 'Available') return refuse('InvalidOperation.InvalidEniState', 400);
  if (context.state.attachedCount(instance.id) >= instance.eniQuantity) return refuse(
    'EniPerInstanceLimitExceeded', 403);
  eni.status = 'Attaching';
  eni.instanceId = instance.id;
  eni.deviceIndex = context.state.attachedCount(instance.id) - 1;
  context.state.publish(instance.id, eni, true);
  context.after(context.timings.attachMs, () => {
    if (eni.status === 'Attaching') eni.status = 'InUse';
  });
  return ok({});
}

function detachEni(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  if (!context.state.instances.has(text(params,
    'InstanceId'))) return refuse('InvalidEcsId.NotFound', 404);
  if (eni.type === 'Primary') return refuse('InvalidOperation.DetachPrimaryEniNotAllowed', 400);
  if (eni.status === 'Available') return ok({});
  if (eni.status !== 'InUse'
    && eni.status !== 'Detaching') return refuse('InvalidOperation.InvalidEniState', 400);
  const instanceId = eni.instanceId;
  eni.status = 'Detaching';
  context.state.publish(instanceId, eni, false);
  context.after(context.timings.detachMs, () => {
    if (eni.status !== 'Detaching') return;
    eni.status = 'Available';
    eni.instanceId = '';
  });
  return ok({});
}

function deleteEni(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  if (eni.status !== 'Available') return refuse('InvalidOperation.InvalidEniState', 400);
  eni.status = 'Deleting';
  context.after(context.timings.deleteMs, () => {
    const vSwitch = context.state.vSwitches.get(eni.vSwitchId)!;
    eni.ipv4.forEach((entry) => vSwitch.release(entry.ip));
    context.state.enis.delete(eni.id);
  });
  return ok({});
}

function assignIpv4(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  const wanted = count(params, 'SecondaryPrivateIpAddressCount');
  const instance = context.state.instances.get(eni.instanceId);
  if (instance !== undefined
    && eni.ipv4.length + wanted > instance.ipsPerEni) return refuse(
      'InvalidOperation.Ipv4CountExceeded', 403);
  const vSwitch = context.state.vSwitches.get(eni.vSwitchId)!;
  if (vSwitch.available < wanted) return refuse('InvalidVSwitchId.IpNotEnough', 403,
    'The specified VSwitch has not enough IpAddress.');
  const ips = Array.from({ length: wanted }, () => vSwitch.allocate()!);
  ips.forEach((ip) => eni.ipv4.push({ ip, primary: false }));
  if (eni.instanceId !== '') context.state.publish(eni.instanceId, eni, true);
  return ok({ AssignedPrivateIpAddressesSet: { NetworkInterfaceId: eni.id,
    PrivateIpSet: { PrivateIpAddress: ips } } });
}

function unassignIpv4(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  const ips = list(params, 'PrivateIpAddress');
  const missing = ips.some((ip) => !eni.ipv4.some((entry) => entry.ip === ip && !entry.primary));
  if (missing) return refuse('InvalidIp.IpUnassigned', 403);
  const vSwitch = context.state.vSwitches.get(eni.vSwitchId)!;
  ips.forEach((ip) => {
    eni.ipv4.splice(eni.ipv4.findIndex((entry) => entry.ip === ip), 1);
    vSwitch.release(ip);
  });
  if (eni.instanceId !== '') context.state.publish(eni.instanceId, eni, true);
  return ok({});
}

function assignIpv6(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  const vSwitch = context.state.vSwitches.get(eni.vSwitchId)!;
  if (vSwitch.ipv6 === undefined) return refuse('InvalidVSwitch.Ipv6NotTurnOn', 403);
  const ips = Array.from({ length: count(params, 'Ipv6AddressCount') }, () =>
    vSwitch.allocateIpv6()!);
  eni.ipv6.push(...ips);
  if (eni.instanceId !== '') context.state.publish(eni.instanceId, eni, true);
  return ok({ NetworkInterfaceId: eni.id, Ipv6Sets: { Ipv6Address: ips } });
}

function unassignIpv6(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  if (eni === undefined) return refuse('InvalidEniId.NotFound', 404);
  const ips = list(params, 'Ipv6Address');
  if (ips.some((ip) => !eni.ipv6.includes(ip))) return refuse('InvalidIp.IpUnassigned', 403);
  ips.forEach((ip) => eni.ipv6.splice(eni.ipv6.indexOf(ip), 1));
  if (eni.instanceId !== '') context.state.publish(eni.instanceId, eni, true);
  return ok({});
}

function describeEnis(context: ActionContext, params: Params): ActionReply {
  const ids = list(params, 'NetworkInterfaceId');
  const tags = Array.isArray(params['Tag'])
    ? params['Tag'] as Array<{ Key: string; Value: string }> : [];
  const matches = [...context.state.enis.values()].filter((eni) =>
    (ids.length === 0 || ids.includes(eni.id)) &&
    (text(params, 'InstanceId') === '' || eni.instanceId === text(params, 'InstanceId')) &&
    (text(params, 'Type') === '' || eni.type === text(params, 'Type')) &&
    (text(params, 'Status') === '' || eni.status === text(params, 'Status')) &&
    tags.every((tag) => eni.tags.some((own) => own.key === tag.Key && own.value === tag.Value)));
  const pageSize = Math.min(Math.max(count(params, 'MaxResults') || 10, 10), 500);
  const start = Number(text(params, 'NextToken') || '0');
  const page = matches.slice(start, start + pageSize);
  const nextToken = start + pageSize < matches.length ? String(start + pageSize) : '';
  return ok({ NetworkInterfaceSets: { NetworkInterfaceSet: page.map(eniEntry) },
    NextToken: nextToken, TotalCount: matches.length });
}

function describeAttribute(context: ActionContext, params: Params): ActionReply {
  const eni = context.state.enis.get(text(params, 'NetworkInterfaceId'));
  return ok(eni === undefined ? {} : eniEntry(eni));
}

function describeVSwitches(context: ActionContext, params: Params): ActionReply {
  const vSwitch = context.state.vSwitches.get(text(params, 'VSwitchId'));
  const entries = vSwitch === undefined ? [] : [{
    VSwitchId: vSwitch.spec.id, ZoneId: vSwitch.spec.zoneId, CidrBlock: vSwitch.spec.cidr,
    Ipv6CidrBlock: vSwitch.spec.ipv6Cidr ?? '', AvailableIpAddressCount: vSwitch.available,
      Status: 'Available',
  }];
  return ok({ VSwitches: { VSwitch: entries }, TotalCount: entries.length, PageNumber: 1,
    PageSize: 10 });
}

export const fakeActions: Readonly<Record<string, (context: ActionContext, params: Params) =>
  ActionReply>> = {
  CreateNetworkInterface: createEni,
  AttachNetworkInterface: attachEni,
  DetachNetworkInterface: detachEni,
  DeleteNetworkInterface: deleteEni,
  AssignPrivateIpAddresses: assignIpv4,
  UnassignPrivateIpAddresses: unassignIpv4,
  AssignIpv6Addresses: assignIpv6,
  UnassignIpv6Addresses: unassignIpv6,
  DescribeNetworkInterfaces: describeEnis,
  DescribeNetworkInterfaceAttribute: describeAttribute,
  DescribeVSwitches: describeVSwitches,
};
