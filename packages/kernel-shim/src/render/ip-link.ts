// `ip link show`, `ip -d link show` and `ip addr show` of one namespace, in iproute2's text
// (ip/ipaddress.c, ip/iplink_*.c as iproute2 6.1 prints them), from a namespace snapshot.
//
// What the snapshot does not hold is not printed: the generic segmentation limits `-d` adds
// after the queue counts (gso_max_size, tso_max_size, gro_max_size, which vary with the kernel
// and iproute2 versions), and a bridge's and a bridge port's STP and multicast attributes (only
// the `bridge` / `bridge_slave` keyword is printed). Addresses never carry `tentative` (the model
// has no DAD in progress) and live forever.

import type { Addr } from '../netlink/address.js';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Link } from '../netlink/link.js';
import { scopeWord } from './words.js';

interface LinkContext {
  readonly byIndex: ReadonlyMap<number, Link>;
  readonly snapshot: NamespaceSnapshot;
}

/** IFF_RUNNING as the kernel reports it: the operational state is UP or UNKNOWN. */
function running(link: Link): boolean {
  return link.up && (link.operstate === 'UP' || link.operstate === 'UNKNOWN');
}

/** IFLA_LINK: a veth's peer, an ipvlan's or VLAN's parent. */
function lowerLink(link: Link): { readonly namespace: string; readonly index: number } | undefined {
  if (link.kind === 'veth') return link.peer;
  if (link.kind === 'ipvlan' || link.kind === 'vlan') return link.parent;
  return undefined;
}

/** The flag words of `<…>` in print_link_flags order. */
function flagWords(link: Link, ctx: LinkContext): string {
  const words: string[] = [];
  if (link.up && !running(link)) words.push('NO-CARRIER');
  words.push(link.kind === 'loopback' ? 'LOOPBACK' : 'BROADCAST');
  const multicast = link.kind !== 'loopback' && link.kind !== 'ifb' && link.kind !== 'dummy';
  if (multicast) words.push('MULTICAST');
  if (link.noarp) words.push('NOARP');
  if (link.up) words.push('UP');
  if (link.lowerUp) words.push('LOWER_UP');
  // M-DOWN: the link's lower link, in this namespace, is down.
  const lower = lowerLink(link);
  const local = lower?.namespace === link.namespace ? ctx.byIndex.get(lower.index) : undefined;
  if (local !== undefined && !local.up) words.push('M-DOWN');
  return words.join(',');
}

function nameSuffix(link: Link, ctx: LinkContext): string {
  const lower = lowerLink(link);
  if (lower === undefined) return '';
  if (lower.namespace !== link.namespace) return `@if${lower.index}`;
  return `@${ctx.byIndex.get(lower.index)?.name ?? `if${lower.index}`}`;
}

function rootQdiscKind(link: Link, ctx: LinkContext): string {
  const root = ctx.snapshot.qdiscs.find((q) => q.linkIndex === link.index && q.parent === 'root');
  return root?.options.kind ?? 'noop';
}

function headerLine(link: Link, ctx: LinkContext, mode: boolean): string {
  const masterName = link.masterIndex === undefined ? undefined
    : ctx.byIndex.get(link.masterIndex)?.name ?? String(link.masterIndex);
  const master = masterName === undefined ? '' : ` master ${masterName}`;
  const name = `${link.name}${nameSuffix(link, ctx)}`;
  return `${link.index}: ${name}: <${flagWords(link, ctx)}> mtu ${link.mtu} `
    + `qdisc ${rootQdiscKind(link, ctx)}${master} state ${link.operstate}`
    + `${mode ? ' mode DEFAULT' : ''} group default qlen ${link.txQueueLen}`;
}

function addressLine(link: Link): string {
  const lower = lowerLink(link);
  const elsewhere = lower !== undefined && lower.namespace !== link.namespace;
  const netns = elsewhere ? ` link-netns ${lower.namespace}` : '';
  if (link.kind === 'loopback') {
    return `    link/loopback ${link.mac} brd 00:00:00:00:00:00${netns}`;
  }
  return `    link/ether ${link.mac} brd ff:ff:ff:ff:ff:ff${netns}`;
}

const addrGenModes: Readonly<Record<string, string>> = {
  0: 'eui64', 1: 'none', 2: 'stable_secret', 3: 'random',
};

function kindWords(link: Link): string | undefined {
  switch (link.kind) {
    case 'loopback':
    case 'device': return undefined;
    case 'ipvlan': return `ipvlan  mode ${link.mode} bridge`;
    case 'vlan': return `vlan protocol 802.1Q id ${link.vlanId} <REORDER_HDR>`;
    default: return link.kind;
  }
}

/** The kind line of `-d` (none for loopback and devices), then the queue counts. */
function detailsText(link: Link, ctx: LinkContext): string {
  const port = link.masterIndex !== undefined ? 1 : 0;
  const mtus = `minmtu ${link.minMtu} maxmtu ${link.maxMtu}`;
  const head = ` promiscuity ${port}  allmulti ${port} ${mtus} `;
  const kind = kindWords(link);
  const lines = kind === undefined ? [] : [`${kind} `];
  if (port === 1) lines.push('bridge_slave ');
  const mode = ctx.snapshot.sysctls[`net/ipv6/conf/${link.name}/addr_gen_mode`];
  const genMode = mode === undefined ? '' : `addrgenmode ${addrGenModes[mode] ?? mode} `;
  const queues = `${genMode}numtxqueues ${link.txQueues} numrxqueues ${link.rxQueues} `;
  if (lines.length === 0) return `${head}${queues}`;
  lines[lines.length - 1] += queues;
  return `${head}\n${lines.map((line) => `    ${line}`).join('\n')}`;
}

function contextOf(snapshot: NamespaceSnapshot): LinkContext {
  return { snapshot, byIndex: new Map(snapshot.links.map((link) => [link.index, link])) };
}

/** `ip link show` (`details`: `ip -d link show`). */
export function renderIpLink(
  snapshot: NamespaceSnapshot, options: { readonly details?: boolean } = {},
): string {
  const ctx = contextOf(snapshot);
  return snapshot.links.map((link) => {
    const details = options.details === true ? detailsText(link, ctx) : '';
    return `${headerLine(link, ctx, true)}\n${addressLine(link)}${details}\n`;
  }).join('');
}

function inetLine(addr: Addr, link: Link): string {
  const brd = addr.broadcast === undefined ? '' : ` brd ${addr.broadcast}`;
  const flags = [
    addr.secondary ? 'secondary ' : '', addr.nodad ? 'nodad ' : '',
    addr.noprefixroute ? 'noprefixroute ' : '',
  ].join('');
  const tail = addr.family === 4 ? `${flags}${addr.label ?? link.name}` : flags;
  const family = addr.family === 4 ? 'inet' : 'inet6';
  return `    ${family} ${addr.cidr}${brd} scope ${scopeWord(addr.scope)} ${tail}\n`
    + '       valid_lft forever preferred_lft forever\n';
}

/** `ip addr show`: each link's header, then its IPv4 and IPv6 addresses in the kernel's order. */
export function renderIpAddr(snapshot: NamespaceSnapshot): string {
  const ctx = contextOf(snapshot);
  return snapshot.links.map((link) => {
    const addrs = snapshot.addrs.filter((addr) => addr.linkIndex === link.index);
    const ordered = [4, 6].flatMap((family) => addrs.filter((addr) => addr.family === family));
    const inet = ordered.map((addr) => inetLine(addr, link)).join('');
    return `${headerLine(link, ctx, false)}\n${addressLine(link)}\n${inet}`;
  }).join('');
}
