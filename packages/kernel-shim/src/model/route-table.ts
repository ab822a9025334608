// Routing-table primitives shared by user route calls and the kernel's own route changes.
//
// Models the insertion rules of net/ipv4/fib_trie.c (`fib_table_insert`) and net/ipv6/ip6_fib.c
// (`fib6_add_rt2node`): routes are keyed by (table, family, dst prefix, tos, metric). An exclusive
// add fails with EEXIST on the key; a replace overwrites the first route with the key; the kernel's
// own routes (`fib_magic`, addrconf) are appended and so may share a key with others (two links
// with addresses in one subnet each get a prefix route).

import type { RouteState, NsState } from './state.js';
import { tableOf } from './state.js';

export function sameRouteKey(a: RouteState, b: RouteState): boolean {
  return a.family === b.family && a.table === b.table && a.dst === b.dst && a.tos === b.tos &&
    a.metric === b.metric;
}

export function identicalRoute(a: RouteState, b: RouteState): boolean {
  return (
    sameRouteKey(a, b) &&
    a.type === b.type &&
    a.protocol === b.protocol &&
    a.scope === b.scope &&
    a.oif === b.oif &&
    a.gateway === b.gateway &&
    a.prefsrc === b.prefsrc &&
    a.onlink === b.onlink
  );
}

/** The kernel's identity of a route (route-table and checkpoint share it). */
export function routeKeyOf(route: RouteState): string {
  return `${route.table}|${route.dst}|${route.tos}|${route.metric}`;
}

export type InsertMode = 'add' | 'replace' | 'append';

/** Inserts `route`; 'exists' when an exclusive add meets the key (or append meets a twin). */
export function insertRoute(ns: NsState, route: RouteState, mode: InsertMode): 'ok' | 'exists' {
  const routes = tableOf(ns, route.table);
  if (route.family === 4) ns.ipv4Tables.add(route.table);
  const key = routeKeyOf(route);
  const bucket = ns.routeKeys.get(key);
  if (bucket === undefined || bucket.length === 0) {
    routes.push(route);
    ns.routeKeys.set(key, [route]);
    return 'ok';
  }
  if (mode === 'add') return 'exists';
  if (mode === 'append') {
    if (bucket.some((existing) => identicalRoute(existing, route))) return 'exists';
    routes.push(route);
    bucket.push(route);
    return 'ok';
  }
  const old = bucket[0]!;
  routes[routes.indexOf(old)] = route;
  bucket[0] = route;
  return 'ok';
}

/** Removes this very route object from its table. */
export function removeRoute(ns: NsState, route: RouteState): void {
  const routes = ns.tables.get(route.table);
  if (routes !== undefined) {
    const at = routes.indexOf(route);
    if (at >= 0) routes.splice(at, 1);
  }
  const key = routeKeyOf(route);
  const bucket = ns.routeKeys.get(key);
  if (bucket === undefined) return;
  const at = bucket.indexOf(route);
  if (at >= 0) bucket.splice(at, 1);
  if (bucket.length === 0) ns.routeKeys.delete(key);
}

/** Removes the first route identical to `route`; true if one was removed. */
export function removeIdenticalRoute(ns: NsState, route: RouteState): boolean {
  const bucket = ns.routeKeys.get(routeKeyOf(route));
  const found = bucket?.find((existing) => identicalRoute(existing, route));
  if (found === undefined) return false;
  removeRoute(ns, found);
  return true;
}

/** Removes every route (any table) the predicate selects. */
export function removeRoutesWhere(ns: NsState, drop: (route: RouteState) => boolean): void {
  for (const routes of ns.tables.values()) {
    const doomed = routes.filter(drop);
    doomed.forEach((route) => removeRoute(ns, route));
  }
}
