// Checkpoints of the kernel model: every namespace as frozen plain data (links, addresses,
// routes, rules, neighbours, sysctls, qdiscs, filters and the kernel's own counters), from which an
// equal model is rebuilt. Links refer to one another by their kernel-wide id, never by object or
// ifindex, so a namespace's record does not change when a link elsewhere is renumbered or moves.
//
// Structural sharing: a namespace unchanged since the previous checkpoint keeps its record (the
// model's `touch` marks changed ones), and the records sit in a persistent vector by slot, so a
// checkpoint costs O(changed namespaces). The bench compares this with immer (kernel.bench.ts).

import { assert, deepFreeze } from '@terway-sim/sim-base';
import type { IpFamily } from '../netlink/address.js';
import type { NeighState } from '../netlink/neighbour.js';
import type { Rule } from '../netlink/rule.js';
import type { Filter, Qdisc } from '../netlink/tc.js';
import { LinkConf, type ConfRecord } from './conf.js';
import type { ModelKernelOptions } from './model-kernel.js';
import type { PersistentVector } from './pvec.js';
import { routeKeyOf } from './route-table.js';
import {
  addLink, type AddrState, type KernelShared, type LinkState, type NsState, type RouteState,
} from './state.js';
import type { NsSysctls } from './sysctls.js';
import type { NewLink } from './world.js';

/** A link: what it was made with (NewLink, less the requested queues), then its state. */
export interface LinkRecord extends Omit<NewLink, 'txQueues'> {
  readonly id: number;
  readonly index: number;
  readonly up: boolean;
  readonly txQueueLen: number;
  readonly txQueues: number;
  readonly realTxQueues: number;
  readonly rxQueues: number;
  readonly noQueue: boolean;
  readonly masterId?: number;
  readonly peerId?: number;
  readonly parentId?: number;
  /** Devices: the namespace they were attached in, and their VPC segment. */
  readonly home?: string;
  readonly segment?: string;
  readonly conf4: ConfRecord;
  readonly conf6: ConfRecord;
  readonly hadPorts: boolean;
  readonly ipv6Ready: boolean;
  readonly noCarrierState: 'DOWN' | 'LOWERLAYERDOWN';
}

export type AddrRecord = Omit<AddrState, 'link'> & { readonly linkId: number };
export type RouteRecord = Omit<RouteState, 'oif'> & { readonly oifId?: number };

export interface NeighRecord {
  readonly linkId: number;
  readonly family: IpFamily;
  readonly ip: string;
  readonly mac: string;
  readonly state: NeighState;
}

/** One namespace, frozen. */
export interface NamespaceCheckpoint {
  readonly name: string;
  readonly slot: number;
  readonly ifindexHint: number;
  readonly qdiscAutoHandle: number;
  /** In the namespace's device-list order. */
  readonly links: readonly LinkRecord[];
  readonly addrs: readonly AddrRecord[];
  /** Tables in the order they were made, each route in its table's order. */
  readonly tables: ReadonlyArray<readonly [number, readonly RouteRecord[]]>;
  readonly ipv4Tables: readonly number[];
  readonly rules: { readonly 4: readonly Rule[]; readonly 6: readonly Rule[] };
  readonly neighs: readonly NeighRecord[];
  readonly sysctls: Readonly<NsSysctls>;
  readonly qdiscs: readonly Qdisc[];
  readonly filters: readonly Filter[];
  readonly u32Htids: ReadonlyArray<readonly [string, number]>;
}

/** The whole model at one instant. Immutable; any number of models can be restored from it. */
export interface KernelCheckpoint {
  readonly namespaces: PersistentVector<NamespaceCheckpoint>;
  /** The options the model was made with (its rename rule, queues, default qdisc). */
  readonly options: ModelKernelOptions;
  readonly linkIds: number;
  readonly slots: number;
  /** Draws taken from the `kernel.mac` stream, so a restored model draws the same MACs next. */
  readonly macDraws: number;
}

function optional<V>(record: Record<string, unknown>, key: string, value: V | undefined): void {
  if (value !== undefined) record[key] = value;
}

