// The multi-ip node controller's reconcile in prefix mode (Terway's pkg/controller/multi-ip/node/
// pool.go: the prefix branch of Reconcile, syncPrefixAllocation, assignEniPrefixWithOptions,
// processFrozenExpireAt). In prefix mode the controller binds no pod (syncPods is skipped): it
// keeps `spec.eni.ipv4PrefixCount` /28 prefixes (and the /80s) on the node's ENIs and the daemon
// hands out their addresses itself. One pass:
// - finished attach tasks are taken in (their ENIs' prefixes arrive Valid from the description);
// - every Nic's Frozen prefixes whose frozenExpireAt has passed become Valid;
// - the InUse ENIs get the Assign* calls prefix/upkeep.ts plans (≤ 10 prefixes per call), each
//   answer appended Valid; a failed call stops the pass (the next reconcile plans again);
// - when the InUse ENIs cannot hold the target, one new ENI is created (while no attach of the
//   node runs) with the prefix counts planned for its slot;
// - handleStatus then unassigns Deleting prefixes (eni-ops.ts).
// The decisions are prefix/upkeep.ts's pure functions; this module only carries them out.

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import { backoffKeys } from '../../backoff/named.js';
import {
  planNewEniPrefixes, planPrefixAssigns, thawFrozenPrefixes, type PrefixUpkeepInput,
} from '../../prefix/upkeep.js';
import type { IpPrefix, PrefixNic } from '../../prefix/types.js';
import { eniOptionsOf, type EniOption } from './eni-options.js';
import { createEni, type OpsContext } from './eni-ops.js';
import type { NicDraft } from './pool-state.js';

/** processFrozenExpireAt on every Nic of the working copy. */
export function thawAll(nics: Record<string, NicDraft>, nowWallMs: number): void {
  for (const nic of Object.values(nics)) {
    if (nic.ipv4Prefix !== undefined) nic.ipv4Prefix = [...thawFrozenPrefixes(nic.ipv4Prefix,
      nowWallMs)];
    if (nic.ipv6Prefix !== undefined) nic.ipv6Prefix = [...thawFrozenPrefixes(nic.ipv6Prefix,
      nowWallMs)];
  }
}

/** The upkeep planner's input from the reconcile's working copy and the node's attach tasks. */
export function upkeepInputOf(ops: OpsContext, options: readonly EniOption[]):
  PrefixUpkeepInput {
  const { cr, status, tasks } = ops;
  const eni = cr.spec.eni;
  const nics: PrefixNic[] = Object.values(status.networkInterfaces);
  const attachTasks: Record<string, { ipv4PrefixCount: number; ipv6PrefixCount: number }> = {};
  for (const nic of nics) {
    const task = tasks.get(nic.id);
    if (task?.requestedIpv4Prefixes === undefined) continue;
    attachTasks[nic.id] = { ipv4PrefixCount: task.requestedIpv4Prefixes,
      ipv6PrefixCount: task.requestedIpv6Prefixes ?? 0 };
  }
  return { enableIpv4: eni.enableIPv4 !== false, enableIpv6: eni.enableIPv6 === true,
    ipv4PrefixCount: eni.ipv4PrefixCount ?? 0, ipv6PrefixCount: eni.ipv6PrefixCount ?? 0,
    ipv4PerAdapter: cr.spec.nodeCap.ipv4PerAdapter, nics, attachTasks,
    newEniSlots: options.filter((entry) => entry.nic === undefined
      && entry.key.mode === 'Standard').map((entry) => entry.key.type) };
}

function appendValid(list: readonly IpPrefix[] | undefined, added: readonly string[]):
  IpPrefix[] {
  const known = new Set((list ?? []).map((prefix) => prefix.prefix));
  return [...(list ?? []), ...added.filter((prefix) => !known.has(prefix))
    .map((prefix) => ({ prefix, status: 'Valid' as const }))];
}

/** syncPrefixAllocation's Assign* calls on the InUse ENIs. */
async function assignPrefixes(ctx: Context, ops: OpsContext, input: PrefixUpkeepInput,
  touched: () => void): Promise<Result<void, string>> {
  const { runtime, status } = ops;
  const backoff = runtime.backoffs.get(backoffKeys.eniIpOps);
  for (const call of planPrefixAssigns(input)) {
    const nic = status.networkInterfaces[call.eniId]!;
    touched();
    const startMs = runtime.deps.scheduler.nowMs();
    const options = { networkInterfaceId: call.eniId, count: call.count, backoff };
    const added = call.family === 'ipv4' ? await runtime.ecs.assignIpv4Prefixes(ctx, options)
      : await runtime.ecs.assignIpv6Prefixes(ctx, options);
    ops.observe('assignPrefix', startMs);
    if (!added.ok) {
      runtime.nodeEvent(ops.cr.metadata.name, 'Warning', 'AllocIPFailed',
        `Failed to assign ${call.family} prefixes to ${call.eniId}: ${added.error.message}`);
      ops.forceSync();
      return err(added.error.message);
    }
    if (call.family === 'ipv4') nic.ipv4Prefix = appendValid(nic.ipv4Prefix, added.value);
    else nic.ipv6Prefix = appendValid(nic.ipv6Prefix, added.value);
  }
  return ok(undefined);
}

/** The prefix-mode upkeep of one reconcile: thaw, assign on InUse ENIs, at most one new ENI. */
export async function prefixUpkeep(ctx: Context, ops: OpsContext, touched: () => void):
  Promise<Result<void, string>> {
  const { runtime, cr, status, tasks } = ops;
  thawAll(status.networkInterfaces, runtime.deps.scheduler.wallMs());
  const options = eniOptionsOf(status, cr.spec);
  const assigned = await assignPrefixes(ctx, ops, upkeepInputOf(ops, options), touched);
  if (!assigned.ok) return assigned;
  if (tasks.attachingCount(cr.metadata.name) > 0) return ok(undefined);
  const plan = planNewEniPrefixes(upkeepInputOf(ops, options))[0];
  if (plan === undefined) return ok(undefined);
  const entry = options.find((option) => option.nic === undefined
    && option.key.mode === 'Standard' && option.key.type === plan.slot);
  if (entry === undefined) return ok(undefined);
  entry.addIpv4 = plan.ipv4Count;
  touched();
  return createEni(ctx, ops, entry, { ipv4PrefixCount: plan.ipv4PrefixCount,
    ipv6PrefixCount: plan.ipv6PrefixCount });
}
