// ECS DeleteInstance (no RegionId parameter: the instance is found in whichever region holds it)
// and the Pending → Running timer. Releasing an instance releases its primary ENI; its other ENIs
// are detached at once (members first, then the trunk) and those with DeleteOnRelease are
// deleted. An instance must be Stopped unless Force is set (IncorrectInstanceStatus). Route
// entries that point at it stay, as on the real cloud (they black-hole).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { findInstance } from '../actions/lookup.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { detachNow, releaseEni } from '../eni/transitions.js';
import { param } from '../params/schema.js';
import type { RegionDraft } from '../state/region-draft.js';
import type { CloudState, InstanceRecord } from '../state/types.js';

const schema = z.object({
  InstanceId: param.str({ min: 1, max: 128 }),
  Force: param.bool().optional(),
  ForceStop: param.bool().optional(),
  TerminateSubscription: param.bool().optional(),
  DryRun: param.bool().optional(),
});

function releaseEnis(ctx: ActionContext, instance: InstanceRecord): void {
  const ordered = [...instance.memberEniIds,
    ...instance.eniIds.filter((eniId) => eniId !== instance.primaryEniId)];
  for (const eniId of ordered) {
    const eni = ctx.draft.eni(eniId);
    if (eni === undefined) continue;
    const detached = detachNow(ctx.draft, eni);
    ctx.eniStateChanged(eni.id, eni.status, 'Available', instance.id);
    if (detached.deleteOnRelease) {
      releaseEni(ctx.draft, detached);
      ctx.eniStateChanged(eni.id, 'Available', 'Gone', instance.id);
    }
  }
  const primary = ctx.draft.eni(instance.primaryEniId);
  if (primary !== undefined) {
    releaseEni(ctx.draft, primary);
    ctx.eniStateChanged(primary.id, primary.status, 'Gone', instance.id);
  }
}

function run(ctx: ActionContext, params: z.output<typeof schema>): Result<ResponseBody, ApiError> {
  const found = findInstance(ctx.draft, params.InstanceId);
  if (!found.ok) return found;
  const instance = found.value;
  if (instance.status !== 'Stopped' && params.Force !== true) {
    return err(apiError('IncorrectInstanceStatus',
      `${instance.id} is ${instance.status}; stop it or set Force`));
  }
  if (params.DryRun === true) return err(apiError('DryRunOperation'));
  releaseEnis(ctx, instance);
  ctx.draft.instances = ctx.draft.instances.delete(instance.id);
  return ok({});
}

function locate(state: CloudState, params: Readonly<Record<string, unknown>>): string | undefined {
  const instanceId = params.InstanceId;
  if (typeof instanceId !== 'string') return undefined;
  return Object.values(state.regions).find((region) => region.instances.has(instanceId))?.regionId;
}

export const deleteInstance = defineAction({
  product: 'ecs',
  name: 'DeleteInstance',
  schema,
  region: 'endpoint',
  idempotent: false,
  readOnly: false,
  run,
  locate,
});

/** Completes an instance's pending start if due; true when it changed. */
export function completeInstanceTransition(draft: RegionDraft, instanceId: string,
  nowMs: number): boolean {
  const instance = draft.instance(instanceId);
  const transition = instance?.transition;
  if (
    instance === undefined ||
    transition === null ||
    transition === undefined ||
    transition.atMs === null ||
    transition.atMs > nowMs
  ) {
    return false;
  }
  draft.putInstance({ ...instance, status: transition.to, transition: null });
  return true;
}
