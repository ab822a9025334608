// Reads a whole namespace of the real backend with one helper process: a shell runs every `ip`
// and `tc` listing (and reads the sysctls inside the namespace), separating their outputs with a
// marker line. Forking `ip` from a shell costs a fraction of starting a process from node, and a
// snapshot needs a dozen listings, so `kernel verify` spends most of its time here otherwise.
//
// The same way, `runViews` prints the iproute2 views a person would run (`ip -d link show`, …)
// for the text check, with the run's namespace prefix taken out of `link-netns` names.

import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Filter } from '../netlink/tc.js';
import { viewArgs, type Iproute2View } from '../render/views.js';
import type { Runner } from './exec.js';
import { parseAddrs, parseLinks, parseNeighs, parseNsids, parseRoutes, parseRules } from './parse-ip.js';
import { parseFilters, parseQdiscs } from './parse-tc.js';
import { linuxSysctlKeys } from './sysctl-keys.js';

/** Printed between two listings; no listing prints it. */
const marker = '@@terway-sim@@';

export interface ObserveContext {
  readonly run: Runner;
  /** The namespace's name on the machine. */
  readonly real: string;
  /** The caller's name for it, and for other namespaces of the run (netnsid lookups). */
  readonly logical: string;
  readonly toLogical: (real: string) => string;
  /** Logical name of the fabric namespace (its veth peers are ENI stand-ins). */
  readonly fabric: string;
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * A shell script running each argv and printing, after its output, an empty line and the marker:
 * split on newline-marker-newline, each section is exactly what the command printed.
 */
function script(commands: ReadonlyArray<readonly string[]>): string {
  return commands.map((argv) => `${argv.map(quote).join(' ')} 2>/dev/null; echo; echo ${marker}`).join('\n');
}

function sections(stdout: string, count: number): string[] | undefined {
  const parts = stdout.split(`\n${marker}\n`);
  if (parts.length < count) return undefined;
  return parts.slice(0, count);
}

function json(text: string): unknown {
  return text.trim() === '' ? [] : JSON.parse(text);
}

const sysctlScript = 'cd /proc/sys/net && grep -r "" ipv4/conf ipv6/conf ipv4/ip_forward 2>/dev/null; true';

function listings(ctx: ObserveContext): Array<readonly string[]> {
  const ip = (...args: string[]): string[] => ['ip', '-n', ctx.real, '-j', ...args];
  return [
    ip('-d', 'addr', 'show'), ip('netns', 'list-id'), ip('-4', 'route', 'show', 'table', 'all'),
    ip('-6', 'route', 'show', 'table', 'all'), ip('-4', 'rule', 'show'), ip('-6', 'rule', 'show'),
    ip('neigh', 'show', 'nud', 'all'), ['tc', '-n', ctx.real, '-j', 'qdisc', 'show'],
    ['ip', 'netns', 'exec', ctx.real, 'sh', '-c', sysctlScript],
  ];
}

export interface RawObservation {
  readonly snapshot: NamespaceSnapshot;
  /** The links as `ip -j -d addr show` gave them, for the caller's settle check. */
  readonly rawLinks: ReadonlyArray<Record<string, unknown>>;
}

/** One namespace's snapshot from one helper run (two when it has filters to list). */
export async function observeNamespace(ctx: ObserveContext): Promise<KernelResult<RawObservation>> {
  const commands = listings(ctx);
  const result = await ctx.run(['sh', '-c', script(commands)]);
  const parts = sections(result.stdout, commands.length);
  if (result.code !== 0 || parts === undefined) return kernelError('EIO', 'snapshot', `${ctx.logical}: listing failed: ${result.stderr.trim()}`);
  try {
    const [addrs = '', nsids = '', routes4 = '', routes6 = '', rules4 = '', rules6 = '', neighs = '', qdiscs = '', sysctls = ''] = parts;
    if (addrs.trim() === '') return kernelError('ENOENT', 'snapshot', `no network namespace ${JSON.stringify(ctx.logical)}`);
    const rawLinks = json(addrs) as Array<Record<string, unknown>>;
    const links = parseLinks(rawLinks, { namespace: ctx.logical, nsids: parseNsids(json(nsids), ctx.toLogical), fabric: ctx.fabric });
    const names = new Map(links.map((link) => [link.name, link.index]));
    const qdiscList = parseQdiscs(json(qdiscs), names, (entry) => (typeof entry.dev === 'string' ? entry.dev : undefined));
    const snapshot: NamespaceSnapshot = {
      namespace: ctx.logical, links, addrs: parseAddrs(rawLinks),
      routes: [...parseRoutes(json(routes4), 4, names), ...parseRoutes(json(routes6), 6, names)],
      rules: [...parseRules(json(rules4), 4), ...parseRules(json(rules6), 6)], neighs: parseNeighs(json(neighs), names),
      sysctls: sysctlsOf(sysctls), qdiscs: qdiscList, filters: [],
    };
    const filters = await filtersOf(ctx, snapshot);
    return filters.ok ? ok({ snapshot: { ...snapshot, filters: filters.value }, rawLinks }) : filters;
  } catch (error) {
    return kernelError('EIO', 'snapshot', `${ctx.logical}: unreadable listing: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sysctlsOf(text: string): Record<string, string> {
  const dump: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at < 0) continue;
    const path = `net/${line.slice(0, at)}`;
    if (linuxSysctlKeys(path)) dump[path] = line.slice(at + 1).trim();
  }
  return Object.fromEntries(Object.entries(dump).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function filtersOf(ctx: ObserveContext, snapshot: NamespaceSnapshot): Promise<KernelResult<Filter[]>> {
  const names = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const indexByName = new Map(snapshot.links.map((link) => [link.name, link.index]));
  const places = snapshot.qdiscs.flatMap((qdisc) => {
    const parents = qdisc.options.kind === 'clsact' ? ['ingress', 'egress'] : qdisc.options.kind === 'prio' ? [qdisc.handle] : [];
    return parents.map((parent) => ({ linkIndex: qdisc.linkIndex, dev: names.get(qdisc.linkIndex) ?? '', parent }));
  });
  if (places.length === 0) return ok([]);
  const commands = places.map(({ dev, parent }) => ['tc', '-n', ctx.real, 'filter', 'show', 'dev', dev,
    ...(parent === 'ingress' || parent === 'egress' ? [parent] : ['parent', parent])]);
  const result = await ctx.run(['sh', '-c', script(commands)]);
  const parts = sections(result.stdout, commands.length);
  if (parts === undefined) return kernelError('EIO', 'snapshot', `${ctx.logical}: filter listing failed: ${result.stderr.trim()}`);
  return ok(places.flatMap((place, at) => parseFilters(parts[at] ?? '', place.linkIndex, place.parent, indexByName)));
}

/**
 * The text each view prints (real `ip`/`tc` in the namespace), with the run's prefix taken out of
 * other namespaces' names. ENI stand-ins are shown as the devices they stand in for by `asDevices`.
 */
export async function runViews(
  ctx: ObserveContext, views: readonly Iproute2View[], asDevices: (text: string) => string,
): Promise<KernelResult<string[]>> {
  const commands = views.map((view) => [view.tool, '-n', ctx.real, ...viewArgs(view)]);
  const result = await ctx.run(['sh', '-c', script(commands)]);
  const parts = sections(result.stdout, commands.length);
  if (result.code !== 0 || parts === undefined) return kernelError('EIO', 'iproute2', `${ctx.logical}: ${result.stderr.trim()}`);
  return ok(parts.map((text) => asDevices(logicalNetnsNames(text, ctx.toLogical))));
}

function logicalNetnsNames(text: string, toLogical: (real: string) => string): string {
  return text.replace(/ link-netns (\S+)/g, (_whole, name: string) => ` link-netns ${toLogical(name)}`);
}
