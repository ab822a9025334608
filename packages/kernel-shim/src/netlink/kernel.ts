// The netlink-style port terway-core's datapaths program the kernel through, in the spirit of the
// netlink library Terway uses (vishvananda/netlink), plus the machine-side calls a test or the
// scenario runner needs (namespaces, ENI hot-plug, snapshots). Two implementations:
// `ModelKernel` (in memory, deterministic, resolves at once) and `LinuxKernel` (iproute2 and tc in
// network namespaces it creates).
//
// Contract for every method:
// - It names the namespace it runs in, as `ip -n NS` does. There is no "current" namespace.
// - It never throws for a kernel refusal; it resolves to `{ ok: false, error: { errno, ... } }`
//   with the errno Linux gives (see errors.ts). Only a bug (a violated assertion) throws.
// - Calls on one kernel must not overlap (await each before the next), as netlink requests from
//   one socket are answered in order; the model asserts nothing about it, the real backend would
//   race with itself.
// - Results are copies; changing them changes nothing in the kernel.
//
// When to use: terway-core imports these types only (`import type`); scenarios wire in a backend.

import type { Addr, AddrSpec, IpFamily } from './address.js';
import type { KernelResult } from './errors.js';
import type { DeviceSpec, Link, LinkKind, LinkRef, LinkSpec } from './link.js';
import type { Neigh, NeighSpec } from './neighbour.js';
import type { NetnsName } from './netns.js';
import type { Route, RouteFilter, RouteSpec } from './route.js';
import type { Rule, RuleFilter, RuleSpec } from './rule.js';
import type {
  Filter,
  FilterDelSpec,
  FilterSpec,
  Qdisc,
  QdiscKind,
  QdiscSpec,
  TcAction,
} from './tc.js';
import type { Iproute2View } from '../render/views.js';

export type Unit = undefined;

export interface NetnsOps {
  /** Creates an empty namespace holding only `lo` (ifindex 1, down). EEXIST if it exists. */
  netnsAdd(name: NetnsName): Promise<KernelResult<Unit>>;
  /**
   * Deletes a namespace: its virtual links go with it (a veth's peer elsewhere is deleted too);
   * its devices (ENIs) return to the namespace they were attached in (the model's init_net for
   * that node), down, keeping their name unless it is taken there (then `dev<ifindex>`, as the
   * kernel does). ENOENT if absent.
   */
  netnsDel(name: NetnsName): Promise<KernelResult<Unit>>;
  /** Names, sorted. */
  netnsList(): Promise<KernelResult<readonly NetnsName[]>>;
  /** Whether the namespace exists (the CNI plugin's Statfs of /var/run/netns/NAME). */
  netnsExists(name: NetnsName): Promise<KernelResult<boolean>>;
}

