// The controlplane's prefix upkeep in prefix mode (Terway's pkg/controller/multi-ip/node/pool.go:
// assignEniPrefixWithOptions, syncPrefixAllocation, processFrozenExpireAt, and eni.go's
// mergeIPPrefixes), as pure decisions over the Node CR for the multi-ip node controller to act on.
// In prefix mode the controller binds no pod to an IP; it only keeps `ipv4PrefixCount` /28
// prefixes across the node's ENIs (the daemon hands out their addresses, see local-delegate.ts):
//
// - Prefixes that hold a slot (Valid, Frozen) on InUse and Attaching schedulable ENIs count
//   towards the target; the rest is demand.
// - InUse ENIs come first: each takes up to its free slots (IPv4 per ENI − single IPs −
//   prefixes of any status), in calls of at most 10 (the ECS per-call limit).
// - New ENIs are planned only for the demand the InUse ENIs cannot hold; each new ENI asks for
//   min(demand, IPv4 per ENI − 1, 10) prefixes (its primary IP takes one slot).
// - Dual stack: every ENI with IPv4 prefixes has exactly one /80, and ipv6_prefix_count is
//   ignored; IPv6 only: ipv6_prefix_count (0 or 1) /80s, one per ENI.
// - A Frozen prefix becomes Valid once its frozenExpireAt has passed; a prefix missing from the
//   cloud becomes Invalid (a Deleting one is dropped: its unassign has finished).
// Terway walks its ENI map in random order; here ENIs are taken by id, ascending.

import { parseIso } from '@terway-sim/sim-base';
import { occupiesSlot, type IpFamily, type IpPrefix, type PrefixNic } from './types.js';

/** ECS takes 1–10 prefixes per CreateNetworkInterface / Assign* call. */
export const prefixesPerCallMax = 10;

export interface PrefixUpkeepInput {
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  /** spec.eni.ipv4PrefixCount: the node's total wanted /28s. */
  readonly ipv4PrefixCount: number;
  /** spec.eni.ipv6PrefixCount: IPv6-only stacks (0 or 1); ignored in dual stack. */
  readonly ipv6PrefixCount: number;
  /** nodeCap.ipv4PerAdapter: private-IP slots per ENI, the primary included. */
  readonly ipv4PerAdapter: number;
  readonly nics: readonly PrefixNic[];
  /** Prefixes requested by pending attach tasks, by ENI id (they win over the CR's lists). */
  readonly attachTasks?: { readonly [eniId: string]: { readonly ipv4PrefixCount: number;
    readonly ipv6PrefixCount: number } } | undefined;
  /** New ENI slots the option list offers (getEniOptions), in order. */
  readonly newEniSlots: readonly ('Secondary' | 'Trunk')[];
}

/** One Assign* call: `count` ≤ 10 prefixes of `family` on an InUse ENI. */
export interface PrefixAssign {
  readonly eniId: string;
  readonly family: IpFamily;
  readonly count: number;
}

/** What a new ENI slot asks CreateNetworkInterface for (counts of 0 are left out of the call). */
export interface NewEniPrefixes {
  readonly slot: 'Secondary' | 'Trunk';
  /** A trunk is created whatever the demand and always with one IPv4 (its primary). */
  readonly ipv4Count: number;
  readonly ipv4PrefixCount: number;
  readonly ipv6PrefixCount: number;
}

export interface PrefixUpkeepPlan {
  readonly newEnis: readonly NewEniPrefixes[];
  readonly assigns: readonly PrefixAssign[];
}

function occupied(list: readonly IpPrefix[] | undefined): number {
  return (list ?? []).filter(occupiesSlot).length;
}

