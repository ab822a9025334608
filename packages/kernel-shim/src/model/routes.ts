// Route calls: add, replace, delete, list, with the kernel's checks on a new route's next hop
// (net/ipv4/fib_semantics.c `fib_create_info`/`fib_check_nh`, net/ipv6/route.c
// `ip6_route_info_create`/`ip6_validate_gw`) and its delete matching (`fib_table_delete`,
// `ip6_route_del`).

import { normalizeIp, ok, type Result } from '@terway-sim/sim-base';
import { kernelError, type Errno, type KernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import type { Route, RouteFilter, RouteSpec, RouteType } from '../netlink/route.js';
import type { Scope } from '../netlink/address.js';
import { hasCarrier } from './carrier.js';
import { isNetworkAddress, parseDestination, prefixText } from './ip-math.js';
import { fibLookup, tableLookup, type Flow, type LookupResult } from './lookup.js';
import { insertRoute, removeRoute } from './route-table.js';
import { scopeValue, type LinkState, type NsState, type RouteState } from './state.js';

type Resolve = (index: number) => LinkState | undefined;
type Built = Result<RouteState, KernelError>;

const rejectTypes: readonly RouteType[] = ['blackhole', 'unreachable', 'prohibit', 'throw'];

export function toRoute(route: RouteState): Route {
  const linkdown =
    route.oif !== undefined &&
    route.type !== 'local' &&
    route.type !== 'anycast' &&
    route.scope !== 'host' &&
    !hasCarrier(route.oif);
  return {
    family: route.family,
    table: route.table,
    dst: route.dst,
    type: route.type,
    protocol: route.protocol,
    scope: route.scope,
    metric: route.metric,
    tos: route.tos,
    onlink: route.onlink,
    linkdown,
    ...(route.oif !== undefined ? { oif: route.oif.index } : {}),
    ...(route.gateway !== undefined ? { gateway: route.gateway } : {}),
    ...(route.prefsrc !== undefined ? { prefsrc: route.prefsrc } : {}),
  };
}

function defaultScope(type: RouteType): Scope {
  if (type === 'local') return 'host';
  if (type === 'broadcast' || type === 'anycast') return 'link';
  return 'universe';
}

/** The narrowest scope each type allows (fib_props[type].scope). */
function minimumScope(type: RouteType): Scope {
  return defaultScope(type);
}

export function buildRoute(ns: NsState, spec: RouteSpec, op: string, resolve: Resolve): Built {
  const gatewayFamily =
    spec.family ?? (spec.gateway === undefined ? undefined : spec.gateway.includes(':') ? 6 : 4);
  const dst = parseDestination(spec.dst, gatewayFamily);
  if (dst === undefined)
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: ${JSON.stringify(spec.dst)} is not a destination prefix`,
    );
  if (!isNetworkAddress(dst))
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: ${spec.dst} has host bits set for its prefix length`,
    );
  const gateway = spec.gateway === undefined ? undefined : normalizeIp(spec.gateway);
  if (spec.gateway !== undefined && (gateway === undefined || gatewayFamily !== dst.family)) {
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: gateway ${spec.gateway} does not fit ${spec.dst}`,
    );
  }
  const type = spec.type ?? 'unicast';
  const scope: Scope = dst.family === 6 ? 'universe' : spec.scope ?? defaultScope(type);
  if (dst.family === 4 && scopeValue(scope) < scopeValue(minimumScope(type))) {
    return kernelError('EINVAL', op, `${ns.name}: scope ${scope} is too wide for a ${type} route`);
  }
  const oif = spec.oif === undefined ? undefined : resolve(spec.oif);
  if (spec.oif !== undefined && oif === undefined)
    return kernelError('ENODEV', op, `${ns.name}: no link with index ${spec.oif}`);
  const route: RouteState = {
    family: dst.family,
    table: spec.table === undefined || spec.table === 0 ? 254 : spec.table,
    dst: prefixText(dst),
    prefixLength: dst.prefixLength,
    type,
    protocol: spec.protocol ?? 'boot',
    scope,
    oif,
    gateway,
    prefsrc: spec.prefsrc === undefined ? undefined : (normalizeIp(spec.prefsrc) ?? spec.prefsrc),
    metric: spec.metric ?? (dst.family === 6 ? 1024 : 0),
    tos: dst.family === 6 ? 0 : (spec.tos ?? 0),
    onlink: spec.onlink ?? false,
  };
  if (rejectTypes.includes(type)) {
    if (oif !== undefined || gateway !== undefined)
      return kernelError('EINVAL', op, `${ns.name}: a ${type} route takes no device or gateway`);
    return ok(route);
  }
  const checked = route.family === 4 ? checkNexthop4(ns, route, op) : checkNexthop6(ns, route, op);
  if (!checked.ok) return checked;
  if (route.family === 4 && route.prefsrc !== undefined && !isLocalAddress(ns, route.prefsrc)) {
    return kernelError('EINVAL', op, `${ns.name}: prefsrc ${route.prefsrc} is not a local address`);
  }
  return checked;
}

function isLocalAddress(ns: NsState, ip: string): boolean {
  const family = ip.includes(':') ? 6 : 4;
  const found = tableLookup(ns, 255, { family, dst: ip });
  return found !== undefined && found.type === 'local';
}

/**
 * inet_addr_type_dev_table: what the local table says `ip` is on `dev` — broadcast when the local
 * table does not exist yet (no address was ever configured), unicast unless a local-table route
 * through `dev` says otherwise.
 */
function addressTypeOnDev(ns: NsState, ip: string, dev: LinkState): RouteType {
  if (ip.startsWith('0.') || ip === '255.255.255.255') return 'broadcast';
  if (/^2(2[4-9]|3\d)\./.test(ip)) return 'multicast';
  if (!ns.ipv4Tables.has(255)) return 'broadcast';
  const found = tableLookup(ns, 255, { family: 4, dst: ip });
  return found !== undefined && found.oif === dev ? found.type : 'unicast';
}

function checkNexthop4(ns: NsState, route: RouteState, op: string): Built {
  const where = `${ns.name}: route ${route.dst}`;
  if (route.scope === 'host') {
    if (route.gateway !== undefined)
      return kernelError('EINVAL', op, `${where}: a host-scope route cannot have a gateway`);
    if (route.oif === undefined)
      return kernelError('ENODEV', op, `${where}: a host-scope route needs a device`);
    return ok(route);
  }
  if (route.gateway === undefined) {
    if (route.onlink) return kernelError('EINVAL', op, `${where}: onlink needs a gateway`);
    if (route.oif === undefined)
      return kernelError('ENODEV', op, `${where}: needs a device or a gateway`);
    if (!route.oif.up)
      return kernelError('ENETDOWN', op, `${where}: device ${route.oif.name} is not up`);
    return ok(route);
  }
  if (route.onlink) {
    if (scopeValue(route.scope) >= scopeValue('link'))
      return kernelError('EINVAL', op, `${where}: onlink with scope ${route.scope}`);
    if (route.oif === undefined)
      return kernelError('ENODEV', op, `${where}: onlink needs a device`);
    if (!route.oif.up) return kernelError('ENETDOWN', op, `${where}: device ${route.oif.name} is not up`);
    if (addressTypeOnDev(ns, route.gateway, route.oif) !== 'unicast') {
      return kernelError(
        'EINVAL',
        op,
        `${where}: gateway ${route.gateway} is not a unicast address`,
      );
    }
    return ok(route);
  }
  return resolveGateway4(ns, route, op, where);
}

function resolveGateway4(ns: NsState, route: RouteState, op: string, where: string): Built {
  const gateway = route.gateway!;
  const flow = {
    family: 4 as const,
    dst: gateway,
    scopeMin: Math.max(scopeValue(route.scope) + 1, scopeValue('link')),
    ...(route.oif !== undefined ? { oif: route.oif } : {}),
  } satisfies Flow;
  let found = route.table !== 254 ? tableLookup(ns, route.table, flow) : undefined;
  if (found !== undefined && rejectTypes.includes(found.type)) found = undefined;
  if (found === undefined) {
    const result = fibLookup(ns, flow);
    if (result.kind === 'none')
      return kernelError(
        'ENETUNREACH',
        op,
        `${where}: gateway ${gateway} is unreachable (no route; use onlink)`,
      );
    if (result.kind === 'reject')
      return kernelError(
        rejectErrno(result),
        op,
        `${where}: gateway ${gateway} is behind a ${result.type} ${result.route === undefined ? 'rule' : 'route'}`,
      );
    found = result.route;
  }
  if (found.type !== 'unicast' && found.type !== 'local') {
    return kernelError('EINVAL', op, `${where}: gateway ${gateway} is not a unicast next hop`);
  }
  const oif = route.oif ?? found.oif;
  if (oif === undefined)
    return kernelError('ENETUNREACH', op, `${where}: gateway ${gateway} resolves to no device`);
  if (!oif.up) return kernelError('ENETDOWN', op, `${where}: device ${oif.name} is not up`);
  return ok({ ...route, oif });
}

/**
 * The errno a failed lookup gives: fib_props[type].error for routes, the rule action's for rules.
 */
function rejectErrno(result: Extract<LookupResult, { kind: 'reject' }>): Errno {
  if (result.type === 'blackhole') return 'EINVAL';
  if (result.type === 'prohibit') return 'EACCES';
  return result.route === undefined ? 'ENETUNREACH' : 'EHOSTUNREACH';
}

function checkNexthop6(ns: NsState, route: RouteState, op: string): Built {
  const where = `${ns.name}: route ${route.dst}`;
  if (route.onlink) {
    if (route.oif === undefined) return kernelError('ENODEV', op, `${where}: onlink needs a device`);
    if (!route.oif.up) return kernelError('ENETDOWN', op, `${where}: device ${route.oif.name} is not up`);
  }
  if (route.gateway === undefined) {
    if (route.oif === undefined) return kernelError('ENODEV', op, `${where}: needs a device or a gateway`);
    return ok(route);
  }
  if (isLocalAddress(ns, route.gateway))
    return kernelError('EINVAL', op, `${where}: gateway ${route.gateway} is a local address`);
  if (route.onlink) return ok(route);
  if (route.gateway.startsWith('fe80:')) {
    if (route.oif === undefined)
      return kernelError('EINVAL', op, `${where}: a link-local gateway needs a device`);
    return ok(route);
  }
  const found =
    tableLookup(ns, route.table, { family: 6, dst: route.gateway }) ??
    tableLookup(ns, 254, { family: 6, dst: route.gateway });
  const usable = found !== undefined && found.oif !== undefined && found.gateway === undefined &&
    !rejectTypes.includes(found.type) && (route.oif === undefined || found.oif === route.oif);
  if (!usable)
    return kernelError(
      'EHOSTUNREACH',
      op,
      `${where}: gateway ${route.gateway} is not on a connected route (use onlink)`,
    );
  return ok({ ...route, oif: route.oif ?? found.oif! });
}

export function routeInsert(
  ns: NsState,
  spec: RouteSpec,
  replace: boolean,
  resolve: Resolve,
): KernelResult<Unit> {
  const op = replace ? 'routeReplace' : 'routeAdd';
  const built = buildRoute(ns, spec, op, resolve);
  if (!built.ok) return built;
  if (insertRoute(ns, built.value, replace ? 'replace' : 'add') === 'exists') {
    return kernelError(
      'EEXIST',
      op,
      `${ns.name}: a route to ${built.value.dst} with metric ${built.value.metric} exists in table ${built.value.table}`,
    );
  }
  return ok(undefined);
}

function matches(
  route: RouteState,
  filter: RouteFilter,
  dst: string | undefined,
  resolve: Resolve,
): boolean {
  if (filter.family !== undefined && route.family !== filter.family) return false;
  if (dst !== undefined && route.dst !== dst) return false;
  if (filter.oif !== undefined && route.oif !== resolve(filter.oif)) return false;
  if (filter.gateway !== undefined && route.gateway !== normalizeIp(filter.gateway)) return false;
  if (filter.scope !== undefined && route.scope !== filter.scope) return false;
  if (filter.protocol !== undefined && route.protocol !== filter.protocol) return false;
  if (filter.type !== undefined && route.type !== filter.type) return false;
  if (filter.metric !== undefined && route.metric !== filter.metric) return false;
  return filter.tos === undefined || route.tos === filter.tos;
}

function filterDst(filter: RouteFilter): string | undefined | null {
  if (filter.dst === undefined) return undefined;
  const gatewayFamily = filter.family ?? (filter.gateway?.includes(':') === true ? 6 : undefined);
  const parsed = parseDestination(filter.dst, gatewayFamily);
  return parsed === undefined ? null : prefixText(parsed);
}

export function routeSelect(ns: NsState, filter: RouteFilter, resolve: Resolve): RouteState[] {
  const dst = filterDst(filter);
  if (dst === null) return [];
  const tables =
    filter.table === 'all' ? [...ns.tables.keys()].sort((a, b) => a - b) : [filter.table ?? 254];
  return tables.flatMap((table) =>
    (ns.tables.get(table) ?? []).filter((route) => matches(route, filter, dst, resolve)),
  );
}

export function routeRemove(
  ns: NsState,
  filter: RouteFilter & { readonly dst: string },
  resolve: Resolve,
): KernelResult<Unit> {
  const dst = filterDst(filter);
  if (dst === null || dst === undefined)
    return kernelError(
      'EINVAL',
      'routeDel',
      `${ns.name}: ${JSON.stringify(filter.dst)} is not a destination prefix`,
    );
  if (filter.oif !== undefined && resolve(filter.oif) === undefined)
    return kernelError('ENODEV', 'routeDel', `${ns.name}: no link with index ${filter.oif}`);
  const table =
    filter.table === 'all' || filter.table === undefined || filter.table === 0 ? 254 : filter.table;
  const routes = ns.tables.get(table) ?? [];
  const family = dst.includes(':') ? 6 : 4;
  const tosFilter = family === 4 ? { tos: filter.tos ?? 0 } : {};
  const found = routes.find((route) => matches(route, { ...filter, ...tosFilter }, dst, resolve));
  if (found === undefined)
    return kernelError(
      'ESRCH',
      'routeDel',
      `${ns.name}: no route to ${dst} in table ${table} matches`,
    );
  removeRoute(ns, found);
  return ok(undefined);
}
