// ECS DetachNetworkInterface (asynchronous): InUse → Detaching now, → Available after a seeded
// duration; the MAC leaves the instance's metadata after the metadata lag (at the latest when the
// detach completes). Detaching an ENI that is already Detaching is accepted again (the cloud's
// remedy for a stuck detach). Detaching an ENI that is attached nowhere (Available) succeeds and
// changes nothing: modelled (no source confirms it) because Terway deletes every ENI by detaching
// it first and treats only NotFound as success, so a refusal here would strand every ENI whose
// attach failed (docs/differences.md). Refusals: unknown ENI (InvalidEniId.NotFound) or instance
// (InvalidEcsId.NotFound; Terway treats both as success), the primary ENI
// (InvalidOperation.DetachPrimaryEniNotAllowed), an ENI not InUse on that instance
// (InvalidOperation.InvalidEniState), a trunk that still has members (InvalidOperation.EniLinked).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findEni } from '../actions/lookup.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EniRecord } from '../state/types.js';
import { withEni } from './eni-record.js';

const id = () => param.str({ min: 1, max: 128 });

const schema = z.object({
  RegionId: id(),
  NetworkInterfaceId: id(),
  InstanceId: id(),
  TrunkNetworkInstanceId: id().optional(),
});

type Params = z.output<typeof schema>;

function check(ctx: ActionContext, params: Params, eni: EniRecord): Result<void, ApiError> {
  if (ctx.draft.instance(params.InstanceId) === undefined) {
    return err(apiError('InvalidEcsId.NotFound', `InstanceId: ${params.InstanceId}`));
  }
  if (eni.type === 'Primary') return err(apiError('InvalidOperation.DetachPrimaryEniNotAllowed',
    eni.id));
  if (eni.status === 'Available' && eni.attachment === null) return ok(undefined);
  if (
    eni.attachment?.instanceId !== params.InstanceId ||
    (eni.status !== 'InUse' && eni.status !== 'Detaching')
  ) {
    return err(
      apiError(
        'InvalidOperation.InvalidEniState',
        `${eni.id} is ${eni.status}${eni.attachment ? ` on ${eni.attachment.instanceId}` : ''}`,
      ),
    );
  }
  if (
    params.TrunkNetworkInstanceId !== undefined &&
    eni.attachment.trunkEniId !== params.TrunkNetworkInstanceId
  ) {
    return err(
      apiError(
        'InvalidOperation.InvalidEniState',
        `${eni.id} is not a member of ${params.TrunkNetworkInstanceId}`,
      ),
    );
  }
  if (eni.type === 'Trunk' && eni.memberEniIds.length > 0) {
    return err(apiError('InvalidOperation.EniLinked',
      `${eni.id} has ${eni.memberEniIds.length} member ENIs`));
  }
  return ok(undefined);
}

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const found = findEni(ctx.draft, params.NetworkInterfaceId);
  if (!found.ok) return found;
  const eni = found.value;
  const checked = check(ctx, params, eni);
  if (!checked.ok) return checked;
  if (eni.status === 'Available') return ok({}); // attached nowhere: nothing to do
  if (eni.status === 'Detaching' && eni.transition !== null && eni.transition.atMs !== null)
    return ok({});
  const atMs = ctx.nowMs + ctx.duration('detach');
  const metadataUntil =
    eni.metadata === null ? null : Math.min(ctx.nowMs + ctx.metadataLagMs(params.InstanceId), atMs);
  ctx.draft.putEni(withEni(eni, { status: 'Detaching', transition: { to: 'Available', atMs },
    metadata: eni.metadata === null ? null : { ...eni.metadata, untilMs: metadataUntil },
  }));
  if (eni.status !== 'Detaching') ctx.eniStateChanged(eni.id, eni.status, 'Detaching');
  ctx.armTransition('eni', eni.id);
  return ok({});
}

export const detachNetworkInterface = defineAction({
  product: 'ecs',
  name: 'DetachNetworkInterface',
  schema,
  region: 'required',
  idempotent: false,
  readOnly: false,
  run,
});
