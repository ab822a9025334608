// VPC CreateVpc and DescribeVpcs. An account has at most `vpcsPerRegion` VPCs in a region (10 by
// default, QuotaExceeded.Vpc). A new VPC comes with its vRouter and its system route table,
// which holds the system route for 100.64.0.0/10 (cloud services) and, as vSwitches are made, one
// system route per vSwitch CIDR. With EnableIpv6 the VPC gets a /56 from a modelled block
// (2408:4005:3c5::/48, one /56 per IPv6 VPC), or the /56 the caller names in Ipv6CidrBlock (the
// real API takes one from an IPAM pool or a BYOIP range; here any /56 outside the modelled block
// is accepted, so a scenario can use the addresses of its real cluster). The VPC is Available at
// once (the real call is asynchronous; docs/differences.md).

import { err, formatIpv4Cidr, formatIpv6Cidr, ipv4CidrsOverlap, ok, parseIpv4Cidr,
  parseIpv6Cidr, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { hasTags, tagsFrom } from '../actions/lookup.js';
import { byKey, pageByNumber } from '../actions/paging.js';
import { apiError, invalidParameter, type ApiError } from '../errors/catalog.js';
import { ownerAccountId } from '../eni/render.js';
import { param } from '../params/schema.js';
import type { RouteEntryRecord, RouteTableRecord, Tag, VpcRecord } from '../state/types.js';
import { wallText } from '../actions/wall-time.js';

const id = () => param.str({ min: 1, max: 128 });

export const cloudServiceCidr = '100.64.0.0/10';
const reservedRanges = ['100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16',
  '224.0.0.0/4'].map((text) => parseIpv4Cidr(text)!);

/**
 * A CIDR of /`prefixMin` to /`prefixMax`, host bits clear, outside the ranges the cloud reserves.
 */
export function checkCidr(text: string, prefixMin: number,
  prefixMax: number): Result<string, ApiError> {
  const cidr = parseIpv4Cidr(text, { strict: true });
  if (
    cidr === undefined ||
    !text.includes('/') ||
    cidr.prefix < prefixMin ||
    cidr.prefix > prefixMax
  ) {
    return err(
      apiError(
        'InvalidCidrBlock.Malformed',
        `${text}: expected a.b.c.d/n with n from ${prefixMin} to ${prefixMax} and host bits clear`,
      ),
    );
  }
  if (reservedRanges.some((range) => ipv4CidrsOverlap(cidr, range)))
    return err(
      apiError('InvalidCidrBlock.Malformed', `${text} lies in a range the cloud reserves`),
    );
  return ok(formatIpv4Cidr(cidr));
}

const createSchema = z.object({
  RegionId: id(),
  CidrBlock: param.str({ max: 64 }).optional(),
  EnableIpv6: param.bool().optional(),
  Ipv6CidrBlock: param.str({ max: 64 }).optional(),
  VpcName: param.str({ max: 128 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function systemEntry(ctx: ActionContext, routeTableId: string,
  destination: string): RouteEntryRecord {
  return {
    id: ctx.ids.next('rte'),
    routeTableId,
    destinationCidrBlock: destination,
    type: 'System',
    nextHopType: 'local',
    nextHopId: '',
    name: '',
    description: '',
    status: 'Created',
    transition: null,
    modifiedMs: ctx.nowMs,
  };
}

/** The VPC's IPv6 /56: none, the one the caller names, or the next from the modelled block. */
function ipv6BlockOf(ctx: ActionContext,
  params: z.output<typeof createSchema>): Result<string | null, ApiError> {
  if (params.EnableIpv6 !== true) {
    if (params.Ipv6CidrBlock === undefined) return ok(null);
    return err(invalidParameter('Ipv6CidrBlock', 'only valid with EnableIpv6=true'));
  }
  if (params.Ipv6CidrBlock === undefined) {
    const count = ctx.draft.vpcs.values().filter((vpc) => vpc.ipv6CidrBlock !== null).length;
    return ok(`2408:4005:3c5:${(count << 8).toString(16)}::/56`);
  }
  const block = parseIpv6Cidr(params.Ipv6CidrBlock, { strict: true });
  if (block === undefined || block.prefix !== 56 || !params.Ipv6CidrBlock.includes('/'))
    return err(invalidParameter('Ipv6CidrBlock',
      `${params.Ipv6CidrBlock}: expected an IPv6 /56 with host bits clear`));
  const text = formatIpv6Cidr(block);
  if (ctx.draft.vpcs.values().some((vpc) => vpc.ipv6CidrBlock === text))
    return err(invalidParameter('Ipv6CidrBlock', `${text} is used by another VPC`));
  return ok(text);
}

function newVpc(ctx: ActionContext, params: z.output<typeof createSchema>, cidrBlock: string,
  ipv6CidrBlock: string | null, tags: Tag[]): VpcRecord {
  return {
    id: ctx.ids.next('vpc'),
    regionId: ctx.draft.regionId,
    cidrBlock,
    ipv6CidrBlock,
    name: params.VpcName ?? '',
    description: params.Description ?? '',
    vRouterId: ctx.ids.next('vrt'),
    routeTableId: ctx.ids.next('vtb'),
    resourceGroupId: params.ResourceGroupId ?? '',
    tags,
    createdMs: ctx.nowMs,
  };
}

function create(ctx: ActionContext,
  params: z.output<typeof createSchema>): Result<ResponseBody, ApiError> {
  const cidr = checkCidr(params.CidrBlock ?? '172.16.0.0/12', 8, 28);
  if (!cidr.ok) return cidr;
  const tags = tagsFrom(params.Tag);
  if (!tags.ok) return tags;
  const ipv6 = ipv6BlockOf(ctx, params);
  if (!ipv6.ok) return ipv6;
  const count = ctx.draft.vpcs.values().length;
  if (count >= ctx.quotas.vpcsPerRegion) return err(apiError('QuotaExceeded.Vpc',
    `${ctx.draft.regionId} has ${count} VPCs; the quota is ${ctx.quotas.vpcsPerRegion}`));
  const vpc = newVpc(ctx, params, cidr.value, ipv6.value, tags.value);
  const entry = systemEntry(ctx, vpc.routeTableId, cloudServiceCidr);
  const table: RouteTableRecord = {
    id: vpc.routeTableId,
    regionId: vpc.regionId,
    vpcId: vpc.id,
    vRouterId: vpc.vRouterId,
    name: '',
    type: 'System',
    createdMs: ctx.nowMs,
    entries: { [entry.id]: entry },
  };
  ctx.draft.vpcs.set(vpc.id, vpc);
  ctx.draft.routeTables.set(table.id, table);
  return ok({ VpcId: vpc.id, VRouterId: vpc.vRouterId, RouteTableId: vpc.routeTableId,
    ResourceGroupId: vpc.resourceGroupId });
}

const describeSchema = z.object({
  RegionId: id(),
  VpcId: param.str({ max: 1024 }).optional(),
  VpcName: param.str({ max: 128 }).optional(),
  IsDefault: param.bool().optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

function renderVpc(ctx: ActionContext, vpc: VpcRecord): Record<string, unknown> {
  const vSwitchIds = byKey(ctx.draft.vSwitches.values().filter((vsw) => vsw.vpcId === vpc.id),
    (vsw) => vsw.id).map((vsw) => vsw.id);
  return {
    VpcId: vpc.id,
    RegionId: vpc.regionId,
    Status: 'Available',
    VpcName: vpc.name,
    Description: vpc.description,
    CreationTime: wallText(ctx.wallMs - ctx.nowMs + vpc.createdMs),
    CidrBlock: vpc.cidrBlock,
    Ipv6CidrBlock: vpc.ipv6CidrBlock ?? '',
    EnabledIpv6: vpc.ipv6CidrBlock !== null,
    VRouterId: vpc.vRouterId,
    IsDefault: false,
    ResourceGroupId: vpc.resourceGroupId,
    OwnerId: Number(ownerAccountId),
    DhcpOptionsSetId: '',
    DhcpOptionsSetStatus: '',
    DnsHostnameStatus: 'DISABLED',
    CenStatus: 'Detached',
    VSwitchIds: { VSwitchId: vSwitchIds },
    RouterTableIds: { RouterTableIds: [vpc.routeTableId] },
    NatGatewayIds: { NatGatewayIds: [] },
    UserCidrs: { UserCidr: [] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    Ipv6CidrBlocks: {
      Ipv6CidrBlock:
        vpc.ipv6CidrBlock === null ? [] : [{ Ipv6CidrBlock: vpc.ipv6CidrBlock, Ipv6Isp: 'BGP' }],
    },
    Tags: { Tag: vpc.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })) },
  };
}

function describe(ctx: ActionContext,
  params: z.output<typeof describeSchema>): Result<ResponseBody, ApiError> {
  const ids =
    params.VpcId === undefined
      ? undefined
      : new Set(params.VpcId.split(',').map((text) => text.trim()));
  const found = byKey(ctx.draft.vpcs.values(), (vpc) => vpc.id).filter(
    (vpc) =>
      (ids === undefined || ids.has(vpc.id)) &&
      (params.VpcName === undefined || vpc.name === params.VpcName) &&
      params.IsDefault !== true &&
      (params.ResourceGroupId === undefined || vpc.resourceGroupId === params.ResourceGroupId) &&
      hasTags(vpc.tags, params.Tag ?? []),
  );
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({
    TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    Vpcs: { Vpc: page.items.map((vpc) => renderVpc(ctx, vpc)) },
  });
}

export const createVpc = defineAction({
  product: 'vpc',
  name: 'CreateVpc',
  schema: createSchema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run: create,
});

export const describeVpcs = defineAction({
  product: 'vpc',
  name: 'DescribeVpcs',
  schema: describeSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describe,
});
