// The text half of the model-vs-Linux comparison: after a case, every iproute2 view of every
// namespace (`ip -d link show`, `ip addr show`, `ip route show table all`, `ip rule show`,
// `ip -6 rule show`, `ip neigh show`, `tc qdisc show`, `tc filter show dev X PARENT`) as the
// model renders it and as the real tools print it, put in one comparable form.
//
// The normalisations, each because two correct kernels differ there:
// - random MACs, and the link-local addresses derived from them, become `mac(ns/link)` and
//   `fe80::eui(ns/link)` (as in the snapshots); a bridge's MAC becomes `bridge` (Linux copies a
//   port's, the model keeps its own; docs/differences.md);
// - automatic qdisc handles (`8001:`…) become `auto:`: Linux counts them machine-wide;
// - lines whose order comes from a hash with a random seed, a machine-wide number or a random
//   address are sorted: each family's neighbours, a link's non-root qdiscs when one has an
//   automatic handle (the kernel lists them by a hash of the handle), and adjacent routes to
//   link-local addresses made from random MACs (IPv6 lists routes by address bits);
// - neighbours in dynamic states (STALE, REACHABLE, …) are dropped: they come from real ARP/ND
//   traffic, which the model does not keep (the snapshots leave them out too);
// - a u32 filter with a class prints `*flowid` when its selector is not terminal: tc cannot mark
//   such a selector terminal, the netlink library Terway uses does, so the `*` is dropped;
// - `ip -d link` attributes that depend on the kernel and iproute2 versions are dropped (the
//   gso/tso/gro limits), as are a bridge's and a bridge port's STP and multicast attributes,
//   which the model does not keep (its `bridge`/`bridge_slave` keyword stays).
// The real backend itself shows its namespaces by their logical names and its ENI stand-ins as
// devices (linux/observe.ts, LinuxKernel.iproute2).

import type { KernelMachine, NamespaceSnapshot } from '../netlink/kernel.js';
import { namespaceViews, viewCommand } from '../render/views.js';
import { autoHandle, symbolsOf, withBridgeSymbols, type Symbols } from './normalize.js';

/** Per namespace, per command: the normalised text. */
export type ViewTexts = Readonly<Record<string, Readonly<Record<string, string>>>>;

const macPattern = /(?:[0-9a-f]{2}:){5}[0-9a-f]{2}/g;

function replaceSymbols(text: string, symbols: Symbols): string {
  const withMacs = text.replace(macPattern, (mac) => symbols.get(mac) ?? mac);
  return withMacs.replace(/fe80:[0-9a-f:]+/g, (address) => symbols.get(address) ?? address);
}

/** ` 8001:` or ` 8001:2` (a handle or class with an automatic major) as ` auto:` / ` auto:2`. */
function autoHandles(text: string): string {
  const handle = / [89a-f][0-9a-f]{3}:(?=[0-9a-f]* |[0-9a-f]*$)/gm;
  return text.replace(handle, (whole) => ` ${autoHandle(whole.trim())}`);
}

const versionAttributes = / (?:gso|tso|gro)_[a-z0-9_]+ \d+/g;
const bridgeAttributes = /^ {4}(bridge|bridge_slave) .*?(?=addrgenmode |numtxqueues |$)/;

function versionNoise(text: string): string {
  const lines = text.split('\n');
  const plain = (line: string): string => line.replace(versionAttributes, '');
  return lines.map((line) => plain(line).replace(bridgeAttributes, '    $1 ')).join('\n');
}

/** A bridge's `link/ether` MAC, on the line after its header, becomes `bridge`. */
function bridgeMacs(text: string, bridges: ReadonlySet<string>): string {
  let inBridge = false;
  return text.split('\n').map((line) => {
    const header = /^\d+: ([^:@\s]+)/.exec(line);
    if (header !== null) inBridge = bridges.has(header[1]!);
    if (!inBridge || !line.startsWith('    link/ether ')) return line;
    return line.replace(/link\/ether \S+/, 'link/ether bridge');
  }).join('\n');
}

/** Sorts each run of consecutive lines that `groupOf` puts in the same group. */
function sortedRuns(
  lines: readonly string[], groupOf: (line: string) => string | undefined,
): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let group: string | undefined;
  const flush = (): void => {
    out.push(...run.sort());
    run = [];
  };
  for (const line of lines) {
    const next = groupOf(line);
    if (next === undefined || next !== group) flush();
    group = next;
    if (next === undefined) out.push(line);
    else run.push(line);
  }
  flush();
  return out;
}

/** Dynamic neighbour states come from real ARP/ND traffic, which the model does not keep. */
const dynamicNeighbour = / (STALE|REACHABLE|DELAY|PROBE|INCOMPLETE|FAILED) $/;