function schedulable(nics: readonly PrefixNic[], status: string): PrefixNic[] {
  return nics.filter((nic) => nic.status === status && nic.unschedulable !== true)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Free IPv4 slots of an ENI: every single IP and every listed prefix (any status) takes one. */
function freeSlots(nic: PrefixNic, ipv4PerAdapter: number): number {
  return ipv4PerAdapter - Object.keys(nic.ipv4 ?? {}).length - (nic.ipv4Prefix ?? []).length;
}

function inCalls(eniId: string, family: IpFamily, count: number): PrefixAssign[] {
  const calls: PrefixAssign[] = [];
  for (let left = count; left > 0; left -= prefixesPerCallMax) {
    calls.push({ eniId, family, count: Math.min(left, prefixesPerCallMax) });
  }
  return calls;
}

interface Held {
  readonly v4: number;
  readonly v6: number;
  /** ENIs that hold an IPv6 prefix (IPv6-only stacks put at most one per ENI). */
  readonly v6Enis: number;
}

function heldOn(nics: readonly PrefixNic[], counts: (nic: PrefixNic) => [number, number]): Held {
  let v4 = 0;
  let v6 = 0;
  let v6Enis = 0;
  for (const nic of nics) {
    const [nicV4, nicV6] = counts(nic);
    v4 += nicV4;
    v6 += nicV6;
    if (nicV6 > 0) v6Enis++;
  }
  return { v4, v6, v6Enis };
}

const fromCr = (nic: PrefixNic): [number, number] =>
  [occupied(nic.ipv4Prefix), occupied(nic.ipv6Prefix)];

function isDualStack(input: PrefixUpkeepInput): boolean {
  return input.enableIpv4 && input.enableIpv6;
}

/** IPv6 /80s wanted in total: ipv6_prefix_count on IPv6-only nodes; none counted in dual stack. */
function ipv6Target(input: PrefixUpkeepInput): number {
  return isDualStack(input) ? 0 : input.ipv6PrefixCount;
}

/**
 * assignEniPrefixWithOptions: the prefix counts each new ENI slot is created with. New ENIs are
 * planned only when the InUse ENIs' free slots cannot hold the remaining IPv4 demand (or, IPv6
 * only, there are not enough ENIs without a /80). Attaching ENIs count with what their attach task
 * asked for (CreateNetworkInterface may not list the prefixes yet), else with the CR's lists.
 */
export function planNewEniPrefixes(input: PrefixUpkeepInput): NewEniPrefixes[] {
  const capacityPerNewEni = input.ipv4PerAdapter - 1;
  if (capacityPerNewEni <= 0) return [];
  const inUse = schedulable(input.nics, 'InUse');
  const existing = heldOn(inUse, fromCr);
  const pending = heldOn(schedulable(input.nics, 'Attaching'), (nic) => {
    const task = input.attachTasks?.[nic.id];
    return task === undefined ? fromCr(nic) : [task.ipv4PrefixCount, task.ipv6PrefixCount];
  });
  const roomOnExisting = inUse.reduce((sum, nic) =>
    sum + Math.max(0, freeSlots(nic, input.ipv4PerAdapter)), 0);
  const v4Remaining = Math.max(0, input.ipv4PrefixCount - existing.v4 - pending.v4);
  const v6Remaining = Math.max(0, ipv6Target(input) - existing.v6 - pending.v6);
  const v6OnlyEnis = !isDualStack(input) && input.enableIpv6;
  const enisWithoutV6 = inUse.length - existing.v6Enis - pending.v6Enis;
  let v4Demand = input.enableIpv4 ? Math.max(0, v4Remaining - roomOnExisting) : 0;
  let v6Demand = v6OnlyEnis ? Math.max(0, v6Remaining - enisWithoutV6) : 0;
  const plans: NewEniPrefixes[] = [];
  for (const slot of input.newEniSlots) {
    const ipv4Count = slot === 'Trunk' && input.enableIpv4 ? 1 : 0;
    let ipv4PrefixCount = 0;
    let ipv6PrefixCount = 0;
    if (input.enableIpv4 && v4Demand > 0) {
      ipv4PrefixCount = Math.min(v4Demand, capacityPerNewEni, prefixesPerCallMax);
      v4Demand -= ipv4PrefixCount;
    }
    if (isDualStack(input)) {
      ipv6PrefixCount = ipv4PrefixCount > 0 ? 1 : 0;
    } else if (v6OnlyEnis && v6Demand > 0) {
      ipv6PrefixCount = 1;
      v6Demand--;
    }
    if (ipv4Count + ipv4PrefixCount + ipv6PrefixCount === 0) continue;
    plans.push({ slot, ipv4Count, ipv4PrefixCount, ipv6PrefixCount });
  }
  return plans;
}

/**
 * syncPrefixAllocation: the Assign* calls that bring the InUse ENIs up to the node's target. The
 * plan assumes every call succeeds; Terway stops counting a failed ENI's prefixes as added, so
 * the next reconcile plans again from the CR.
 */
export function planPrefixAssigns(input: PrefixUpkeepInput): PrefixAssign[] {
  const held = heldOn([...schedulable(input.nics, 'InUse'),
    ...schedulable(input.nics, 'Attaching')], fromCr);
  let v4Remaining = Math.max(0, input.ipv4PrefixCount - held.v4);
  let v6Remaining = Math.max(0, ipv6Target(input) - held.v6);
  const assigns: PrefixAssign[] = [];
  for (const nic of schedulable(input.nics, 'InUse')) {
    const free = freeSlots(nic, input.ipv4PerAdapter);
    let added = 0;
    if (v4Remaining > 0 && free > 0) {
      added = Math.min(v4Remaining, free);
      assigns.push(...inCalls(nic.id, 'ipv4', added));
      v4Remaining -= added;
    }
    const hasV6 = occupied(nic.ipv6Prefix) > 0;
    if (isDualStack(input)) {
      if (!hasV6 && occupied(nic.ipv4Prefix) + added > 0) {
        assigns.push(...inCalls(nic.id, 'ipv6', 1));
      }
    } else if (input.enableIpv6 && v6Remaining > 0 && !hasV6) {
      assigns.push(...inCalls(nic.id, 'ipv6', 1));
      v6Remaining--;
    }
  }
  return assigns;
}

/** Both halves of one reconcile's upkeep: the new ENIs' prefix counts and the Assign* calls. */
export function planPrefixUpkeep(input: PrefixUpkeepInput): PrefixUpkeepPlan {
  return { newEnis: planNewEniPrefixes(input), assigns: planPrefixAssigns(input) };
}

/**
 * processFrozenExpireAt: Frozen prefixes whose frozenExpireAt has passed become Valid (and lose
 * the timestamp); a Frozen prefix without one stays Frozen. Returns the same array when nothing
 * changed.
 */
export function thawFrozenPrefixes(list: readonly IpPrefix[], nowUnixMs: number):
  readonly IpPrefix[] {
  let changed = false;
  const next = list.map((prefix) => {
    if (prefix.status !== 'Frozen' || prefix.frozenExpireAt === undefined) return prefix;
    const expireMs = parseIso(prefix.frozenExpireAt);
    if (expireMs === undefined || nowUnixMs < expireMs) return prefix;
    changed = true;
    return { prefix: prefix.prefix, status: 'Valid' as const };
  });
  return changed ? next : list;
}

/**
 * mergeIPPrefixes (syncWithAPI): the cloud's list merged into the CR's. Listed by the cloud and
 * known: kept as recorded (status and frozenExpireAt); listed and unknown: added Valid; known and
 * no longer listed: a Deleting one is dropped (its unassign finished), an Invalid one stays, any
 * other becomes Invalid and stays so until the daemon has let go.
 */
export function mergeIpPrefixes(remote: readonly string[],
  current: readonly IpPrefix[]): IpPrefix[] {
  const known = new Map(current.map((prefix) => [prefix.prefix, prefix]));
  const listed = new Set(remote);
  const merged: IpPrefix[] = remote.map((text) => known.get(text) ??
    { prefix: text, status: 'Valid' });
  for (const prefix of current) {
    if (listed.has(prefix.prefix) || prefix.status === 'Deleting') continue;
    merged.push(prefix.status === 'Invalid' ? prefix
      : { ...prefix, status: 'Invalid' });
  }
  return merged;
}
