// How the multi-ip node controller turns IP demand into ENI work (Terway's
// pkg/controller/multi-ip/node/pool.go addIP, getEniOptions, validateENI and
// assignEniWithOptions): pure deciders over the reconcile's working copy.
// - demand = pods still without an IP (not stale) + max(min-pool shortfall, warm-up remainder);
// - options = the flavor's free trunk and eRDMA slots, every existing ENI in sort order, then the
//   free secondary slots;
// - demand is spread over the options that pass validation: an Attaching ENI counts what its
//   attach task asked for, an InUse ENI takes up to its free quota, a new slot up to a full ENI,
//   each at most `batchSize` (10) per call; a new trunk always asks for one IP.

import type { NodeCap, NodeCr, NodeEniSpec } from '../../ports/crd.js';
import type { Unsatisfied } from './pod-binding.js';
import {
  keyOf, nicStatus, rdmaKey, sameKey, secondaryKey, sortNics, trunkKey, type EniTypeKey,
  type NicDraft, type StatusDraft,
} from './pool-state.js';

/** IPs per AssignPrivateIpAddresses / CreateNetworkInterface call (ECS). */
export const ipBatchSize = 10;

export interface EniOption {
  readonly key: EniTypeKey;
  /** The existing ENI; undefined for a slot to create. */
  readonly nic: NicDraft | undefined;
  addIpv4: number;
  addIpv6: number;
  isFull: boolean;
  /** Errors of this reconcile (vSwitch exhausted, API failures); feed CR conditions. */
  readonly errors: Array<{ readonly message: string; readonly ipNotEnough: boolean }>;
}

export interface DemandInput {
  readonly unsatisfied: readonly Unsatisfied[];
  readonly totalIdle: number;
  readonly minPoolSize: number;
  /** `warmUpTarget − warmUpAllocatedCount` while warm-up runs, else 0. */
  readonly warmUpRemaining: number;
}

export interface Demand {
  readonly podDemand: number;
  readonly minPoolDemand: number;
  readonly warmUpDemand: number;
  /** For secondary and trunk ENIs. */
  readonly demand: number;
  /** eRDMA pods, for HighPerformance ENIs. */
  readonly rdmaDemand: number;
  readonly stale: number;
}

/** addIP's demand arithmetic. */
export function addIpDemand(input: DemandInput): Demand {
  const normal = input.unsatisfied.filter((entry) => !entry.pod.requireErdma);
  const rdma = input.unsatisfied.filter((entry) => entry.pod.requireErdma && !entry.stale);
  const podDemand = normal.filter((entry) => !entry.stale).length;
  const minPoolDemand = Math.max(0, input.minPoolSize + podDemand - input.totalIdle);
  const warmUpDemand = Math.max(0, input.warmUpRemaining);
  return { podDemand, minPoolDemand, warmUpDemand,
    demand: podDemand + Math.max(minPoolDemand, warmUpDemand), rdmaDemand: rdma.length,
    stale: input.unsatisfied.length - podDemand - rdma.length };
}

function option(key: EniTypeKey, nic: NicDraft | undefined): EniOption {
  return { key, nic, addIpv4: 0, addIpv6: 0, isFull: false, errors: [] };
}

/** getEniOptions. */
export function eniOptionsOf(status: StatusDraft, spec: Pick<NodeCr['spec'], 'flavor' | 'eni'>):
  EniOption[] {
  let total = 0;
  const remaining = spec.flavor.map((item) => {
    total += item.count;
    return { key: { type: item.networkInterfaceType, mode: item.networkInterfaceTrafficMode },
      count: item.count };
  });
  const left = (key: EniTypeKey): number =>
    remaining.find((entry) => sameKey(entry.key, key))?.count ?? 0;
  const sorted = sortNics(status, spec.eni);
  for (const nic of sorted) {
    const slot = remaining.find((entry) => sameKey(entry.key, keyOf(nic)));
    if (slot !== undefined) slot.count--;
  }
  const result: EniOption[] = [];
  let newLimit = Math.max(total - sorted.length, 0);
  if (spec.eni.enableTrunk) {
    const count = Math.min(left(trunkKey), newLimit);
    for (let i = 0; i < count; i++) result.push(option(trunkKey, undefined));
    newLimit -= count;
  }
  if (spec.eni.enableERDMA === true) {
    const count = Math.min(left(rdmaKey), newLimit);
    for (let i = 0; i < count; i++) result.push(option(rdmaKey, undefined));
  }
  sorted.forEach((nic) => result.push(option(keyOf(nic), nic)));
  const toAdd = Math.min(total - result.length, left(secondaryKey));
  for (let i = 0; i < toAdd; i++) result.push(option(secondaryKey, undefined));
  return result;
}

