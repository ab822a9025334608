// VPC CreateVSwitch, DescribeVSwitches and DescribeVSwitchAttributes. A vSwitch is a /16 to /29
// inside its VPC's CIDR, overlapping no other vSwitch of the VPC and outside the reserved ranges;
// at most 150 per VPC. Its first address and last three are reserved (the gateway is the third
// from last), so AvailableIpAddressCount = size − 4 − used, derived from the pool at every read.
// With Ipv6CidrBlock (0–255) it takes that /64 of the VPC's /56. It is Available at once (the real
// call is asynchronous; docs/differences.md) and adds a system route for its CIDR.

import {
  err, formatIpv4Cidr, formatIpv6Cidr, ipv4CidrContains, ipv4CidrsOverlap, ok, parseIpv4Cidr,
  parseIpv6Cidr, type Result,
} from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findVpc, findVSwitch, hasTags, tagsFrom } from '../actions/lookup.js';
import { byKey, pageByNumber } from '../actions/paging.js';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { ownerAccountId } from '../eni/render.js';
import { param } from '../params/schema.js';
import type { VpcRecord, VSwitchRecord } from '../state/types.js';
import { checkCidr } from '../vpc/actions.js';
import { createIpv4Pool, freeAddressCount } from './ipv4-pool.js';
import { createIpv6Pool } from './ipv6-pool.js';
import { wallText } from '../actions/wall-time.js';

const id = () => param.str({ min: 1, max: 128 });

