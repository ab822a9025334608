// The result of tracing one packet through namespaces and the VPC fabric: the hops it takes and
// where it ends (delivered to a local address, or dropped with the reason). Scenarios use it to
// check that every pod reaches its gateway and its peers, and to show a black hole when state is
// wrong.

import type { NoSnatBlock, SecurityGroupBlock } from '../fabric/fabric-view.js';
import type { NetnsName } from '../netlink/netns.js';

export type HopAction =
  /** A rule sent the lookup to a table and a route matched. */
  | 'route'
  /** The packet crossed a veth to its peer. */
  | 'veth'
  /** The packet left through an ENI into the VPC. */
  | 'fabric'
  /** The VPC delivered it to an ENI (or trunk member VLAN). */
  | 'fabric-deliver'
  /** ipvlan switching between slaves/parent, or out through the parent. */
  | 'ipvlan'
  | 'vlan'
  /** A tc filter acted on it (vlan push/pop, mirred redirect). */
  | 'tc'
  | 'deliver';

export interface TraceHop {
  readonly namespace: NetnsName;
  readonly action: HopAction;
  /**
   * One line a person can read: `rule 2048 from 10.0.1.20 -> table 1003: default via 10.0.1.253 dev
   * eth1`.
   */
  readonly detail: string;
  /** The link the packet leaves by (or arrives on, for deliveries). */
  readonly link?: string;
}

export type DropReason =
  | 'no-route' | 'blackhole' | 'unreachable' | 'prohibit' | 'link-down' | 'no-carrier'
  | 'neighbour-unresolved' | 'wrong-mac' | 'forwarding-disabled' | 'rp-filter'
  | 'fabric-no-owner' | 'fabric-source-check' | 'fabric-vlan-mismatch' | 'sink-link' | 'hop-limit'
  | 'no-source-address' | 'namespace-missing' | 'security-group' | 'no-snat';

/** The rule that dropped a packet, as a value a checker can compare (not the detail's text). */
export type DropCause = SecurityGroupBlock | NoSnatBlock;

export interface TraceDrop {
  readonly reason: DropReason;
  readonly namespace: NetnsName;
  readonly detail: string;
  readonly because?: DropCause;
}

export interface TraceDelivered {
  readonly namespace: NetnsName;
  /**
   * The link holding the destination address, `vpc-gateway` for the vSwitch router, or for a
   * packet that left the VPC (namespace `internet`) the public address it left as.
   */
  readonly link: string;
}

export interface TraceRequest {
  readonly from: NetnsName;
  readonly dst: string;
  /**
   * Source address; default: chosen as the kernel does (route prefsrc, else the output link's first
   * address).
   */
  readonly src?: string;
  readonly fwmark?: number;
  /** For the cloud's filters: the packet's protocol (default ICMP, a ping) and TCP/UDP port. */
  readonly protocol?: 'tcp' | 'udp' | 'icmp';
  readonly port?: number;
}

export type TraceResult =
  | {
      readonly ok: true;
      readonly src: string;
      readonly hops: readonly TraceHop[];
      readonly delivered: TraceDelivered;
    }
  | {
      readonly ok: false;
      readonly src?: string;
      readonly hops: readonly TraceHop[];
      readonly drop: TraceDrop;
    };
