// The routes the kernel adds and removes by itself when addresses come and go and links go up
// and down: IPv4's `fib_magic` calls in net/ipv4/fib_frontend.c (fib_add_ifaddr/fib_del_ifaddr)
// and IPv6's addrconf prefix, local and multicast routes (net/ipv6/addrconf.c).
//
// Each address implies a set of routes given the state of its link; adding an address appends
// what it implies, deleting one removes what it implied unless another address still implies it.

import { ipv4Broadcast } from './ip-math.js';
import { insertRoute, removeIdenticalRoute } from './route-table.js';
import type { AddrState, LinkState, NsState, RouteState } from './state.js';

export const ipv6KernelPrefixMetric = 256;

interface KernelRouteFields {
  readonly family: 4 | 6;
  readonly table: number;
  readonly dst: string;
  readonly type: RouteState['type'];
  readonly scope: RouteState['scope'];
  readonly prefsrc?: string;
  readonly metric: number;
}

function kernelRoute(link: LinkState, fields: KernelRouteFields): RouteState {
  const slash = fields.dst.indexOf('/');
  return {
    family: fields.family,
    table: fields.table,
    dst: fields.dst,
    prefixLength: Number(fields.dst.slice(slash + 1)),
    type: fields.type,
    protocol: 'kernel',
    scope: fields.scope,
    oif: link,
    gateway: undefined,
    prefsrc: fields.prefsrc,
    metric: fields.metric,
    tos: 0,
    onlink: false,
  };
}

/** The primary address whose source a secondary's routes carry (inet_ifa_byprefix). */
function primaryOf(ns: NsState, addr: AddrState): AddrState {
  if (!addr.secondary) return addr;
  return (
    ns.addrs.find(
      (other) =>
        other.link === addr.link &&
        other.family === 4 &&
        !other.secondary &&
        other.prefixLength === addr.prefixLength &&
        other.prefix === addr.prefix,
    ) ?? addr
  );
}

function impliedIpv4(ns: NsState, addr: AddrState): RouteState[] {
  const link = addr.link;
  const src = primaryOf(ns, addr).ip;
  const routes: RouteState[] = [
    kernelRoute(link, {
      family: 4,
      table: 255,
      dst: `${addr.ip}/32`,
      type: 'local',
      scope: 'host',
      prefsrc: src,
      metric: 0,
    }),
  ];
  if (!link.up) return routes;
  if (addr.broadcast !== undefined && addr.broadcast !== '255.255.255.255') {
    routes.push(
      kernelRoute(link, {
        family: 4,
        table: 255,
        dst: `${addr.broadcast}/32`,
        type: 'broadcast',
        scope: 'link',
        prefsrc: src,
        metric: 0,
      }),
    );
  }
  const prefix = addr.prefix;
  const zeronet = prefix.startsWith('0.');
  const wantsPrefix = addr.prefix !== `${addr.ip}/32`;
  if (addr.secondary || zeronet || !wantsPrefix) return routes;
  const loopback = link.kind === 'loopback';
  if (!addr.noprefixroute) {
    routes.push(kernelRoute(link, {
      family: 4, table: loopback ? 255 : 254, dst: prefix, type: loopback ? 'local' : 'unicast',
      scope: loopback ? 'host' : 'link', prefsrc: src, metric: 0,
    }));
  }
  if (addr.prefixLength < 31) {
    routes.push(
      kernelRoute(link, {
        family: 4,
        table: 255,
        dst: `${ipv4Broadcast(addr.ip, addr.prefixLength)}/32`,
        type: 'broadcast',
        scope: 'link',
        prefsrc: src,
        metric: 0,
      }),
    );
  }
  return routes;
}

function impliedIpv6(addr: AddrState): RouteState[] {
  const link = addr.link;
  const routes: RouteState[] = [kernelRoute(link, {
    family: 6, table: 255, dst: `${addr.ip}/128`, type: 'local', scope: 'universe', metric: 0,
  })];
  // addrconf_join_anycast: a forwarding link answers the subnet-router anycast address of each
  // prefix shorter than /127 (RFC 6164), except the all-zero one.
  const network = addr.prefix.split('/')[0]!;
  if (link.conf6.get('forwarding') === '1' && addr.prefixLength < 127 && network !== '::') {
    routes.push(
      kernelRoute(link, {
        family: 6,
        table: 255,
        dst: `${network}/128`,
        type: 'anycast',
        scope: 'universe',
        metric: 0,
      }),
    );
  }
  const loopbackAddress = link.kind === 'loopback' && addr.ip === '::1';
  if (link.up && !addr.noprefixroute && !loopbackAddress) {
    routes.push(kernelRoute(link, {
      family: 6, table: 254, dst: addr.prefix, type: 'unicast', scope: 'universe',
      metric: ipv6KernelPrefixMetric,
    }));
  }
  return routes;
}

export function impliedRoutes(ns: NsState, addr: AddrState): RouteState[] {
  return addr.family === 4 ? impliedIpv4(ns, addr) : impliedIpv6(addr);
}

/** Adds what `addr` implies now (fib_add_ifaddr / addrconf). */
export function addImpliedRoutes(ns: NsState, addr: AddrState): void {
  impliedRoutes(ns, addr).forEach((route) => insertRoute(ns, route, 'append'));
}

/**
 * Removes what the departed addresses implied, keeping routes still implied by the remaining
 * ones. `implied` was computed before the addresses left.
 */
export function removeImpliedRoutes(ns: NsState, implied: readonly RouteState[]): void {
  const stillWanted = ns.addrs.flatMap((addr) => impliedRoutes(ns, addr));
  for (const route of implied) {
    const wanted = stillWanted.some(
      (other) =>
        other.table === route.table &&
        other.dst === route.dst &&
        other.type === route.type &&
        other.oif === route.oif &&
        other.prefsrc === route.prefsrc,
    );
    if (!wanted) removeIdenticalRoute(ns, route);
  }
}

/** addrconf_add_mroute: ff00::/8 in table local through the link. */
export function ipv6MulticastRoute(link: LinkState): RouteState {
  return kernelRoute(link, {
    family: 6,
    table: 255,
    dst: 'ff00::/8',
    type: 'multicast',
    scope: 'universe',
    metric: ipv6KernelPrefixMetric,
  });
}

/**
 * dev_forward_change: when a link's IPv6 forwarding flips, the anycast routes of its addresses
 * come or go. `change` performs the flip; the routes are reconciled around it.
 */
export function withIpv6ForwardingChange(ns: NsState, link: LinkState, change: () => void): void {
  const addrs = ns.addrs.filter((addr) => addr.link === link && addr.family === 6);
  const before = addrs.flatMap((addr) => impliedRoutes(ns, addr));
  change();
  removeImpliedRoutes(ns, before);
  addrs.forEach((addr) => addImpliedRoutes(ns, addr));
}
