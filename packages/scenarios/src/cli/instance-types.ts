// Instance types named on the command line (capacity's and validate's --instance-type), looked up
// in the cloud emulator's catalog; an unknown one is refused with the closest known ids. Loaded
// only by the commands that need the catalog.

import { findInstanceType, instanceTypeCatalog,
  type InstanceTypeRecord } from '@terway-sim/cloud-emulator';
import { editDistance } from '@terway-sim/terway-core';
import { quoted } from '../scenario/printable.js';
import { UsageError } from './command.js';

/** The catalog record for `id`, or a UsageError listing the closest known types. */
export function resolveInstanceType(id: string): InstanceTypeRecord {
  const record = findInstanceType(id);
  if (record !== undefined) return record;
  const family = id.split('.').slice(0, 2).join('.');
  const ranked = instanceTypeCatalog
    .map((candidate) => ({ id: candidate.InstanceTypeId, distance: editDistance(id,
      candidate.InstanceTypeId) }))
    .filter((candidate) => candidate.distance <= 4 || candidate.id.startsWith(`${family}.`))
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, 6)
    .map((candidate) => candidate.id);
  const hint = ranked.length > 0 ? `close matches: ${ranked.join(', ')}` :
    `known types: ${instanceTypeCatalog.map((t) => t.InstanceTypeId).join(', ')}`;
  throw new UsageError(
    `--instance-type ${quoted(id)}: not in the instance-type catalog; ${hint}`);
}