function neighOrder(text: string): string {
  const familyOf = (line: string): string | undefined => {
    if (line === '') return undefined;
    return line.split(' ')[0]!.includes(':') ? '6' : '4';
  };
  const shown = text.split('\n').filter((line) => !dynamicNeighbour.test(line));
  return sortedRuns(shown, familyOf).join('\n');
}

/** Routes to addresses made from random MACs sort by those random bits: their order is sorted. */
function routeOrder(text: string): string {
  const symbolic = (line: string): string | undefined => (
    /^(?:\w+ )?fe80::(?:eui|bridge)\(/.test(line) ? 'eui' : undefined);
  return sortedRuns(text.split('\n'), symbolic).join('\n');
}

/** The dev of a non-root qdisc line other than clsact's (`… dev X parent …`). */
function hashedDev(line: string): string | undefined {
  return / dev (\S+) parent (?!ffff:fff1)/.exec(line)?.[1];
}

function qdiscOrder(text: string): string {
  const lines = autoHandles(text).split('\n');
  const withAuto = lines.filter((line) => line.includes('auto:')).map(hashedDev);
  const auto = new Set(withAuto.filter((dev) => dev !== undefined));
  return sortedRuns(lines, (line) => {
    const dev = hashedDev(line);
    return dev !== undefined && auto.has(dev) ? dev : undefined;
  }).join('\n');
}

/** The comparable form of one view's text on one backend. */
export function normalizeViewText(
  command: string, text: string, snapshot: NamespaceSnapshot, symbols: Symbols,
): string {
  const bridgeLinks = snapshot.links.filter((link) => link.kind === 'bridge');
  const bridges = new Set(bridgeLinks.map((link) => link.name));
  const plain = bridgeMacs(versionNoise(text), bridges);
  const normal = replaceSymbols(plain, withBridgeSymbols(snapshot, symbols));
  if (command.startsWith('ip neigh')) return neighOrder(normal);
  if (/^ip (-6 )?route/.test(command)) return routeOrder(normal);
  if (command.startsWith('tc qdisc')) return qdiscOrder(normal);
  if (command.startsWith('tc filter')) {
    return autoHandles(normal.replaceAll(' *flowid ', ' flowid '));
  }
  return normal;
}

/** Every view of every listed namespace that exists, normalised, keyed by normalised command. */
export async function observeTexts(
  kernel: KernelMachine, namespaces: readonly string[],
): Promise<ViewTexts> {
  return textsOf(kernel, await liveSnapshots(kernel, namespaces));
}

/** Snapshots of those of `namespaces` that exist, in that order. */
export async function liveSnapshots(
  kernel: KernelMachine, namespaces: readonly string[],
): Promise<NamespaceSnapshot[]> {
  const listed = await kernel.netnsList();
  const live = new Set(listed.ok ? listed.value : []);
  const snapshots: NamespaceSnapshot[] = [];
  for (const ns of namespaces) {
    if (!live.has(ns)) continue;
    const snapshot = await kernel.snapshot(ns);
    if (snapshot.ok) snapshots.push(snapshot.value);
  }
  return snapshots;
}

/** The normalised texts of every view of the snapshotted namespaces, as `kernel` prints them. */
export async function textsOf(
  kernel: KernelMachine, snapshots: readonly NamespaceSnapshot[],
): Promise<ViewTexts> {
  const symbols = symbolsOf(snapshots);
  const texts: Record<string, Record<string, string>> = {};
  for (const snapshot of snapshots) {
    const views = namespaceViews(snapshot);
    const printed = await kernel.iproute2(snapshot.namespace, views);
    if (!printed.ok) continue;
    texts[snapshot.namespace] = Object.fromEntries(views.map((view, at) => {
      const command = viewCommand(view);
      const text = normalizeViewText(command, printed.value[at] ?? '', snapshot, symbols);
      return [autoHandles(command), text];
    }));
  }
  return texts;
}

/** A line diff of two texts: `- model` / `+ linux` lines, shortest edit (texts are small). */
export function diffTexts(model: string, linux: string): string[] {
  const a = model.split('\n');
  const b = linux.split('\n');
  const row = (): number[] => new Array<number>(b.length + 1).fill(0);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, row);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const next = lcs[i + 1]!;
      lcs[i]![j] = a[i] === b[j] ? next[j + 1]! + 1 : Math.max(next[j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: string[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      lines.push(`- model: ${JSON.stringify(a[i++])}`);
    } else {
      lines.push(`+ linux: ${JSON.stringify(b[j++])}`);
    }
  }
  return lines;
}
