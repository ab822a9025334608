// Route lookup as the kernel does it: walk the family's rules in priority order, match their
// selectors, and take the longest-prefix route of the table a matching rule names
// (net/core/fib_rules.c `fib_rules_lookup`, net/ipv4/fib_trie.c `fib_table_lookup`).
//
// Used to check a new route's gateway (fib_check_nh) and by `trace`. Routes whose link lacks
// carrier are still used (`ignore_routes_with_linkdown` is 0 by default).

import type { Rule } from '../netlink/rule.js';
import type { RouteType } from '../netlink/route.js';
import { inPrefix } from './ip-math.js';
import { linkByName, scopeValue, type LinkState, type NsState, type RouteState } from './state.js';

export interface Flow {
  readonly family: 4 | 6;
  readonly dst: string;
  readonly src?: string;
  /** The input link; undefined for locally generated packets (which match `iif lo`). */
  readonly iif?: LinkState;
  /** Restrict to routes through this link (a bound socket, or a gateway check with a device). */
  readonly oif?: LinkState;
  readonly fwmark?: number;
  /** Only routes with at least this scope value (RT_SCOPE_*). */
  readonly scopeMin?: number;
}

export type LookupResult =
  | { readonly kind: 'route'; readonly route: RouteState; readonly rule?: Rule }
  | {
      readonly kind: 'reject';
      readonly type: Extract<RouteType, 'blackhole' | 'unreachable' | 'prohibit'>;
      readonly route?: RouteState;
      readonly rule?: Rule;
    }
  | { readonly kind: 'none' };

const noMatch: LookupResult = { kind: 'none' };

/** The best route for `flow` in one table, including reject and throw routes. */
export function tableLookup(ns: NsState, table: number, flow: Flow): RouteState | undefined {
  const routes = ns.tables.get(table);
  if (routes === undefined) return undefined;
  let best: RouteState | undefined;
  const scopeMin = flow.scopeMin ?? 0;
  for (const route of routes) {
    if (route.family !== flow.family || !inPrefix(route.dst, flow.dst)) continue;
    if (scopeValue(route.scope) < scopeMin) continue;
    const rejecting = route.oif === undefined;
    if (!rejecting && flow.oif !== undefined && route.oif !== flow.oif) continue;
    if (best === undefined || route.prefixLength > best.prefixLength ||
      (route.prefixLength === best.prefixLength && route.metric < best.metric)) best = route;
  }
  return best;
}

function ruleMatches(ns: NsState, rule: Rule, flow: Flow): boolean {
  let matched = true;
  if (rule.iif !== undefined) {
    const iif = linkByName(ns, rule.iif);
    const flowIif = flow.iif ?? ns.links.get(1);
    matched = iif !== undefined && iif === flowIif;
  }
  if (matched && rule.oif !== undefined) {
    const oif = linkByName(ns, rule.oif);
    matched = oif !== undefined && oif === flow.oif;
  }
  if (matched && rule.fwmark !== undefined) {
    const mask = rule.fwmask ?? 0xffffffff;
    matched = (((rule.fwmark ^ (flow.fwmark ?? 0)) & mask) >>> 0) === 0;
  }
  if (matched && rule.src !== undefined)
    matched = inPrefix(rule.src, flow.src ?? (flow.family === 4 ? '0.0.0.0' : '::'));
  if (matched && rule.dst !== undefined) matched = inPrefix(rule.dst, flow.dst);
  return rule.invert ? !matched : matched;
}

const rulesMax = 100_000;

export function fibLookup(ns: NsState, flow: Flow): LookupResult {
  const rules = ns.rules[flow.family];
  let steps = 0;
  for (let index = 0; index < rules.length && steps < rulesMax; index++, steps++) {
    const rule = rules[index]!;
    if (!ruleMatches(ns, rule, flow)) continue;
    switch (rule.action) {
      case 'nop': continue;
      case 'goto': {
        const target = rules.findIndex((other) => other.priority === rule.gotoPriority);
        if (target > index) index = target - 1;
        continue;
      }
      case 'blackhole':
      case 'unreachable':
      case 'prohibit': return { kind: 'reject', type: rule.action, rule };
      case 'lookup': {
        const route = tableLookup(ns, rule.table, flow);
        if (route === undefined || route.type === 'throw') continue;
        if (rule.suppressPrefixLength >= 0 && route.prefixLength <= rule.suppressPrefixLength)
          continue;
        if (
          route.type === 'blackhole' ||
          route.type === 'unreachable' ||
          route.type === 'prohibit'
        ) {
          return { kind: 'reject', type: route.type, route, rule };
        }
        return { kind: 'route', route, rule };
      }
    }
  }
  return noMatch;
}
