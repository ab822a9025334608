// ECS DeleteNetworkInterface (asynchronous in current docs): Available → Deleting now, gone after a
// seeded duration, when its addresses return to the vSwitch, it leaves its security groups and
// stops counting against the account quota. Until then DescribeNetworkInterfaces lists it as
// Deleting; Terway polls until the list is empty (pkg/aliyun/client/ecs.go). Deleting an ENI that
// is already Deleting is accepted again. Refusals: unknown ENI (InvalidEniId.NotFound, which Terway
// treats as success), a primary ENI (InvalidOperation.InvalidEniType), an ENI that is not Available
// (InvalidOperation.InvalidEniState).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findEni } from '../actions/lookup.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import { withEni } from './eni-record.js';

const schema = z.object({
  RegionId: param.str({ min: 1, max: 128 }),
  NetworkInterfaceId: param.str({ min: 1, max: 128 }),
});

type Params = z.output<typeof schema>;

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  if (eni.type === 'Primary') return err(apiError('InvalidOperation.InvalidEniType',
    `${eni.id} is the primary ENI of its instance`));
  if (eni.status === 'Deleting') return ok({});
  if (eni.status !== 'Available') return err(apiError('InvalidOperation.InvalidEniState',
    `${eni.id} is ${eni.status}`));
  ctx.draft.putEni(withEni(eni,
    { status: 'Deleting', transition: { to: 'Gone', atMs: ctx.nowMs + ctx.duration('delete') } }));
  ctx.eniStateChanged(eni.id, 'Available', 'Deleting');
  ctx.armTransition('eni', eni.id);
  return ok({});
}

export const deleteNetworkInterface = defineAction({
  product: 'ecs',
  name: 'DeleteNetworkInterface',
  schema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run,
});
