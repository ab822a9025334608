// Follows one packet through the model: the rules and routes of each namespace it is in, veth
// pairs, ipvlan and VLAN links, the tc filters Terway puts on ENIs, and the VPC fabric between
// ENIs. Returns every hop, and either where the packet was delivered or why it was dropped.
//
// Models the forwarding decisions of net/ipv4/route.c (input and output lookups, forwarding and
// rp_filter checks), neighbour resolution (a PERMANENT entry, else an ARP/ND answer from whoever
// owns the next hop across the link), drivers/net/ipvlan (l2 switching by destination IP), and
// Alibaba's VPC (see fabric-view.ts). It moves no real packets and keeps no state.

import type { FabricView } from '../fabric/fabric-view.js';
import { lowerUp } from '../model/carrier.js';
import { fibLookup, type LookupResult } from '../model/lookup.js';
import { toRoute } from '../model/routes.js';
import { routeLine } from '../render/ip-route.js';
import { ruleLine } from '../render/ip-rule.js';
import type { ModelKernel } from '../model/model-kernel.js';
import type { LinkState, NsState, RouteState } from '../model/state.js';
import type { TraceHook, TraceRequest, TraceResult } from './trace-types.js';
import { askHooks } from './hooks.js';
import type { Packet } from './packet.js';
import { selectSource } from './source.js';
import { transmit } from './transmit.js';
import { drop, hop, traceHopsMax, type StepResult, type TraceContext } from './trace-context.js';

export function trace(
  deps: {
    readonly kernel: ModelKernel;
    readonly fabric: FabricView;
    /** Traffic-rule hooks asked as the packet leaves its sender and before delivery. */
    readonly hooks?: readonly TraceHook[];
  },
  request: TraceRequest,
): TraceResult {
  const ns = deps.kernel.namespaces.get(request.from);
  if (ns === undefined)
    return {
      ok: false,
      hops: [],
      drop: {
        reason: 'namespace-missing',
        namespace: request.from,
        detail: `no namespace ${request.from}`,
      },
    };
  const family = request.dst.includes(':') ? 6 : 4;
  const packet: Packet = {
    family,
    src: request.src ?? '',
    dst: request.dst,
    ...(request.fwmark !== undefined ? { fwmark: request.fwmark } : {}),
    ...(request.protocol !== undefined ? { protocol: request.protocol } : {}),
    ...(request.port !== undefined ? { port: request.port } : {}),
  };
  const ctx: TraceContext = {
    kernel: deps.kernel,
    fabric: deps.fabric,
    hooks: deps.hooks ?? [],
    packet,
    pos: { ns },
    srcKnown: request.src !== undefined,
    sentChecked: false,
    hops: [],
  };
  for (let steps = 0; steps < traceHopsMax; steps++) {
    const result = step(ctx);
    if (result.kind === 'continue') continue;
    const src = ctx.srcKnown ? { src: packet.src } : {};
    if (result.kind === 'delivered')
      return {
        ok: true,
        src: packet.src,
        hops: ctx.hops,
        delivered: { namespace: result.namespace, link: result.link },
      };
    return {
      ok: false,
      ...src,
      hops: ctx.hops,
      drop: {
        reason: result.reason, namespace: ctx.pos.ns.name, detail: result.detail,
        ...(result.because !== undefined ? { because: result.because } : {}),
      },
    };
  }
  return {
    ok: false,
    hops: ctx.hops,
    drop: {
      reason: 'hop-limit',
      namespace: ctx.pos.ns.name,
      detail: `more than ${traceHopsMax} hops: a routing loop`,
    },
  };
}

