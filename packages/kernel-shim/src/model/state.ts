// The model's in-memory state of one machine's (or one simulated cluster's) network namespaces.
//
// Links are objects that reference each other directly (a veth's peer, an ipvlan's parent), so a
// link that moves between namespaces or changes ifindex keeps every reference valid. Each
// namespace keeps its own ifindex counter, routing tables, rule lists, neighbours, sysctls and tc
// objects, as `struct net` does. Nothing here is exported outside the model; callers see copies.

import type { IpFamily, Scope } from '../netlink/address.js';
import type { IpvlanMode, LinkKind } from '../netlink/link.js';
import type { NeighState } from '../netlink/neighbour.js';
import type { RouteProtocol, RouteType } from '../netlink/route.js';
import type { Rule } from '../netlink/rule.js';
import type { DefaultQdiscKind, Filter, Qdisc } from '../netlink/tc.js';
import type { LinkConf } from './conf.js';
import type { NsSysctls } from './sysctls.js';

export interface LinkState {
  /** Unique in one model kernel for its lifetime, never reused: what checkpoints refer by. */
  readonly id: number;
  ns: NsState;
  index: number;
  name: string;
  readonly kind: LinkKind;
  mtu: number;
  readonly minMtu: number;
  /** 0 means no upper bound (ifb, dummy, loopback). */
  readonly maxMtu: number;
  mac: string;
  up: boolean;
  noarp: boolean;
  /** txqueuelen. */
  readonly txQueueLen: number;
  /** Transmit queues allocated (numtxqueues) and in use (real_num_tx_queues), receive queues. */
  readonly txQueues: number;
  readonly realTxQueues: number;
  readonly rxQueues: number;
  /** IFF_NO_QUEUE: the kernel gives the link `noqueue` rather than a queueing default. */
  readonly noQueue: boolean;
  master?: LinkState;
  peer?: LinkState;
  parent?: LinkState;
  /** How many addresses the link holds (a fast path for the many links that hold none). */
  addrCount: number;
  /** ipvlan/vlan links stacked on this one (in any namespace). */
  readonly children: LinkState[];
  readonly ipvlanMode?: IpvlanMode | undefined;
  readonly vlanId?: number | undefined;
  /** Devices only: the namespace the device was attached in, and its VPC segment. */
  home?: NsState;
  segment?: string;
  /** Per-link sysctls (`net/ipv4/conf/<name>/…`, `net/ipv6/conf/<name>/…`), by key. */
  conf4: LinkConf;
  conf6: LinkConf;
  /** Bridges: a port was ever attached (a bridge that never had one keeps carrier). */
  hadPorts?: boolean;
  /** IPv6 is configured (addrconf's IF_READY): set when the link is first up with carrier. */
  ipv6Ready: boolean;
  /**
   * The operational state without carrier, as the link watcher last worked it out (carrier.ts
   * `linkWatch`): it is not recomputed when a neighbouring link changes.
   */
  noCarrierState: 'DOWN' | 'LOWERLAYERDOWN';
  /** False once deleted; references held elsewhere can tell. */
  alive: boolean;
}

export interface AddrState {
  readonly link: LinkState;
  readonly family: IpFamily;
  /** Canonical address text, without prefix length. */
  readonly ip: string;
  readonly prefixLength: number;
  /** The subnet, canonical (`10.0.1.0/24`). */
  readonly prefix: string;
  scope: Scope;
  nodad: boolean;
  noprefixroute: boolean;
  broadcast?: string;
  /** IPv4: another address on the link already covers this subnet with the same mask. */
  secondary: boolean;
}

export interface RouteState {
  readonly family: IpFamily;
  readonly table: number;
  /** Canonical prefix. */
  readonly dst: string;
  readonly prefixLength: number;
  readonly type: RouteType;
  readonly protocol: RouteProtocol;
  readonly scope: Scope;
  // Always present (undefined when absent) so every route object has one shape.
  readonly oif: LinkState | undefined;
  readonly gateway: string | undefined;
  readonly prefsrc: string | undefined;
  readonly metric: number;
  readonly tos: number;
  readonly onlink: boolean;
}

export interface NeighStateEntry {
  readonly link: LinkState;
  readonly family: IpFamily;
  readonly ip: string;
  readonly mac: string;
  readonly state: NeighState;
}

