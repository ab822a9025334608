// ECS CreateSecurityGroup and DescribeSecurityGroups. Groups are VPC-type only; a basic (`normal`)
// group holds at most 2,000 private IPs of its ENIs and an advanced (`enterprise`) one 65,536
// (ECS's published limits), counted on every ENI create, assign, unassign and delete. Rules are
// added and listed by rule-actions.ts and decided by rules.ts.

import { ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findVpc, hasTags, tagsFrom } from '../actions/lookup.js';
import { byKey, pageByNumber, pageByToken } from '../actions/paging.js';
import type { ApiError } from '../errors/catalog.js';
import { ecsTags } from '../eni/render.js';
import { param } from '../params/schema.js';
import type { SecurityGroupRecord } from '../state/types.js';
import { wallText } from '../actions/wall-time.js';

const id = () => param.str({ min: 1, max: 128 });

const createSchema = z.object({
  RegionId: id(),
  VpcId: id(),
  SecurityGroupName: param.str({ max: 128 }).optional(),
  SecurityGroupType: param.oneOf(['normal', 'enterprise']).optional(),
  Description: param.str({ max: 256 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function create(ctx: ActionContext,
  params: z.output<typeof createSchema>): Result<ResponseBody, ApiError> {
  const vpc = findVpc(ctx.draft, params.VpcId);
  if (!vpc.ok) return vpc;
  const tags = tagsFrom(params.Tag);
  if (!tags.ok) return tags;
  const group: SecurityGroupRecord = {
    id: ctx.ids.next('sg'),
    regionId: ctx.draft.regionId,
    vpcId: vpc.value.id,
    name: params.SecurityGroupName ?? '',
    description: params.Description ?? '',
    type: params.SecurityGroupType ?? 'normal',
    resourceGroupId: params.ResourceGroupId ?? '',
    tags: tags.value,
    createdMs: ctx.nowMs,
    ipCount: 0,
    rules: [],
  };
  ctx.draft.securityGroups.set(group.id, group);
  return ok({ SecurityGroupId: group.id });
}

const describeSchema = z.object({
  RegionId: id(),
  VpcId: id().optional(),
  SecurityGroupId: id().optional(),
  SecurityGroupIds: param.jsonList(id(), 100).optional(),
  SecurityGroupName: param.str({ max: 128 }).optional(),
  SecurityGroupType: param.oneOf(['normal', 'enterprise']).optional(),
  NetworkType: param.oneOf(['vpc', 'classic']).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  MaxResults: param.int(1, 100).optional(),
  NextToken: param.str({ max: 512 }).optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 50).optional(),
});

type DescribeParams = z.output<typeof describeSchema>;

function matches(group: SecurityGroupRecord, params: DescribeParams): boolean {
  return (params.VpcId === undefined || group.vpcId === params.VpcId) &&
    (params.SecurityGroupId === undefined || group.id === params.SecurityGroupId) &&
    (params.SecurityGroupIds === undefined || params.SecurityGroupIds.includes(group.id)) &&
    (params.SecurityGroupName === undefined || group.name === params.SecurityGroupName) &&
    (params.SecurityGroupType === undefined || group.type === params.SecurityGroupType) &&
    params.NetworkType !== 'classic' &&
    (params.ResourceGroupId === undefined || group.resourceGroupId === params.ResourceGroupId) &&
    hasTags(group.tags, params.Tag ?? []);
}

function render(ctx: ActionContext, group: SecurityGroupRecord): Record<string, unknown> {
  return {
    SecurityGroupId: group.id,
    SecurityGroupName: group.name,
    Description: group.description,
    VpcId: group.vpcId,
    SecurityGroupType: group.type,
    CreationTime: wallText(ctx.wallMs - ctx.nowMs + group.createdMs),
    ResourceGroupId: group.resourceGroupId,
    ServiceManaged: false,
    RuleCount: group.rules.length,
    GroupToGroupRuleCount: group.rules.filter((rule) => rule.peerGroupId !== '').length,
    Tags: ecsTags(group.tags),
  };
}

function describe(ctx: ActionContext, params: DescribeParams): Result<ResponseBody, ApiError> {
  const found = byKey(ctx.draft.securityGroups.values(),
    (group) => group.id).filter((group) => matches(group, params));
  const body = (items: readonly SecurityGroupRecord[]) => ({
    SecurityGroup: items.map((group) => render(ctx, group)),
  });
  if (params.MaxResults !== undefined || params.NextToken !== undefined) {
    const page = pageByToken(found, (group) => group.id, params.NextToken, params.MaxResults ?? 10);
    if (!page.ok) return page;
    return ok({ RegionId: ctx.draft.regionId, TotalCount: found.length,
      NextToken: page.value.nextToken, SecurityGroups: body(page.value.items) });
  }
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({
    RegionId: ctx.draft.regionId,
    TotalCount: found.length,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
    SecurityGroups: body(page.items),
  });
}

export const createSecurityGroup = defineAction({
  product: 'ecs',
  name: 'CreateSecurityGroup',
  schema: createSchema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run: create,
});

export const describeSecurityGroups = defineAction({
  product: 'ecs',
  name: 'DescribeSecurityGroups',
  schema: describeSchema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describe,
});
