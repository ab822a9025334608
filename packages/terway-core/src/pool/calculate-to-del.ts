// How many idle addresses the pool gives back on a sync, as Terway's pkg/eni/manager.go
// `calculateToDel`: the excess over max_pool_size, plus — when idle reclaim is configured
// (`idle_ip_reclaim_after` and a batch size) — up to `idle_ip_reclaim_batch_size` more once the
// pool has been quiet for `idle_ip_reclaim_after` and the jittered reclaim instant has come, never
// going below min_pool_size. Every LocalIP allocation (pre-warm included, Q6) and release resets
// the quiet period.
//
// Pure: the reclaim clock (`nextReclaimMs`, null = Go's zero time) comes in and goes out; jitter is
// a function so tests choose it; the node's test-only broken variants come in as a field.

import { Mutations } from '../mutations/mutations.js';

export interface ReclaimSettings {
  readonly afterMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly jitterFactor: number;
}

export interface ToDelInput {
  readonly idle: number;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  readonly reclaim: ReclaimSettings;
  /** Last LocalIP allocate/release, virtual ms. */
  readonly lastModifiedMs: number;
  readonly nextReclaimMs: number | null;
  readonly nowMs: number;
  /** wait.Jitter(duration, factor) in ms. */
  readonly jitter: (durationMs: number, factor: number) => number;
  /** The node's broken variants (mutations/mutations.ts); absent = none. */
  readonly mutations?: Mutations | undefined;
}

export interface ToDelResult {
  readonly toDel: number;
  readonly nextReclaimMs: number | null;
}

export function calculateToDel(input: ToDelInput): ToDelResult {
  // Mutation site `sync-ignores-max-pool-size` (mutations/mutations.ts; never on outside tests):
  // no upper bound, so only idle reclaim ever shrinks the pool.
  const mutations = input.mutations ?? Mutations.none;
  const maxPoolSize = mutations.has('sync-ignores-max-pool-size') ? input.idle : input.maxPoolSize;
  const base = input.idle - maxPoolSize;
  const { reclaim } = input;
  if (reclaim.afterMs === 0 || reclaim.batchSize === 0) {
    return { toDel: base, nextReclaimMs: input.nextReclaimMs };
  }
  if (input.lastModifiedMs + reclaim.afterMs > input.nowMs) {
    return { toDel: base, nextReclaimMs: null };
  }
  const factor = reclaim.jitterFactor > 0 ? reclaim.jitterFactor : 0.1;
  if (input.nextReclaimMs === null) {
    return { toDel: base, nextReclaimMs: input.nowMs + input.jitter(reclaim.intervalMs, factor) };
  }
  if (input.nextReclaimMs > input.nowMs) return { toDel: base, nextReclaimMs: input.nextReclaimMs };
  const toDel = Math.max(0, base);
  const extra = Math.min(reclaim.batchSize, Math.max(0, input.idle - toDel - input.minPoolSize));
  const nextReclaimMs = input.nowMs + input.jitter(reclaim.intervalMs, factor);
  return { toDel: toDel + extra, nextReclaimMs };
}
