// Snapshots of the whole cloud at a virtual instant: the state as JSON, the flow-control windows,
// how often each fault rule fired, the cloud's id counters and how far its seeded streams have
// drawn. `JSON.stringify(snapshot)` is the serialized form; `restore` takes it back.
//
// Restore rules: the target's clock must not be past the snapshot's instant (time does not run
// backwards); if it is behind, it is advanced to it, which needs no timer armed before then.
// The cloud's streams are fast-forwarded to the snapshot's draw counts when they are behind, so a
// fresh emulator of the same seed replays exactly; a stream that is already further along stays
// where it is (its later draws differ; the state does not). Cloud id counters are set back to the
// snapshot's, so restored and original runs name new resources alike.

import { assert } from '@terway-sim/sim-base';
import type { ThrottleWindow } from '../physics/throttle.js';
import { stateFromJson, stateToJson, type CloudStateJson } from '../state/snapshot.js';
import type { CloudState } from '../state/types.js';
import { streamNames, type CloudCore } from './core.js';
import type { FaultPlan } from '../physics/faults.js';

export const snapshotFormat = 'terway-sim.cloud-snapshot';

export interface CloudSnapshot {
  readonly format: typeof snapshotFormat;
  readonly version: 1;
  readonly nowMs: number;
  readonly state: CloudStateJson;
  readonly throttle: readonly ThrottleWindow[];
  readonly faultsFired: readonly number[];
  readonly ids: Readonly<Record<string, number>>;
  readonly draws: Readonly<Record<string, number>>;
}

/** Id kinds the cloud makes; only these are saved and restored. */
export const cloudIdKinds = ['eni', 'i', 'mac', 'request', 'rte', 'sg', 'vpc', 'vrt', 'vsw',
  'vtb'] as const;

/**
 * Id kinds added with security-group rules, NAT gateways and EIPs: saved only once used, so the
 * snapshots of worlds without them stay as they were.
 */
const laterIdKinds = ['eip', 'ngw', 'sgr', 'snat', 'stb'] as const;

interface SnapshotSource extends CloudCore {
  readonly faults: FaultPlan;
}

export function takeSnapshot(core: SnapshotSource): CloudSnapshot {
  const counters = core.deps.ids.snapshot();
  const ids = Object.fromEntries([
    ...cloudIdKinds.map((kind) => [kind, counters[kind] ?? 0] as const),
    ...laterIdKinds.filter((kind) => (counters[kind] ?? 0) > 0)
      .map((kind) => [kind, counters[kind]!] as const),
  ]);
  const draws = Object.fromEntries(Object.values(streamNames).map((name) => [name,
    core.deps.rng.stream(name).drawCount]));
  return {
    format: snapshotFormat,
    version: 1,
    nowMs: core.deps.scheduler.nowMs(),
    state: stateToJson(core.currentState()),
    throttle: core.throttle.snapshot(),
    faultsFired: core.faults.firedCounts(),
    ids,
    draws,
  };
}

export function restoreSnapshot(core: SnapshotSource, snapshot: CloudSnapshot): CloudState {
  assert(snapshot.format === snapshotFormat && snapshot.version === 1,
    'restore: not a version-1 cloud snapshot');
  const { scheduler, ids, rng } = core.deps;
  assert(
    scheduler.nowMs() <= snapshot.nowMs,
    () =>
      `restore: the clock (${scheduler.nowMs()} ms) is past the snapshot (${snapshot.nowMs} ms)`,
  );
  if (scheduler.nowMs() < snapshot.nowMs) scheduler.advanceTo(snapshot.nowMs);
  core.throttle.restore(snapshot.throttle);
  core.faults.restoreFiredCounts(snapshot.faultsFired);
  ids.restore({ ...ids.snapshot(), ...snapshot.ids });
  for (const [name, count] of Object.entries(snapshot.draws)) {
    const stream = rng.stream(name);
    while (stream.drawCount < count) stream.float();
  }
  return stateFromJson(snapshot.state);
}
