// ECS AssignPrivateIpAddresses and UnassignPrivateIpAddresses (synchronous; the metadata service
// catches up after its lag). Limits (the remarks of @alicloud/ecs20140526's
// CreateNetworkInterfaceRequest and AssignPrivateIpAddressesRequest): an
// Available ENI holds at most 49 secondary IPs (MaxEniPrivateIpsCountExceeded); an attached one at
// most EniPrivateIpAddressQuantity addresses, its primary included and each /28 prefix taking one
// slot (InvalidOperation.Ipv4CountExceeded). An IP operation holds the ENI for the call's duration
// and a concurrent one is refused with Operation.Conflict (Terway retries it). Unassigning an
// address the ENI does not hold, or its primary, is InvalidIp.IpUnassigned (Terway treats it as
// success).

import { err, normalizeIp, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { findInstanceType } from '../catalog/instance-types.js';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { addSecurityGroupIps, findEni } from '../actions/lookup.js';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EniRecord, MetadataGhost } from '../state/types.js';
import { releaseIpv4, releaseIpv4Prefixes, takeIpv4, takeIpv4Prefixes } from './ip-allocation.js';
import { withEni } from './eni-record.js';
import { familyCounts } from './address-counts.js';

const id = () => param.str({ min: 1, max: 128 });

const assignSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  SecondaryPrivateIpAddressCount: param.int(1, 100).optional(),
  PrivateIpAddress: param.list(param.str({ max: 64 }), { max: 50 }).optional(),
  Ipv4Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv4PrefixCount: param.int(1, 10).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

const unassignSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  PrivateIpAddress: param.list(param.str({ max: 64 }), { max: 50 }).optional(),
  Ipv4Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
});

/** The ENI is in a state that takes IP operations and no other one is in flight. */
export function checkIpOperation(ctx: ActionContext, eni: EniRecord): Result<void, ApiError> {
  if (eni.status !== 'Available' && eni.status !== 'InUse') {
    return err(apiError('InvalidOperation.InvalidEniState', `${eni.id} is ${eni.status}`));
  }
  if (ctx.nowMs < eni.ipOpBusyUntilMs) return err(apiError('Operation.Conflict',
    `another IP operation on ${eni.id} is in progress`));
  return ok(undefined);
}

/** When metadata will show a change made now to this ENI (now, if it is not attached). */
export function metadataInstant(ctx: ActionContext, eni: EniRecord): number {
  return eni.metadata === null ? ctx.nowMs : ctx.nowMs + ctx.metadataLagMs(eni.metadata.instanceId);
}

function checkIpv4Room(ctx: ActionContext, eni: EniRecord, more: number): Result<void, ApiError> {
  if (eni.attachment === null) {
    const secondaries = eni.ipv4.length - 1 + eni.ipv4Prefixes.length + more;
    if (secondaries > ctx.quotas.secondaryIpsPerAvailableEni) {
      return err(apiError('MaxEniPrivateIpsCountExceeded',
        `an unattached ENI holds at most ${ctx.quotas.secondaryIpsPerAvailableEni} secondary IPs`));
    }
    return ok(undefined);
  }
  const instance = ctx.draft.instance(eni.attachment.instanceId)!;
  const limit = findInstanceType(instance.instanceType)!.EniPrivateIpAddressQuantity;
  if (eni.ipv4.length + eni.ipv4Prefixes.length + more > limit) {
    return err(apiError('InvalidOperation.Ipv4CountExceeded',
      `${instance.instanceType} allows ${limit} private IPs per ENI`));
  }
  return ok(undefined);
}

type AssignParams = z.output<typeof assignSchema>;