export interface LinkOps {
  /** All links, by ifindex (LinkList). */
  linkList(ns: NetnsName): Promise<KernelResult<readonly Link[]>>;
  /** LinkByIndex / LinkByName. ENODEV if no such link. */
  linkGet(ns: NetnsName, link: LinkRef): Promise<KernelResult<Link>>;
  /**
   * LinkAdd. New links are down. EEXIST if the name is taken in the target namespace; EINVAL for
   * a name over 15 characters or a bad MTU; ENODEV if a parent is missing; EOPNOTSUPP if this
   * kernel lacks the kind. A veth's peer gets its ifindex first, then the main end.
   */
  linkAdd(ns: NetnsName, spec: LinkSpec): Promise<KernelResult<Link>>;
  /**
   * LinkDel. Deleting a veth end deletes its peer; deleting a parent deletes its vlan/ipvlan
   * children.
   */
  linkDel(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>>;
  /** Idempotent. Bringing a link up adds the prefix routes of its addresses. */
  linkSetUp(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>>;
  /** Idempotent. Bringing a link down removes every route through it (except `local` ones). */
  linkSetDown(ns: NetnsName, link: LinkRef): Promise<KernelResult<Unit>>;
  /** EINVAL outside the kind's range (68..65535 for most; ipvlan/vlan at most the parent's). */
  linkSetMtu(ns: NetnsName, link: LinkRef, mtu: number): Promise<KernelResult<Unit>>;
  /**
   * EEXIST if the name is taken; EINVAL if over 15 characters; EBUSY if the link is up on kernels
   * before 6.2 (the model's `renameRequiresDown` option; Terway renames only links that are down).
   */
  linkSetName(ns: NetnsName, link: LinkRef, name: string): Promise<KernelResult<Unit>>;
  /** LinkSetHardwareAddr. EADDRNOTAVAIL for a multicast or zero MAC. */
  linkSetMac(ns: NetnsName, link: LinkRef, mac: string): Promise<KernelResult<Unit>>;
  /**
   * LinkSetNsFd. The link arrives down, without its addresses and routes; it keeps its ifindex if
   * that is free in the target, else takes the target's next one. EEXIST if the name is taken
   * there; EINVAL for links the kernel keeps in their namespace (loopback, bridges).
   */
  linkSetNetns(ns: NetnsName, link: LinkRef, target: NetnsName): Promise<KernelResult<Unit>>;
  /**
   * LinkSetMaster / LinkSetNoMaster (`undefined`). EOPNOTSUPP if the master is not a bridge,
   * ELOOP for a bridge into a bridge, EINVAL for loopback.
   */
  linkSetMaster(
    ns: NetnsName,
    link: LinkRef,
    master: LinkRef | undefined,
  ): Promise<KernelResult<Unit>>;
  /** LinkSetARPOff / LinkSetARPOn. */
  linkSetNoarp(ns: NetnsName, link: LinkRef, noarp: boolean): Promise<KernelResult<Unit>>;
}

export interface AddrOps {
  addrList(
    ns: NetnsName,
    filter?: { readonly linkIndex?: number; readonly family?: IpFamily },
  ): Promise<KernelResult<readonly Addr[]>>;
  /**
   * AddrAdd. EEXIST if the same address (IPv4: and prefix length) is on the link; EINVAL if an
   * IPv4 address in the same subnet has another scope; EACCES for IPv6 on a link with IPv6 off.
   */
  addrAdd(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>>;
  /** AddrReplace: add, or update flags/scope of the same address. */
  addrReplace(ns: NetnsName, spec: AddrSpec): Promise<KernelResult<Unit>>;
  /** AddrDel. EADDRNOTAVAIL if not on the link. Removes its local and prefix routes. */
  addrDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly cidr: string },
  ): Promise<KernelResult<Unit>>;
}

export interface RouteOps {
  routeList(ns: NetnsName, filter?: RouteFilter): Promise<KernelResult<readonly Route[]>>;
  /**
   * RouteAdd. EEXIST on the same (table, family, dst, tos, metric). ENETUNREACH when a gateway
   * has no route to it and `onlink` is not set; ENETDOWN when the IPv4 output link is down;
   * ENODEV when `oif` does not exist or `onlink` has no `oif`; EINVAL for a gateway that is not
   * a unicast address (a broadcast, or a local address with `onlink`) or a bad type/scope pair.
   */
  routeAdd(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>>;
  /** RouteReplace: as routeAdd, but overwrites the route with the same key. */
  routeReplace(ns: NetnsName, spec: RouteSpec): Promise<KernelResult<Unit>>;
  /**
   * RouteDel: deletes the first route matching the filter (table main unless given). ESRCH if none.
   */
  routeDel(
    ns: NetnsName,
    filter: RouteFilter & { readonly dst: string },
  ): Promise<KernelResult<Unit>>;
}

export interface RuleOps {
  /** Rules of one family (default 4), in lookup order. */
  ruleList(ns: NetnsName, family?: IpFamily): Promise<KernelResult<readonly Rule[]>>;
  /** RuleAdd. EEXIST if an identical rule exists. */
  ruleAdd(ns: NetnsName, spec: RuleSpec): Promise<KernelResult<Unit>>;
  /** RuleDel: deletes the first rule matching. ENOENT if none. */
  ruleDel(ns: NetnsName, filter: RuleFilter): Promise<KernelResult<Unit>>;
}

export interface NeighOps {
  neighList(
    ns: NetnsName,
    filter?: { readonly linkIndex?: number; readonly family?: IpFamily },
  ): Promise<KernelResult<readonly Neigh[]>>;
  /** NeighAdd. EEXIST if an entry for the IP exists on the link. */
  neighAdd(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>>;
  /** NeighSet (`ip neigh replace`). */
  neighReplace(ns: NetnsName, spec: NeighSpec): Promise<KernelResult<Unit>>;
  /** NeighDel. ENOENT if absent. */
  neighDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly ip: string },
  ): Promise<KernelResult<Unit>>;
}

export interface TcOps {
  /**
   * Every qdisc, the kernel's defaults (handle `0:`) included, in the kernel's listing order: by
   * link, the root first, then the others, then clsact.
   */
  qdiscList(ns: NetnsName, linkIndex?: number): Promise<KernelResult<readonly Qdisc[]>>;
  /**
   * QdiscAdd. EEXIST if a qdisc was added at that parent (a default there is replaced) or a
   * clsact exists; EOPNOTSUPP for mq off the root or on a link with one transmit queue; ENOENT for
   * a class the parent qdisc lacks. Without a handle the qdisc gets the next automatic one.
   */
  qdiscAdd(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>>;
  /**
   * QdiscReplace: adds; or, naming the same handle (or none) and kind as the qdisc at the parent,
   * changes it in place (its children stay); or grafts a new one, dropping the old one's children
   * and filters. EINVAL for the same handle with another kind.
   */
  qdiscReplace(ns: NetnsName, spec: QdiscSpec): Promise<KernelResult<Unit>>;
  /**
   * QdiscDel. ENOENT if nothing was added at that parent (defaults, handle `0:`, cannot be
   * deleted). Deleting a root gives a link that is up the kernel's default again.
   */
  qdiscDel(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<Unit>>;
  filterList(
    ns: NetnsName,
    spec: { readonly linkIndex: number; readonly parent: string },
  ): Promise<KernelResult<readonly Filter[]>>;
  /**
   * FilterAdd (u32). EINVAL if the parent qdisc is missing or the priority holds another protocol;
   * returns the filter with the handle the kernel gave it.
   */
  filterAdd(ns: NetnsName, spec: FilterSpec): Promise<KernelResult<Filter>>;
  /** FilterDel. ENOENT if none matches. */
  filterDel(ns: NetnsName, spec: FilterDelSpec): Promise<KernelResult<Unit>>;
}

export interface SysctlOps {
  /** The trimmed value of /proc/sys/<path>. ENOENT for unknown paths (e.g. a link that is gone). */
  sysctlGet(ns: NetnsName, path: string): Promise<KernelResult<string>>;
  /** Writes a value. EINVAL for a value the knob rejects; ENOENT for unknown paths. */
  sysctlSet(ns: NetnsName, path: string, value: string): Promise<KernelResult<Unit>>;
}

/** Everything the datapaths may call. */
export interface Kernel
  extends NetnsOps, LinkOps, AddrOps, RouteOps, RuleOps, NeighOps, TcOps, SysctlOps {}

/** What a backend can do here; the real backend detects it, the model can do everything. */
export interface KernelCapabilities {
  readonly backend: 'model' | 'linux';
  readonly linkKinds: readonly LinkKind[];
  readonly qdiscKinds: readonly QdiscKind[];
  readonly tcActions: readonly TcAction['kind'][];
  readonly ipv6: boolean;
  /** Whether real packets can be sent between namespaces (the real backend's probes). */
  readonly traffic: boolean;
  /** Queue facts of this kernel's links, so that a model compared with it is set up alike. */
  readonly queues: LinkQueueFacts;
  /** Plain sentences on what cannot be checked and why. */
  readonly notes: readonly string[];
}

export interface LinkQueueFacts {
  /** A veth's numtxqueues (Linux: the machine's possible CPUs). */
  readonly vethTxQueues: number;
  /** An ENI device's transmit queues when `deviceAttach` names none. */
  readonly deviceTxQueues: number;
  /** ENI devices get `noqueue` (the real backend's are veth stand-ins); a NIC queues. */
  readonly deviceNoQueue: boolean;
}

/** Everything a namespace holds, as one value (order: ifindex; table, dst; priority). */
export interface NamespaceSnapshot {
  readonly namespace: NetnsName;
  readonly links: readonly Link[];
  readonly addrs: readonly Addr[];
  readonly routes: readonly Route[];
  readonly rules: readonly Rule[];
  readonly neighs: readonly Neigh[];
  /** Every per-namespace and per-link sysctl the model keeps (sysctl.ts), by path. */
  readonly sysctls: Readonly<Record<string, string>>;
  readonly qdiscs: readonly Qdisc[];
  readonly filters: readonly Filter[];
}

/** The machine around the kernel: what a test or the scenario runner does, not the CNI. */
export interface KernelMachine extends Kernel {
  readonly capabilities: KernelCapabilities;
  /**
   * An ENI appears on a node (the cloud attached it): a `device` link, down, with the given MAC.
   * EEXIST if the name is taken or a device with that MAC exists anywhere.
   */
  deviceAttach(ns: NetnsName, spec: DeviceSpec): Promise<KernelResult<Link>>;
  /** The ENI with this MAC disappears, wherever it is (host or pod namespace). ENODEV if none. */
  deviceDetach(mac: string): Promise<KernelResult<Unit>>;
  snapshot(ns: NetnsName): Promise<KernelResult<NamespaceSnapshot>>;
  /**
   * What iproute2 prints for each view of the namespace (`ip -d link show`, `tc qdisc show`, …):
   * the model renders its state (render/views.ts), the real backend runs the tools. ENOENT for a
   * missing namespace.
   */
  iproute2(ns: NetnsName, views: readonly Iproute2View[]): Promise<KernelResult<readonly string[]>>;
  /** Removes everything this kernel created (the real backend: its namespaces). Idempotent. */
  close(): Promise<void>;
}
