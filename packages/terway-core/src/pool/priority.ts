// Which backend the manager asks first, as Terway's pkg/eni/manager.go sorts them (ByPriority) and
// Local.Priority scores a slot: Deleting −100, Init 0, Creating 10, InUse 50, plus the number of
// addresses the slot holds per enabled family (any status). Trunk / PodENI backends are 100.
//
// `most_ips` (the default) offers a request to the highest priority first, so the fullest in-use
// ENI fills up before a new one is made; `least_ips` offers it to the lowest first, which puts
// empty slots (0) before in-use ENIs and so creates ENIs while slots remain (quirk Q16). Pool
// shrinking walks the opposite order.
//
// The sort is stable. Go's sort.Sort is an insertion sort (stable) up to 12 elements, which covers
// every instance type's slot count; above that Go's pdqsort may reorder ties (docs/differences.md).

import type { EniSelectionPolicy } from '../config/pool-config.js';

export type SlotStatus = 'Init' | 'Creating' | 'InUse' | 'Deleting';

export const priorityDeleting = -100;
export const priorityRemote = 100;

const basePriority: Readonly<Record<Exclude<SlotStatus, 'Deleting'>, number>> = {
  Init: 0, Creating: 10, InUse: 50,
};

export interface SlotPriorityInput {
  readonly status: SlotStatus;
  readonly ipv4Count: number;
  readonly ipv6Count: number;
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
}

export function localPriority(slot: SlotPriorityInput): number {
  if (slot.status === 'Deleting') return priorityDeleting;
  const addresses = (slot.enableIpv4 ? slot.ipv4Count : 0) + (slot.enableIpv6 ? slot.ipv6Count : 0);
  return basePriority[slot.status] + addresses;
}

/** Sorts in place, stably, to offer an allocation (most_ips: descending, least_ips: ascending). */
export function sortForAllocation<T>(items: T[], priorityOf: (item: T) => number,
  policy: EniSelectionPolicy): void {
  stableSortBy(items, priorityOf, policy === 'least_ips' ? 1 : -1);
}

/** Sorts in place, stably, for disposal (most_ips: ascending, emptiest first; least_ips: desc). */
export function sortForDisposal<T>(items: T[], priorityOf: (item: T) => number,
  policy: EniSelectionPolicy): void {
  stableSortBy(items, priorityOf, policy === 'least_ips' ? -1 : 1);
}

function stableSortBy<T>(items: T[], priorityOf: (item: T) => number, direction: 1 | -1): void {
  const keyed = items.map((item, index) => ({ item, index, priority: priorityOf(item) }));
  keyed.sort((a, b) => direction * (a.priority - b.priority) || a.index - b.index);
  keyed.forEach((entry, index) => {
    items[index] = entry.item;
  });
}
