// ECS ModifyNetworkInterfaceAttribute (Terway does not call it; scenarios and operators do):
// name, description, DeleteOnRelease, SourceDestCheck and the security groups (`SecurityGroupId.N`
// here, unlike CreateNetworkInterface's SecurityGroupIds). A security-group change moves the ENI's
// private-IP count from the old groups to the new ones, under the same limits as creation.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { addSecurityGroupIps, findEni, findSecurityGroups } from '../actions/lookup.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import { withEni } from './eni-record.js';

const id = () => param.str({ min: 1, max: 128 });

const schema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  SecurityGroupId: param.list(id(), { max: 16 }).optional(),
  NetworkInterfaceName: param.str({ max: 128 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  DeleteOnRelease: param.bool().optional(),
  SourceDestCheck: param.bool().optional(),
  QueueNumber: param.int(1, 2048).optional(),
});

type Params = z.output<typeof schema>;

function moveSecurityGroups(ctx: ActionContext, from: readonly string[], to: readonly string[],
  ips: number): Result<void, ApiError> {
  addSecurityGroupIps(ctx.draft, from, -ips, ctx.quotas);
  return addSecurityGroupIps(ctx.draft, to, ips, ctx.quotas);
}

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  if (eni.status === 'Deleting') return err(apiError('InvalidOperation.InvalidEniState',
    `${eni.id} is Deleting`));
  let securityGroupIds = eni.securityGroupIds;
  if (params.SecurityGroupId !== undefined && params.SecurityGroupId.length > 0) {
    const groups = findSecurityGroups(ctx.draft, params.SecurityGroupId, eni.vpcId, ctx.quotas);
    if (!groups.ok) return groups;
    securityGroupIds = groups.value.map((group) => group.id);
    const moved = moveSecurityGroups(ctx, eni.securityGroupIds, securityGroupIds, eni.ipv4.length);
    if (!moved.ok) return moved;
  }
  ctx.draft.putEni(withEni(eni, { securityGroupIds,
    name: params.NetworkInterfaceName ?? eni.name,
    description: params.Description ?? eni.description,
    deleteOnRelease: params.DeleteOnRelease ?? eni.deleteOnRelease,
    sourceDestCheck: params.SourceDestCheck ?? eni.sourceDestCheck,
  }));
  return ok({});
}

export const modifyNetworkInterfaceAttribute = defineAction({
  product: 'ecs',
  name: 'ModifyNetworkInterfaceAttribute',
  schema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run,
});
