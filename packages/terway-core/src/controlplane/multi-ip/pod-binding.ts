// Which pod holds which IP of the Node CR (Terway's pkg/controller/multi-ip/node/pool.go
// getPods, buildIPMap, releasePodNotFound and assignIPFromLocalPool): deciders over the
// reconcile's working copy of the status, with no I/O.
// - pods that need an IP: bound, not host-network, not PodENI, not finished; they ask for the
//   families spec.eni enables and for eRDMA when a container limits `aliyun/erdma` and the node
//   has eRDMA on;
// - an IP whose pod is gone is freed once the daemon's NodeRuntime says that pod's CNI DEL ran
//   (at once when the IP has no pod uid; never while NodeRuntime cannot be read; without
//   NodeRuntime only for daemons too old to write it); a freed Invalid IP becomes Deleting;
// - pods sorted by namespace/name first take back the exact IP in their status, then any Valid
//   idle IP on an InUse ENI of their traffic mode (eRDMA pods only HighPerformance ENIs); IPv6
//   comes from the ENI of the pod's IPv4, and a fresh IPv4 is given back when IPv6 fails.

import { ipFamily } from '@terway-sim/sim-base';
import { podUsesEni } from '../webhook.js';
import type { NodeEniSpec, NodeRuntime } from '../../ports/crd.js';
import type { PodObject } from '../../ports/kube.js';
import {
  ipsOf, nicStatus, sortNics, type IpDraft, type NicDraft, type StatusDraft,
} from './pool-state.js';

/** The container limit that asks for an eRDMA interface. */
export const resourceErdma = 'aliyun/erdma';

export interface PodRequest {
  /** `namespace/name`. */
  readonly podId: string;
  readonly podUid: string;
  readonly requireIpv4: boolean;
  readonly requireIpv6: boolean;
  readonly requireErdma: boolean;
  /** The pod's IPs from its status ("" when none yet). */
  readonly ipv4: string;
  readonly ipv6: string;
}

function limitsErdma(pod: PodObject): boolean {
  return (pod.spec?.containers ?? []).some((container) =>
    Number(container.resources?.limits?.[resourceErdma] ?? 0) > 0);
}

/** getPods: the pods of the node that take an IP from the pool, by pod id. */
export function podRequestsOf(pods: readonly PodObject[],
  eni: NodeEniSpec): Map<string, PodRequest> {
  const out = new Map<string, PodRequest>();
  for (const pod of pods) {
    if (pod.spec?.hostNetwork === true || podUsesEni(pod.metadata?.annotations)) continue;
    const phase = pod.status?.phase ?? '';
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const podId = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    const ips = (pod.status?.podIPs ?? []).map((entry) => entry.ip);
    if (ips.length === 0 && pod.status?.podIP !== undefined) ips.push(pod.status.podIP);
    out.set(podId, { podId, podUid: pod.metadata?.uid ?? '',
      requireIpv4: eni.enableIPv4 !== false, requireIpv6: eni.enableIPv6 === true,
      requireErdma: eni.enableERDMA === true && limitsErdma(pod),
      ipv4: ips.find((ip) => ipFamily(ip) === 4) ?? '',
      ipv6: ips.find((ip) => ipFamily(ip) === 6) ?? '' });
  }
  return out;
}

/** What the controller could learn from the node's NodeRuntime. */
export type RuntimeView =
  | { readonly kind: 'present'; readonly runtime: NodeRuntime }
  | { readonly kind: 'unreadable' }
  /** No NodeRuntime: `daemonSupports` when the daemon would write one (do not release yet). */
  | { readonly kind: 'missing'; readonly daemonSupports: boolean };

/**
 * RuntimeFinalStatus: the status with the latest update time. Go breaks a tie (same second) by
 * map order; here `deleted` wins it (docs/differences.md).
 */
export function latestCniStatus(pod: NodeRuntime['status']['pods'][string]):
  string | undefined {
  let best: { status: string; at: string } | undefined;
  for (const [status, entry] of Object.entries(pod.status)) {
    if (entry === undefined) continue;
    if (best === undefined || entry.lastUpdateTime > best.at
      || (entry.lastUpdateTime === best.at && status === 'deleted')) {
      best = { status, at: entry.lastUpdateTime };
    }
  }
  return best?.status;
}

function releasable(ip: IpDraft, view: RuntimeView): boolean {
  if (view.kind !== 'present') return !(view.kind === 'missing' && view.daemonSupports) &&
    view.kind !== 'unreadable';
  if (ip.podUID === '') return true;
  const pod = view.runtime.status.pods[ip.podUID];
  return pod !== undefined && latestCniStatus(pod) === 'deleted';
}

function allIps(status: StatusDraft): IpDraft[] {
  return Object.keys(status.networkInterfaces).sort().flatMap((id) => {
    const nic = status.networkInterfaces[id]!;
    return [...ipsOf(nic.ipv4), ...ipsOf(nic.ipv6)];
  });
}

/** releasePodNotFound; returns the IPs freed. */
export function releasePodNotFound(status: StatusDraft, pods: ReadonlyMap<string, PodRequest>,
  view: RuntimeView): IpDraft[] {
  if (view.kind === 'unreadable') return [];
  if (view.kind === 'missing' && view.daemonSupports) return [];
  const freed: IpDraft[] = [];
  for (const ip of allIps(status)) {
    if (ip.podID === '') continue;
    const pod = pods.get(ip.podID);
    if (pod !== undefined) {
      ip.podUID = pod.podUid;
      continue;
    }
    if (!releasable(ip, view)) continue;
    ip.podID = '';
    ip.podUID = '';
    if (ip.status === 'Invalid' && !ip.primary) ip.status = 'Deleting';
    freed.push(ip);
  }
  return freed;
}

