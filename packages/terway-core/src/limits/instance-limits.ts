// An instance type's network limits as Terway computes them from DescribeInstanceTypes
// (pkg/aliyun/client/limit.go GetInstanceType and the Limits methods): how many ENIs, IPs per ENI,
// trunk member ENIs and eRDMA ENIs the daemon and controlplane plan with. Pure functions over a
// structural input, so terway-core needs no cloud-emulator import: the emulator's catalog records
// (and the SDK's InstanceType) have these field names.

/** The DescribeInstanceTypes fields Terway reads (the catalog record shape). */
export interface InstanceTypeInfo {
  readonly InstanceTypeId: string;
  /** ENIs the instance can attach, the primary included. */
  readonly EniQuantity: number;
  /** Private IPv4 addresses per ENI, the ENI's primary included. */
  readonly EniPrivateIpAddressQuantity: number;
  readonly EniIpv6AddressQuantity: number;
  /** ENIs plus trunk member ENIs. */
  readonly EniTotalQuantity: number;
  readonly EniTrunkSupported: boolean;
  readonly EriQuantity: number;
  /** Network cards, when the API lists them. */
  readonly NetworkCards?: { readonly NetworkCardInfo?: readonly {
    readonly NetworkCardIndex: number }[] } | undefined;
}

/** Terway's client.Limits. */
export interface Limits {
  readonly instanceTypeId: string;
  /** EniQuantity: ENIs including the primary. */
  readonly adapters: number;
  /** EniTotalQuantity. */
  readonly totalAdapters: number;
  /** max(EniPrivateIpAddressQuantity, 0). */
  readonly ipv4PerAdapter: number;
  /** max(EniIpv6AddressQuantity, 0). */
  readonly ipv6PerAdapter: number;
  /** max(EniTotalQuantity − EniQuantity, 0); 0 without trunk support. */
  readonly memberAdapterLimit: number;
  /** max(EniTotalQuantity − 2, 0); 0 without trunk support. */
  readonly maxMemberAdapterLimit: number;
  /** max(EriQuantity, 0). */
  readonly erdmaAdapters: number;
  /** NetworkCardIndex of each card; undefined when the API lists none. */
  readonly networkCards: readonly number[] | undefined;
}

export function limitsFromInstanceType(info: InstanceTypeInfo): Limits {
  const trunk = info.EniTrunkSupported;
  const cards = (info.NetworkCards?.NetworkCardInfo ?? []).map((card) => card.NetworkCardIndex);
  return {
    instanceTypeId: info.InstanceTypeId,
    adapters: info.EniQuantity,
    totalAdapters: info.EniTotalQuantity,
    ipv4PerAdapter: Math.max(info.EniPrivateIpAddressQuantity, 0),
    ipv6PerAdapter: Math.max(info.EniIpv6AddressQuantity, 0),
    memberAdapterLimit: trunk ? Math.max(info.EniTotalQuantity - info.EniQuantity, 0) : 0,
    maxMemberAdapterLimit: trunk ? Math.max(info.EniTotalQuantity - 2, 0) : 0,
    erdmaAdapters: Math.max(info.EriQuantity, 0),
    networkCards: cards.length === 0 ? undefined : cards,
  };
}

/** Pods on shared ENIs with the whole instance: (Adapters − 1) × IPv4 per ENI. */
export function multiIpPod(limits: Limits): number {
  return (limits.adapters - 1) * limits.ipv4PerAdapter;
}

/** Pods with an exclusive ENI each: Adapters − 1. */
export function exclusiveEniPod(limits: Limits): number {
  return limits.adapters - 1;
}

/** Trunk member ENIs (one per trunk pod). */
export function trunkPod(limits: Limits): number {
  return limits.memberAdapterLimit;
}

export function maximumTrunkPod(limits: Limits): number {
  return limits.maxMemberAdapterLimit;
}

export function supportIpv6(limits: Limits): boolean {
  return limits.ipv6PerAdapter > 0;
}

/** Dual stack on shared ENIs needs as many IPv6 as IPv4 per ENI. */
export function supportMultiIpIpv6(limits: Limits): boolean {
  return limits.ipv6PerAdapter === limits.ipv4PerAdapter;
}

/**
 * eRDMA ENIs Terway will use: none on types with ≤ 2 ENIs; at most 2 on types with ≥ 8 ENIs
 * (multi network card); otherwise at most 1, so eRDMA does not eat the multi-IP pod quota.
 */
export function erdmaRes(limits: Limits): number {
  if (limits.erdmaAdapters <= 0 || limits.adapters <= 2) return 0;
  if (limits.adapters >= 8) return Math.min(2, limits.erdmaAdapters);
  return Math.min(1, limits.erdmaAdapters);
}
