// ECS security-group rule actions: AuthorizeSecurityGroup and AuthorizeSecurityGroupEgress add
// rules, RevokeSecurityGroup and RevokeSecurityGroupEgress remove them (by SecurityGroupRuleId.N
// or by their fields), ModifySecurityGroupRule changes an inbound rule in place, and
// DescribeSecurityGroupAttribute lists them as the SDK's `Permissions.Permission[]`.
//
// A group holds at most `securityGroupRulesPerGroup` rules (ECS: 200, AuthorizationLimitExceed).
// Adding a rule equal to one the group has (all but its description) adds nothing and succeeds,
// and revoking a rule the group does not have is InvalidSecurityGroupRule.RuleNotExist; both are
// listed in docs/differences.md as unconfirmed. The rules take effect in the packet trace through
// the world's VPC fabric (security-group/rules.ts decides).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { byKey, pageByToken } from '../actions/paging.js';
import { wallText } from '../actions/wall-time.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type {
  SecurityGroupDirection, SecurityGroupRecord, SecurityGroupRule,
} from '../state/types.js';
import {
  permissionsParam, ruleDraftOf, ruleFields, ruleInputsOf, sameRule, type RuleDraft,
  type RuleInput,
} from './rule-params.js';

const id = () => param.str({ min: 1, max: 128 });

const changeSchema = z.object({
  RegionId: id(),
  SecurityGroupId: id(),
  ClientToken: param.str({ max: 64 }).optional(),
  Permissions: permissionsParam(),
  ...ruleFields,
});

const revokeSchema = changeSchema.extend({
  SecurityGroupRuleId: param.list(id(), { max: 100 }).optional(),
});

type ChangeParams = z.output<typeof changeSchema>;

function findGroup(ctx: ActionContext, groupId: string): Result<SecurityGroupRecord, ApiError> {
  const group = ctx.draft.securityGroups.get(groupId);
  return group === undefined
    ? err(apiError('InvalidSecurityGroupId.NotFound', `SecurityGroupId: ${groupId}`))
    : ok(group);
}

function draftsOf(ctx: ActionContext, group: SecurityGroupRecord,
  direction: SecurityGroupDirection, inputs: readonly RuleInput[]): Result<RuleDraft[], ApiError> {
  const drafts: RuleDraft[] = [];
  for (const input of inputs) {
    const draft = ruleDraftOf(ctx.draft, group.vpcId, direction, input);
    if (!draft.ok) return draft;
    drafts.push(draft.value);
  }
  return ok(drafts);
}

function authorize(direction: SecurityGroupDirection) {
  return (ctx: ActionContext, params: ChangeParams): Result<ResponseBody, ApiError> => {
    const group = findGroup(ctx, params.SecurityGroupId);
    if (!group.ok) return group;
    const drafts = draftsOf(ctx, group.value, direction, ruleInputsOf(params));
    if (!drafts.ok) return drafts;
    const rules = [...group.value.rules];
    for (const draft of drafts.value) {
      if (rules.some((rule) => sameRule(rule, draft))) continue;
      if (rules.length >= ctx.quotas.securityGroupRulesPerGroup) {
        return err(apiError('AuthorizationLimitExceed',
          `security group ${group.value.id} holds at most ` +
          `${ctx.quotas.securityGroupRulesPerGroup} rules`));
      }
      rules.push({ ...draft, id: ctx.ids.next('sgr'), createdMs: ctx.nowMs });
    }
    ctx.draft.securityGroups.set(group.value.id, { ...group.value, rules });
    return ok({});
  };
}

function revoke(direction: SecurityGroupDirection) {
  return (ctx: ActionContext,
    params: z.output<typeof revokeSchema>): Result<ResponseBody, ApiError> => {
    const group = findGroup(ctx, params.SecurityGroupId);
    if (!group.ok) return group;
    const ofDirection = (rule: SecurityGroupRule) => rule.direction === direction;
    let doomed: SecurityGroupRule[];
    if (params.SecurityGroupRuleId !== undefined && params.SecurityGroupRuleId.length > 0) {
      doomed = [];
      for (const ruleId of params.SecurityGroupRuleId) {
        const rule = group.value.rules.find((each) => each.id === ruleId && ofDirection(each));
        if (rule === undefined) return err(ruleNotFound(group.value.id, ruleId));
        doomed.push(rule);
      }
    } else {
      const drafts = draftsOf(ctx, group.value, direction, ruleInputsOf(params));
      if (!drafts.ok) return drafts;
      doomed = [];
      for (const draft of drafts.value) {
        const rule = group.value.rules.find((each) => sameRule(each, draft));
        if (rule === undefined) return err(ruleNotFound(group.value.id, 'with these fields'));
        doomed.push(rule);
      }
    }
    const rules = group.value.rules.filter((rule) => !doomed.includes(rule));
    ctx.draft.securityGroups.set(group.value.id, { ...group.value, rules });
    return ok({});
  };
}

function ruleNotFound(groupId: string, what: string): ApiError {
  return apiError('InvalidSecurityGroupRule.RuleNotExist',
    `security group ${groupId} has no rule ${what}`);
}

const modifySchema = changeSchema.omit({ Permissions: true }).extend({
  SecurityGroupRuleId: id().optional(),
});

