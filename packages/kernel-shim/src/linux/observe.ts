// Reads a whole namespace of the real backend with one shell script: the `ip` listings in two
// `ip -batch` runs (IPv6 rules need their own family filter) and `tc`, separating the outputs
// with a marker line; beside it, the helper shell that lives inside the namespace reads the
// sysctls with its own builtins. Starting a process from node costs many times what forking `ip`
// from a shell does, `ip -batch` answers several listings in one process, and the builtins start
// none; a snapshot needs a dozen listings, so `kernel verify` spends most of its time here
// otherwise.
//
// The same way, `runViews` prints the iproute2 views a person would run (`ip -d link show`, …)
// for the text check, with the run's namespace prefix taken out of `link-netns` names; the `ip`
// views that share options run in one `ip -batch`.

import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Filter } from '../netlink/tc.js';
import { viewArgs, type Iproute2View } from '../render/views.js';
import type { CommandResult, Runner } from './exec.js';
import { shellWord as quote } from './shell.js';
import {
  parseAddrs, parseLinks, parseNeighs, parseNsids, parseRoutes, parseRules,
} from './parse-ip.js';
import { parseFilters, parseQdiscs } from './parse-tc.js';
import { linuxSysctlKeys } from './sysctl-keys.js';
import { modelIpv4Keys, modelIpv6Keys } from '../model/sysctls.js';

/** Printed between two listings; no listing prints it. */
const marker = '@@terway-sim@@';

export interface ObserveContext {
  readonly run: Runner;
  /** Runs a script inside the namespace (its sysctls are the ones /proc/sys/net shows there). */
  readonly inNamespace: (script: string) => Promise<CommandResult>;
  /** The namespace's name on the machine. */
  readonly real: string;
  /** The caller's name for it, and for other namespaces of the run (netnsid lookups). */
  readonly logical: string;
  readonly toLogical: (real: string) => string;
  /** Logical name of the fabric namespace (its veth peers are ENI stand-ins). */
  readonly fabric: string;
}


/** A command: an argv, or a shell pipeline given as text (already quoted). */
type Command = readonly string[] | { readonly shell: string };

/**
 * A shell script running each command and printing, after its output, an empty line and the
 * marker: split on newline-marker-newline, each section is exactly what the command printed.
 */
function script(commands: readonly Command[]): string {
  return commands.map((command) => {
    const text = 'shell' in command ? command.shell : command.map(quote).join(' ');
    return `${text} 2>/dev/null; echo; echo ${marker}`;
  }).join('\n');
}

/** `ip -batch` with JSON output prints one JSON value per command, one after the other. */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (inString) {
      if (char === '\\') at++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (depth++ === 0) start = at;
    } else if ((char === ']' || char === '}') && --depth === 0) {
      values.push(JSON.parse(text.slice(start, at + 1)));
    }
  }
  return values;
}

function batch(real: string, options: readonly string[], lines: readonly string[]): Command {
  const input = lines.map(quote).join(' ');
  const ip = `ip -n ${quote(real)} -j ${options.join(' ')} -batch -`;
  return { shell: `printf '%s\\n' ${input} | ${ip}` };
}

function sections(stdout: string, count: number): string[] | undefined {
  const parts = stdout.split(`\n${marker}\n`);
  if (parts.length < count) return undefined;
  return parts.slice(0, count);
}

function json(text: string): unknown {
  return text.trim() === '' ? [] : JSON.parse(text);
}

function failed(
  op: string, ctx: ObserveContext, what: string, stderr: string,
): KernelResult<never> {
  return kernelError('EIO', op, `${ctx.logical}: ${what}: ${stderr.trim()}`);
}

/**
 * Prints `ipv4/conf/eth0/rp_filter:1` for every knob the model keeps (a link has about a hundred
 * more), as `grep -r` would, with bash's own `read`: no process at all. Run by bash inside the
 * namespace, whose knobs /proc/sys/net shows. (dash reads a byte at a time, and a sysctl file
 * read from an offset other than 0 ends there: dash would see `6` for `65536`.) A file that
 * cannot be read prints nothing, as with grep.
 */
const sysctlScript = ([
  ['ipv4/conf/*', modelIpv4Keys], ['ipv6/conf/*', modelIpv6Keys], ['ipv4', ['ip_forward']],
] as const).map(([dirs, keys]) => (
  `for d in /proc/sys/net/${dirs}; do for k in ${keys.join(' ')}; do `
  + '[ -f "$d/$k" ] && { v=; IFS= read -r v < "$d/$k"; '
  + '[ -n "$v" ] && printf \'%s:%s\\n\' "${d#/proc/sys/net/}/$k" "$v"; }; done; done'))
  .join('\n');

