// Routes (`RTM_NEWROUTE`) in any table, with the attributes Terway sets and compares: table,
// destination, gateway, output link, scope, protocol, onlink, metric, preferred source.
//
// Identity follows the kernel: an add fails with EEXIST, and a replace overwrites, when a route
// with the same (table, family, dst prefix, tos, metric) exists — whatever its device or gateway.

import type { IpFamily, Scope } from './address.js';

export const tableLocal = 255;
export const tableMain = 254;
export const tableDefault = 253;
/** Terway's ENI policy tables are 1000 + the ENI's ifindex (GetRouteTableID). */
export const terwayTableBase = 1000;

export type RouteType =
  | 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable'
  | 'prohibit' | 'throw';

/** RTPROT_* by name; numbers the kernel has no name for are kept as numbers. */
export type RouteProtocol = 'kernel' | 'boot' | 'static' | 'dhcp' | 'ra' | number;

export interface Route {
  readonly family: IpFamily;
  readonly table: number;
  /** Canonical prefix, host bits cleared: `0.0.0.0/0`, `10.0.1.20/32`, `::/0`. */
  readonly dst: string;
  readonly type: RouteType;
  readonly protocol: RouteProtocol;
  readonly scope: Scope;
  /** Output link (ifindex in the route's namespace); absent for blackhole-like types. */
  readonly oif?: number;
  readonly gateway?: string;
  /** Preferred source address (`src` in `ip route`). */
  readonly prefsrc?: string;
  /** Priority. IPv4 default 0; IPv6 default 1024 (kernel-added prefix routes 256). */
  readonly metric: number;
  readonly tos: number;
  readonly onlink: boolean;
  /** RTNH_F_LINKDOWN: the output link has no carrier. Informational; lookups skip such routes. */
  readonly linkdown: boolean;
}

export interface RouteSpec {
  /** Prefix; `default` and a bare address (/32, /128) are accepted. */
  readonly dst: string;
  /** Needed only for `default` without a gateway (otherwise the addresses say it). */
  readonly family?: IpFamily;
  /** Default main (254). */
  readonly table?: number;
  readonly type?: RouteType;
  /** Default `boot`, as both iproute2 and the netlink library send. */
  readonly protocol?: RouteProtocol;
  /**
   * Default `universe`, as the netlink library sends it (iproute2 instead picks `link` for a
   * route without gateway; pass `scope: 'link'` for that). Local routes default to `host`.
   */
  readonly scope?: Scope;
  readonly oif?: number;
  readonly gateway?: string;
  readonly prefsrc?: string;
  /** Default 0 (IPv4) or 1024 (IPv6). */
  readonly metric?: number;
  readonly tos?: number;
  readonly onlink?: boolean;
}

/**
 * Selects routes to list or delete. Unset fields match anything. For `routeDel` the kernel
 * deletes the first match in the table (main if `table` is unset) and answers ESRCH if none.
 */
export interface RouteFilter {
  readonly family?: IpFamily;
  /** A table number, or `all` to list every table. Default: main. */
  readonly table?: number | 'all';
  readonly dst?: string;
  readonly oif?: number;
  readonly gateway?: string;
  readonly scope?: Scope;
  readonly protocol?: RouteProtocol;
  readonly type?: RouteType;
  readonly metric?: number;
  readonly tos?: number;
}
