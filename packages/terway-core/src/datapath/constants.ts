// Terway's datapath constants (plugin/datapath/consts_linux.go, plugin/driver/utils, pkg/tc): the
// link-local gateway the veth designs point pods at, the rule priorities, the policy table scheme,
// the tc priorities of each filter kind and the network-priority class map.

import { terwayTableBase } from '@terway-sim/kernel-shim';

/** `LinkIP`: the pod's gateway in veth designs; answered by a static neighbour entry. */
export const linkIp = '169.254.1.1';
export const linkIpNet = '169.254.1.1/32';
export const linkIpv6 = 'fe80::1';
export const linkIpNetv6 = 'fe80::1/128';

export const defaultRouteV4 = '0.0.0.0/0';
export const defaultRouteV6 = '::/0';

/** Rule priority of `to podIP lookup main` (and the pod's multi-network rules). */
export const toContainerPriority = 512;
/** Rule priority of `from podIP lookup 1000+ENI`. */
export const fromContainerPriority = 2048;

/** `GetRouteTableID`: policy tables are 1000 + the ifindex of the link they route out of. */
export function routeTableId(linkIndex: number): number {
  return terwayTableBase + linkIndex;
}

/**
 * tc filter priorities (Terway's plugin/driver/utils/utils_linux.go; the ipvlan redirect's in
 * plugin/datapath/ipvlan_linux.go).
 */
export const tcPriority = {
  egressPriorityClassifier: 1,
  vlanUntag: 20000,
  ipvlanRedirect: 40000,
  /** What IPVlan's stale-filter cleanup compares with (quirk: not 40000). */
  ipvlanRedirectCleanup: 4000,
  vlanTagV4: 50001,
  vlanTagV6: 50002,
} as const;

/** `PrioMap`: network-priority annotation value → prio class. */
export const prioMap: Readonly<Record<string, string>> = {
  guaranteed: '1:1',
  burstable: '1:2',
  'best-effort': '1:3',
  '': '1:2',
};

/** The MAC the IPVlan trunk path pins the member gateway to, so the pod never ARPs untagged. */
export const ipvlanTrunkGatewayMac = 'ee:ff:ff:ff:ff:ff';

/** The veth peer ExclusiveENI creates in the pod for node and service traffic. */
export const exclusiveEniPeerName = 'veth1';

/** The host veth prefix; `veth_prefix` in the config is ignored. */
export const hostVethPrefix = 'cali';

/** Kernel release needed for the IPVlan driver. */
export const ipvlanKernelMin = { major: 4, minor: 19 } as const;

/** tbf latency and the hardware header allowance (pkg/tc/tc.go). */
export const tbfLatencyMs = 25;
export const tbfHardwareHeaderBytes = 1500;