// Records are built field by field: spreads and rest patterns cost several times more here, and a
// checkpoint of a busy world builds thousands of them.
function linkRecord(link: LinkState): LinkRecord {
  const record: Record<string, unknown> = {
    id: link.id, index: link.index, name: link.name, kind: link.kind, mtu: link.mtu,
    minMtu: link.minMtu, maxMtu: link.maxMtu, mac: link.mac, up: link.up, noarp: link.noarp,
    txQueueLen: link.txQueueLen, txQueues: link.txQueues, realTxQueues: link.realTxQueues,
    rxQueues: link.rxQueues, noQueue: link.noQueue,
    conf4: link.conf4.record(), conf6: link.conf6.record(), hadPorts: link.hadPorts === true,
    ipv6Ready: link.ipv6Ready, noCarrierState: link.noCarrierState,
  };
  optional(record, 'masterId', link.master?.id);
  optional(record, 'peerId', link.peer?.alive === true ? link.peer.id : undefined);
  optional(record, 'parentId', link.parent?.id);
  optional(record, 'ipvlanMode', link.ipvlanMode);
  optional(record, 'vlanId', link.vlanId);
  optional(record, 'home', link.home?.name);
  optional(record, 'segment', link.segment);
  return record as unknown as LinkRecord;
}

function addrRecord(addr: AddrState): AddrRecord {
  const record: Record<string, unknown> = {
    linkId: addr.link.id, family: addr.family, ip: addr.ip, prefixLength: addr.prefixLength,
    prefix: addr.prefix, scope: addr.scope, nodad: addr.nodad, noprefixroute: addr.noprefixroute,
    secondary: addr.secondary,
  };
  optional(record, 'broadcast', addr.broadcast);
  return record as unknown as AddrRecord;
}

function routeRecord(route: RouteState): RouteRecord {
  const record: Record<string, unknown> = {
    family: route.family, table: route.table, dst: route.dst, prefixLength: route.prefixLength,
    type: route.type, protocol: route.protocol, scope: route.scope, gateway: route.gateway,
    prefsrc: route.prefsrc, metric: route.metric, tos: route.tos, onlink: route.onlink,
  };
  optional(record, 'oifId', route.oif?.id);
  return record as unknown as RouteRecord;
}

/** One namespace as frozen plain data. */
export function captureNamespace(ns: NsState): NamespaceCheckpoint {
  return deepFreeze(namespaceRecord(ns));
}

/** One namespace as plain data, not yet frozen (the bench freezes it with immer instead). */
export function namespaceRecord(ns: NsState): NamespaceCheckpoint {
  assert(ns.alive, () => `checkpoint of deleted namespace ${ns.name}`);
  const tables: Array<readonly [number, readonly RouteRecord[]]> = [];
  for (const [table, routes] of ns.tables) tables.push([table, routes.map(routeRecord)]);
  return {
    name: ns.name, slot: ns.slot, ifindexHint: ns.ifindexHint, qdiscAutoHandle: ns.qdiscAutoHandle,
    links: Array.from(ns.links.values(), linkRecord), addrs: ns.addrs.map(addrRecord), tables,
    ipv4Tables: [...ns.ipv4Tables], rules: { 4: ns.rules[4].slice(), 6: ns.rules[6].slice() },
    neighs: ns.neighs.map((neigh) => ({
      linkId: neigh.link.id, family: neigh.family, ip: neigh.ip, mac: neigh.mac, state: neigh.state,
    })),
    sysctls: {
      all4: ns.sysctls.all4, default4: ns.sysctls.default4, all6: ns.sysctls.all6,
      default6: ns.sysctls.default6,
    },
    qdiscs: ns.qdiscs.slice(), filters: ns.filters.slice(), u32Htids: [...ns.u32Htids],
  };
}

/**
 * The next checkpoint after `previous`: the namespaces changed since then are captured again (or
 * dropped when deleted); the others keep their records.
 */
export function nextCheckpoint(
  previous: PersistentVector<NamespaceCheckpoint>, shared: KernelShared,
): PersistentVector<NamespaceCheckpoint> {
  let namespaces = previous;
  for (const ns of shared.changed) {
    namespaces = namespaces.set(ns.slot, ns.alive ? captureNamespace(ns) : undefined);
  }
  shared.changed.clear();
  return namespaces;
}

