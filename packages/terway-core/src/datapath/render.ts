// Namespace state written the way the reference writes it (terway-datapath.md notation):
// `R[main] default via 169.254.1.1 dev eth0 onlink`, `RULE 512: from all to 10.0.1.20/32 lookup
// main`, `NEIGH 169.254.1.1 lladdr <mac of calic440f455693> dev eth0 PERMANENT`. Kernel-made
// noise that every namespace has (loopback addresses, IPv6 link-local addresses and their
// routes, the local table, the three default rules) is left out, and random MACs are written as
// `<mac of LINK>` when they belong to a link in the rendered set, so two runs (or the model and the
// real kernel) render the same text for the same datapath.
//
// When to use: tests, reports and `kernel verify` comparisons. Gotcha: sysctls are not rendered;
// compare them directly.

import {
  tableDefault, tableLocal, tableMain, type Filter, type NamespaceSnapshot, type Route, type Rule,
} from '@terway-sim/kernel-shim';
import { addressOf, isGlobalUnicast } from './ip.js';

function tableName(table: number): string {
  if (table === tableMain) return 'main';
  if (table === tableLocal) return 'local';
  if (table === tableDefault) return 'default';
  return String(table);
}

function isNoiseRoute(route: Route): boolean {
  if (route.table === tableLocal) return true;
  if (
    route.family === 6 && route.protocol === 'kernel' && (
      route.dst.startsWith('fe80::') || route.dst.startsWith('ff00::')
    )
  ) return true;
  return route.type === 'multicast';
}

function isDefaultRule(rule: Rule): boolean {
  const defaults: Record<number, number> = { 0: tableLocal, 32766: tableMain, 32767: tableDefault };
  return defaults[rule.priority] === rule.table && rule.src === undefined && rule.dst === undefined
    && rule.iif === undefined && rule.oif === undefined && rule.fwmark === undefined;
}

type MacAlias = (mac: string | undefined) => string;

function routeLine(route: Route, name: (index: number | undefined) => string): string {
  const parts = [
    `R[${tableName(route.table)}]`,
    route.dst === '0.0.0.0/0' || route.dst === '::/0' ? 'default' : route.dst,
  ];
  if (route.type !== 'unicast') parts.splice(1, 0, route.type);
  if (route.gateway !== undefined) parts.push(`via ${route.gateway}`);
  if (route.oif !== undefined) parts.push(`dev ${name(route.oif)}`);
  if (route.protocol === 'kernel') parts.push('proto kernel');
  if (route.scope !== 'universe') parts.push(`scope ${route.scope}`);
  if (route.prefsrc !== undefined) parts.push(`src ${route.prefsrc}`);
  const defaultMetric = route.family === 4 ? 0 : route.protocol === 'kernel' ? 256 : 1024;
  if (route.metric !== defaultMetric) parts.push(`metric ${route.metric}`);
  if (route.onlink) parts.push('onlink');
  return parts.join(' ');
}

