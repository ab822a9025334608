// The Node CR's pool as the multi-ip node controller edits it during one reconcile (Terway's
// pkg/controller/multi-ip/node/eni.go helpers): a working copy of status.networkInterfaces with
// every map present, the ENI order every decision walks (trunk first, then HighPerformance,
// then by IP count, largest first), and the idle counts the demand and reclaim rules use.
//
// Go walks its IP maps in random order; the simulator walks ENIs in the sorted order below (ties
// by ENI id) and IPs in address order, so one seed gives one assignment (docs/differences.md).

import { parseIpv4 } from '@terway-sim/sim-base';
import type {
  NicTrafficMode, NicType, NodeCrIp, NodeCrNic, NodeCrStatus, NodeEniSpec,
} from '../../ports/crd.js';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

export type IpDraft = Mutable<NodeCrIp>;

/** One ENI of the working copy: maps always present, traffic mode defaulted. */
export interface NicDraft extends Omit<Mutable<NodeCrNic>, 'ipv4' | 'ipv6'
  | 'networkInterfaceTrafficMode'> {
  networkInterfaceTrafficMode: NicTrafficMode;
  ipv4: Record<string, IpDraft>;
  ipv6: Record<string, IpDraft>;
}

export interface StatusDraft extends Omit<Mutable<NodeCrStatus>, 'networkInterfaces'> {
  networkInterfaces: Record<string, NicDraft>;
}

export const nicStatus = {
  inUse: 'InUse',
  attaching: 'Attaching',
  detaching: 'Detaching',
  deleting: 'Deleting',
  available: 'Available',
} as const;

/** A working copy of the status; the CR read from the API server is never edited. */
export function draftOf(status: NodeCrStatus): StatusDraft {
  const copy = structuredClone(status) as Mutable<NodeCrStatus>;
  const nics: Record<string, NicDraft> = {};
  for (const [id, nic] of Object.entries(copy.networkInterfaces)) {
    nics[id] = { ...nic, networkInterfaceTrafficMode: nic.networkInterfaceTrafficMode
      ?? 'Standard', ipv4: nic.ipv4 ?? {}, ipv6: nic.ipv6 ?? {} };
  }
  return { ...copy, networkInterfaces: nics };
}

/** The status to write back: the same shape as read (canonical key order for comparison). */
export function statusOf(draft: StatusDraft): NodeCrStatus {
  const nics: Record<string, NodeCrNic> = {};
  for (const id of Object.keys(draft.networkInterfaces).sort()) {
    const nic = draft.networkInterfaces[id]!;
    nics[id] = { ...nic, ipv4: sortedMap(nic.ipv4), ipv6: sortedMap(nic.ipv6) };
  }
  return { ...draft, networkInterfaces: nics };
}

function sortedMap(ips: Record<string, IpDraft>): Record<string, IpDraft> {
  const out: Record<string, IpDraft> = {};
  for (const ip of Object.keys(ips).sort(compareIp)) out[ip] = ips[ip]!;
  return out;
}

/** Address order: IPv4 numerically, then IPv6 as text. */
export function compareIp(a: string, b: string): number {
  const [x, y] = [parseIpv4(a), parseIpv4(b)];
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A map's IPs in address order. */
export function ipsOf(ips: Record<string, IpDraft>): IpDraft[] {
  return Object.keys(ips).sort(compareIp).map((ip) => ips[ip]!);
}

export interface EniTypeKey {
  readonly type: NicType;
  readonly mode: NicTrafficMode;
}

export const secondaryKey: EniTypeKey = { type: 'Secondary', mode: 'Standard' };
export const trunkKey: EniTypeKey = { type: 'Trunk', mode: 'Standard' };
export const rdmaKey: EniTypeKey = { type: 'Secondary', mode: 'HighPerformance' };

export function sameKey(a: EniTypeKey, b: EniTypeKey): boolean {
  return a.type === b.type && a.mode === b.mode;
}

export function keyOf(nic: Pick<NicDraft, 'networkInterfaceType' |
  'networkInterfaceTrafficMode'>): EniTypeKey {
  return { type: nic.networkInterfaceType, mode: nic.networkInterfaceTrafficMode };
}

/** sortNetworkInterface: trunk, then HighPerformance, then most IPs of the main family. */
export function sortNics(status: StatusDraft, eni: NodeEniSpec): NicDraft[] {
  const count = (nic: NicDraft): number => Object.keys(eni.enableIPv4 === false ? nic.ipv6
    : nic.ipv4).length;
  return Object.keys(status.networkInterfaces).sort().map((id) => status.networkInterfaces[id]!)
    .sort((a, b) => {
      const trunk = Number(b.networkInterfaceType === 'Trunk')
        - Number(a.networkInterfaceType === 'Trunk');
      if (trunk !== 0) return trunk;
      const hp = Number(b.networkInterfaceTrafficMode === 'HighPerformance')
        - Number(a.networkInterfaceTrafficMode === 'HighPerformance');
      return hp !== 0 ? hp : count(b) - count(a);
    });
}

/** IdlesWithAvailable: Valid IPs bound to no pod. */
export function idleValid(ips: Record<string, IpDraft>): number {
  return Object.values(ips).filter((ip) => ip.podID === '' && ip.status === 'Valid').length;
}

/** IPUsage's in-use half: IPs bound to a pod, whatever their status. */
export function inUseCount(ips: Record<string, IpDraft>): number {
  return Object.values(ips).filter((ip) => ip.podID !== '').length;
}

/**
 * countTotalIdleIPs: idle Valid IPs of the main family (IPv4, or IPv6 when IPv4 is off) on InUse
 * ENIs Terway may allocate from; the figure the min-pool and reclaim rules compare against.
 */
export function totalIdleIps(status: StatusDraft, eni: NodeEniSpec): number {
  let count = 0;
  for (const nic of Object.values(status.networkInterfaces)) {
    if (nic.status !== nicStatus.inUse || nic.unschedulable === true) continue;
    if (eni.enableIPv4 !== false) count += idleValid(nic.ipv4);
    else if (eni.enableIPv6 === true) count += idleValid(nic.ipv6);
  }
  return count;
}
