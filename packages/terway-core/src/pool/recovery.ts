// Startup recovery of the local pool from the stored pod records, as Terway does it in
// daemon/daemon.go `filterENINotFound` and pkg/eni/local.go `Local.load`:
//   - records of `eniIp` resources whose ENI is no longer attached are dropped first — with
//     Terway's index slip (quirk Q3): after removing an item the loop still advances, so of two
//     consecutive stale items only the first goes (the second is ignored later by `load`);
//   - each slot then marks the addresses its ENI holds as owned by the pods whose records name
//     that ENI (or, for legacy records without `eni_id`, whose resource id `<mac>.<ip>` names its
//     MAC), and Terway's idle-gauge bookkeeping for it (including its IPv6 decrement that happens
//     whenever an `eni_id` record's IPv4 was found or absent).
// Pure functions; the slot applies the plan.

import { err, normalizeIp, ok, type Result } from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import { resourceTypeEniIp, type PodResources } from '../store/records.js';

/** Drops `eniIp` items of ENIs not attached (Q3: the item after a removed one is skipped). */
export function filterEniNotFound(records: readonly PodResources[],
  attached: readonly AttachedEni[]): PodResources[] {
  const byId = new Set(attached.map((eni) => eni.id));
  const macs = new Set(attached.map((eni) => eni.mac));
  return records.map((record) => {
    const items = [...(record.Resources ?? [])];
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      if (item.type !== resourceTypeEniIp) continue;
      const legacyMac = item.id.split('.')[0] ?? '';
      const found = item.eni_id === '' ? macs.has(legacyMac) : byId.has(item.eni_id);
      // Removing shifts the next item into `index`, and the loop still moves on: it is skipped.
      if (!found) items.splice(index, 1);
    }
    return { ...record, Resources: record.Resources === null ? null : items };
  });
}

export interface RecoveredOwner {
  readonly family: 'ipv4' | 'ipv6';
  readonly ip: string;
  readonly podId: string;
}

export interface RecoveryPlan {
  readonly owners: readonly RecoveredOwner[];
  /** Idle-gauge decrements Terway makes while restoring (see the file header). */
  readonly idleDecV4: number;
  readonly idleDecV6: number;
}

/** Which stored pods own which of this ENI's addresses; an unparsable address aborts startup. */
export function planRecovery(eni: AttachedEni, ipv4: ReadonlySet<string>, ipv6: ReadonlySet<string>,
  records: readonly PodResources[]): Result<RecoveryPlan, string> {
  const owners: RecoveredOwner[] = [];
  let idleDecV4 = 0;
  let idleDecV6 = 0;
  for (const record of records) {
    if (record.PodInfo === null) continue;
    const podId = `${record.PodInfo.Namespace}/${record.PodInfo.Name}`;
    for (const item of record.Resources ?? []) {
      if (item.type !== resourceTypeEniIp) continue;
      if (item.eni_id === '') {
        if (item.id === '') continue;
        const dot = item.id.indexOf('.');
        if (dot < 0) return err(`invalid resource id: ${item.id}`);
        if (item.id.slice(0, dot) !== eni.mac) continue;
        const ip = parseAddress(item.id.slice(dot + 1));
        if (!ip.ok) return ip;
        if (!ipv4.has(ip.value)) continue;
        owners.push({ family: 'ipv4', ip: ip.value, podId });
        idleDecV4++;
        continue;
      }
      if (item.eni_id !== eni.id) continue;
      if (item.ipv4 !== '') {
        const ip = parseAddress(item.ipv4);
        if (!ip.ok) return ip;
        if (!ipv4.has(ip.value)) continue;
        owners.push({ family: 'ipv4', ip: ip.value, podId });
        idleDecV4++;
      }
      if (item.ipv6 !== '') {
        const ip = parseAddress(item.ipv6);
        if (!ip.ok) return ip;
        if (!ipv6.has(ip.value)) continue;
        owners.push({ family: 'ipv6', ip: ip.value, podId });
      }
      idleDecV6++;
    }
  }
  return ok({ owners, idleDecV4, idleDecV6 });
}

function parseAddress(text: string): Result<string, string> {
  const ip = normalizeIp(text);
  if (ip !== undefined) return ok(ip);
  return err(`code: InvalidDataType, msg: ParseAddr(${JSON.stringify(text)}): unable to parse IP`);
}
