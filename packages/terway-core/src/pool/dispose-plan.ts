// What a Local slot gives up when the pool asks it to shrink by `n`, as Terway's pkg/eni/local.go
// `Local.Dispose` and `canDispose` decide:
//   - only an in-use slot with an ENI disposes anything;
//   - n ≥ max(#IPv4, #IPv6) and the slot can go (not trunk/eRDMA, no address in use, nothing
//     queued) ⇒ the whole ENI goes (slot → Deleting), counting max(#IPv4, #IPv6);
//   - otherwise every idle non-Valid address is marked Deleting (not counted), then
//     left = min(#idle, n) times the first idle, not-Deleting address is disposed — an idle primary
//     cannot go but is still counted (quirk Q9) — and likewise for IPv6; the count is
//     max(left, left6).
// Pure: `planDispose` reads the sets and returns what to mark; `applyDispose` marks it.

import type { PoolIpSet, IpView, PoolIp } from './ip-set.js';
import type { SlotStatus } from './priority.js';

export interface DisposeView {
  readonly hasEni: boolean;
  readonly status: SlotStatus;
  readonly ipv4: PoolIpSet;
  readonly ipv6: PoolIpSet;
  readonly canDispose: boolean;
}

export type DisposePlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'eni'; readonly count: number }
  | {
    readonly kind: 'ips';
    /** Idle addresses not Valid (Invalid/Init): to Deleting, uncounted. */
    readonly invalid: readonly PoolIp[];
    /** The address each iteration disposed, in order; a primary may appear (and repeat). */
    readonly picksV4: readonly PoolIp[];
    readonly picksV6: readonly PoolIp[];
    readonly count: number;
  };

export interface CanDisposeInput {
  readonly hasEni: boolean;
  readonly slotType: string;
  readonly eniIsTrunk: boolean;
  readonly inUseV4: number;
  readonly inUseV6: number;
  readonly queuedV4: number;
  readonly queuedV6: number;
}

export function canDispose(slot: CanDisposeInput): boolean {
  if (!slot.hasEni) return true;
  const type = slot.slotType.toLowerCase();
  if (type === 'trunk' || type === 'erdma' || slot.eniIsTrunk) return false;
  return slot.inUseV4 === 0 && slot.inUseV6 === 0 && slot.queuedV4 === 0 && slot.queuedV6 === 0;
}

export function planDispose(view: DisposeView, n: number): DisposePlan {
  if (!view.hasEni || view.status !== 'InUse') return { kind: 'none' };
  const whole = Math.max(view.ipv4.size, view.ipv6.size);
  if (n >= whole && view.canDispose) return { kind: 'eni', count: whole };
  const invalid = [...view.ipv4.values(), ...view.ipv6.values()]
    .filter((entry) => !entry.inUse && entry.status !== 'Valid');
  const v4 = picks(view.ipv4, invalid, n);
  const v6 = picks(view.ipv6, invalid, n);
  // Terway returns the iteration counts, whether or not an iteration found an address.
  const count = Math.max(v4.left, v6.left);
  return { kind: 'ips', invalid, picksV4: v4.picks, picksV6: v6.picks, count };
}

/** Simulates the disposal loop: idle count taken after the invalid pass, picks skip Deleting. */
function picks(set: PoolIpSet, invalid: readonly IpView[],
  n: number): { picks: PoolIp[]; left: number } {
  // A primary stays as it is when disposed, so only non-primary invalid addresses become Deleting.
  const marked = new Set(invalid.filter((entry) => !entry.primary).map((entry) => entry.ip));
  const idle = set.idles();
  const left = Math.min(idle.length, n);
  const deleting = (entry: PoolIp): boolean => entry.status === 'Deleting' || marked.has(entry.ip);
  const taken = new Set<string>();
  const result: PoolIp[] = [];
  for (let iteration = 0; iteration < left; iteration++) {
    const pick = idle.find((entry) => !deleting(entry) && !taken.has(entry.ip));
    if (pick === undefined) continue;
    result.push(pick);
    if (!pick.primary) taken.add(pick.ip);
  }
  return { picks: result, left };
}

export function applyDispose(plan: DisposePlan & { kind: 'ips' }): void {
  plan.invalid.forEach((entry) => entry.dispose());
  plan.picksV4.forEach((entry) => entry.dispose());
  plan.picksV6.forEach((entry) => entry.dispose());
}