const generalListings = [
  'addr show', 'netns list-id', 'neigh show nud all', 'rule show', 'route show table all',
];

/** The listings, in the order `observeNamespace` reads their sections. */
function listings(ctx: ObserveContext): Command[] {
  return [
    batch(ctx.real, ['-d'], generalListings),
    batch(ctx.real, ['-6'], ['rule show']),
    ['tc', '-n', ctx.real, '-j', 'qdisc', 'show'],
  ];
}

/**
 * `route show table all` lists both families; the kernel gives every IPv6 route a router
 * preference (RTA_PREF) and no IPv4 route one, so `pref` tells them apart.
 */
function routesOfFamily(json: unknown, family: 4 | 6): unknown[] {
  const all = Array.isArray(json) ? (json as Array<Record<string, unknown>>) : [];
  return all.filter((route) => ('pref' in route ? 6 : 4) === family);
}

export interface RawObservation {
  readonly snapshot: NamespaceSnapshot;
  /** The links as `ip -j -d addr show` gave them, for the settle check and the link cache. */
  readonly rawLinks: Array<Record<string, unknown>>;
  /** Logical namespace names by netnsid, as `ip netns list-id` gave them. */
  readonly nsids: Map<number, string>;
}

/**
 * One namespace's snapshot from one helper run and, beside it, one read of its sysctls by the
 * shell inside it (a third run when it has filters to list).
 */