function step(ctx: TraceContext): StepResult {
  const { ns, iif } = ctx.pos;
  const packet = ctx.packet;
  if (iif !== undefined && packet.family === 4 && !reversePathOk(ns, iif, packet)) {
    return drop(
      'rp-filter',
      `rp_filter on ${iif.name}: the route back to ${packet.src} does not leave by ${iif.name}`,
    );
  }
  const result = fibLookup(ns, {
    family: packet.family,
    dst: packet.dst,
    ...(ctx.srcKnown ? { src: packet.src } : {}),
    ...(iif !== undefined ? { iif } : {}),
    ...(packet.fwmark !== undefined ? { fwmark: packet.fwmark } : {}),
  });
  if (result.kind === 'none')
    return drop('no-route', `no route to ${packet.dst} (network unreachable)`);
  if (result.kind === 'reject')
    return drop(result.type, `${describeLookup(result)}: ${result.type}`);
  const route = result.route;
  if (route.type === 'local' || route.type === 'broadcast' || route.type === 'multicast')
    return deliverLocal(ctx, route);
  if (!ctx.srcKnown) {
    const src = selectSource(ns, packet.family, route.oif, route.prefsrc);
    if (src === undefined)
      return drop('no-source-address', `no IPv${packet.family} address to send from`);
    packet.src = src;
    ctx.srcKnown = true;
  }
  if (!ctx.sentChecked) {
    ctx.sentChecked = true;
    const filtered = askHooks(ctx, 'sent');
    if (filtered !== undefined) return filtered;
  }
  if (iif !== undefined && !forwarding(ns, iif, packet.family)) {
    return drop(
      'forwarding-disabled',
      `${iif.name} does not forward IPv${packet.family} (forwarding=0)`,
    );
  }
  hop(ctx, 'route', describeLookup(result), route.oif?.name);
  const oif = route.oif;
  if (oif === undefined) return drop('no-route', `route ${route.dst} has no device`);
  if (!oif.up) return drop('link-down', `${oif.name} is down`);
  if (!lowerUp(oif)) return drop('no-carrier', `${oif.name} has no carrier`);
  return transmit(ctx, oif, route.gateway ?? packet.dst);
}

function deliverLocal(ctx: TraceContext, route: RouteState): StepResult {
  const holder = ctx.pos.ns.addrs.find((addr) => addr.ip === ctx.packet.dst);
  const link = holder?.link.name ?? route.oif?.name ?? 'lo';
  if (!ctx.srcKnown) {
    ctx.packet.src = ctx.packet.dst;
    ctx.srcKnown = true;
  }
  // A packet delivered inside the namespace that sent it never left it: no hook applies.
  if (ctx.sentChecked) {
    const filtered = askHooks(ctx, 'deliver');
    if (filtered !== undefined) return filtered;
  }
  hop(
    ctx,
    'deliver',
    `${ctx.packet.dst} is local (${route.type} route in table ${route.table})`,
    link,
  );
  return { kind: 'delivered', namespace: ctx.pos.ns.name, link };
}

function forwarding(ns: NsState, iif: LinkState, family: 4 | 6): boolean {
  if (family === 6) return ns.sysctls.all6.get('forwarding') === '1';
  return iif.conf4.get('forwarding') === '1';
}

/**
 * fib_validate_source: strict (1) needs the route back to leave by `iif`; loose (2) any route back.
 */
function reversePathOk(ns: NsState, iif: LinkState, packet: Packet): boolean {
  const mode = Math.max(
    Number(ns.sysctls.all4.get('rp_filter') ?? 0),
    Number(iif.conf4.get('rp_filter') ?? 0),
  );
  if (mode === 0 || packet.src === '') return true;
  const back = fibLookup(ns, { family: 4, dst: packet.src, iif });
  if (back.kind !== 'route' || back.route.type === 'local') return false;
  return mode === 2 || back.route.oif === iif;
}

/**
 * A lookup as a person reads it, in iproute2's words: the rule that chose the table, as
 * `ip rule show` prints it, then the route, as `ip route show table all` prints it.
 */
export function describeLookup(result: Exclude<LookupResult, { kind: 'none' }>): string {
  const ruleText = result.rule === undefined ? undefined : ruleLine(result.rule, new Set());
  const rule = ruleText === undefined ? '' : `rule ${ruleText.replace('\t', ' ')} -> `;
  const route = result.route;
  if (route === undefined) return `${rule}${result.kind === 'reject' ? result.type : ''}`;
  const names = (index: number): string => route.oif?.ns.links.get(index)?.name ?? `if${index}`;
  return `${rule}${routeLine(toRoute(route), names, true).trimEnd()}`;
}
