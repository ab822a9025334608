// The periodic metadata reconciliation of one Local slot (Terway's pkg/eni/local.go `Local.sync`,
// run by wait.JitterUntil every 60 s with jitter factor 1.0, first at start): re-read the ENI's
// addresses from the instance metadata service; each Valid local address no longer listed becomes
// Invalid (node Warning `ResourceInvalid` "Mark as invalid, ip: …", gauges −total −idle); listed
// addresses unknown locally feed the orphan tracker, which reports those seen in two syncs.
//
// Terway holds the slot lock across the metadata read, so nothing changes in between. Here other
// tasks may run while the read is in flight, so only addresses present when it began are judged,
// and nothing is judged if the slot left InUse or changed ENI meanwhile.

import type { Context } from '@terway-sim/sim-base';
import type { PoolIpSet } from './ip-set.js';
import type { SlotState } from './local-state.js';
import { metadataSyncPeriodMs } from './local-workers.js';
import type { IpFamilyKey } from './telemetry.js';

export async function syncLoop(state: SlotState, ctx: Context): Promise<void> {
  for (;;) {
    await syncOnce(state, ctx);
    if (ctx.err() !== undefined) return;
    try {
      await state.deps.scheduler.sleep(state.deps.jitter(metadataSyncPeriodMs, 1.0), ctx);
    } catch {
      return;
    }
  }
}

export async function syncOnce(state: SlotState, ctx: Context): Promise<void> {
  const eni = state.eni;
  if (eni === undefined || state.status !== 'InUse') return;
  const before = new Set([...state.ipv4.values(), ...state.ipv6.values()].map((entry) => entry.ip));
  const remote = await state.deps.factory.loadNetworkInterface(ctx, eni.mac);
  if (ctx.err() !== undefined) return;
  if (!remote.ok) {
    state.deps.logger.error('failed to sync eni', remote.error.message, state.logFields());
    return;
  }
  if (state.eni?.id !== eni.id || state.status !== 'InUse') return;
  markGone(state, state.ipv4, remote.value.ipv4, before, 'ipv4');
  markGone(state, state.ipv6, remote.value.ipv6, before, 'ipv6');
  for (const ip of state.deps.orphans.reportable()) {
    const message = `orphan ip found on ecs metadata, ip: ${ip}`;
    state.deps.nodeEvent('Warning', 'ResourceInvalid', message);
    state.deps.logger.info('orphan ip found on ecs metadata', { ip });
  }
  state.cond.notifyAll();
}

function markGone(state: SlotState, set: PoolIpSet, remote: readonly string[],
  before: ReadonlySet<string>, stack: IpFamilyKey): void {
  const listed = new Set(remote);
  for (const entry of set.values()) {
    if (entry.status !== 'Valid' || !before.has(entry.ip) || listed.has(entry.ip)) continue;
    const fields = { ...state.logFields(), ip: entry.ip };
    state.deps.logger.info('remote ip gone, mark as invalid', fields);
    state.deps.nodeEvent('Warning', 'ResourceInvalid', `Mark as invalid, ip: ${entry.ip}`);
    entry.status = 'Invalid';
    state.deps.gauges.total(stack, -1);
    state.deps.gauges.idle(stack, -1);
  }
  state.deps.orphans.observe((ip) => set.get(ip) !== undefined, remote);
}
