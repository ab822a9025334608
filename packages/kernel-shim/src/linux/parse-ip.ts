// Reads `ip -j` output back into the port's types. iproute2 hides defaults (no `table` for main,
// no `protocol` for boot, no `scope` for universe, no `metric` for 0 in IPv4) and names peers in
// other namespaces by netnsid; the context supplies what the text leaves out.

import { normalizeIp, normalizePrefix } from '@terway-sim/sim-base';
import type { Addr, Scope } from '../netlink/address.js';
import type { Link, LinkAddress, OperState } from '../netlink/link.js';
import type { Neigh, NeighState } from '../netlink/neighbour.js';
import type { Route, RouteProtocol, RouteType } from '../netlink/route.js';
import type { Rule, RuleAction } from '../netlink/rule.js';

type Json = Record<string, unknown>;

export interface LinkContext {
  readonly namespace: string;
  /** Logical namespace names by the netnsid this namespace knows them under. */
  readonly nsids: ReadonlyMap<number, string>;
  /** Logical name of the fabric namespace: a veth whose peer is there is an ENI stand-in. */
  readonly fabric: string;
}

function entries(json: unknown): Json[] {
  return Array.isArray(json)
    ? json.filter((entry): entry is Json => typeof entry === 'object' && entry !== null)
    : [];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function parseLinks(json: unknown, ctx: LinkContext): Link[] {
  const list = entries(json);
  const indexByName = new Map(list.map((entry) => [str(entry.ifname)!, num(entry.ifindex)!]));
  return list.map((entry) => parseLink(entry, ctx, indexByName));
}

function otherEnd(
  entry: Json,
  ctx: LinkContext,
  indexByName: ReadonlyMap<string, number>,
): LinkAddress | undefined {
  const nsid = num(entry.link_netnsid);
  const index = num(entry.link_index) ?? indexByName.get(str(entry.link) ?? '');
  if (index === undefined) return undefined;
  if (nsid === undefined) return { namespace: ctx.namespace, index };
  const namespace = ctx.nsids.get(nsid);
  return { namespace: namespace ?? `nsid:${nsid}`, index };
}

function parseLink(entry: Json, ctx: LinkContext, indexByName: ReadonlyMap<string, number>): Link {
  const flags = Array.isArray(entry.flags) ? entry.flags.map(String) : [];
  const info = (entry.linkinfo ?? {}) as Json;
  const data = (info.info_data ?? {}) as Json;
  const master = str(entry.master);
  const common = {
    index: num(entry.ifindex)!,
    name: str(entry.ifname)!,
    mtu: num(entry.mtu)!,
    mac: (str(entry.address) ?? '00:00:00:00:00:00').toLowerCase(),
    up: flags.includes('UP'),
    lowerUp: flags.includes('LOWER_UP'),
    noarp: flags.includes('NOARP'),
    operstate: operStateOf(entry.operstate),
    minMtu: num(entry.min_mtu) ?? 0,
    maxMtu: num(entry.max_mtu) ?? 0,
    txQueueLen: num(entry.txqlen) ?? 0,
    txQueues: num(entry.num_tx_queues) ?? 1,
    rxQueues: num(entry.num_rx_queues) ?? 1,
    namespace: ctx.namespace,
    ...(master !== undefined && indexByName.has(master)
      ? { masterIndex: indexByName.get(master)! }
      : {}),
  };
  const kind = str(info.info_kind);
  const other = otherEnd(entry, ctx, indexByName);
  if (str(entry.link_type) === 'loopback') return { ...common, kind: 'loopback' };
  switch (kind) {
    case 'veth':
      if (other !== undefined && other.namespace === ctx.fabric)
        return { ...common, kind: 'device' };
      return { ...common, kind: 'veth', ...(other !== undefined ? { peer: other } : {}) };
    case 'ipvlan':
      return {
        ...common,
        kind: 'ipvlan',
        mode: (str(data.mode) ?? 'l2') as 'l2',
        parent: other ?? { namespace: ctx.namespace, index: 0 },
      };
    case 'vlan':
      return {
        ...common,
        kind: 'vlan',
        vlanId: num(data.id) ?? 0,
        parent: other ?? { namespace: ctx.namespace, index: 0 },
      };
    case 'bridge':
    case 'dummy':
    case 'ifb':
      return { ...common, kind };
    default:
      return { ...common, kind: 'device' };
  }
}

const operStates: readonly OperState[] = ['UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN'];

/** IFLA_OPERSTATE; states the port does not name (DORMANT, TESTING, NOTPRESENT) read as UNKNOWN. */
function operStateOf(value: unknown): OperState {
  return operStates.find((state) => state === value) ?? 'UNKNOWN';
}

const scopeNames: Readonly<Record<string, Scope>> = {
  global: 'universe',
  universe: 'universe',
  site: 'site',
  link: 'link',
  host: 'host',
  nowhere: 'nowhere',
};

function scopeOf(value: unknown): Scope {
  return scopeNames[String(value ?? 'global')] ?? 'universe';
}

export function parseAddrs(json: unknown): Addr[] {
  return entries(json).flatMap((link) => entries(link.addr_info).map((addr): Addr => {
    const family = addr.family === 'inet6' ? 6 : 4;
    return {
      linkIndex: num(link.ifindex)!,
      family,
      cidr: `${normalizeIp(str(addr.local)!)}/${num(addr.prefixlen)}`,
      scope: scopeOf(addr.scope),
      nodad: addr.nodad === true,
      noprefixroute: addr.noprefixroute === true,
      secondary: addr.secondary === true,
      ...(family === 4 && str(addr.label) !== undefined ? { label: str(addr.label)! } : {}),
      ...(str(addr.broadcast) !== undefined ? { broadcast: str(addr.broadcast)! } : {}),
    };
  }));
}

const tableNames: Readonly<Record<string, number>> = { local: 255, main: 254, default: 253 };

function tableOf(value: unknown): number {
  if (value === undefined) return 254;
  return tableNames[String(value)] ?? Number(value);
}

/** iproute2's protocol names (rt_protos) and the numbers behind them. */
const protocolNames: Readonly<Record<string, number>> = {
  redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186,
  isis: 187, ospf: 188, rip: 189, eigrp: 192,
};

export function protocolOf(value: unknown): RouteProtocol {
  if (value === undefined) return 'boot';
  const text = String(value);
  const number = protocolNames[text] ?? Number(text);
  if (number === 2) return 'kernel';
  if (number === 3) return 'boot';
  if (number === 4) return 'static';
  if (number === 9) return 'ra';
  if (number === 16) return 'dhcp';
  return number;
}

function destination(value: unknown, family: 4 | 6): string {
  const text = String(value);
  if (text === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  return normalizePrefix(text) ?? text;
}

export function parseRoutes(
  json: unknown,
  family: 4 | 6,
  indexByName: ReadonlyMap<string, number>,
): Route[] {
  return entries(json).map((entry): Route => {
    const flags = Array.isArray(entry.flags) ? entry.flags.map(String) : [];
    const dev = str(entry.dev);
    return {
      family,
      table: tableOf(entry.table),
      dst: destination(entry.dst, family),
      type: (str(entry.type) ?? 'unicast') as RouteType,
      protocol: protocolOf(entry.protocol),
      scope: family === 6 ? 'universe' : scopeOf(entry.scope ?? 'universe'),
      metric: num(entry.metric) ?? 0,
      tos: entry.tos === undefined ? 0 : Number(entry.tos),
      onlink: flags.includes('onlink'),
      linkdown: flags.includes('linkdown'),
      ...(dev !== undefined && indexByName.has(dev) ? { oif: indexByName.get(dev)! } : {}),
      ...(str(entry.gateway) !== undefined ? { gateway: normalizeIp(str(entry.gateway)!)! } : {}),
      ...(str(entry.prefsrc) !== undefined ? { prefsrc: normalizeIp(str(entry.prefsrc)!)! } : {}),
    };
  });
}

function rulePrefix(address: unknown, length: unknown, family: 4 | 6): string | undefined {
  const text = str(address);
  if (text === undefined || text === 'all') return undefined;
  return normalizePrefix(`${text}/${num(length) ?? (family === 4 ? 32 : 128)}`);
}

function ruleAction(entry: Json): RuleAction {
  const action = str(entry.action);
  if (action === 'blackhole' || action === 'unreachable' || action === 'prohibit') return action;
  if ('goto' in entry) return 'goto';
  if ('nop' in entry) return 'nop';
  return 'lookup';
}

export function parseRules(json: unknown, family: 4 | 6): Rule[] {
  return entries(json).map((entry): Rule => {
    const action = ruleAction(entry);
    const src = rulePrefix(entry.src, entry.srclen, family);
    const dst = rulePrefix(entry.dst, entry.dstlen, family);
    const iif = str(entry.iif);
    const oif = str(entry.oif);
    return {
      family,
      priority: num(entry.priority) ?? 0,
      action,
      table: action === 'lookup' ? tableOf(entry.table) : 0,
      tos: entry.tos === undefined ? 0 : Number(entry.tos),
      invert: 'not' in entry,
      suppressPrefixLength: num(entry.suppress_prefixlen) ?? -1,
      ...(src !== undefined ? { src } : {}),
      ...(dst !== undefined ? { dst } : {}),
      ...(iif !== undefined ? { iif } : {}),
      ...(oif !== undefined ? { oif } : {}),
      ...(entry.fwmark !== undefined
        ? {
            fwmark: Number(entry.fwmark),
            fwmask: entry.fwmask === undefined ? 0xffffffff : Number(entry.fwmask),
          }
        : {}),
      ...(action === 'goto' ? { gotoPriority: num(entry.goto)! } : {}),
    };
  });
}

function isMulticast(ip: string): boolean {
  if (ip.includes(':')) return ip.toLowerCase().startsWith('ff');
  const first = Number(ip.split('.')[0]);
  return first >= 224 && first <= 239;
}

/**
 * Neighbours written by hand: PERMANENT and NOARP entries for unicast addresses. The kernel's own
 * multicast entries (ff02::16 …) and dynamic ARP/ND state are left out.
 */
export function parseNeighs(json: unknown, indexByName: ReadonlyMap<string, number>): Neigh[] {
  return entries(json).flatMap((entry): Neigh[] => {
    const ip = normalizeIp(str(entry.dst) ?? '');
    const states = Array.isArray(entry.state)
      ? entry.state.map((state) => String(state).toLowerCase())
      : [];
    const state = (
      states.includes('permanent') ? 'permanent' : states.includes('noarp') ? 'noarp' : undefined
    ) as NeighState | undefined;
    const dev = indexByName.get(str(entry.dev) ?? '');
    if (ip === undefined || state === undefined || dev === undefined || isMulticast(ip)) return [];
    const mac = str(entry.lladdr);
    return [
      {
        linkIndex: dev,
        family: ip.includes(':') ? 6 : 4,
        ip,
        state,
        ...(mac !== undefined ? { mac: mac.toLowerCase() } : {}),
      },
    ];
  });
}

export function parseNsids(
  json: unknown,
  toLogical: (real: string) => string,
): Map<number, string> {
  return new Map(
    entries(json)
      .filter((entry) => str(entry.name) !== undefined)
      .map((entry) => [num(entry.nsid)!, toLogical(str(entry.name)!)]),
  );
}
