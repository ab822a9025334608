// ECS AssignIpv6Addresses and UnassignIpv6Addresses: the IPv6 twins of the private-IP calls
// (@alicloud/ecs20140526's `AssignIpv6addressesRequest`). The vSwitch must have IPv6
// (InvalidVSwitch.Ipv6NotTurnOn); an Available ENI holds at most 10 (MaxEniIpv6IpsCountExceeded),
// an attached one at most EniIpv6AddressQuantity (InvalidOperation.Ipv6CountExceeded, or
// Ipv6NotSupport when the type has none); a /80 prefix takes one of those slots, and one call
// asks for addresses or prefixes, not both (InvalidParameter.Conflict, as for IPv4). Same
// Operation.Conflict and InvalidIp.IpUnassigned rules as IPv4.

import { err, normalizeIp, normalizePrefix, ok, parseIpv6Cidr,
  type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { findInstanceType } from '../catalog/instance-types.js';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findEni } from '../actions/lookup.js';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EniRecord } from '../state/types.js';
import { releaseIpv6, takeIpv6, takeIpv6Prefixes } from './ip-allocation.js';
import { checkIpOperation, metadataInstant, withGhosts } from './private-ips.js';
import { withEni } from './eni-record.js';
import { familyCounts } from './address-counts.js';

const id = () => param.str({ min: 1, max: 128 });

const assignSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  Ipv6Address: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv6AddressCount: param.int(1, 10).optional(),
  Ipv6Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv6PrefixCount: param.int(1, 10).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

const unassignSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  Ipv6Address: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv6Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
});

function checkIpv6Room(ctx: ActionContext, eni: EniRecord, more: number): Result<void, ApiError> {
  if (eni.attachment === null) {
    if (eni.ipv6.length + eni.ipv6Prefixes.length + more > ctx.quotas.ipv6PerAvailableEni) {
      return err(apiError('MaxEniIpv6IpsCountExceeded',
        `an unattached ENI holds at most ${ctx.quotas.ipv6PerAvailableEni} IPv6 addresses`));
    }
    return ok(undefined);
  }
  const instance = ctx.draft.instance(eni.attachment.instanceId)!;
  const limit = findInstanceType(instance.instanceType)!.EniIpv6AddressQuantity;
  if (limit === 0) return err(apiError('InvalidOperation.Ipv6NotSupport',
    `${instance.instanceType} has no IPv6`));
  if (eni.ipv6.length + eni.ipv6Prefixes.length + more > limit) {
    return err(apiError('InvalidOperation.Ipv6CountExceeded',
      `${instance.instanceType} allows ${limit} IPv6 per ENI`));
  }
  return ok(undefined);
}

type AssignParams = z.output<typeof assignSchema>;

function assign(ctx: ActionContext, params: AssignParams): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  const counts = familyCounts('ipv6', params);
  if (!counts.ok) return counts;
  if (counts.value.ips === 0 && counts.value.prefixes === 0) {
    return err(missingParameter('Ipv6AddressCount'));
  }
  const usable = checkIpOperation(ctx, eni);
  if (!usable.ok) return usable;
  const room = checkIpv6Room(ctx, eni, counts.value.ips + counts.value.prefixes);
  if (!room.ok) return room;
  const addresses = takeIpv6(ctx.draft, eni.vSwitchId, eni.id, params.Ipv6Address ?? [],
    params.Ipv6AddressCount ?? 0);
  if (!addresses.ok) return addresses;
  const prefixes = takeIpv6Prefixes(ctx.draft, eni.vSwitchId, eni.id, params.Ipv6Prefix ?? [],
    params.Ipv6PrefixCount ?? 0);
  if (!prefixes.ok) return prefixes;
  const visibleMs = metadataInstant(ctx, eni);
  ctx.draft.putEni(withEni(eni, {
    ipv6: [...eni.ipv6, ...addresses.value.map((ip) => ({ ip, primary: false,
      metaFromMs: visibleMs }))],
    ipv6Prefixes: [...eni.ipv6Prefixes,
      ...prefixes.value.map((prefix) => ({ prefix, metaFromMs: visibleMs }))],
    ipOpBusyUntilMs: ctx.nowMs + ctx.holdMs,
  }));
  return ok({ NetworkInterfaceId: eni.id, Ipv6Sets: { Ipv6Address: addresses.value },
    Ipv6PrefixSets: { Ipv6Prefix: prefixes.value } });
}

function unassign(ctx: ActionContext,
  params: z.output<typeof unassignSchema>): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  const addresses = (params.Ipv6Address ?? []).map((text) => normalizeIp(text) ?? text);
  // A /80 has many spellings; only an exact one (no host bits) names a held prefix.
  const prefixes = (params.Ipv6Prefix ?? []).map((text) =>
    parseIpv6Cidr(text, { strict: true }) === undefined ? text : normalizePrefix(text)!);
  if (addresses.length === 0 && prefixes.length === 0)
    return err(missingParameter('Ipv6Address.1'));
  const usable = checkIpOperation(ctx, eni);
  if (!usable.ok) return usable;
  const missing = addresses.find((ip) => !eni.ipv6.some((own) => own.ip === ip)) ??
    prefixes.find((prefix) => !eni.ipv6Prefixes.some((own) => own.prefix === prefix));
  if (missing !== undefined) return err(apiError('InvalidIp.IpUnassigned',
    `${missing} is not an IPv6 address of ${eni.id}`));
  if (new Set(addresses).size !== addresses.length) return err(apiError('InvalidIp.IpRepeated',
    'Ipv6Address.N'));
  releaseIpv6(ctx.draft, eni.vSwitchId, [...addresses, ...prefixes]);
  const gone = new Set([...addresses, ...prefixes]);
  ctx.draft.putEni(withEni(eni, {
    ipv6: eni.ipv6.filter((ip) => !gone.has(ip.ip)),
    ipv6Prefixes: eni.ipv6Prefixes.filter((prefix) => !gone.has(prefix.prefix)),
    metadataGhosts: withGhosts(ctx, eni, addresses, 6),
    ipOpBusyUntilMs: ctx.nowMs + ctx.holdMs,
  }));
  return ok({});
}

export const assignIpv6Addresses = defineAction({
  product: 'ecs',
  name: 'AssignIpv6Addresses',
  schema: assignSchema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run: assign,
});

export const unassignIpv6Addresses = defineAction({
  product: 'ecs',
  name: 'UnassignIpv6Addresses',
  schema: unassignSchema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run: unassign,
});
