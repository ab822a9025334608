// Node CR fixtures for the multi-ip node controller's tests: ENIs with IPs bound or idle, pods
// asking for IPs, and the Node CR spec they run under.

import type { NodeCrIp, NodeCrNic, NodeCrStatus, NodeEniSpec } from '../../../src/ports/crd.js';
import type { PodRequest } from '../../../src/controlplane/multi-ip/pod-binding.js';
import { draftOf, type StatusDraft } from '../../../src/controlplane/multi-ip/pool-state.js';

export interface IpSpec {
  readonly ip: string;
  readonly pod?: string;
  readonly uid?: string;
  readonly primary?: boolean;
  readonly status?: NodeCrIp['status'];
}

export function ips(list: readonly IpSpec[]): Record<string, NodeCrIp> {
  return Object.fromEntries(list.map((spec) => [spec.ip, { ip: spec.ip,
    primary: spec.primary ?? false, status: spec.status ?? 'Valid', podID: spec.pod ?? '',
    podUID: spec.uid ?? '' }]));
}

export function nic(id: string, v4: readonly IpSpec[], extra: Partial<NodeCrNic> = {}):
  NodeCrNic {
  return { id, status: 'InUse', networkInterfaceType: 'Secondary',
    networkInterfaceTrafficMode: 'Standard', vSwitchID: 'vsw-1', ipv4CIDR: '10.0.0.0/16',
    ipv4: ips(v4), ipv6: {}, ...extra };
}

export function statusOf(nics: readonly NodeCrNic[],
  extra: Partial<NodeCrStatus> = {}): StatusDraft {
  return draftOf({ networkInterfaces: Object.fromEntries(nics.map((item) => [item.id, item])),
    ...extra });
}

/** `n` idle non-primary IPs 10.0.<block>.1… after a primary 10.0.<block>.0. */
export function idleEni(id: string, block: number, idle: number,
  extra: Partial<NodeCrNic> = {}): NodeCrNic {
  const list: IpSpec[] = [{ ip: `10.0.${block}.0`, primary: true }];
  for (let i = 1; i <= idle; i++) list.push({ ip: `10.0.${block}.${i}` });
  return nic(id, list, extra);
}

export const ipv4Only: NodeEniSpec = { enableTrunk: false, enableIPv4: true, enableIPv6: false };
export const dualStack: NodeEniSpec = { enableTrunk: false, enableIPv4: true, enableIPv6: true };

export function pod(name: string, extra: Partial<PodRequest> = {}): PodRequest {
  return { podId: `default/${name}`, podUid: `uid-${name}`, requireIpv4: true,
    requireIpv6: false, requireErdma: false, ipv4: '', ipv6: '', ...extra };
}

export function pods(list: readonly PodRequest[]): Map<string, PodRequest> {
  return new Map(list.map((item) => [item.podId, item]));
}
