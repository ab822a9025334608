// The one-shot warm-up of a new node in centralized IPAM (Terway's pool.go initializeWarmUp,
// shouldPerformWarmUp, checkWarmUpCompletion; `ip_warm_up_size`): a node first seen with a
// warm-up size gets a target; IPs the controller adds count towards it until it is reached; a
// node without one (or an existing node) is marked completed at once. Pure over the draft.

import type { NodePoolSpec } from '../../ports/crd.js';
import type { StatusDraft } from './pool-state.js';

export function initializeWarmUp(status: StatusDraft, pool: NodePoolSpec): void {
  if ((status.warmUpTarget ?? 0) > 0 || status.warmUpCompleted === true) return;
  const size = pool.warmUpSize ?? 0;
  if (size <= 0) {
    status.warmUpCompleted = true;
    return;
  }
  status.warmUpTarget = size;
  status.warmUpAllocatedCount = 0;
  status.warmUpCompleted = false;
}

/** The IPs warm-up still wants (0 once completed). */
export function warmUpRemaining(status: StatusDraft): number {
  if (status.warmUpCompleted === true || (status.warmUpTarget ?? 0) <= 0) return 0;
  return Math.max(0, status.warmUpTarget! - (status.warmUpAllocatedCount ?? 0));
}

export function countWarmUp(status: StatusDraft, added: number): void {
  if (status.warmUpCompleted === true || (status.warmUpTarget ?? 0) <= 0) return;
  status.warmUpAllocatedCount = (status.warmUpAllocatedCount ?? 0) + added;
}

export function checkWarmUpCompletion(status: StatusDraft): void {
  if (status.warmUpCompleted === true || (status.warmUpTarget ?? 0) <= 0) return;
  if ((status.warmUpAllocatedCount ?? 0) >= status.warmUpTarget!) status.warmUpCompleted = true;
}
