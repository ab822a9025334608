// FoundRoutes / EnsureRoute (plugin/driver/utils/utils_linux.go). A route is looked up by
// destination plus whichever of output link, scope (when not universe), gateway and table the
// wanted route sets; without a table only main is searched (a Terway quirk, kept). When nothing
// matches the route is written with `ip route replace`, which overwrites any route with the same
// key (table, dst, tos, metric) whatever its device or gateway, which is how a host_stack_cidr of
// 0.0.0.0/0 replaces an ExclusiveENI pod's default route.

import { ok } from '@terway-sim/sim-base';
import { tableMain, type Route, type RouteFilter, type RouteSpec } from '@terway-sim/kernel-shim';
import { commandFailed } from '../errors.js';
import { addressOf, familyOf } from '../ip.js';
import { noteChange, type ExecContext } from './exec-context.js';
import type { DpResult } from './link.js';

/** A route with every reference resolved (ifindex, table number). */
export interface ResolvedRoute {
  readonly dst: string;
  readonly oif?: number;
  /** Undefined: main, and FoundRoutes does not filter on table. */
  readonly table?: number;
  readonly gateway?: string;
  readonly scope: RouteSpec['scope'] & string;
  readonly onlink: boolean;
  /** For messages: the output link's name. */
  readonly dev?: string;
}

export async function foundRoutes(
  ctx: ExecContext, ns: string, want: ResolvedRoute,
): Promise<DpResult<readonly Route[]>> {
  const filter: RouteFilter = {
    family: familyOf(addressOf(want.dst)),
    table: want.table !== undefined && want.table > 0 ? want.table : tableMain,
    dst: want.dst,
    ...(want.oif !== undefined && want.oif > 0 ? { oif: want.oif } : {}),
    ...(want.scope !== 'universe' ? { scope: want.scope } : {}),
    ...(want.gateway !== undefined ? { gateway: want.gateway } : {}),
  };
  const listed = await ctx.kernel.routeList(ns, filter);
  if (!listed.ok) return commandFailed(`ip route show ${want.dst}`, listed.error);
  return listed;
}

export function routeText(route: ResolvedRoute): string {
  const parts = [route.dst === '0.0.0.0/0' || route.dst === '::/0' ? 'default' : route.dst];
  if (route.gateway !== undefined) parts.push(`via ${route.gateway}`);
  if (route.dev !== undefined) parts.push(`dev ${route.dev}`);
  if (route.scope !== 'universe') parts.push(`scope ${route.scope}`);
  if (route.onlink) parts.push('onlink');
  if (route.table !== undefined && route.table !== tableMain) parts.push(`table ${route.table}`);
  return parts.join(' ');
}

export async function ensureRoute(
  ctx: ExecContext, ns: string, want: ResolvedRoute,
): Promise<DpResult<boolean>> {
  const found = await foundRoutes(ctx, ns, want);
  if (!found.ok) return found;
  if (found.value.length > 0) return ok(false);
  const command = `ip route replace ${routeText(want)}`;
  const spec: RouteSpec = {
    dst: want.dst,
    scope: want.scope,
    onlink: want.onlink,
    ...(want.table !== undefined ? { table: want.table } : {}),
    ...(want.oif !== undefined ? { oif: want.oif } : {}),
    ...(want.gateway !== undefined ? { gateway: want.gateway } : {}),
  };
  const replaced = await ctx.kernel.routeReplace(ns, spec);
  if (!replaced.ok) return commandFailed(command, replaced.error);
  noteChange(ctx, ns, command);
  return ok(true);
}

/** RouteDel of a listed route. */
export async function routeDel(
  ctx: ExecContext, ns: string, route: Route,
): Promise<DpResult<void>> {
  const command = `ip route del ${route.dst} table `
    + `${route.table}${route.oif !== undefined ? ` oif ${route.oif}` : ''}`;
  const deleted = await ctx.kernel.routeDel(ns, {
    family: route.family, table: route.table, dst: route.dst, metric: route.metric, tos: route.tos,
    ...(route.oif !== undefined ? { oif: route.oif } : {}),
    ...(route.gateway !== undefined ? { gateway: route.gateway } : {}),
  });
  if (!deleted.ok) return commandFailed(command, deleted.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}