export async function observeNamespace(ctx: ObserveContext): Promise<KernelResult<RawObservation>> {
  const commands = listings(ctx);
  const [result, read] = await Promise.all([
    ctx.run(['sh', '-c', script(commands)]), ctx.inNamespace(sysctlScript),
  ]);
  const parts = sections(result.stdout, commands.length);
  if (result.code !== 0 || parts === undefined) {
    return failed('snapshot', ctx, 'listing failed', result.stderr);
  }
  if (read.code !== 0) return failed('snapshot', ctx, 'sysctl read failed', read.stderr);
  const sysctls = read.stdout;
  try {
    const [general = '', v6 = '', qdiscs = ''] = parts;
    const [addrs, nsids, neighs, rules4, routes] = jsonValues(general);
    const [rules6] = jsonValues(v6);
    if (addrs === undefined) {
      const missing = `no network namespace ${JSON.stringify(ctx.logical)}`;
      return kernelError('ENOENT', 'snapshot', missing);
    }
    const rawLinks = addrs as Array<Record<string, unknown>>;
    const nsidMap = parseNsids(nsids ?? [], ctx.toLogical);
    const context = { namespace: ctx.logical, nsids: nsidMap, fabric: ctx.fabric };
    const links = parseLinks(rawLinks, context);
    const names = new Map(links.map((link) => [link.name, link.index]));
    const devOf = (entry: Record<string, unknown>): string | undefined => (
      typeof entry.dev === 'string' ? entry.dev : undefined);
    const snapshot: NamespaceSnapshot = {
      namespace: ctx.logical, links, addrs: parseAddrs(rawLinks),
      routes: [...parseRoutes(routesOfFamily(routes, 4), 4, names),
        ...parseRoutes(routesOfFamily(routes, 6), 6, names)],
      rules: [...parseRules(rules4 ?? [], 4), ...parseRules(rules6 ?? [], 6)],
      neighs: parseNeighs(neighs ?? [], names), sysctls: sysctlsOf(sysctls),
      qdiscs: parseQdiscs(json(qdiscs), names, devOf), filters: [],
    };
    const filters = await filtersOf(ctx, snapshot);
    if (!filters.ok) return filters;
    return ok({ snapshot: { ...snapshot, filters: filters.value }, rawLinks, nsids: nsidMap });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return failed('snapshot', ctx, 'unreadable listing', why);
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

function filterParents(qdisc: NamespaceSnapshot['qdiscs'][number]): string[] {
  if (qdisc.options.kind === 'clsact') return ['ingress', 'egress'];
  return qdisc.options.kind === 'prio' ? [qdisc.handle] : [];
}

async function filtersOf(
  ctx: ObserveContext, snapshot: NamespaceSnapshot,
): Promise<KernelResult<Filter[]>> {
  const names = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const indexByName = new Map(snapshot.links.map((link) => [link.name, link.index]));
  const places = snapshot.qdiscs.flatMap((qdisc) => filterParents(qdisc).map((parent) => ({
    linkIndex: qdisc.linkIndex, dev: names.get(qdisc.linkIndex) ?? '', parent,
  })));
  if (places.length === 0) return ok([]);
  const commands = places.map(({ dev, parent }) => [
    'tc', '-n', ctx.real, 'filter', 'show', 'dev', dev,
    ...(parent === 'ingress' || parent === 'egress' ? [parent] : ['parent', parent]),
  ]);
  const result = await ctx.run(['sh', '-c', script(commands)]);
  const parts = sections(result.stdout, commands.length);
  if (parts === undefined) return failed('snapshot', ctx, 'filter listing failed', result.stderr);
  return ok(places.flatMap((place, at) => (
    parseFilters(parts[at] ?? '', place.linkIndex, place.parent, indexByName))));
}

/** Views whose commands run together: `ip` views with the same options, or one other view. */
interface ViewGroup {
  readonly at: readonly number[];
  readonly command: Command;
}

/**
 * `ip` views with the same options (`-d`, `-6`, none) run as one `ip -batch`, each command
 * followed by `netns identify`, which prints the namespace's own name: a line no view prints,
 * that separates their outputs (`splitIdentified`). One process instead of one per view.
 */
function viewGroups(ctx: ObserveContext, views: readonly Iproute2View[]): ViewGroup[] {
  const groups: Array<{ at: number[]; options: string; lines: string[] } | ViewGroup> = [];
  const batches = new Map<string, { at: number[]; options: string; lines: string[] }>();
  views.forEach((view, at) => {
    const args = viewArgs(view);
    if (view.tool !== 'ip') {
      groups.push({ at: [at], command: [view.tool, '-n', ctx.real, ...args] });
      return;
    }
    const options = args.filter((arg) => arg.startsWith('-')).join(' ');
    let batched = batches.get(options);
    if (batched === undefined) {
      batched = { at: [], options, lines: [] };
      batches.set(options, batched);
      groups.push(batched);
    }
    batched.at.push(at);
    batched.lines.push(args.filter((arg) => !arg.startsWith('-')).join(' '), 'netns identify');
  });
  return groups.map((group) => ('command' in group ? group : {
    at: group.at,
    command: { shell: `printf '%s\\n' ${group.lines.map(quote).join(' ')} | `
      + `ip -n ${quote(ctx.real)} ${group.options} -batch -` },
  }));
}

/** The outputs of a batch whose commands each ended with a line `separator`, or undefined. */
export function splitIdentified(
  text: string, separator: string, count: number,
): string[] | undefined {
  const outputs: string[] = [];
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line !== separator) {
      lines.push(line);
      continue;
    }
    outputs.push(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    lines = [];
  }
  const rest = lines.join('\n');
  return outputs.length === count && rest === '' ? outputs : undefined;
}

/**
 * The text each view prints (real `ip`/`tc` in the namespace), with the run's prefix taken out of
 * other namespaces' names. `asDevices` shows ENI stand-ins as the devices they stand in for.
 */
export async function runViews(
  ctx: ObserveContext, views: readonly Iproute2View[], asDevices: (text: string) => string,
): Promise<KernelResult<string[]>> {
  const groups = viewGroups(ctx, views);
  const result = await ctx.run(['sh', '-c', script(groups.map((group) => group.command))]);
  const parts = sections(result.stdout, groups.length);
  const texts: string[] = new Array<string>(views.length).fill('');
  for (const [index, group] of groups.entries()) {
    const part = parts?.[index];
    const outputs = part === undefined ? undefined
      : 'shell' in group.command ? splitIdentified(part, ctx.real, group.at.length) : [part];
    if (result.code !== 0 || outputs === undefined)
      return failed('iproute2', ctx, 'listing failed', result.stderr);
    group.at.forEach((at, nth) => { texts[at] = outputs[nth] ?? ''; });
  }
  return ok(texts.map((text) => asDevices(logicalNetnsNames(text, ctx.toLogical))));
}

function logicalNetnsNames(text: string, toLogical: (real: string) => string): string {
  const named = (_whole: string, name: string): string => ` link-netns ${toLogical(name)}`;
  return text.replace(/ link-netns (\S+)/g, named);
}
