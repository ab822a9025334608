// The datapath inputs, as Terway's plugin/driver/types/types.go defines them: what the CNI plugin
// hands a datapath for setup (`SetupConfig`), teardown (`TeardownCfg`) and check (`CheckConfig`),
// and the datapath enum (`DataPath`, values in Terway's order).
//
// Addresses are text. An `IpNetSet` entry is Go's `*net.IPNet` as `String()` prints it: the pod
// address with the vSwitch prefix length, host bits kept (`10.0.1.20/24`), or for VPC-route mode
// the node podCIDR network (`172.20.1.0/24`). An `IpPair` entry is a bare address.
//
// Names: Terway calls both the rpc message and its parsed form `IPSet`; here the rpc message
// keeps that name (rpc/messages.ts, text as sent) and the parsed form is `IpPair`, so neither is
// mistaken for the pool's address set of an ENI slot (pool/ip-set.ts `PoolIpSet`).

export type DataPath = 'VPCRoute' | 'PolicyRoute' | 'IPVlan' | 'ExclusiveENI' | 'Vlan';

/** Terway's `DataPath` numbers (plugin/driver/types/types.go), for logs. */
export const dataPathNumber: Readonly<Record<DataPath, number>> = {
  VPCRoute: 0, PolicyRoute: 1, IPVlan: 2, ExclusiveENI: 3, Vlan: 4,
};

/** Terway's pkg/types `IPNetSet`: an address with its prefix length per family. */
export interface IpNetSet {
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/** Terway's pkg/types `IPSet`: one bare, normalised address per family (either may be absent). */
export interface IpPair {
  readonly ipv4?: string | undefined;
  readonly ipv6?: string | undefined;
}

/** A pod route (cni types.Route): a destination prefix and, when set, the gateway. */
export interface ExtraRoute {
  readonly dst: string;
  readonly gw?: string | undefined;
}

export type BandwidthMode = 'edt' | 'tc' | '';

/** `types.SetupConfig`: everything one NetConf's setup needs. */
export interface SetupConfig {
  readonly dp: DataPath;
  /** `cali` + 11 hex of SHA-1 (veth-name.ts). */
  readonly hostVethName: string;
  /** The interface inside the pod: NetConf.IfName, else the CNI IfName (`eth0`). */
  readonly containerIfName: string;
  readonly containerIpNet: IpNetSet;
  readonly gatewayIp: IpPair | undefined;
  readonly mtu: number;
  /** Host ifindex of the ENI found by MAC (0 when there is none, e.g. VPC-route mode). */
  readonly eniIndex: number;
  readonly erdma: boolean;
  /** ENIInfo.GatewayIP: the trunk ENI's gateway for trunk members. */
  readonly eniGatewayIp: IpPair | undefined;
  /** `disable_host_peer` (ExclusiveENI: no veth1 side path). */
  readonly disableCreatePeer: boolean;
  /** ENIInfo.Trunk: push/pop VLAN tags with tc on the trunk ENI. */
  readonly stripVlan: boolean;
  readonly vid: number;
  readonly defaultRoute: boolean;
  readonly multiNetwork: boolean;
  readonly extraRoutes: readonly ExtraRoute[];
  readonly serviceCidr: IpNetSet;
  /** The node's addresses as /32 and /128 (GetHostIP). */
  readonly hostIpSet: IpNetSet;
  /** `host_stack_cidrs`, as network prefixes. */
  readonly hostStackCidrs: readonly string[];
  readonly bandwidthMode: BandwidthMode;
  /** Bytes per second; 0 means unshaped. */
  readonly ingress: number;
  readonly egress: number;
  readonly enableNetworkPriority: boolean;
  /** The prio class (`PrioMap`): `1:1`, `1:2` or `1:3`. */
  readonly networkPriority: string;
}

/** `types.TeardownCfg`. */
export interface TeardownConfig {
  readonly dp: DataPath;
  /** Empty on the CNI DEL path (Terway never fills it there); set by the daemon's GC. */
  readonly hostVethName: string;
  readonly eniIndex: number;
  readonly containerIpNet: IpNetSet | undefined;
  readonly serviceCidr: IpNetSet;
  readonly enableNetworkPriority: boolean;
}

/** `types.CheckConfig`. */
export interface CheckConfig {
  readonly dp: DataPath;
  readonly containerIfName: string;
  readonly containerIpNet: IpNetSet;
  readonly gatewayIp: IpPair | undefined;
  readonly mtu: number;
  readonly eniIndex: number;
  readonly trunkEni: boolean;
  readonly defaultRoute: boolean;
  readonly hostVethName: string;
  readonly hostIpSet: IpNetSet;
}

/** Where a datapath runs: the node's host namespace and the pod's. */
export interface Namespaces {
  readonly host: string;
  readonly pod: string;
}