const createSchema = z.object({
  RegionId: id().optional(),
  ZoneId: id(),
  VpcId: id(),
  CidrBlock: param.str({ min: 1, max: 64 }),
  Ipv6CidrBlock: param.int(0, 255).optional(),
  VSwitchName: param.str({ max: 128 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  Tag: param.tags().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

type CreateParams = z.output<typeof createSchema>;

function checkVSwitchCidr(ctx: ActionContext, vpc: VpcRecord,
  text: string): Result<string, ApiError> {
  const valid = checkCidr(text, 16, 29);
  if (!valid.ok) return valid;
  const cidr = parseIpv4Cidr(valid.value)!;
  if (!ipv4CidrContains(parseIpv4Cidr(vpc.cidrBlock)!, cidr)) {
    return err(apiError('InvalidCidrBlock.Mismatch',
      `${text} is not within ${vpc.id} (${vpc.cidrBlock})`));
  }
  const siblings = ctx.draft.vSwitches.values().filter((vsw) => vsw.vpcId === vpc.id);
  const clash = siblings.find((vsw) => ipv4CidrsOverlap(parseIpv4Cidr(vsw.cidrBlock)!, cidr));
  if (clash !== undefined) return err(apiError('InvalidCidrBlock.Overlapped',
    `${text} overlaps ${clash.id} (${clash.cidrBlock})`));
  if (siblings.length >= ctx.quotas.vSwitchesPerVpc) return err(apiError('QuotaExceeded.VSwitch',
    `${vpc.id} has ${siblings.length}`));
  return ok(formatIpv4Cidr(cidr));
}

function ipv6Block(vpc: VpcRecord, index: number | undefined): Result<string | null, ApiError> {
  if (index === undefined) return ok(null);
  if (vpc.ipv6CidrBlock === null) return err(invalidParameter('Ipv6CidrBlock',
    `${vpc.id} has no IPv6 CIDR block`));
  const block = parseIpv6Cidr(vpc.ipv6CidrBlock)!;
  return ok(formatIpv6Cidr({ network: block.network + (BigInt(index) << 64n), prefix: 64 }));
}

function create(ctx: ActionContext, params: CreateParams): Result<ResponseBody, ApiError> {
  const vpc = findVpc(ctx.draft, params.VpcId);
  if (!vpc.ok) return vpc;
  if (!ctx.draft.base.zones.includes(params.ZoneId)) return err(apiError('InvalidZoneId.NotFound',
    `ZoneId: ${params.ZoneId}`));
  const cidr = checkVSwitchCidr(ctx, vpc.value, params.CidrBlock);
  if (!cidr.ok) return cidr;
  const ipv6 = ipv6Block(vpc.value, params.Ipv6CidrBlock);
  if (!ipv6.ok) return ipv6;
  const tags = tagsFrom(params.Tag);
  if (!tags.ok) return tags;
  const vSwitch: VSwitchRecord = {
    id: ctx.ids.next('vsw'),
    regionId: ctx.draft.regionId,
    vpcId: vpc.value.id,
    zoneId: params.ZoneId,
    cidrBlock: cidr.value,
    ipv6CidrBlock: ipv6.value,
    name: params.VSwitchName ?? '',
    description: params.Description ?? '',
    resourceGroupId: vpc.value.resourceGroupId,
    tags: tags.value,
    createdMs: ctx.nowMs,
  };
  ctx.draft.vSwitches.set(vSwitch.id, vSwitch);
  ctx.draft.putPools(vSwitch.id, {
    v4: createIpv4Pool(parseIpv4Cidr(cidr.value)!),
    v6: ipv6.value === null ? null : createIpv6Pool(ipv6.value),
  });
  const table = ctx.draft.routeTables.get(vpc.value.routeTableId)!;
  const entryId = ctx.ids.next('rte');
  ctx.draft.routeTables.set(table.id, {
    ...table,
    entries: {
      ...table.entries,
      [entryId]: {
        id: entryId,
        routeTableId: table.id,
        destinationCidrBlock: cidr.value,
        type: 'System',
        nextHopType: 'local',
        nextHopId: vSwitch.id,
        name: '',
        description: '',
        status: 'Created',
        transition: null,
        modifiedMs: ctx.nowMs,
      },
    },
  });
  return ok({ VSwitchId: vSwitch.id });
}

/** The vSwitch fields shared by DescribeVSwitches and DescribeVSwitchAttributes. */
export function renderVSwitch(ctx: ActionContext, vSwitch: VSwitchRecord): Record<string, unknown> {
  const vpc = ctx.draft.vpcs.get(vSwitch.vpcId);
  return {
    VSwitchId: vSwitch.id,
    VSwitchName: vSwitch.name,
    VpcId: vSwitch.vpcId,
    ZoneId: vSwitch.zoneId,
    CidrBlock: vSwitch.cidrBlock,
    Ipv6CidrBlock: vSwitch.ipv6CidrBlock ?? '',
    EnabledIpv6: vSwitch.ipv6CidrBlock !== null,
    AvailableIpAddressCount: freeAddressCount(ctx.draft.poolsOf(vSwitch.id)!.v4),
    Status: 'Available',
    IsDefault: false,
    Description: vSwitch.description,
    CreationTime: wallText(ctx.wallMs - ctx.nowMs + vSwitch.createdMs),
    NetworkAclId: '',
    ResourceGroupId: vSwitch.resourceGroupId,
    ShareType: 'Sharing',
    OwnerId: Number(ownerAccountId),
    RouteTable: { RouteTableId: vpc?.routeTableId ?? '', RouteTableType: 'System' },
    Tags: { Tag: vSwitch.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })) },
  };
}

const describeSchema = z.object({
  RegionId: id().optional(),
  VSwitchId: id().optional(),
  VpcId: id().optional(),
  ZoneId: id().optional(),
  VSwitchName: param.str({ max: 128 }).optional(),
  IsDefault: param.bool().optional(),
  EnableIpv6: param.bool().optional(),
  RouteTableId: id().optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  DryRun: param.bool().optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

function describe(ctx: ActionContext,
  params: z.output<typeof describeSchema>): Result<ResponseBody, ApiError> {
  const candidates =
    params.VSwitchId === undefined
      ? ctx.draft.vSwitches.values()
      : [ctx.draft.vSwitches.get(params.VSwitchId)].flatMap((vsw) => vsw ?? []);
  const found = byKey(candidates, (vsw) => vsw.id).filter(
    (vsw) =>
      (params.VpcId === undefined || vsw.vpcId === params.VpcId) &&
      (params.ZoneId === undefined || vsw.zoneId === params.ZoneId) &&
      (params.VSwitchName === undefined || vsw.name === params.VSwitchName) &&
      params.IsDefault !== true &&
      (params.RouteTableId === undefined ||
        ctx.draft.vpcs.get(vsw.vpcId)?.routeTableId === params.RouteTableId) &&
      (params.ResourceGroupId === undefined || vsw.resourceGroupId === params.ResourceGroupId) &&
      hasTags(vsw.tags, params.Tag ?? []),
  );
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({
    TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    VSwitches: { VSwitch: page.items.map((vsw) => renderVSwitch(ctx, vsw)) },
  });
}

const attributesSchema = z.object({ RegionId: id().optional(), VSwitchId: id(),
  DryRun: param.bool().optional() });

function attributes(ctx: ActionContext,
  params: z.output<typeof attributesSchema>): Result<ResponseBody, ApiError> {
  const vSwitch = findVSwitch(ctx.draft, params.VSwitchId);
  return vSwitch.ok ? ok(renderVSwitch(ctx, vSwitch.value)) : vSwitch;
}

export const createVSwitch = defineAction({
  product: 'vpc',
  name: 'CreateVSwitch',
  schema: createSchema,
  region: 'optional',
  idempotent: true,
  readOnly: false,
  run: create,
});

export const describeVSwitches = defineAction({
  product: 'vpc',
  name: 'DescribeVSwitches',
  schema: describeSchema,
  region: 'optional',
  idempotent: false,
  readOnly: true,
  run: describe,
});

export const describeVSwitchAttributes = defineAction({
  product: 'vpc',
  name: 'DescribeVSwitchAttributes',
  schema: attributesSchema,
  region: 'optional',
  idempotent: false,
  readOnly: true,
  run: attributes,
});
