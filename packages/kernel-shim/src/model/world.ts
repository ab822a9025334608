// The set of namespaces one model kernel holds, with the two machine-wide registries the kernel
// keeps implicitly: which ENI device has which MAC (the hypervisor's view) and where random MACs
// come from (a named seeded stream, since the kernel's eth_random_addr is random).
//
// Models net/core/net_namespace.c (namespace creation with `lo` as ifindex 1 and the default
// rules) and the per-namespace cyclic ifindex allocation of net/core/dev.c (`dev_index_reserve`).

import { assert, type RandomStream } from '@terway-sim/sim-base';
import type { IpvlanMode, LinkKind } from '../netlink/link.js';
import type { Rule } from '../netlink/rule.js';
import { adjustLoopbackConf, confFromDefault, initialNamespaceSysctls } from './sysctls.js';
import {
  addLink, touch, type KernelShared, type LinkState, type MachineTuning, type NsState,
} from './state.js';

/** The most namespaces one model holds; a guard against runaway scenarios (style C3). */
export const namespacesMax = 1_000_000;

function defaultRule(family: 4 | 6, priority: number, table: number): Rule {
  return {
    family,
    priority,
    action: 'lookup',
    table,
    tos: 0,
    invert: false,
    suppressPrefixLength: -1,
  };
}

export function newNamespace(
  name: string, slot: number, shared: KernelShared, nextLinkId: () => number,
): NsState {
  const ns: NsState = {
    name, slot, shared, machine: shared.machine, ifindexHint: 1, links: new Map(),
    byName: new Map(), addrs: [], tables: new Map(), routeKeys: new Map(), ipv4Tables: new Set(),
    rules: {
      4: [defaultRule(4, 0, 255), defaultRule(4, 32766, 254), defaultRule(4, 32767, 253)],
      6: [defaultRule(6, 0, 255), defaultRule(6, 32766, 254)],
    },
    neighs: [], sysctls: initialNamespaceSysctls(), qdiscs: [], filters: [], u32Htids: new Map(),
    qdiscAutoHandle: 0x8000, alive: true,
  };
  const lo = registerLink(ns, nextLinkId(), {
    name: 'lo',
    kind: 'loopback',
    mtu: 65536,
    minMtu: 0,
    maxMtu: 0,
    mac: '00:00:00:00:00:00',
    noarp: false,
  });
  adjustLoopbackConf(lo);
  return ns;
}

/** The next free ifindex at or after the namespace's hint, as xa_alloc_cyclic finds it. */
export function allocateIfindex(ns: NsState): number {
  let index = ns.ifindexHint;
  while (ns.links.has(index)) index++;
  ns.ifindexHint = index + 1;
  return index;
}

export interface NewLink {
  readonly name: string;
  readonly kind: LinkKind;
  readonly mtu: number;
  readonly minMtu: number;
  readonly maxMtu: number;
  readonly mac: string;
  readonly noarp: boolean;
  readonly ipvlanMode?: IpvlanMode;
  readonly vlanId?: number;
  /** A device's hardware queues; other kinds take what their driver picks (queuesOf). */
  readonly txQueues?: number;
}

interface Queues {
  readonly txQueues: number;
  readonly realTxQueues: number;
  readonly noQueue: boolean;
  readonly txQueueLen: number;
}

/**
 * What each driver picks: a veth allocates a queue per possible CPU and uses one (veth_newlink);
 * an ENI uses all its queues; the rest have one. Virtual links are IFF_NO_QUEUE except ifb, which
 * queues (txqueuelen 32); a NIC queues unless the machine says its ENIs are veth stand-ins.
 */
function queuesOf(
  kind: LinkKind, machine: MachineTuning, deviceQueues: number | undefined,
): Queues {
  switch (kind) {
    case 'veth':
      return { txQueues: machine.vethTxQueues, realTxQueues: 1, noQueue: true, txQueueLen: 1000 };
    case 'device': {
      const queues = deviceQueues ?? machine.deviceTxQueues;
      const noQueue = machine.deviceNoQueue;
      return { txQueues: queues, realTxQueues: queues, noQueue, txQueueLen: 1000 };
    }
    case 'ifb': return { txQueues: 1, realTxQueues: 1, noQueue: false, txQueueLen: 32 };
    default: return { txQueues: 1, realTxQueues: 1, noQueue: true, txQueueLen: 1000 };
  }
}

/** Registers a link in `ns` with a fresh ifindex and conf copied from `default`. */
export function registerLink(ns: NsState, id: number, spec: NewLink): LinkState {
  touch(ns);
  const queues = queuesOf(spec.kind, ns.machine, spec.txQueues);
  const link: LinkState = {
    id,
    ns,
    index: allocateIfindex(ns),
    name: spec.name,
    kind: spec.kind,
    mtu: spec.mtu,
    minMtu: spec.minMtu,
    maxMtu: spec.maxMtu,
    mac: spec.mac,
    up: false,
    noarp: spec.noarp,
    ipvlanMode: spec.ipvlanMode,
    vlanId: spec.vlanId,
    txQueueLen: queues.txQueueLen,
    txQueues: queues.txQueues,
    realTxQueues: queues.realTxQueues,
    rxQueues: queues.txQueues,
    noQueue: queues.noQueue,
    conf4: confFromDefault(ns, 4),
    conf6: confFromDefault(ns, 6),
    ipv6Ready: false,
    alive: true,
    addrCount: 0,
    children: [],
    noCarrierState: 'DOWN',
  };
  // addrconf: links without ARP (ifb, dummy) never run DAD.
  if (spec.noarp) link.conf6.set('accept_dad', '-1');
  addLink(ns, link);
  return link;
}

/** A random unicast, locally administered MAC, as eth_random_addr makes one. */
export function randomMac(stream: RandomStream): string {
  const bytes = Array.from({ length: 6 }, () => stream.int(256));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

export function assertNamespaceRoom(count: number): void {
  assert(count < namespacesMax, () => `more than ${namespacesMax} namespaces in one model kernel`);
}