/**
 * What the machine the namespaces run on decides for every link: queue counts the drivers pick
 * and `net.core.default_qdisc` (one value per machine, as Linux keeps it in init_net only).
 */
export interface MachineTuning {
  /** A veth's numtxqueues: the machine's possible CPUs (it uses one of them). */
  readonly vethTxQueues: number;
  /** An ENI's transmit queues, all in use (virtio-net queue pairs). */
  readonly deviceTxQueues: number;
  /** ENIs get `noqueue`, as the real backend's veth stand-ins do; a NIC does not. */
  readonly deviceNoQueue: boolean;
  readonly defaultQdisc: DefaultQdiscKind;
}

/** What every namespace of one model kernel shares. */
export interface KernelShared {
  readonly machine: MachineTuning;
  /**
   * Links whose carrier or state changed in the call being answered; the link watcher runs for
   * them when the call is done (carrier.ts), as Linux's runs after the request.
   */
  readonly linkWatchQueue: LinkState[];
  /** Namespaces changed since the last checkpoint (checkpoint.ts): `touch` adds to it. */
  readonly changed: Set<NsState>;
}

export interface NsState {
  readonly name: string;
  /** The namespace's place in the kernel's checkpoints, never reused. */
  readonly slot: number;
  readonly shared: KernelShared;
  readonly machine: MachineTuning;
  /** Where the next ifindex search starts (the kernel's cyclic allocation hint). */
  ifindexHint: number;
  /** By ifindex, in the order the links joined the namespace (the kernel's device list). */
  readonly links: Map<number, LinkState>;
  /** The same links by name (kept in step by addLink/dropLink/renameLink). */
  readonly byName: Map<string, LinkState>;
  addrs: AddrState[];
  /** Routes by table number, each in insertion order. */
  readonly tables: Map<number, RouteState[]>;
  /** Routes by (table, dst, tos, metric), for the kernel's key checks (route-table.ts). */
  readonly routeKeys: Map<string, RouteState[]>;
  /** IPv4 tables that exist: created by their first route, never removed (fib_new_table). */
  readonly ipv4Tables: Set<number>;
  readonly rules: { 4: Rule[]; 6: Rule[] };
  neighs: NeighStateEntry[];
  /** `all`/`default` conf (ip_forward is `all4` forwarding). */
  readonly sysctls: NsSysctls;
  qdiscs: Qdisc[];
  filters: Filter[];
  /** u32 hash-table ids handed out per (link, qdisc block), as tc_u_common does: 800:, 801:, … */
  readonly u32Htids: Map<string, number>;
  /** The last automatic qdisc handle major handed out (qdisc_alloc_handle starts after 0x8000). */
  qdiscAutoHandle: number;
  alive: boolean;
}

/**
 * Records that `ns` changed, so the next checkpoint snapshots it again. Every change to a
 * namespace's state goes through a caller of this: the kernel's call on its namespace, and the
 * model functions that reach into another namespace (a veth's peer, stacked links, moves).
 */
export function touch(ns: NsState): void {
  ns.shared.changed.add(ns);
}

export function linksOf(ns: NsState): LinkState[] {
  return [...ns.links.values()].sort((a, b) => a.index - b.index);
}

export function linkByName(ns: NsState, name: string): LinkState | undefined {
  return ns.byName.get(name);
}

export function addLink(ns: NsState, link: LinkState): void {
  ns.links.set(link.index, link);
  ns.byName.set(link.name, link);
}

export function dropLink(ns: NsState, link: LinkState): void {
  ns.links.delete(link.index);
  if (ns.byName.get(link.name) === link) ns.byName.delete(link.name);
}

/** Renames in place: the namespace's device list keeps its order (tc lists links in it). */
export function renameLink(link: LinkState, name: string): void {
  const ns = link.ns;
  if (ns.byName.get(link.name) === link) ns.byName.delete(link.name);
  link.name = name;
  ns.byName.set(name, link);
}

export function tableOf(ns: NsState, table: number): RouteState[] {
  let routes = ns.tables.get(table);
  if (routes === undefined) {
    routes = [];
    ns.tables.set(table, routes);
  }
  return routes;
}

/** Scope as the kernel's number (RT_SCOPE_*): lookups compare them. */
export function scopeValue(scope: Scope): number {
  switch (scope) {
    case 'universe': return 0;
    case 'site': return 200;
    case 'link': return 253;
    case 'host': return 254;
    case 'nowhere': return 255;
  }
}
