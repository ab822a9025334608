// The daemon's view of an attached ENI, as Terway's types/daemon ENI struct holds it: what the
// pool and the CNI plugin need to put a pod on it. Addresses are canonical text (sim-base
// normalizeIp), prefixes canonical CIDR text.

/** One address per family; either may be absent (single-stack). */
export interface IpPair {
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/** ENI kinds as the daemon's slots know them ("secondary", "trunk", "erdma"). */
export type EniSlotType = 'secondary' | 'trunk' | 'erdma';

export interface AttachedEni {
  readonly id: string;
  readonly mac: string;
  readonly securityGroupIds: readonly string[];
  readonly vSwitchId: string;
  /** The ENI's own primary address(es). */
  readonly primaryIp: IpPair;
  /** The vSwitch gateway, from metadata (`gateway`, `ipv6-gateway`). */
  readonly gatewayIp: IpPair;
  /** The vSwitch CIDR(s), from metadata (`vswitch-cidr-block`, `vswitch-ipv6-cidr-block`). */
  readonly vSwitchCidr: IpPair;
  readonly trunk: boolean;
  readonly erdma: boolean;
}
