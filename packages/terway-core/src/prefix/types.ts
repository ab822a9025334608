// The Node CR fields prefix mode reads and writes (Terway's pkg/apis/network.alibabacloud.com/
// v1beta1 node_types.go: IPPrefix and the prefix lists of a Nic), kept apart from ports/crd.ts so
// the prefix IPAM and the controlplane's prefix upkeep stay pure functions over plain data. The
// shapes keep the CR's JSON field names, so a Node CR's Nic with these fields is assignable here.

/**
 * Valid: usable; Frozen: holds its slot but takes no new pod until `frozenExpireAt`; Invalid: gone
 * from the cloud, waiting for the daemon to let go; Deleting: being unassigned.
 */
export type IpPrefixStatus = 'Valid' | 'Frozen' | 'Invalid' | 'Deleting';

export interface IpPrefix {
  /** CIDR text: an IPv4 /28 or an IPv6 /80. */
  readonly prefix: string;
  readonly status: IpPrefixStatus;
  /** RFC 3339 seconds, as metav1.Time serializes it; absent = never expires. */
  readonly frozenExpireAt?: string | undefined;
}

export type IpFamily = 'ipv4' | 'ipv6';

/** The part of a Node CR Nic that prefix mode reads. */
export interface PrefixNic {
  readonly id: string;
  /** Cloud status (`InUse`, `Attaching`, …) or the controller's `Deleting`. */
  readonly status: string;
  readonly macAddress?: string | undefined;
  readonly vSwitchID?: string | undefined;
  readonly ipv4CIDR?: string | undefined;
  readonly ipv6CIDR?: string | undefined;
  /** Single IPv4 addresses (the primary at least); each takes one of the ENI's slots. */
  readonly ipv4?: { readonly [ip: string]: unknown } | undefined;
  readonly ipv6?: { readonly [ip: string]: unknown } | undefined;
  readonly unschedulable?: boolean | undefined;
  readonly ipv4Prefix?: readonly IpPrefix[] | undefined;
  readonly ipv6Prefix?: readonly IpPrefix[] | undefined;
}

/** Valid and Frozen prefixes hold one of the ENI's slots; Invalid and Deleting do not count. */
export function occupiesSlot(prefix: IpPrefix): boolean {
  return prefix.status === 'Valid' || prefix.status === 'Frozen';
}