/** Changes an inbound rule found by id (or, in the old form, by its fields) to the given fields. */
function modify(ctx: ActionContext,
  params: z.output<typeof modifySchema>): Result<ResponseBody, ApiError> {
  const group = findGroup(ctx, params.SecurityGroupId);
  if (!group.ok) return group;
  const rules = group.value.rules;
  const ruleId = params.SecurityGroupRuleId;
  let index = -1;
  if (ruleId !== undefined) {
    index = rules.findIndex((rule) => rule.id === ruleId && rule.direction === 'ingress');
  } else {
    const asGiven = ruleDraftOf(ctx.draft, group.value.vpcId, 'ingress', params);
    if (!asGiven.ok) return asGiven;
    index = rules.findIndex((rule) => sameRule({ ...rule, policy: asGiven.value.policy,
      priority: asGiven.value.priority }, asGiven.value));
  }
  const old = rules[index];
  if (old === undefined) return err(ruleNotFound(group.value.id, ruleId ?? 'with these fields'));
  const merged: RuleInput = {
    IpProtocol: params.IpProtocol ?? old.ipProtocol,
    PortRange: params.PortRange ?? (params.IpProtocol === undefined ? old.portRange : undefined),
    Policy: params.Policy ?? old.policy,
    Priority: params.Priority ?? old.priority,
    Description: params.Description ?? old.description,
    ...(params.SourceCidrIp ?? params.Ipv6SourceCidrIp ?? params.SourceGroupId) !== undefined
      ? { SourceCidrIp: params.SourceCidrIp, Ipv6SourceCidrIp: params.Ipv6SourceCidrIp,
        SourceGroupId: params.SourceGroupId }
      : old.peerGroupId !== '' ? { SourceGroupId: old.peerGroupId }
        : { SourceCidrIp: old.peerCidr },
  };
  const draft = ruleDraftOf(ctx.draft, group.value.vpcId, 'ingress', merged);
  if (!draft.ok) return draft;
  const changed = [...rules];
  changed[index] = { ...draft.value, id: old.id, createdMs: old.createdMs };
  ctx.draft.securityGroups.set(group.value.id, { ...group.value, rules: changed });
  return ok({});
}

const describeSchema = z.object({
  RegionId: id(),
  SecurityGroupId: id(),
  Direction: param.oneOf(['all', 'ingress', 'egress']).optional(),
  NicType: param.oneOf(['intranet', 'internet']).optional(),
  MaxResults: param.int(10, 1000).optional(),
  NextToken: param.str({ max: 512 }).optional(),
});

function permission(ctx: ActionContext, rule: SecurityGroupRule): Record<string, unknown> {
  const ingress = rule.direction === 'ingress';
  const v6 = rule.peerCidr.includes(':');
  const cidr = (v4: boolean) => (v4 !== v6 ? rule.peerCidr : '');
  return {
    SecurityGroupRuleId: rule.id,
    Direction: rule.direction,
    IpProtocol: rule.ipProtocol,
    PortRange: rule.portRange,
    Policy: rule.policy,
    Priority: String(rule.priority),
    NicType: 'intranet',
    Description: rule.description,
    SourceCidrIp: ingress ? cidr(true) : '',
    Ipv6SourceCidrIp: ingress ? cidr(false) : '',
    SourceGroupId: ingress ? rule.peerGroupId : '',
    DestCidrIp: ingress ? '' : cidr(true),
    Ipv6DestCidrIp: ingress ? '' : cidr(false),
    DestGroupId: ingress ? '' : rule.peerGroupId,
    SourcePortRange: '',
    CreateTime: wallText(ctx.wallMs - ctx.nowMs + rule.createdMs),
  };
}

function describe(ctx: ActionContext,
  params: z.output<typeof describeSchema>): Result<ResponseBody, ApiError> {
  const group = findGroup(ctx, params.SecurityGroupId);
  if (!group.ok) return group;
  const direction = params.Direction ?? 'all';
  const rules = byKey(group.value.rules, (rule) => rule.id)
    .filter((rule) => direction === 'all' || rule.direction === direction);
  const page = pageByToken(rules, (rule) => rule.id, params.NextToken, params.MaxResults ?? 1000);
  if (!page.ok) return page;
  return ok({
    RegionId: ctx.draft.regionId,
    SecurityGroupId: group.value.id,
    SecurityGroupName: group.value.name,
    Description: group.value.description,
    VpcId: group.value.vpcId,
    InnerAccessPolicy: group.value.type === 'normal' ? 'Accept' : 'Drop',
    ...(page.value.nextToken === undefined ? {} : { NextToken: page.value.nextToken }),
    Permissions: { Permission: page.value.items.map((rule) => permission(ctx, rule)) },
  });
}

const change = { product: 'ecs', region: 'required', idempotent: true, readOnly: false } as const;

export const authorizeSecurityGroup = defineAction({ ...change, name: 'AuthorizeSecurityGroup',
  schema: changeSchema, run: authorize('ingress') });
export const authorizeSecurityGroupEgress = defineAction({ ...change,
  name: 'AuthorizeSecurityGroupEgress', schema: changeSchema, run: authorize('egress') });
export const revokeSecurityGroup = defineAction({ ...change, name: 'RevokeSecurityGroup',
  schema: revokeSchema, run: revoke('ingress') });
export const revokeSecurityGroupEgress = defineAction({ ...change,
  name: 'RevokeSecurityGroupEgress', schema: revokeSchema, run: revoke('egress') });
export const modifySecurityGroupRule = defineAction({ ...change, name: 'ModifySecurityGroupRule',
  schema: modifySchema, run: modify });
export const describeSecurityGroupAttribute = defineAction({ product: 'ecs',
  name: 'DescribeSecurityGroupAttribute', schema: describeSchema, region: 'required',
  idempotent: false, readOnly: true, run: describe });
