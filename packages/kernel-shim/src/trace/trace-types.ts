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
  /** A traffic-rule hook (NetworkPolicy, …) let it pass; its verdict says which rule. */
  | 'filter'
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
  /** The verdicts of the traffic-rule hooks consulted at this hop, in the order asked. */
  readonly verdicts?: readonly TraceVerdict[];
}

/**
 * What one traffic-rule hook decided about a packet at one point. `by` names the rule set
 * (`network-policy`, …), `rule` the object that decided (a policy's namespace/name) when one did.
 */
export interface TraceVerdict {
  readonly by: string;
  readonly verdict: 'accept' | 'drop';
  readonly rule?: string;
  readonly detail: string;
  /** For a drop: the cause as a value, which the trace's drop carries as `because`. */
  readonly because?: DropCause;
}

/** Where in a packet's path a hook is asked. */
export type TraceHookPoint =
  /** As it leaves the namespace that sent it (a pod's egress). */
  | 'sent'
  /** As it is about to be delivered to a local address (a pod's ingress). */
  | 'deliver';

/**
 * A traffic-rule hook: asked at each hook point with the namespace and the packet, it answers a
 * verdict, or undefined when it has no opinion. Hooks keep no state between calls and must not
 * change the packet. The first `drop` ends the trace with reason `filtered` (and its `because`).
 */
export type TraceHook = (point: TraceHookPoint, namespace: NetnsName,
  packet: TracePacket) => TraceVerdict | undefined;

/** The packet as hooks see it: addresses, and the L4 protocol and port when the probe set them. */
export interface TracePacket {
  readonly family: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly protocol?: L4Protocol | undefined;
  readonly port?: number | undefined;
}

export type L4Protocol = 'tcp' | 'udp' | 'sctp' | 'icmp';

export type DropReason =
  | 'no-route' | 'blackhole' | 'unreachable' | 'prohibit' | 'link-down' | 'no-carrier'
  | 'neighbour-unresolved' | 'wrong-mac' | 'forwarding-disabled' | 'rp-filter'
  | 'fabric-no-owner' | 'fabric-source-check' | 'fabric-vlan-mismatch' | 'sink-link' | 'hop-limit'
  | 'no-source-address' | 'namespace-missing' | 'security-group' | 'no-snat' | 'filtered';

/** What dropped a packet at a pod: NetworkPolicy, as the policy container enforces it. */
export interface NetworkPolicyBlock {
  readonly kind: 'networkPolicy';
  /** The policy (namespace/name) named as the cause. */
  readonly policy: string;
  /** The pod's side that dropped it: its egress (as sent) or its ingress (before delivery). */
  readonly direction: 'egress' | 'ingress';
}

/** The rule that dropped a packet, as a value a checker can compare (not the detail's text). */
export type DropCause = SecurityGroupBlock | NoSnatBlock | NetworkPolicyBlock;

export interface TraceDrop {
  readonly reason: DropReason;
  readonly namespace: NetnsName;
  readonly detail: string;
  /** The rule that dropped it, when a security group, the VPC's exit or a hook did. */
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
  /**
   * The L4 protocol (default ICMP, a ping) and TCP/UDP/SCTP destination port, which the cloud's
   * filters and traffic-rule hooks match on.
   */
  readonly protocol?: L4Protocol;
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
