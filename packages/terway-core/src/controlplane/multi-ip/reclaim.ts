// Giving idle IPs back (Terway's pkg/controller/multi-ip/node/pool.go calculateToDel and
// adjustPool, eni.go releaseUnUsedIP): pure deciders over the reconcile's working copy.
// - toDel = idle Valid IPs (main family, InUse schedulable ENIs) − max_pool_size;
// - with a reclaim block (idle_ip_reclaim_after …): after `after` of no pool change, every
//   jittered `interval` a further min(batchSize, idle − toDel − min_pool_size) IPs go;
// - adjustPool walks every ENI from the end of the sorted order: an ENI with no pod, fewer IPs
//   of each family than still to delete, Secondary and Standard, goes whole (Deleting); others
//   mark their idle non-primary IPs Deleting (quirk Q8: strictly fewer, not "at most").

import type { NodeEniSpec, NodePoolSpec } from '../../ports/crd.js';
import {
  idleValid, inUseCount, ipsOf, nicStatus, sortNics, type IpDraft, type NicDraft,
  type StatusDraft,
} from './pool-state.js';

export interface ReclaimClock {
  readonly nowMs: number;
  /** Unix ms of `status.lastModifiedTime` (0 when unset). */
  readonly lastModifiedMs: number;
  /** Unix ms of `status.nextIdleIPReclaimTime` (0 when unset). */
  readonly nextReclaimMs: number;
  /** The reclaim block's durations, parsed. */
  readonly afterMs: number;
  readonly intervalMs: number;
  /** wait.Jitter(interval, factor). */
  readonly jitter: (durationMs: number, factor: number) => number;
}

export interface ToDel {
  readonly toDel: number;
  /** The new nextIdleIPReclaimTime in Unix ms (0 = reset), when it changes. */
  readonly nextReclaimMs?: number | undefined;
}

/** calculateToDel. */
export function calculateToDel(status: StatusDraft, spec: { readonly eni: NodeEniSpec;
  readonly pool: NodePoolSpec }, clock: ReclaimClock): ToDel {
  let idles = 0;
  for (const nic of Object.values(status.networkInterfaces)) {
    if (nic.status !== nicStatus.inUse || nic.unschedulable === true) continue;
    idles += idleValid(spec.eni.enableIPv4 !== false ? nic.ipv4 : nic.ipv6);
  }
  let toDel = idles - spec.pool.maxPoolSize;
  const reclaim = spec.pool.reclaim;
  if (reclaim === undefined || reclaim.batchSize <= 0) return { toDel };
  if (clock.lastModifiedMs + clock.afterMs > clock.nowMs) {
    return { toDel, nextReclaimMs: 0 };
  }
  const parsed = Number.parseFloat(reclaim.jitterFactor);
  const factor = parsed > 0 ? parsed : 0.1;
  if (clock.nextReclaimMs === 0) {
    return { toDel, nextReclaimMs: clock.nowMs + clock.jitter(clock.intervalMs, factor) };
  }
  if (clock.nextReclaimMs > clock.nowMs) return { toDel };
  toDel = Math.max(0, toDel);
  const nextReclaimMs = clock.nowMs + clock.jitter(clock.intervalMs, factor);
  const extra = Math.min(reclaim.batchSize,
    Math.max(0, idles - toDel - spec.pool.minPoolSize));
  return { toDel: toDel + extra, nextReclaimMs };
}

function markDeleting(ips: readonly IpDraft[], count: number): number {
  let left = count;
  let released = 0;
  for (const ip of ips) {
    if (left <= 0) break;
    if (ip.podID === '' && !ip.primary && ip.status !== 'Deleting') {
      ip.status = 'Deleting';
      left--;
      released++;
    }
  }
  return released;
}

/** releaseUnUsedIP: how many IPs (max over the families) this ENI gives back. */
export function releaseUnusedIp(nic: NicDraft, toDel: number): number {
  if (nic.unschedulable === true) return 0;
  const v4 = Object.keys(nic.ipv4).length;
  const v6 = Object.keys(nic.ipv6).length;
  if (inUseCount(nic.ipv4) === 0 && inUseCount(nic.ipv6) === 0 && v4 < toDel && v6 < toDel
    && nic.networkInterfaceType === 'Secondary'
    && nic.networkInterfaceTrafficMode === 'Standard') {
    nic.status = nicStatus.deleting;
    return Math.max(v4, v6);
  }
  const idle4 = idleValid(nic.ipv4);
  const idle6 = idleValid(nic.ipv6);
  const leftover = Math.max(idle4, idle6) - toDel;
  return Math.max(markDeleting(ipsOf(nic.ipv4), idle4 - leftover),
    markDeleting(ipsOf(nic.ipv6), idle6 - leftover));
}

/** adjustPool's walk: from the last ENI of the sorted order until toDel is used up. */
export function releaseIdle(status: StatusDraft, eni: NodeEniSpec, toDel: number): number {
  let left = toDel;
  if (left <= 0) return 0;
  const sorted = sortNics(status, eni);
  for (let i = sorted.length - 1; i >= 0 && left > 0; i--) {
    left -= releaseUnusedIp(sorted[i]!, left);
  }
  return toDel - left;
}
