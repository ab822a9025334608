// VPC DescribeRouteEntryList (MaxResult 1–100, default 10, NextToken paging) and
// DescribeRouteTableList (PageNumber/PageSize ≤ 50): the system entries (100.64.0.0/10 and one per
// vSwitch) and the custom ones with their Creating/Created/Deleting status (the
// @alicloud/vpc20160428 models of those names).

import { err, formatIpv4Cidr, ok, parseIpv4Cidr, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { byKey, pageByNumber, pageByToken } from '../actions/paging.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { ownerAccountId } from '../eni/render.js';
import { param } from '../params/schema.js';
import type { RouteEntryRecord, RouteTableRecord } from '../state/types.js';
import { wallText } from '../actions/wall-time.js';

const id = () => param.str({ min: 1, max: 128 });

const entriesSchema = z.object({
  RegionId: id(),
  RouteTableId: id(),
  RouteEntryId: id().optional(),
  RouteEntryName: param.str({ max: 128 }).optional(),
  RouteEntryType: param.str({ max: 32 }).optional(),
  DestinationCidrBlock: param.str({ max: 64 }).optional(),
  DestCidrBlockList: param.list(param.str({ max: 64 }), { max: 50 }).optional(),
  IpVersion: param.oneOf(['ipv4', 'ipv6', 'IPv4', 'IPv6']).optional(),
  NextHopId: id().optional(),
  NextHopType: param.str({ max: 64 }).optional(),
  MaxResult: param.int(1, 100).optional(),
  NextToken: param.str({ max: 512 }).optional(),
});

type EntriesParams = z.output<typeof entriesSchema>;

function canonical(text: string): string {
  const cidr = parseIpv4Cidr(text);
  return cidr === undefined ? text : formatIpv4Cidr(cidr);
}

function entryMatches(entry: RouteEntryRecord, params: EntriesParams): boolean {
  const destinations = params.DestCidrBlockList?.map(canonical);
  return (
    (params.RouteEntryId === undefined || entry.id === params.RouteEntryId) &&
    (params.RouteEntryName === undefined || entry.name === params.RouteEntryName) &&
    (params.RouteEntryType === undefined || entry.type === params.RouteEntryType) &&
    (params.DestinationCidrBlock === undefined ||
      entry.destinationCidrBlock === canonical(params.DestinationCidrBlock)) &&
    (destinations === undefined || destinations.includes(entry.destinationCidrBlock)) &&
    (params.IpVersion === undefined || params.IpVersion.toLowerCase() === 'ipv4') &&
    (params.NextHopId === undefined || entry.nextHopId === params.NextHopId) &&
    (params.NextHopType === undefined || entry.nextHopType === params.NextHopType)
  );
}

function renderEntry(ctx: ActionContext, entry: RouteEntryRecord): Record<string, unknown> {
  return {
    RouteEntryId: entry.id,
    RouteEntryName: entry.name,
    RouteTableId: entry.routeTableId,
    Description: entry.description,
    DestinationCidrBlock: entry.destinationCidrBlock,
    Type: entry.type,
    Status: entry.status,
    IpVersion: 'ipv4',
    Origin: entry.type === 'System' ? 'System' : 'Custom',
    ServiceType: '',
    GmtModified: wallText(ctx.wallMs - ctx.nowMs + entry.modifiedMs).replace(/:\d{2}Z$/, 'Z'),
    NextHops: {
      NextHop: [
        {
          NextHopId: entry.nextHopId,
          NextHopType: entry.nextHopType,
          NextHopRegionId: ctx.draft.regionId,
          Enabled: 1,
          Weight: 0,
          NextHopRelatedInfo: {},
        },
      ],
    },
  };
}

function describeEntries(ctx: ActionContext,
  params: EntriesParams): Result<ResponseBody, ApiError> {
  const table = ctx.draft.routeTables.get(params.RouteTableId);
  if (table === undefined) return err(apiError('InvalidRouteTableId.NotFound',
    `RouteTableId: ${params.RouteTableId}`));
  const found = byKey(Object.values(table.entries),
    (entry) => entry.id).filter((entry) => entryMatches(entry, params));
  const page = pageByToken(found, (entry) => entry.id, params.NextToken, params.MaxResult ?? 10);
  if (!page.ok) return page;
  return ok({
    TotalCount: found.length, NextToken: page.value.nextToken,
    RouteEntrys: { RouteEntry: page.value.items.map((entry) => renderEntry(ctx, entry)) },
  });
}

const tablesSchema = z.object({
  RegionId: id(),
  VpcId: id().optional(),
  RouteTableId: id().optional(),
  RouteTableName: param.str({ max: 128 }).optional(),
  RouteTableType: param.str({ max: 32 }).optional(),
  RouterId: id().optional(),
  RouterType: param.str({ max: 32 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

function renderTable(ctx: ActionContext, table: RouteTableRecord): Record<string, unknown> {
  const vSwitchIds = byKey(ctx.draft.vSwitches.values().filter((vsw) => vsw.vpcId === table.vpcId),
    (vsw) => vsw.id).map((vsw) => vsw.id);
  return {
    RouteTableId: table.id,
    RouteTableName: table.name,
    RouteTableType: table.type,
    RouterId: table.vRouterId,
    RouterType: 'VRouter',
    VpcId: table.vpcId,
    Status: 'Available',
    Description: '',
    AssociateType: 'VSwitch',
    CreationTime: wallText(ctx.wallMs - ctx.nowMs + table.createdMs),
    ResourceGroupId: '',
    RoutePropagationEnable: true,
    OwnerId: Number(ownerAccountId),
    GatewayIds: { GatewayIds: [] },
    VSwitchIds: { VSwitchId: vSwitchIds },
    Tags: { Tag: [] },
  };
}

function describeTables(ctx: ActionContext,
  params: z.output<typeof tablesSchema>): Result<ResponseBody, ApiError> {
  const found = byKey(ctx.draft.routeTables.values(), (table) => table.id).filter(
    (table) =>
      (params.VpcId === undefined || table.vpcId === params.VpcId) &&
      (params.RouteTableId === undefined || table.id === params.RouteTableId) &&
      (params.RouteTableName === undefined || table.name === params.RouteTableName) &&
      (params.RouteTableType === undefined || table.type === params.RouteTableType) &&
      (params.RouterId === undefined || table.vRouterId === params.RouterId) &&
      (params.RouterType === undefined || params.RouterType === 'VRouter') &&
      (params.Tag === undefined || params.Tag.length === 0),
  );
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({
    TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    RouterTableList: { RouterTableListType: page.items.map((table) => renderTable(ctx, table)) },
  });
}

export const describeRouteEntryList = defineAction({
  product: 'vpc',
  name: 'DescribeRouteEntryList',
  schema: entriesSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describeEntries,
});

export const describeRouteTableList = defineAction({
  product: 'vpc',
  name: 'DescribeRouteTableList',
  schema: tablesSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describeTables,
});
