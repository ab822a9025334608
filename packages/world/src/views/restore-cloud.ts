// A throwaway cloud emulator holding a checkpoint's cloud: what the inspect views use to answer
// API calls and metadata reads "at that instant" without touching the run. It is a fresh
// emulator on its own clock (set to the checkpoint's instant and wall time), restored from the
// checkpoint's cloud snapshot with the run's quotas: the state, the flow-control windows, the id
// counters (so a write names new resources as the run would have next), no fault plan.
//
// Gotcha: restoring replays the cloud's random streams up to the snapshot's draw counts, which
// costs about one draw per API call the run made; restore once per view, not per read.

import { CloudEmulator } from '@terway-sim/cloud-emulator';
import { createSimEnv } from '@terway-sim/sim-base';
import type { WorldCheckpoint } from '../checkpoint.js';

/** The access key inspect calls with: its own account, so the run's throttling is not its. */
export const inspectAccessKeyId = 'terway-sim-inspect';

/** The checkpoint's region (a world has one): where calls without a RegionId go. */
export function checkpointRegion(checkpoint: WorldCheckpoint): string {
  return Object.keys(checkpoint.cloud().state.regions).sort()[0] ?? '';
}

export function restoreCloud(checkpoint: WorldCheckpoint): CloudEmulator {
  const cloud = checkpoint.cloud();
  const env = createSimEnv({ seed: 'inspect', epochMs: checkpoint.wallMs - checkpoint.atMs });
  const regions = Object.values(cloud.state.regions).map((region) => ({
    regionId: region.regionId, zones: [...region.zones] }));
  const emulator = new CloudEmulator(env, { regions, quotas: checkpoint.header.cloudQuotas });
  emulator.restore(cloud);
  return emulator;
}
