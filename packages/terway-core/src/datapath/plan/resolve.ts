// Resolution of the references plan steps carry: a link selector to the link as it is now, a
// `macOf` to that link's MAC, a `tableOf` to 1000 + its ifindex. Resolved when the step runs,
// because the kernel picks veth MACs and ifindexes only when links are created.

import { ok } from '@terway-sim/sim-base';
import { routeTableId } from '../constants.js';
import { failure } from '../errors.js';
import type { ExecContext } from '../ensure/exec-context.js';
import { getLink, type DpResult } from '../ensure/link.js';
import type { ResolvedRoute } from '../ensure/route.js';
import type { ResolvedRule } from '../ensure/rule.js';
import type { LinkSel, MacValue, RouteWant, RuleWant, TableValue } from './step.js';

export async function resolveMac(ctx: ExecContext, mac: MacValue): Promise<DpResult<string>> {
  if (typeof mac === 'string') return ok(mac);
  const link = await getLink(ctx, mac.macOf.ns, mac.macOf.link);
  return link.ok ? ok(link.value.mac) : link;
}

export async function resolveTable(ctx: ExecContext, table: TableValue): Promise<DpResult<number>> {
  if (typeof table === 'number') return ok(table);
  const link = await getLink(ctx, table.tableOf.ns, table.tableOf.link);
  return link.ok ? ok(routeTableId(link.value.index)) : link;
}

export async function resolveRoute(
  ctx: ExecContext, ns: string, route: RouteWant,
): Promise<DpResult<ResolvedRoute>> {
  const link = await getLink(ctx, ns, route.link);
  if (!link.ok) return link;
  let table: number | undefined;
  if (route.table !== undefined) {
    const resolved = await resolveTable(ctx, route.table);
    if (!resolved.ok) return resolved;
    table = resolved.value;
  }
  return ok({
    dst: route.dst, oif: link.value.index, dev: link.value.name, scope: route.scope,
    onlink: route.onlink,
    ...(table !== undefined ? { table } : {}),
    ...(route.gateway !== undefined ? { gateway: route.gateway } : {}),
  });
}

export async function resolveRule(
  ctx: ExecContext, rule: RuleWant,
): Promise<DpResult<ResolvedRule>> {
  const table = await resolveTable(ctx, rule.table);
  if (!table.ok) return table;
  return ok({
    priority: rule.priority, table: table.value,
    ...(rule.src !== undefined ? { src: rule.src } : {}),
    ...(rule.dst !== undefined ? { dst: rule.dst } : {}),
    ...(rule.oif !== undefined ? { oif: rule.oif } : {}),
  });
}

/** A link that must exist; `message` is the prefix Terway puts before "Link not found". */
export async function requireLink(
  ctx: ExecContext, ns: string, link: LinkSel, message: string | undefined,
): Promise<DpResult<void>> {
  const found = await getLink(ctx, ns, link);
  if (found.ok) return ok(undefined);
  return message === undefined ? found : failure(
    `${message}, ${found.error.message}`, found.error.errno,
  );
}
