// Links as netlink reports them (`RTM_NEWLINK`), modelled on the link types of the netlink library
// Terway uses (vishvananda/netlink: `Device`, `Veth`, `IPVlan`, `Vlan`, `Bridge`, `Dummy`, `Ifb`).
//
// A link lives in exactly one namespace; its ifindex is unique only inside that namespace. The
// `kind` is the netlink `IFLA_INFO_KIND` as the library's `Type()` returns it; `device` is a
// physical NIC (an ENI, the node's eth0), which Terway's MAC lookup is limited to.

import type { NetnsName } from './netns.js';

export type LinkKind =
  'loopback' | 'device' | 'veth' | 'ipvlan' | 'vlan' | 'bridge' | 'dummy' | 'ifb';

export const linkKinds: readonly LinkKind[] =
  ['loopback', 'device', 'veth', 'ipvlan', 'vlan', 'bridge', 'dummy', 'ifb'];

/** IPVLAN modes (`IPVLAN_MODE_L2/L3/L3S`). Terway uses l2. */
export type IpvlanMode = 'l2' | 'l3' | 'l3s';

/**
 * The operational state (RFC 2863, IFLA_OPERSTATE) as `ip link` prints it: DOWN while the link is
 * down; UP with carrier; LOWERLAYERDOWN for a stacked link (veth, VLAN) without it; UNKNOWN for
 * links whose drivers never report carrier (loopback, dummy, ifb, a bridge without ports).
 */
export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

/** The kernel's interface name limit: IFNAMSIZ 16 including the terminating NUL. */
export const ifnameMaxLength = 15;

/** A link in another (or the same) namespace, as netlink names it: namespace + ifindex. */
export interface LinkAddress {
  readonly namespace: NetnsName;
  readonly index: number;
}

interface LinkCommon {
  /** The ifindex, unique in its namespace; `lo` is 1 and later links count up from there. */
  readonly index: number;
  readonly name: string;
  readonly mtu: number;
  /** Lowercase colon-separated MAC; loopback's is 00:00:00:00:00:00. */
  readonly mac: string;
  /** Administrative state (IFF_UP), what `linkSetUp`/`linkSetDown` change. */
  readonly up: boolean;
  /**
   * Carrier (IFF_LOWER_UP): a veth has carrier only while both ends are up; an ipvlan or vlan
   * only while its parent is up; a device, dummy, bridge always; loopback when up.
   */
  readonly lowerUp: boolean;
  /** IFF_NOARP, set on Terway's `ipvl_X` host slave. */
  readonly noarp: boolean;
  readonly operstate: OperState;
  /** The MTU range the driver accepts (`ip -d link`: minmtu, maxmtu); 0 means unbounded. */
  readonly minMtu: number;
  readonly maxMtu: number;
  /** txqueuelen (`qlen`): 1000, an ifb's 32. */
  readonly txQueueLen: number;
  /**
   * Transmit and receive queues allocated (`numtxqueues`, `numrxqueues`). A link with more than
   * one transmit queue is multiqueue: it may take an `mq` root, with one class per queue.
   */
  readonly txQueues: number;
  readonly rxQueues: number;
  /** The bridge this link is a port of (ifindex in the same namespace). */
  readonly masterIndex?: number;
  readonly namespace: NetnsName;
}

export interface LoopbackLink extends LinkCommon { readonly kind: 'loopback' }
export interface DeviceLink extends LinkCommon { readonly kind: 'device' }
export interface BridgeLink extends LinkCommon { readonly kind: 'bridge' }
export interface DummyLink extends LinkCommon { readonly kind: 'dummy' }
export interface IfbLink extends LinkCommon { readonly kind: 'ifb' }

export interface VethLink extends LinkCommon {
  readonly kind: 'veth';
  /** The other end; absent only in the instant between the two ends' deletion. */
  readonly peer?: LinkAddress;
}

export interface IpvlanLink extends LinkCommon {
  readonly kind: 'ipvlan';
  readonly mode: IpvlanMode;
  /** The parent device, possibly in another namespace (the pod's eth0 on the host's ENI). */
  readonly parent: LinkAddress;
}

export interface VlanLink extends LinkCommon {
  readonly kind: 'vlan';
  readonly vlanId: number;
  readonly parent: LinkAddress;
}

export type Link =
  | LoopbackLink | DeviceLink | VethLink | IpvlanLink | VlanLink | BridgeLink | DummyLink | IfbLink;

/** Names a link inside the namespace a call runs in: an ifindex or an interface name. */
export type LinkRef = number | string;

interface LinkSpecCommon {
  readonly name: string;
  readonly mtu?: number;
  readonly mac?: string;
  /**
   * Create the link directly in this namespace instead of the one the call runs in (netlink
   * `IFLA_NET_NS_FD`; `ip link add ... netns NS`). Parents are still looked up where the call runs.
   */
  readonly namespace?: NetnsName;
}

export type LinkSpec =
  | (LinkSpecCommon & { readonly kind: 'dummy' | 'ifb' | 'bridge' })
  | (LinkSpecCommon & {
      readonly kind: 'veth';
      /** The peer end; it lives in `peer.namespace`, else in the namespace the call runs in. */
      readonly peer: {
        readonly name: string;
        readonly namespace?: NetnsName;
        readonly mac?: string;
        readonly mtu?: number;
      };
    })
  | (LinkSpecCommon & {
      readonly kind: 'ipvlan';
      readonly parent: LinkRef;
      readonly mode: IpvlanMode;
    })
  | (LinkSpecCommon & { readonly kind: 'vlan'; readonly parent: LinkRef; readonly vlanId: number });

/**
 * What the "hypervisor" plugs in: an ENI appearing on a node when the cloud attaches it. Not a
 * netlink call; the scenario runner (or a test) calls it through `KernelMachine.deviceAttach`.
 */
export interface DeviceSpec {
  readonly name: string;
  readonly mac: string;
  readonly mtu?: number;
  /** Hardware transmit (and receive) queues; default the model's `deviceTxQueues`. */
  readonly txQueues?: number;
  /**
   * The VPC segment (vSwitch id) the device is cabled to. The model's fabric finds owners through
   * `FabricView`; the real backend puts the device's wire on a bridge named after the segment.
   */
  readonly segment: string;
}