interface Ref {
  readonly nic: NicDraft;
  readonly ip: IpDraft;
}

interface Refs {
  ipv4?: Ref | undefined;
  ipv6?: Ref | undefined;
}

/** buildIPMap: IPs by address, and each pod's current IPs. */
function buildIpMap(status: StatusDraft, pods: ReadonlyMap<string, PodRequest>):
  { v4: Map<string, Ref>; v6: Map<string, Ref>; refs: Map<string, Refs> } {
  const v4 = new Map<string, Ref>();
  const v6 = new Map<string, Ref>();
  const refs = new Map<string, Refs>([...pods.keys()].map((id) => [id, {}]));
  for (const id of Object.keys(status.networkInterfaces).sort()) {
    const nic = status.networkInterfaces[id]!;
    for (const ip of ipsOf(nic.ipv4)) {
      v4.set(ip.ip, { nic, ip });
      const pod = refs.get(ip.podID);
      if (pod !== undefined) pod.ipv4 = { nic, ip };
    }
    for (const ip of ipsOf(nic.ipv6)) {
      v6.set(ip.ip, { nic, ip });
      const pod = refs.get(ip.podID);
      if (pod !== undefined) pod.ipv6 = { nic, ip };
    }
  }
  return { v4, v6, refs };
}

/** isStaleAssigned: the pod's status IP is not in the pool, so no new IP can satisfy it. */
export function isStaleAssigned(pod: PodRequest, refs: Refs): boolean {
  return (pod.requireIpv4 && pod.ipv4 !== '' && refs.ipv4 === undefined)
    || (pod.requireIpv6 && pod.ipv6 !== '' && refs.ipv6 === undefined);
}

export interface Unsatisfied {
  readonly pod: PodRequest;
  /** The pod asked for an IP in its status that the pool does not have. */
  readonly stale: boolean;
}

function fitsPod(nic: NicDraft, pod: PodRequest): boolean {
  if (nic.status !== nicStatus.inUse || nic.unschedulable === true) return false;
  return pod.requireErdma === (nic.networkInterfaceTrafficMode === 'HighPerformance');
}

function bind(ref: Ref, pod: PodRequest): void {
  ref.ip.podID = pod.podId;
  ref.ip.podUID = pod.podUid;
}

function takeFree(candidates: readonly NicDraft[], family: 'ipv4' | 'ipv6', pod: PodRequest,
  onNic?: string): Ref | undefined {
  for (const nic of candidates) {
    if (!fitsPod(nic, pod) || (onNic !== undefined && nic.id !== onNic)) continue;
    const ip = ipsOf(nic[family]).find((entry) => entry.status === 'Valid'
      && entry.podID === '');
    if (ip !== undefined) return { nic, ip };
  }
  return undefined;
}

function reclaimOwn(map: ReadonlyMap<string, Ref>, address: string,
  pod: PodRequest): Ref | undefined {
  const ref = address === '' ? undefined : map.get(address);
  if (ref === undefined || (ref.ip.podID !== '' && ref.ip.podID !== pod.podId)) return undefined;
  bind(ref, pod);
  return ref;
}

/**
 * assignIPFromLocalPool: binds IPs to the pods that lack one; `modified` is called per fresh
 * assignment (it moves lastModifiedTime). Returns the pods still unsatisfied, in pod-id order.
 */
export function assignFromPool(status: StatusDraft, pods: ReadonlyMap<string, PodRequest>,
  eni: NodeEniSpec, modified: () => void): Unsatisfied[] {
  const { v4, v6, refs } = buildIpMap(status, pods);
  const pending = [...pods.keys()].sort().filter((id) => {
    const pod = pods.get(id)!;
    const ref = refs.get(id)!;
    return (pod.requireIpv4 && ref.ipv4 === undefined)
      || (pod.requireIpv6 && ref.ipv6 === undefined);
  });
  for (const id of pending) {
    const pod = pods.get(id)!;
    const ref = refs.get(id)!;
    if (pod.requireIpv4 && ref.ipv4 === undefined) ref.ipv4 = reclaimOwn(v4, pod.ipv4, pod);
    if (pod.requireIpv6 && ref.ipv6 === undefined) ref.ipv6 = reclaimOwn(v6, pod.ipv6, pod);
  }
  const order = sortNics(status, eni);
  const unsatisfied: Unsatisfied[] = [];
  for (const id of pending) {
    const pod = pods.get(id)!;
    const ref = refs.get(id)!;
    const stale = isStaleAssigned(pod, ref);
    if (pod.requireIpv4 && ref.ipv4 === undefined) {
      ref.ipv4 = pod.ipv4 === '' ? takeFree(order, 'ipv4', pod) : undefined;
      if (ref.ipv4 === undefined) {
        unsatisfied.push({ pod, stale });
        continue;
      }
      bind(ref.ipv4, pod);
      modified();
    }
    if (pod.requireIpv6 && ref.ipv6 === undefined) {
      ref.ipv6 = pod.ipv6 === '' ? takeFree(order, 'ipv6', pod, ref.ipv4?.nic.id) : undefined;
      if (ref.ipv6 === undefined) {
        if (pod.ipv4 === '' && ref.ipv4 !== undefined) {
          ref.ipv4.ip.podID = '';
          ref.ipv4.ip.podUID = '';
          ref.ipv4 = undefined;
        }
        unsatisfied.push({ pod, stale });
        continue;
      }
      bind(ref.ipv6, pod);
      modified();
    }
  }
  return unsatisfied;
}