function emptyNamespace(record: NamespaceCheckpoint, shared: KernelShared): NsState {
  return {
    name: record.name, slot: record.slot, shared, machine: shared.machine,
    ifindexHint: record.ifindexHint,
    links: new Map(), byName: new Map(), addrs: [], tables: new Map(), routeKeys: new Map(),
    ipv4Tables: new Set(record.ipv4Tables),
    rules: { 4: record.rules[4].slice(), 6: record.rules[6].slice() },
    neighs: [], sysctls: { ...record.sysctls }, qdiscs: record.qdiscs.slice(),
    filters: record.filters.slice(),
    u32Htids: new Map(record.u32Htids), qdiscAutoHandle: record.qdiscAutoHandle, alive: true,
  };
}

function linkState(record: LinkRecord, ns: NsState): LinkState {
  return {
    id: record.id, ns, index: record.index, name: record.name, kind: record.kind, mtu: record.mtu,
    minMtu: record.minMtu, maxMtu: record.maxMtu, mac: record.mac, up: record.up,
    noarp: record.noarp,
    txQueueLen: record.txQueueLen, txQueues: record.txQueues, realTxQueues: record.realTxQueues,
    rxQueues: record.rxQueues, noQueue: record.noQueue, addrCount: 0, children: [],
    ipvlanMode: record.ipvlanMode, vlanId: record.vlanId,
    ...(record.segment !== undefined ? { segment: record.segment } : {}),
    conf4: LinkConf.fromRecord(record.conf4, ns.sysctls),
    conf6: LinkConf.fromRecord(record.conf6, ns.sysctls),
    ...(record.hadPorts ? { hadPorts: true } : {}), ipv6Ready: record.ipv6Ready,
    noCarrierState: record.noCarrierState, alive: true,
  };
}

export interface Restored {
  readonly namespaces: Map<string, NsState>;
  readonly devices: Map<string, LinkState>;
}

/** Rebuilds live namespaces from a checkpoint: links first, then everything that names them. */
export function restoreNamespaces(checkpoint: KernelCheckpoint, shared: KernelShared): Restored {
  const records = [...checkpoint.namespaces.values()];
  const namespaces = new Map<string, NsState>();
  for (const record of records) namespaces.set(record.name, emptyNamespace(record, shared));
  const links = new Map<number, LinkState>();
  for (const record of records) {
    const ns = namespaces.get(record.name)!;
    for (const linkRecord of record.links) {
      const link = linkState(linkRecord, ns);
      links.set(link.id, link);
      addLink(ns, link);
    }
  }
  const byId: LinkById = (id) => (id === undefined ? undefined : links.get(id));
  for (const record of records) wireLinks(record, byId, namespaces);
  // Children in the order they were made, which is id order.
  const inOrder = [...links.values()].sort((a, b) => a.id - b.id);
  for (const link of inOrder) link.parent?.children.push(link);
  for (const record of records) fillNamespace(namespaces.get(record.name)!, record, byId);
  const devices = new Map<string, LinkState>();
  for (const link of inOrder) if (link.kind === 'device') devices.set(link.mac, link);
  return { namespaces, devices };
}

type LinkById = (id: number | undefined) => LinkState | undefined;

function wireLinks(
  record: NamespaceCheckpoint, byId: LinkById, namespaces: ReadonlyMap<string, NsState>,
): void {
  for (const linkRecord of record.links) {
    const link = byId(linkRecord.id)!;
    const master = byId(linkRecord.masterId);
    const peer = byId(linkRecord.peerId);
    const parent = byId(linkRecord.parentId);
    const home = linkRecord.home === undefined ? undefined : namespaces.get(linkRecord.home);
    if (master !== undefined) link.master = master;
    if (peer !== undefined) link.peer = peer;
    if (parent !== undefined) link.parent = parent;
    if (home !== undefined) link.home = home;
  }
}

function fillNamespace(ns: NsState, record: NamespaceCheckpoint, byId: LinkById): void {
  ns.addrs = record.addrs.map(({ linkId, ...rest }) => {
    const link = byId(linkId)!;
    link.addrCount++;
    return { ...rest, link };
  });
  for (const [table, routes] of record.tables) {
    const restored = routes.map(({ oifId, ...rest }): RouteState => (
      { ...rest, oif: byId(oifId) }));
    ns.tables.set(table, restored);
    for (const route of restored) {
      const key = routeKeyOf(route);
      const bucket = ns.routeKeys.get(key) ?? [];
      bucket.push(route);
      ns.routeKeys.set(key, bucket);
    }
  }
  ns.neighs = record.neighs.map(({ linkId, ...rest }) => ({ ...rest, link: byId(linkId)! }));
}
