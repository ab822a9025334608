// `ip route show [table all]` and `ip -6 route show …` of one namespace, in iproute2's text
// (ip/iproute.c) and in the order the kernel dumps routes:
//
// - tables by their bucket in the table hash (id mod 256), the newest first within a bucket
//   (fib_new_table, fib6_new_table add at the head); IPv4 before IPv6 for `table all`;
// - IPv4 routes as fib_trie walks a table: by network address, longer prefixes first at one
//   address, then TOS (higher first) and metric, then insertion order;
// - IPv6 routes as fib6_walk visits the radix tree: a node after the nodes below it (a /64
//   before the /48 that covers it, `default` last), the 0-bit side before the 1-bit side, and at
//   one prefix by metric, then insertion order.

import { parseIpv4, parseIpv6 } from '@terway-sim/sim-base';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Route } from '../netlink/route.js';
import { protocolWord, scopeWord, tableWord } from './words.js';

export interface RouteView {
  /** Default: IPv4, or both families for `table: 'all'` (as `ip route show table all`). */
  readonly family?: 4 | 6;
  /** Default: main. */
  readonly table?: number | 'all';
}

function destination(route: Route): string {
  const [address = '', length = ''] = route.dst.split('/');
  if (length === '0') return 'default';
  const full = route.family === 4 ? '32' : '128';
  return length === full ? address : route.dst;
}

/** One line as print_route writes it (IPv4 lines end with a space, IPv6 ones with `pref`). */
export function routeLine(
  route: Route, linkName: (index: number) => string, showTable: boolean,
): string {
  const parts: string[] = [];
  if (route.type !== 'unicast') parts.push(route.type);
  parts.push(destination(route));
  if (route.family === 4 && route.tos !== 0) parts.push(`tos 0x${route.tos.toString(16)}`);
  if (route.gateway !== undefined) parts.push(`via ${route.gateway}`);
  if (route.oif !== undefined) parts.push(`dev ${linkName(route.oif)}`);
  if (showTable && route.table !== 254) parts.push(`table ${tableWord(route.table)}`);
  if (route.protocol !== 'boot') parts.push(`proto ${protocolWord(route.protocol)}`);
  if (route.family === 4 && route.scope !== 'universe') {
    parts.push(`scope ${scopeWord(route.scope)}`);
  }
  if (route.prefsrc !== undefined) parts.push(`src ${route.prefsrc}`);
  if (route.family === 6 || route.metric !== 0) parts.push(`metric ${route.metric}`);
  if (route.onlink) parts.push('onlink');
  if (route.linkdown) parts.push('linkdown');
  return route.family === 4 ? `${parts.join(' ')} ` : `${parts.join(' ')} pref medium`;
}

function ipv4Key(route: Route): number {
  return parseIpv4(route.dst.split('/')[0] ?? '') ?? 0;
}

function prefixLength(route: Route): number {
  return Number(route.dst.split('/')[1] ?? 0);
}

function compareIpv4(a: Route, b: Route): number {
  return ipv4Key(a) - ipv4Key(b) || prefixLength(b) - prefixLength(a) || b.tos - a.tos
    || a.metric - b.metric;
}

function bitOf(value: bigint, bit: number): number {
  return Number((value >> BigInt(127 - bit)) & 1n);
}

/** Post-order over the radix tree: the 0-bit side, the 1-bit side, then the covering prefix. */
function compareIpv6(a: Route, b: Route): number {
  const x = parseIpv6(a.dst.split('/')[0] ?? '') ?? 0n;
  const y = parseIpv6(b.dst.split('/')[0] ?? '') ?? 0n;
  const lengthA = prefixLength(a);
  const lengthB = prefixLength(b);
  const common = Math.min(lengthA, lengthB);
  for (let bit = 0; bit < common; bit++) {
    const difference = bitOf(x, bit) - bitOf(y, bit);
    if (difference !== 0) return difference;
  }
  return lengthB - lengthA || a.metric - b.metric;
}

/** Tables in dump order: by id mod 256, later-created tables first within a bucket. */
function tableOrder(routes: readonly Route[]): number[] {
  const firstSeen = new Map<number, number>();
  routes.forEach((route, at) => {
    if (!firstSeen.has(route.table)) firstSeen.set(route.table, at);
  });
  const bucket = (table: number): number => table & 255;
  return [...firstSeen.keys()].sort((a, b) => (
    bucket(a) - bucket(b) || firstSeen.get(b)! - firstSeen.get(a)!));
}

/** A family's routes in dump order; `routes` is in the snapshot's (creation) order. */
export function routesInDumpOrder(routes: readonly Route[], family: 4 | 6): Route[] {
  const ofFamily = routes.filter((route) => route.family === family);
  const compare = family === 4 ? compareIpv4 : compareIpv6;
  return tableOrder(ofFamily).flatMap((table) => (
    ofFamily.filter((route) => route.table === table).sort(compare)));
}

export function renderIpRoute(snapshot: NamespaceSnapshot, view: RouteView = {}): string {
  const names = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const linkName = (index: number): string => names.get(index) ?? `if${index}`;
  const table = view.table ?? 254;
  const bothWhenAll: Array<4 | 6> = table === 'all' ? [4, 6] : [4];
  const families: Array<4 | 6> = view.family !== undefined ? [view.family] : bothWhenAll;
  const lines = families.flatMap((family) => routesInDumpOrder(snapshot.routes, family))
    .filter((route) => table === 'all' || route.table === table)
    .map((route) => routeLine(route, linkName, table === 'all'));
  return lines.map((line) => `${line}\n`).join('');
}
