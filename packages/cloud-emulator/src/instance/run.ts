// ECS RunInstances, reduced to what the network cares about: 1–100 instances of a known type in a
// vSwitch, each with its primary ENI (DeviceIndex 0, InUse, its primary IP from the vSwitch), in
// its security groups. Any ImageId is accepted. An instance is Pending, then Running after a
// seeded start time (world building starts it at once). The primary ENI does not count against
// the account ENI quota. Refusals: unknown type (InvalidInstanceType.ValueNotSupported), vSwitch,
// zone or security group; a ZoneId other than the vSwitch's; too few free addresses; DryRun.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { findInstanceType, type InstanceTypeRecord } from '../catalog/instance-types.js';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { addSecurityGroupIps, findSecurityGroups, findVSwitch,
  tagsFrom } from '../actions/lookup.js';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import { takeIpv4, takeIpv6 } from '../eni/ip-allocation.js';
import { param } from '../params/schema.js';
import type { EniRecord, InstanceRecord, Tag, VSwitchRecord } from '../state/types.js';

const id = () => param.str({ min: 1, max: 128 });

const schema = z.object({
  RegionId: id(),
  ImageId: param.str({ min: 1, max: 256 }),
  InstanceType: param.str({ min: 1, max: 128 }),
  VSwitchId: id(),
  ZoneId: id().optional(),
  SecurityGroupId: id().optional(),
  SecurityGroupIds: param.list(id(), { max: 16 }).optional(),
  Amount: param.int(1, 100).optional(),
  MinAmount: param.int(1, 100).optional(),
  PrivateIpAddress: param.str({ max: 64 }).optional(),
  Ipv6AddressCount: param.int(1, 10).optional(),
  InstanceName: param.str({ max: 128 }).optional(),
  HostName: param.str({ max: 64 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
  DryRun: param.bool().optional(),
});

type Params = z.output<typeof schema>;

interface LaunchPlan {
  readonly type: InstanceTypeRecord;
  readonly vSwitch: VSwitchRecord;
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly Tag[];
  readonly amount: number;
}

function plan(ctx: ActionContext, params: Params): Result<LaunchPlan, ApiError> {
  const type = findInstanceType(params.InstanceType);
  if (type === undefined) return err(apiError('InvalidInstanceType.ValueNotSupported',
    `InstanceType: ${params.InstanceType}`));
  const vSwitch = findVSwitch(ctx.draft, params.VSwitchId);
  if (!vSwitch.ok) return vSwitch;
  if (params.ZoneId !== undefined && params.ZoneId !== vSwitch.value.zoneId) {
    return err(apiError('InvalidParameter.Mismatch',
      `ZoneId ${params.ZoneId}, vSwitch zone ${vSwitch.value.zoneId}`));
  }
  const groupIds = [...(params.SecurityGroupId === undefined ? [] : [params.SecurityGroupId]),
    ...(params.SecurityGroupIds ?? [])];
  if (groupIds.length === 0) return err(missingParameter('SecurityGroupId'));
  const groups = findSecurityGroups(ctx.draft, groupIds, vSwitch.value.vpcId, ctx.quotas);
  if (!groups.ok) return groups;
  const tags = tagsFrom(params.Tag);
  if (!tags.ok) return tags;
  const amount = params.Amount ?? 1;
  if (params.PrivateIpAddress !== undefined && amount > 1) {
    return err(apiError('InvalidParameter.Conflict', 'PrivateIpAddress needs Amount 1'));
  }
  if ((params.Ipv6AddressCount ?? 0) > type.EniIpv6AddressQuantity) {
    return err(apiError('InvalidOperation.Ipv6CountExceeded',
      `${type.InstanceTypeId} allows ${type.EniIpv6AddressQuantity} IPv6 per ENI`));
  }
  if (params.DryRun === true) return err(apiError('DryRunOperation'));
  return ok({ type, vSwitch: vSwitch.value, securityGroupIds: groups.value.map((group) => group.id),
    tags: tags.value, amount });
}

function primaryEni(ctx: ActionContext, planned: LaunchPlan, instanceId: string,
  params: Params): Result<EniRecord, ApiError> {
  const eniId = ctx.ids.next('eni');
  const { vSwitch } = planned;
  const ipv4 = takeIpv4(
    ctx.draft,
    vSwitch.id,
    eniId,
    params.PrivateIpAddress === undefined ? [] : [params.PrivateIpAddress],
    params.PrivateIpAddress === undefined ? 1 : 0,
  );
  if (!ipv4.ok) return ipv4;
  const ipv6 = (params.Ipv6AddressCount ?? 0) > 0 ? takeIpv6(ctx.draft, vSwitch.id, eniId, [],
    params.Ipv6AddressCount!) : ok([]);
  if (!ipv6.ok) return ipv6;
  const counted = addSecurityGroupIps(ctx.draft, planned.securityGroupIds, 1, ctx.quotas);
  if (!counted.ok) return counted;
  return ok({
    id: eniId,
    regionId: ctx.draft.regionId,
    zoneId: vSwitch.zoneId,
    vpcId: vSwitch.vpcId,
    vSwitchId: vSwitch.id,
    mac: ctx.ids.nextMac(),
    type: 'Primary',
    status: 'InUse',
    name: '',
    description: '',
    resourceGroupId: params.ResourceGroupId ?? '',
    securityGroupIds: planned.securityGroupIds,
    tags: [],
    ipv4: [{ ip: ipv4.value[0]!, primary: true, metaFromMs: ctx.nowMs }],
    ipv6: ipv6.value.map((ip) => ({ ip, primary: false, metaFromMs: ctx.nowMs })),
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    attachment: { instanceId, deviceIndex: 0, trunkEniId: null, networkCardIndex: 0 },
    transition: null,
    metadata: { instanceId, fromMs: ctx.nowMs, untilMs: null },
    metadataGhosts: [],
    ipOpBusyUntilMs: 0,
    memberEniIds: [],
    createdMs: ctx.nowMs,
    deleteOnRelease: true,
    sourceDestCheck: true,
    trafficMode: 'Standard',
  });
}

function launch(ctx: ActionContext, planned: LaunchPlan, params: Params,
  index: number): Result<string, ApiError> {
  const instanceId = ctx.ids.next('i');
  const eni = primaryEni(ctx, planned, instanceId, params);
  if (!eni.ok) return eni;
  const startMs = ctx.duration('instanceStart');
  const suffix = planned.amount > 1 ? `-${index + 1}` : '';
  const instance: InstanceRecord = {
    id: instanceId,
    regionId: ctx.draft.regionId,
    zoneId: planned.vSwitch.zoneId,
    vpcId: planned.vSwitch.vpcId,
    vSwitchId: planned.vSwitch.id,
    instanceType: planned.type.InstanceTypeId,
    imageId: params.ImageId,
    name: `${params.InstanceName ?? instanceId}${suffix}`,
    hostName: `${params.HostName ?? `iZ${instanceId.slice(2)}Z`}${suffix}`,
    description: params.Description ?? '',
    resourceGroupId: params.ResourceGroupId ?? '',
    status: startMs === 0 ? 'Running' : 'Pending',
    transition: startMs === 0 ? null : { to: 'Running', atMs: ctx.nowMs + startMs },
    primaryEniId: eni.value.id,
    securityGroupIds: planned.securityGroupIds,
    tags: planned.tags,
    createdMs: ctx.nowMs,
    eniIds: [eni.value.id],
    memberEniIds: [],
  };
  ctx.draft.putEni(eni.value);
  ctx.draft.putInstance(instance);
  ctx.eniStateChanged(eni.value.id, 'None', 'InUse');
  if (instance.transition !== null) ctx.armTransition('instance', instance.id);
  return ok(instanceId);
}

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const planned = plan(ctx, params);
  if (!planned.ok) return planned;
  const free = ctx.draft.ipv4(planned.value.vSwitch.id).free;
  if (free < planned.value.amount) {
    return err(apiError('InvalidVSwitchId.IpNotEnough',
      `vSwitch ${planned.value.vSwitch.id} has ${free} free addresses`));
  }
  const instanceIds: string[] = [];
  for (let index = 0; index < planned.value.amount; index++) {
    const launched = launch(ctx, planned.value, params, index);
    if (!launched.ok) return launched;
    instanceIds.push(launched.value);
  }
  return ok({ InstanceIdSets: { InstanceIdSet: instanceIds }, OrderId: '', TradePrice: 0 });
}

export const runInstances = defineAction({
  product: 'ecs',
  name: 'RunInstances',
  schema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run,
});
