// ECS AttachNetworkInterface (asynchronous): Available → Attaching now, → InUse after a seeded
// duration; the ENI's MAC and IPs appear in the instance's metadata after the metadata lag.
// With TrunkNetworkInstanceId the ENI becomes a Member of that trunk: its DeviceIndex is the
// lowest free VLAN id on the trunk, it counts against EniTotalQuantity − EniQuantity instead of
// EniQuantity, and it never appears in the instance's metadata MAC list.
// Refusals: unknown ENI or instance, a primary ENI, an ENI not Available
// (InvalidOperation.InvalidEniState), an instance neither Running nor Stopped
// (IncorrectInstanceStatus), another zone or VPC, too many ENIs or members
// (EniPerInstanceLimitExceeded), more IPs than the instance type allows per ENI
// (InvalidOperation.Ipv4CountExceeded / Ipv6CountExceeded), trunking unsupported.
// The fault plan may mark an attach stuck: it stays Attaching forever.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import type { InstanceTypeRecord } from '../catalog/instance-types.js';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findEni, findInstance, instanceTypeOf } from '../actions/lookup.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EniRecord, InstanceRecord } from '../state/types.js';
import { withEni } from './eni-record.js';

const id = () => param.str({ min: 1, max: 128 });
const vlanIdMax = 4094;

const schema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  InstanceId: id(),
  TrunkNetworkInstanceId: id().optional(),
  NetworkCardIndex: param.int(0, 64).optional(),
  WaitForNetworkConfigurationReady: param.bool().optional(),
});

type Params = z.output<typeof schema>;

/** Address counts an attached ENI may hold on this instance type (a prefix takes one slot). */
export function checkAddressLimits(eni: EniRecord,
  type: InstanceTypeRecord): Result<void, ApiError> {
  const ipv4Slots = eni.ipv4.length + eni.ipv4Prefixes.length;
  if (ipv4Slots > type.EniPrivateIpAddressQuantity) {
    return err(apiError('InvalidOperation.Ipv4CountExceeded',
      `${type.InstanceTypeId} allows ${type.EniPrivateIpAddressQuantity} private IPs per ENI`));
  }
  if (eni.ipv6.length > 0 && type.EniIpv6AddressQuantity === 0) {
    return err(apiError('InvalidOperation.Ipv6NotSupport', `${type.InstanceTypeId} has no IPv6`));
  }
  if (eni.ipv6.length + eni.ipv6Prefixes.length > type.EniIpv6AddressQuantity) {
    return err(apiError('InvalidOperation.Ipv6CountExceeded',
      `${type.InstanceTypeId} allows ${type.EniIpv6AddressQuantity} IPv6 per ENI`));
  }
  return ok(undefined);
}

function checkPair(eni: EniRecord, instance: InstanceRecord): Result<void, ApiError> {
  if (eni.type === 'Primary' || eni.type === 'Member') {
    return err(apiError('InvalidOperation.InvalidEniType', `${eni.id} is a ${eni.type} ENI`));
  }
  if (eni.status !== 'Available') return err(apiError('InvalidOperation.InvalidEniState',
    `${eni.id} is ${eni.status}`));
  if (instance.status !== 'Running' && instance.status !== 'Stopped') {
    return err(apiError('IncorrectInstanceStatus', `${instance.id} is ${instance.status}`));
  }
  if (eni.zoneId !== instance.zoneId) {
    return err(apiError('InvalidOperation.AvailabilityZoneMismatch',
      `${eni.id} is in ${eni.zoneId}, ${instance.id} in ${instance.zoneId}`));
  }
  if (eni.vpcId !== instance.vpcId) return err(apiError('InvalidOperation.VpcMismatch',
    `${eni.id} is in ${eni.vpcId}`));
  return ok(undefined);
}

function lowestFree(used: ReadonlySet<number>, from: number, to: number): number | undefined {
  for (let index = from; index <= to; index++) if (!used.has(index)) return index;
  return undefined;
}

function plainDeviceIndex(ctx: ActionContext, eni: EniRecord, instance: InstanceRecord,
  type: InstanceTypeRecord): Result<number, ApiError> {
  if (instance.eniIds.length >= type.EniQuantity) {
    return err(apiError('EniPerInstanceLimitExceeded',
      `${type.InstanceTypeId} takes ${type.EniQuantity} ENIs`));
  }
  if (eni.type === 'Trunk') {
    const hasTrunk = instance.eniIds.some((other) => ctx.draft.eni(other)?.type === 'Trunk');
    if (!type.EniTrunkSupported || hasTrunk) {
      return err(
        apiError(
          'InvalidOperation.InvalidEniType',
          `${type.InstanceTypeId} takes ${type.EniTrunkSupported ? 'one trunk ENI' : 'no trunk ENI'}`,
        ),
      );
    }
  }
  const used = new Set(
    instance.eniIds.map((other) => ctx.draft.eni(other)?.attachment?.deviceIndex ?? -1),
  );
  return ok(lowestFree(used, 1, type.EniQuantity)!);
}

