// Puts snapshots of the two backends in one comparable form. What differs between two correct
// kernels is replaced by symbols: random MACs become `mac(<ns>/<link>)` (the first link holding
// them), link-local addresses derived from them follow, tc's global auto-handles become `auto:`,
// a bridge's MAC (Linux copies a port's) is dropped. Lists are sorted where order carries no
// meaning; rule lists keep their order (it is the lookup order).

import { canonicalJson, parseIpv6, formatIpv6, type JsonValue } from '@terway-sim/sim-base';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import { linkLocalFromMac } from '../model/ip-math.js';

export interface NormalSnapshot {
  readonly links: readonly string[];
  readonly addrs: readonly string[];
  readonly routes: readonly string[];
  readonly rules: readonly string[];
  readonly neighs: readonly string[];
  readonly sysctls: readonly string[];
  readonly qdiscs: readonly string[];
  readonly filters: readonly string[];
}

export type Symbols = ReadonlyMap<string, string>;

/** Symbols for every MAC (and its EUI-64 link-local address) across a set of snapshots. */
export function symbolsOf(snapshots: readonly NamespaceSnapshot[]): Symbols {
  const symbols = new Map<string, string>();
  for (const snapshot of snapshots) {
    for (const link of snapshot.links) {
      if (link.kind === 'loopback' || link.kind === 'bridge' || symbols.has(link.mac)) continue;
      const symbol = `mac(${snapshot.namespace}/${link.name})`;
      symbols.set(link.mac, symbol);
      symbols.set(linkLocalFromMac(link.mac), `fe80::eui(${snapshot.namespace}/${link.name})`);
    }
  }
  return symbols;
}

function symbolicIp(text: string, symbols: Symbols): string {
  const [address = '', length] = text.split('/');
  const value = parseIpv6(address);
  const canonical = value === undefined ? address : formatIpv6(value);
  const symbol = symbols.get(canonical) ?? canonical;
  return length === undefined ? symbol : `${symbol}/${length}`;
}

const line = (value: unknown): string =>
  canonicalJson(JSON.parse(JSON.stringify(value)) as JsonValue);

function sorted(values: string[]): string[] {
  return values.sort();
}

/**
 * A bridge takes the lowest MAC among its ports (Linux), so its MAC and the link-local address
 * derived from it depend on random port MACs; both are replaced by the bridge's name.
 */
export function withBridgeSymbols(snapshot: NamespaceSnapshot, symbols: Symbols): Symbols {
  const bridges = new Map(
    snapshot.links.filter((link) => link.kind === 'bridge').map((link) => [link.index, link.name]),
  );
  if (bridges.size === 0) return symbols;
  const extended = new Map(symbols);
  for (const addr of snapshot.addrs) {
    const bridge = bridges.get(addr.linkIndex);
    if (bridge !== undefined && addr.cidr.startsWith('fe80:'))
      extended.set(addr.cidr.split('/')[0]!, `fe80::bridge(${snapshot.namespace}/${bridge})`);
  }
  return extended;
}

/**
 * Automatic qdisc handles (`8001:` on) come from a counter Linux keeps machine-wide, so other
 * processes move it; they become `auto:` (also as the major of a class, `auto:1`).
 */
export function autoHandle(text: string): string {
  return text.replace(/^[89a-f][0-9a-f]{3}:/, (major) => (major === 'ffff:' ? major : 'auto:'));
}

/** The namespace's qdiscs and filters as lines, automatic handles and link indexes named. */
function tcLines(snapshot: NamespaceSnapshot,
  linkName: (index: number | undefined) => string | undefined):
  Pick<NormalSnapshot, 'qdiscs' | 'filters'> {
  return {
  qdiscs: sorted(
    snapshot.qdiscs.map((qdisc) =>
      line({
        ...qdisc,
        linkIndex: linkName(qdisc.linkIndex),
        handle: autoHandle(qdisc.handle),
        parent: autoHandle(qdisc.parent),
      }),
    ),
  ),
  filters: sorted(
    snapshot.filters.map((filter) =>
      line({
        ...filter,
        linkIndex: linkName(filter.linkIndex),
        parent: autoHandle(filter.parent),
        terminal: filter.terminal || filter.classid !== undefined,
        actions: filter.actions.map((action) =>
          action.kind === 'mirred'
            ? { ...action, targetIndex: linkName(action.targetIndex) }
            : action,
        ),
      }),
    ),
  ),
  };
}

export function normalizeSnapshot(snapshot: NamespaceSnapshot, global: Symbols): NormalSnapshot {
  const symbols = withBridgeSymbols(snapshot, global);
  const name = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const linkName = (index: number | undefined): string | undefined =>
    index === undefined ? undefined : (name.get(index) ?? `#${index}`);
  return {
    links: snapshot.links.map((link) =>
      line({
        ...link,
        mac: link.kind === 'bridge' ? 'bridge' : (symbols.get(link.mac) ?? link.mac),
      }),
    ),
    addrs: sorted(
      snapshot.addrs.map((addr) =>
        line({
          ...addr,
          linkIndex: linkName(addr.linkIndex),
          cidr: symbolicIp(addr.cidr, symbols),
        }),
      ),
    ),
    routes: sorted(
      snapshot.routes.map((route) =>
        line({
          ...route,
          oif: linkName(route.oif),
          dst: symbolicIp(route.dst, symbols),
          ...(route.prefsrc !== undefined ? { prefsrc: symbolicIp(route.prefsrc, symbols) } : {}),
          ...(route.gateway !== undefined ? { gateway: symbolicIp(route.gateway, symbols) } : {}),
        }),
      ),
    ),
    rules: snapshot.rules.map(line),
    neighs: sorted(
      snapshot.neighs.map((neigh) =>
        line({
          ...neigh,
          linkIndex: linkName(neigh.linkIndex),
          mac: symbols.get(neigh.mac ?? '') ?? neigh.mac,
        }),
      ),
    ),
    sysctls: Object.entries(snapshot.sysctls)
      .map(([path, value]) => `${path}=${value}`)
      .sort(),
    ...tcLines(snapshot, linkName),
  };
}

/** Lines only in `a` or only in `b`, section by section. Empty when they agree. */
export function diffSnapshots(
  a: NormalSnapshot,
  b: NormalSnapshot,
  labels: { readonly a: string; readonly b: string },
): string[] {
  const differences: string[] = [];
  for (const section of Object.keys(a) as Array<keyof NormalSnapshot>) {
    const left = a[section];
    const right = b[section];
    if (section === 'rules' && left.join('\n') !== right.join('\n')) {
      differences.push(
        `rules differ in order or content:\n      ${labels.a}: ${left.join('\n        ')}\n      ${labels.b}: ${right.join('\n        ')}`,
      );
      continue;
    }
    const rightSet = new Set(right);
    const leftSet = new Set(left);
    left
      .filter((entry) => !rightSet.has(entry))
      .forEach((entry) => differences.push(`${section} only in ${labels.a}: ${entry}`));
    right
      .filter((entry) => !leftSet.has(entry))
      .forEach((entry) => differences.push(`${section} only in ${labels.b}: ${entry}`));
  }
  return differences;
}