function assign(ctx: ActionContext, params: AssignParams): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  const counts = familyCounts('ipv4', params);
  if (!counts.ok) return counts;
  if (counts.value.ips === 0 && counts.value.prefixes === 0) {
    return err(missingParameter('SecondaryPrivateIpAddressCount'));
  }
  const usable = checkIpOperation(ctx, eni);
  if (!usable.ok) return usable;
  const room = checkIpv4Room(ctx, eni, counts.value.ips + counts.value.prefixes);
  if (!room.ok) return room;
  const ips = takeIpv4(ctx.draft, eni.vSwitchId, eni.id, params.PrivateIpAddress ?? [],
    params.SecondaryPrivateIpAddressCount ?? 0);
  if (!ips.ok) return ips;
  const prefixes = takeIpv4Prefixes(ctx.draft, eni.vSwitchId, eni.id, params.Ipv4Prefix ?? [],
    params.Ipv4PrefixCount ?? 0);
  if (!prefixes.ok) return prefixes;
  const counted = addSecurityGroupIps(ctx.draft, eni.securityGroupIds, ips.value.length,
    ctx.quotas);
  if (!counted.ok) return counted;
  const visibleMs = metadataInstant(ctx, eni);
  ctx.draft.putEni(withEni(eni, {
    ipv4: [...eni.ipv4, ...ips.value.map((ip) => ({ ip, primary: false, metaFromMs: visibleMs }))],
    ipv4Prefixes: [...eni.ipv4Prefixes,
      ...prefixes.value.map((prefix) => ({ prefix, metaFromMs: visibleMs }))],
    ipOpBusyUntilMs: ctx.nowMs + ctx.holdMs,
  }));
  return ok({
    AssignedPrivateIpAddressesSet: {
      NetworkInterfaceId: eni.id,
      PrivateIpSet: { PrivateIpAddress: ips.value },
      Ipv4PrefixSet: { Ipv4Prefixes: prefixes.value },
    },
  });
}

/**
 * Metadata keeps listing removed addresses until the lag has passed; expired ghosts are dropped.
 */
export function withGhosts(ctx: ActionContext, eni: EniRecord, removed: readonly string[],
  family: 4 | 6): readonly MetadataGhost[] {
  const alive = eni.metadataGhosts.filter((ghost) => ghost.untilMs > ctx.nowMs);
  if (eni.metadata === null || removed.length === 0) return alive;
  const untilMs = metadataInstant(ctx, eni);
  return [...alive, ...removed.map((ip) => ({ ip, family, untilMs }))];
}

function unassign(ctx: ActionContext,
  params: z.output<typeof unassignSchema>): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  const ips = (params.PrivateIpAddress ?? []).map((text) => normalizeIp(text) ?? text);
  const prefixes = params.Ipv4Prefix ?? [];
  if (ips.length === 0 && prefixes.length === 0) return err(missingParameter('PrivateIpAddress.1'));
  const usable = checkIpOperation(ctx, eni);
  if (!usable.ok) return usable;
  const held = new Set(eni.ipv4.filter((ip) => !ip.primary).map((ip) => ip.ip));
  const missing =
    ips.find((ip) => !held.has(ip)) ??
    prefixes.find((prefix) => !eni.ipv4Prefixes.some((own) => own.prefix === prefix));
  if (missing !== undefined) return err(apiError('InvalidIp.IpUnassigned',
    `${missing} is not a secondary address of ${eni.id}`));
  if (new Set(ips).size !== ips.length) return err(apiError('InvalidIp.IpRepeated',
    'PrivateIpAddress.N'));
  releaseIpv4(ctx.draft, eni.vSwitchId, eni.id, ips);
  releaseIpv4Prefixes(ctx.draft, eni.vSwitchId, eni.id, prefixes);
  addSecurityGroupIps(ctx.draft, eni.securityGroupIds, -ips.length, ctx.quotas);
  const gone = new Set([...ips, ...prefixes]);
  ctx.draft.putEni(withEni(eni, {
    ipv4: eni.ipv4.filter((ip) => !gone.has(ip.ip)),
    ipv4Prefixes: eni.ipv4Prefixes.filter((prefix) => !gone.has(prefix.prefix)),
    metadataGhosts: withGhosts(ctx, eni, [...ips, ...prefixes], 4),
    ipOpBusyUntilMs: ctx.nowMs + ctx.holdMs,
  }));
  return ok({});
}

export const assignPrivateIpAddresses = defineAction({
  product: 'ecs',
  name: 'AssignPrivateIpAddresses',
  schema: assignSchema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run: assign,
});

export const unassignPrivateIpAddresses = defineAction({
  product: 'ecs',
  name: 'UnassignPrivateIpAddresses',
  schema: unassignSchema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run: unassign,
});
