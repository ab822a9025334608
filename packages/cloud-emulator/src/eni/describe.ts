// ECS DescribeNetworkInterfaces and DescribeNetworkInterfaceAttribute, as the @alicloud/ecs20140526
// models of those names describe them.
// Filters combine with AND; unknown ids are simply absent (Terway reads an empty list as
// "deleted"); paging is NextToken + MaxResults (10–500, clamped) or the deprecated PageNumber +
// PageSize. Lookups by id or by instance touch only those ENIs; other filters scan the region.

import { err, normalizeIp, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findEni, hasTags } from '../actions/lookup.js';
import { byKey, pageByNumber, pageByToken } from '../actions/paging.js';
import type { ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EniRecord } from '../state/types.js';
import { renderEni, renderEniAttribute } from './render.js';

const id = () => param.str({ min: 1, max: 128 });

const describeSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: param.list(id(), { max: 100 }).optional(),
  InstanceId: id().optional(),
  VpcId: id().optional(),
  VSwitchId: id().optional(),
  Type: param.oneOf(['Primary', 'Secondary', 'Trunk', 'Member']).optional(),
  Status: param.oneOf(['Available', 'Attaching', 'InUse', 'Detaching', 'Deleting']).optional(),
  PrimaryIpAddress: param.str({ max: 64 }).optional(),
  PrivateIpAddress: param.list(param.str({ max: 64 }), { max: 100 }).optional(),
  Ipv6Address: param.list(param.str({ max: 64 }), { max: 100 }).optional(),
  SecurityGroupId: id().optional(),
  NetworkInterfaceName: param.str({ max: 128 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  ServiceManaged: param.bool().optional(),
  Tag: param.tags().optional(),
  MaxResults: param.int(0, 1_000_000).optional(),
  NextToken: param.str({ max: 512 }).optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 1000).optional(),
});

type DescribeParams = z.output<typeof describeSchema>;

function candidates(ctx: ActionContext, params: DescribeParams): EniRecord[] {
  const draft = ctx.draft;
  if (params.NetworkInterfaceId !== undefined) {
    return params.NetworkInterfaceId.flatMap((eniId) => draft.eni(eniId) ?? []);
  }
  if (params.InstanceId !== undefined) {
    const instance = draft.instance(params.InstanceId);
    if (instance === undefined) return [];
    return [...instance.eniIds,
      ...instance.memberEniIds].flatMap((eniId) => draft.eni(eniId) ?? []);
  }
  return [...draft.enis.values()];
}

function matches(eni: EniRecord, params: DescribeParams): boolean {
  const primary = eni.ipv4.find((ip) => ip.primary)?.ip;
  const privateIps = params.PrivateIpAddress?.map((ip) => normalizeIp(ip) ?? ip);
  const ipv6 = params.Ipv6Address?.map((ip) => normalizeIp(ip) ?? ip);
  return (
    (params.InstanceId === undefined || eni.attachment?.instanceId === params.InstanceId) &&
    (params.VpcId === undefined || eni.vpcId === params.VpcId) &&
    (params.VSwitchId === undefined || eni.vSwitchId === params.VSwitchId) &&
    (params.Type === undefined || eni.type === params.Type) &&
    (params.Status === undefined || eni.status === params.Status) &&
    (params.PrimaryIpAddress === undefined || primary === normalizeIp(params.PrimaryIpAddress)) &&
    (privateIps === undefined || privateIps.some((ip) => eni.ipv4.some((own) => own.ip === ip))) &&
    (ipv6 === undefined || ipv6.some((ip) => eni.ipv6.some((own) => own.ip === ip))) &&
    (params.SecurityGroupId === undefined ||
      eni.securityGroupIds.includes(params.SecurityGroupId)) &&
    (params.NetworkInterfaceName === undefined || eni.name === params.NetworkInterfaceName) &&
    (params.ResourceGroupId === undefined || eni.resourceGroupId === params.ResourceGroupId) &&
    params.ServiceManaged !== true &&
    hasTags(eni.tags, params.Tag ?? [])
  );
}

function describe(ctx: ActionContext, params: DescribeParams): Result<ResponseBody, ApiError> {
  const found = byKey(candidates(ctx, params).filter((eni) => matches(eni, params)),
    (eni) => eni.id);
  const epochMs = ctx.wallMs - ctx.nowMs;
  const render = (enis: readonly EniRecord[]) => ({
    NetworkInterfaceSet: enis.map((eni) => renderEni(eni, epochMs)),
  });
  const pageMode =
    params.MaxResults === undefined &&
    (params.PageNumber !== undefined || params.PageSize !== undefined);
  if (pageMode) {
    const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
    return ok({ TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
      NextToken: '', NetworkInterfaceSets: render(page.items) });
  }
  const maxResults = Math.min(Math.max(params.MaxResults ?? 10, 10), 500);
  const page = pageByToken(found, (eni) => eni.id, params.NextToken, maxResults);
  if (!page.ok) return page;
  return ok({
    TotalCount: found.length, NextToken: page.value.nextToken, PageNumber: 1, PageSize: maxResults,
    NetworkInterfaceSets: render(page.value.items),
  });
}

const attributeSchema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  Attribute: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
});

function attribute(ctx: ActionContext,
  params: z.output<typeof attributeSchema>): Result<ResponseBody, ApiError> {
  const eni = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!eni.ok) return err(eni.error);
  return ok(renderEniAttribute(eni.value, ctx.wallMs - ctx.nowMs));
}

export const describeNetworkInterfaces = defineAction({
  product: 'ecs',
  name: 'DescribeNetworkInterfaces',
  schema: describeSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describe,
});

export const describeNetworkInterfaceAttribute = defineAction({
  product: 'ecs',
  name: 'DescribeNetworkInterfaceAttribute',
  schema: attributeSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: attribute,
});