/** What validateENI needs to know about an existing ENI's vSwitch. */
export type VSwitchHasIp = (vSwitchId: string) => boolean | undefined;

/** validateENI: a wanted type, schedulable, InUse or Attaching, on a vSwitch with IPs left. */
export function validOption(entry: EniOption, wanted: readonly EniTypeKey[],
  vSwitchHasIp: VSwitchHasIp): boolean {
  if (!wanted.some((key) => sameKey(key, entry.key))) return false;
  const nic = entry.nic;
  if (nic === undefined) return true;
  if (nic.unschedulable === true) return false;
  if (nic.status !== nicStatus.inUse && nic.status !== nicStatus.attaching) return false;
  const hasIp = vSwitchHasIp(nic.vSwitchID ?? '');
  if (hasIp === undefined) return false;
  if (!hasIp) {
    entry.errors.push({ message: 'no available vSwitch', ipNotEnough: true });
    return false;
  }
  return true;
}

export interface SpreadInput {
  readonly toAdd: number;
  readonly eni: NodeEniSpec;
  readonly nodeCap: Pick<NodeCap, 'ipv4PerAdapter' | 'ipv6PerAdapter'>;
  /** What the attach task of an Attaching ENI asked for, if a task is known. */
  readonly requested: (eniId: string) => { ipv4: number; ipv6: number } | undefined;
  readonly accept: (entry: EniOption) => boolean;
}

function leftQuota(perAdapter: number, ips: Record<string, unknown>): number {
  return perAdapter - Object.keys(ips).length;
}

/** assignEniWithOptions: sets addIpv4/addIpv6 on the options that take the demand. */
export function spreadDemand(options: readonly EniOption[], input: SpreadInput): void {
  let v4 = input.eni.enableIPv4 !== false ? input.toAdd : 0;
  let v6 = input.eni.enableIPv6 === true ? input.toAdd : 0;
  for (const entry of options) {
    if (!input.accept(entry)) continue;
    const nic = entry.nic;
    if (nic !== undefined && nic.status === nicStatus.attaching) {
      const asked = input.requested(nic.id);
      if (asked !== undefined) {
        v4 = v4 > 0 ? Math.max(0, v4 - asked.ipv4) : v4;
        v6 = v6 > 0 ? Math.max(0, v6 - asked.ipv6) : v6;
      }
      entry.addIpv4 = 0;
      entry.addIpv6 = 0;
      continue;
    }
    if (nic !== undefined) {
      const quota4 = leftQuota(input.nodeCap.ipv4PerAdapter, nic.ipv4);
      const quota6 = leftQuota(input.nodeCap.ipv6PerAdapter, nic.ipv6);
      if (v4 > 0) {
        if (quota4 > 0) entry.addIpv4 = Math.min(quota4, v4, ipBatchSize);
        else entry.isFull = true;
        v4 -= entry.addIpv4;
      }
      if (v6 > 0) {
        if (quota6 > 0) entry.addIpv6 = Math.min(quota6, v6, ipBatchSize);
        else entry.isFull = true;
        v6 -= entry.addIpv6;
      }
      continue;
    }
    if (sameKey(entry.key, trunkKey)) {
      if (v4 <= 0) v4 = 1;
      if (input.eni.enableIPv6 === true && v6 <= 0) v6 = 1;
    }
    if (v4 > 0) {
      entry.addIpv4 = Math.min(input.nodeCap.ipv4PerAdapter, v4, ipBatchSize);
      v4 -= entry.addIpv4;
    }
    if (v6 > 0) {
      entry.addIpv6 = Math.min(input.nodeCap.ipv6PerAdapter, v6, ipBatchSize);
      v6 -= entry.addIpv6;
    }
  }
}

/**
 * updateNodeCondition's verdict: sufficient when a schedulable option still has a Valid idle
 * IPv4, or some option is neither full nor short of vSwitch IPs.
 */
export function hasSufficientIp(options: readonly EniOption[]): boolean {
  for (const entry of options) {
    if (entry.nic?.unschedulable === true) continue;
    const idle = Object.values(entry.nic?.ipv4 ?? {}).some((ip) => ip.status === 'Valid'
      && ip.podID === '');
    if (idle) return true;
    if (entry.isFull || entry.errors.some((error) => error.ipNotEnough)) continue;
    return true;
  }
  return false;
}