function ruleLine(rule: Rule): string {
  const parts = [
    `RULE v${rule.family} ${rule.priority}:`,
    rule.src === undefined ? 'from all' : `from ${rule.src}`,
  ];
  if (rule.dst !== undefined) parts.push(`to ${rule.dst}`);
  if (rule.iif !== undefined) parts.push(`iif ${rule.iif}`);
  if (rule.oif !== undefined) parts.push(`oif ${rule.oif}`);
  if (rule.fwmark !== undefined) parts.push(`fwmark ${rule.fwmark}`);
  parts.push(rule.action === 'lookup' ? `lookup ${tableName(rule.table)}` : rule.action);
  return parts.join(' ');
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function filterLine(filter: Filter, name: (index: number | undefined) => string): string {
  const keys = filter.keys.map((k) => `${hex(k.value)}/${hex(k.mask)}@${k.offset}`).join(',');
  const actions = filter.actions.map((a) => {
    switch (a.kind) {
      case 'vlan': return a.op === 'pop' ? `vlan pop ${a.control}` : `vlan push id ${a.vlanId} `
        + `${a.control}`;
      case 'tunnel_key': return `tunnel_key unset ${a.control}`;
      case 'skbedit': return `skbedit ptype ${a.ptype} ${a.control}`;
      case 'mirred': return `mirred ${a.direction} ${a.op} dev ${name(a.targetIndex)} ${a.control}`;
    }
  });
  const classid = filter.classid === undefined ? '' : ` classid ${filter.classid}`;
  return `FILTER ${name(filter.linkIndex)} ${filter.parent} u32 prio ${filter.priority} protocol `
    + `${String(filter.protocol)} match `
      + `${keys}${filter.terminal ? ' terminal' : ''}${classid}`
      + `${actions.length > 0 ? ` action ${actions.join(' | ')}` : ''}`;
}

/**
 * Renders one namespace. `all` are every snapshot in the comparison (for `<mac of X>` aliases);
 * devices (ENIs) keep their real MACs, which are stable.
 */
export function renderNamespace(
  snapshot: NamespaceSnapshot, all: readonly NamespaceSnapshot[] = [snapshot],
): string[] {
  const byIndex = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const name = (index: number | undefined): string => (
    index === undefined ? '?' : byIndex.get(index) ?? `if${index}`
  );
  const aliases = new Map<string, string>();
  for (const snap of all) {
    for (const link of snap.links) if (link.kind === 'veth' && !aliases.has(link.mac)) aliases.set(
      link.mac, `<mac of ${link.name}>`,
    );
  }
  const mac: MacAlias = (value) => (value === undefined ? '?' : aliases.get(value) ?? value);
  const sorted = (items: string[]): string[] => items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Links by name: ifindexes differ between backends (a moved ENI keeps or loses its index).
  const lines = sorted(snapshot.links.filter((link) => link.kind !== 'loopback').map((link) => {
    const extra = link.kind === 'vlan' ? ` id ${link.vlanId}`
      : link.kind === 'ipvlan' ? ` ${link.mode}` : '';
    return `LINK ${link.name} ${link.kind}${extra} mac ${mac(link.mac)} mtu ${link.mtu} `
      + `${link.up ? 'UP' : 'DOWN'}${link.noarp ? ' NOARP' : ''}`;
  }));
  lines.push(...sorted(snapshot.addrs
    .filter(
      (a) => isGlobalUnicast(addressOf(a.cidr)) || a.cidr.startsWith('169.254.')
        || a.cidr === 'fe80::1/128'
    )
    .map(
      (a) => `ADDR ${name(a.linkIndex)} `
        + `${a.cidr}${a.scope === 'universe' ? '' : ` scope ${a.scope}`}${a.nodad ? ' nodad' : ''}`
    )));
  lines.push(
    ...sorted(
      snapshot.routes.filter((route) => !isNoiseRoute(route)).map((route) => routeLine(route, name))
    )
  );
  // Rules keep the kernel's lookup order (by family, then priority), which both backends share.
  lines.push(...snapshot.rules.filter((rule) => !isDefaultRule(rule)).map(ruleLine));
  lines.push(
    ...sorted(
      snapshot.neighs.map(
        (n) => `NEIGH ${n.ip} lladdr ${mac(n.mac)} dev ${name(n.linkIndex)} `
          + `${n.state.toUpperCase()}`
      )
    )
  );
  lines.push(...sorted(snapshot.qdiscs.map((q) => {
    const o = q.options;
    const params = o.kind === 'tbf' ? ` rate ${o.rateBytesPerSecond}B burst ${o.burstBytes}B `
      + `limit ${o.limitBytes}B` : '';
    return `QDISC ${name(q.linkIndex)} ${o.kind} handle ${q.handle} parent ${q.parent}${params}`;
  })));
  lines.push(...sorted(snapshot.filters.map((f) => filterLine(f, name))));
  return lines;
}