function memberDeviceIndex(ctx: ActionContext, trunkId: string, instance: InstanceRecord,
  type: InstanceTypeRecord): Result<{ trunk: EniRecord; vlan: number }, ApiError> {
  const trunk = findEni(ctx.draft, trunkId);
  if (!trunk.ok) return trunk;
  if (trunk.value.type !== 'Trunk') return err(apiError('InvalidOperation.InvalidEniType',
    `${trunkId} is not a trunk ENI`));
  if (trunk.value.status !== 'InUse' || trunk.value.attachment?.instanceId !== instance.id) {
    return err(apiError('InvalidOperation.InvalidEniState',
      `trunk ${trunkId} is not InUse on ${instance.id}`));
  }
  const membersMax = type.EniTrunkSupported ? type.EniTotalQuantity - type.EniQuantity : 0;
  if (instance.memberEniIds.length >= membersMax) {
    return err(apiError('EniPerInstanceLimitExceeded',
      `${type.InstanceTypeId} takes ${membersMax} member ENIs`));
  }
  const used = new Set(
    trunk.value.memberEniIds.map((member) => ctx.draft.eni(member)?.attachment?.deviceIndex ?? -1),
  );
  return ok({ trunk: trunk.value, vlan: lowestFree(used, 1, vlanIdMax)! });
}

function attachPlain(ctx: ActionContext, params: Params, eni: EniRecord, instance: InstanceRecord,
  deviceIndex: number): void {
  const atMs = ctx.stuckAttaching ? null : ctx.nowMs + ctx.duration('attach');
  ctx.draft.putEni(withEni(eni, { status: 'Attaching', transition: { to: 'InUse', atMs },
    attachment: { instanceId: instance.id, deviceIndex, trunkEniId: null,
      networkCardIndex: params.NetworkCardIndex ?? 0 },
    metadata: { instanceId: instance.id, fromMs: ctx.nowMs + ctx.metadataLagMs(instance.id),
      untilMs: null },
  }));
  ctx.draft.putInstance({ ...instance, eniIds: [...instance.eniIds, eni.id] });
}

function attachMember(ctx: ActionContext, params: Params, eni: EniRecord, instance: InstanceRecord,
  trunk: EniRecord, vlan: number): void {
  const atMs = ctx.stuckAttaching ? null : ctx.nowMs + ctx.duration('attach');
  ctx.draft.putEni(withEni(eni,
    { type: 'Member', status: 'Attaching', transition: { to: 'InUse', atMs },
    attachment: { instanceId: instance.id, deviceIndex: vlan, trunkEniId: trunk.id,
      networkCardIndex: params.NetworkCardIndex ?? 0 },
  }));
  ctx.draft.putEni(withEni(ctx.draft.eni(trunk.id)!,
    { memberEniIds: [...trunk.memberEniIds, eni.id] }));
  ctx.draft.putInstance({ ...instance, memberEniIds: [...instance.memberEniIds, eni.id] });
}

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const eni = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!eni.ok) return eni;
  const instance = findInstance(ctx.draft, params.InstanceId);
  if (!instance.ok) return instance;
  const pair = checkPair(eni.value, instance.value);
  if (!pair.ok) return pair;
  const type = instanceTypeOf(instance.value);
  const limits = checkAddressLimits(eni.value, type);
  if (!limits.ok) return limits;
  if (params.TrunkNetworkInstanceId === undefined) {
    const deviceIndex = plainDeviceIndex(ctx, eni.value, instance.value, type);
    if (!deviceIndex.ok) return deviceIndex;
    attachPlain(ctx, params, eni.value, instance.value, deviceIndex.value);
  } else {
    if (eni.value.type !== 'Secondary') return err(apiError('InvalidOperation.InvalidEniType',
      `${eni.value.id} is a ${eni.value.type} ENI`));
    const member = memberDeviceIndex(ctx, params.TrunkNetworkInstanceId, instance.value, type);
    if (!member.ok) return member;
    attachMember(ctx, params, eni.value, instance.value, member.value.trunk, member.value.vlan);
  }
  ctx.eniStateChanged(eni.value.id, 'Available', 'Attaching');
  ctx.armTransition('eni', eni.value.id);
  return ok({});
}

export const attachNetworkInterface = defineAction({
  product: 'ecs',
  name: 'AttachNetworkInterface',
  schema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run,
});
