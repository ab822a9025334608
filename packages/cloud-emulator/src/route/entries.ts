// VPC CreateRouteEntry and DeleteRouteEntry (asynchronous): a custom entry is Creating, then
// Created after a seeded duration; a deleted one is Deleting, then gone. The SDK's remarks give
// the rules modelled here: no concurrent route changes in one VPC (TaskConflict, retry), at most
// 200 custom entries per table (QuotaExceeded), a unique destination per table
// (InvalidCIDRBlock.Duplicate), a destination that is not 100.64.0.0/10 and not equal to or inside
// a vSwitch CIDR (InvalidCidrBlock), a bare address meaning /32, and a next hop in the same VPC.
// Next hops of type Instance and NetworkInterface are modelled; ECMP lists are not.

import { err, formatIpv4Cidr, ipv4CidrContains, ok, parseIpv4Cidr,
  type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { RegionDraft } from '../state/region-draft.js';
import type { RouteEntryRecord, RouteTableRecord } from '../state/types.js';
import { cloudServiceCidr } from '../vpc/actions.js';

const id = () => param.str({ min: 1, max: 128 });

const createSchema = z.object({
  RegionId: id().optional(),
  RouteTableId: id(),
  DestinationCidrBlock: param.str({ min: 1, max: 64 }),
  NextHopType: param.str({ max: 64 }).optional(),
  NextHopId: id().optional(),
  NextHopList: param.list(z.object({ NextHopId: id().optional(),
    NextHopType: param.str({ max: 64 }).optional(), Weight: param.int(0,
      255).optional() }), { max: 16 }).optional(),
  RouteEntryName: param.str({ max: 128 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
  DryRun: param.bool().optional(),
});

type CreateParams = z.output<typeof createSchema>;

/** True while any route entry of the VPC is Creating or Deleting. */
export function vpcRouteBusy(draft: RegionDraft, vpcId: string): boolean {
  return draft.routeTables.values().some((table) => table.vpcId === vpcId &&
    Object.values(table.entries).some((entry) => entry.status !== 'Created'));
}

function checkDestination(draft: RegionDraft, table: RouteTableRecord,
  text: string): Result<string, ApiError> {
  const cidr = parseIpv4Cidr(text, { strict: true });
  if (cidr === undefined) return err(apiError('InvalidCidrBlock.Malformed',
    `DestinationCidrBlock ${text}`));
  const destination = formatIpv4Cidr(cidr);
  if (destination === cloudServiceCidr) return err(apiError('InvalidCidrBlock',
    `${destination} is the cloud-service route`));
  const inside = draft.vSwitches
    .values()
    .find(
      (vsw) => vsw.vpcId === table.vpcId && ipv4CidrContains(parseIpv4Cidr(vsw.cidrBlock)!, cidr),
    );
  if (inside !== undefined) return err(apiError('InvalidCidrBlock',
    `${destination} is within vSwitch ${inside.id} (${inside.cidrBlock})`));
  if (Object.values(table.entries).some((entry) => entry.destinationCidrBlock === destination)) {
    return err(apiError('InvalidCIDRBlock.Duplicate', `${destination} in ${table.id}`));
  }
  return ok(destination);
}

function checkNextHop(draft: RegionDraft, table: RouteTableRecord,
  params: CreateParams): Result<{ type: string; id: string }, ApiError> {
  if (params.NextHopList !== undefined && params.NextHopList.length > 0) {
    if (params.NextHopId !== undefined || params.NextHopType !== undefined)
      return err(apiError('InvalidNexthopTypeAndList.BothNotNull'));
    return err(invalidParameter('NextHopList',
      'ECMP route entries are not modelled by the emulator'));
  }
  if (params.NextHopId === undefined) return err(apiError('InvalidNexthopTypeAndList.BothNull'));
  const type = params.NextHopType ?? 'Instance';
  const hopId = params.NextHopId;
  const vpcOfHop =
    type === 'Instance'
      ? draft.instance(hopId)?.vpcId
      : type === 'NetworkInterface'
        ? draft.eni(hopId)?.vpcId
        : undefined;
  if (vpcOfHop !== table.vpcId) return err(apiError('InvalidNextHop.NotFound',
    `${type} ${hopId} in ${table.vpcId}`));
  return ok({ type, id: hopId });
}

function create(ctx: ActionContext, params: CreateParams): Result<ResponseBody, ApiError> {
  const table = ctx.draft.routeTables.get(params.RouteTableId);
  if (table === undefined) return err(apiError('InvalidRouteTableId.NotFound',
    `RouteTableId: ${params.RouteTableId}`));
  const hop = checkNextHop(ctx.draft, table, params);
  if (!hop.ok) return hop;
  const destination = checkDestination(ctx.draft, table, params.DestinationCidrBlock);
  if (!destination.ok) return destination;
  if (vpcRouteBusy(ctx.draft, table.vpcId)) return err(apiError('TaskConflict',
    `a route change in ${table.vpcId} is in progress`));
  const custom = Object.values(table.entries).filter((entry) => entry.type === 'Custom').length;
  if (custom >= ctx.quotas.routeEntriesPerTable) return err(apiError('QuotaExceeded',
    `${table.id} holds ${custom} custom entries`));
  if (params.DryRun === true) return err(apiError('DryRunOperation'));
  const entry: RouteEntryRecord = {
    id: ctx.ids.next('rte'),
    routeTableId: table.id,
    destinationCidrBlock: destination.value,
    type: 'Custom',
    nextHopType: hop.value.type,
    nextHopId: hop.value.id,
    name: params.RouteEntryName ?? '',
    description: params.Description ?? '',
    status: 'Creating',
    transition: { to: 'Created', atMs: ctx.nowMs + ctx.duration('routeCreate') },
    modifiedMs: ctx.nowMs,
  };
  ctx.draft.routeTables.set(table.id,
    { ...table, entries: { ...table.entries, [entry.id]: entry } });
  ctx.armTransition('route', `${table.id}/${entry.id}`);
  return ok({ RouteEntryId: entry.id });
}

const deleteSchema = z.object({
  RegionId: id().optional(),
  RouteEntryId: id().optional(),
  RouteTableId: id().optional(),
  DestinationCidrBlock: param.str({ max: 64 }).optional(),
  NextHopId: id().optional(),
  DryRun: param.bool().optional(),
});

type DeleteParams = z.output<typeof deleteSchema>;

function findCustomEntry(draft: RegionDraft, params: DeleteParams): RouteEntryRecord | undefined {
  const destination =
    params.DestinationCidrBlock === undefined
      ? undefined
      : parseIpv4Cidr(params.DestinationCidrBlock);
  const destinationText = destination === undefined ? undefined : formatIpv4Cidr(destination);
  for (const table of draft.routeTables.values()) {
    if (params.RouteTableId !== undefined && table.id !== params.RouteTableId) continue;
    const entry = Object.values(table.entries).find((candidate) => candidate.type === 'Custom' &&
      (params.RouteEntryId === undefined || candidate.id === params.RouteEntryId) &&
      (destinationText === undefined || candidate.destinationCidrBlock === destinationText) &&
      (params.NextHopId === undefined || candidate.nextHopId === params.NextHopId));
    if (entry !== undefined) return entry;
  }
  return undefined;
}

function remove(ctx: ActionContext, params: DeleteParams): Result<ResponseBody, ApiError> {
  if (
    params.RouteEntryId === undefined &&
    (params.RouteTableId === undefined || params.DestinationCidrBlock === undefined)
  ) {
    return err(
      invalidParameter('RouteEntryId', 'RouteEntryId, or RouteTableId with DestinationCidrBlock'),
    );
  }
  const entry = findCustomEntry(ctx.draft, params);
  if (entry === undefined) return err(apiError('InvalidRouteEntryId.NotFound',
    params.RouteEntryId ?? params.DestinationCidrBlock));
  if (entry.status !== 'Created') return err(apiError('IncorrectRouteEntryStatus',
    `${entry.id} is ${entry.status}`));
  const table = ctx.draft.routeTables.get(entry.routeTableId)!;
  if (vpcRouteBusy(ctx.draft, table.vpcId)) return err(apiError('TaskConflict',
    `a route change in ${table.vpcId} is in progress`));
  if (params.DryRun === true) return err(apiError('DryRunOperation'));
  const deleting: RouteEntryRecord = {
    ...entry, status: 'Deleting', transition: { to: 'Gone',
      atMs: ctx.nowMs + ctx.duration('routeDelete') }, modifiedMs: ctx.nowMs,
  };
  ctx.draft.routeTables.set(table.id,
    { ...table, entries: { ...table.entries, [entry.id]: deleting } });
  ctx.armTransition('route', `${table.id}/${entry.id}`);
  return ok({});
}

/** Completes a route entry's pending change if due; the new status, or null. */
export function completeRouteTransition(draft: RegionDraft, key: string,
  nowMs: number): 'Created' | 'Gone' | null {
  const [tableId = '', entryId = ''] = key.split('/');
  const table = draft.routeTables.get(tableId);
  const entry = table?.entries[entryId];
  const transition = entry?.transition;
  if (
    table === undefined ||
    entry === undefined ||
    transition === null ||
    transition === undefined ||
    transition.atMs === null ||
    transition.atMs > nowMs
  )
    return null;
  const entries = { ...table.entries };
  if (transition.to === 'Gone') delete entries[entryId];
  else entries[entryId] = { ...entry, status: 'Created', transition: null, modifiedMs: nowMs };
  draft.routeTables.set(tableId, { ...table, entries });
  return transition.to;
}

export const createRouteEntry = defineAction({
  product: 'vpc',
  name: 'CreateRouteEntry',
  schema: createSchema,
  region: 'optional',
  idempotent: true,
  readOnly: false,
  run: create,
});

export const deleteRouteEntry = defineAction({
  product: 'vpc',
  name: 'DeleteRouteEntry',
  schema: deleteSchema,
  region: 'optional',
  idempotent: false,
  readOnly: false,
  run: remove,
});
