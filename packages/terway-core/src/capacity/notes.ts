// Notes shared by the per-mode capacity calculations: which catalog numbers are estimates, and the
// kubelet maxPods advice every mode needs (failure catalog F04).

import type { CapacityInput } from './types.js';

/** "X is modelled for this type" for each of `fields` the catalog marks as modelled. */
export function modelledNotes(input: CapacityInput, fields: readonly string[]): string[] {
  const modelled = new Set(input.modelledFields ?? []);
  return fields.filter((field) => modelled.has(field)).map((field) =>
    `${field} is modelled for this type (no published value); the result is an estimate`);
}

export function kubeletNote(maxPods: number): string {
  return `set kubelet maxPods to at most ${maxPods} + the host-network pods per node, ` +
    'or the scheduler places pods that never get an IP (F04)';
}
