// What the VPC fabric knows, as the kernel model needs it to carry a packet that leaves an ENI.
//
// The cloud emulator owns this state (ENIs, their private IPs, vSwitches, VPC route tables); the
// scenario runner implements this interface over it, so kernel-shim depends on no cloud code.
// Alibaba's VPC is routed, not switched: every packet an ENI sends goes to the vSwitch's virtual
// router, which delivers it to the ENI that owns the destination IP, or follows the VPC route
// table (custom entries such as a node's podCIDR in VPC-route mode), and drops the rest. It also
// drops a packet whose source IP is not an address of the ENI that sent it, which is why Terway
// needs source policy routing (rule 2048).

export interface FabricOwner {
  readonly instanceId: string;
  /** The MAC of the ENI that holds the IP (primary or secondary). */
  readonly eniMac: string;
  /**
   * For a trunk member ENI: it has no device of its own; its traffic rides the trunk ENI with a
   * VLAN tag. The fabric delivers to `trunkMac` tagged `vlanId` and expects the same tag back.
   */
  readonly trunk?: { readonly trunkMac: string; readonly vlanId: number };
}

export interface FabricVSwitch {
  readonly vSwitchId: string;
  readonly cidr: string;
  /** The virtual router's address in the vSwitch (Alibaba: the last usable address, `.253`). */
  readonly gatewayIp: string;
}

export interface FabricRouteEntry {
  readonly destinationCidr: string;
  /** Only `Instance` next hops are modelled. */
  readonly nextHopType: 'Instance';
  readonly nextHopId: string;
}

/**
 * One packet crossing the cloud's filter at an ENI: leaving the ENI that sent it (`egress`) or
 * entering the ENI it is delivered to (`ingress`). The ENIs are named by MAC (a trunk member's
 * own MAC, not its trunk's); an end outside the VPC's ENIs (the vSwitch gateway, a route entry's
 * range before it reaches its instance) has none.
 */
export interface FabricCrossing {
  readonly direction: 'egress' | 'ingress';
  readonly srcEniMac?: string;
  readonly dstEniMac?: string;
  readonly src: string;
  readonly dst: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp' | 'icmp';
  readonly port?: number;
}

/** What dropped a packet at an ENI: a security group and its rule (`default` for implicit). */
export interface SecurityGroupBlock {
  readonly kind: 'securityGroup';
  readonly id: string;
  readonly rule: string;
  readonly direction: 'egress' | 'ingress';
  /** The ENI whose group it is. */
  readonly eni: string;
}

/** How a packet to an Internet address leaves the VPC, or that it cannot. */
export type FabricInternetExit =
  | { readonly via: 'eip' | 'snat'; readonly publicIp: string; readonly id: string }
  | { readonly via: 'none' };

/** The VPC had no way out for a packet to the Internet: no EIP and no SNAT entry. */
export interface NoSnatBlock {
  readonly kind: 'noSnat';
  readonly src: string;
}

export interface FabricView {
  /**
   * How a packet from `src` (sent by the ENI `srcEniMac`) to `dst` leaves the VPC, when `dst` is
   * an Internet address no ENI or route entry holds; undefined when `dst` is not on the Internet.
   * Optional: a fabric without it has no Internet.
   */
  internet?(packet: { readonly src: string; readonly dst: string;
    readonly srcEniMac: string }): FabricInternetExit | undefined;
  /**
   * The cloud's packet filter at ENIs (security groups): undefined lets the crossing through.
   * Optional: a fabric without it filters nothing. Pure: asked again, it answers the same.
   */
  filter?(crossing: FabricCrossing): SecurityGroupBlock | undefined;
  /** Who holds `ip` in the VPC, or undefined. */
  ownerOf(ip: string): FabricOwner | undefined;
  /** The vSwitch whose CIDR holds `ip`, or undefined. */
  vSwitchOf(ip: string): FabricVSwitch | undefined;
  /** Custom route entries of the VPC's route table (system entries are implicit). */
  routeEntries(): readonly FabricRouteEntry[];
  /** The MAC of an instance's primary ENI, for route entries whose next hop is an instance. */
  primaryEniMacOf(instanceId: string): string | undefined;
  /** The instance an ENI (by MAC) is attached to: route entries to it also admit its sources. */
  instanceOfEni(mac: string): string | undefined;
}

/** A fabric with nothing in it: every packet leaving an ENI is dropped. */
export const emptyFabric: FabricView = {
  ownerOf: () => undefined,
  vSwitchOf: () => undefined,
  routeEntries: () => [],
  primaryEniMacOf: () => undefined,
  instanceOfEni: () => undefined,
};
