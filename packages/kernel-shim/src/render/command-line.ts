// The `ip` and `tc` command lines people type, read into the view they print: `ip a`,
// `ip -d link show dev eth0`, `ip -6 r show table all`, `tc qdisc show dev eth1`,
// `tc filter show dev eth1 egress`. Objects and verbs take iproute2's own abbreviations (any
// prefix that matches_() in ip/ip.c and tc/tc.c accepts: `a`, `addr`, `address`; `ru`, `rule`),
// so a trainee's habits work. Only the show commands exist: a checkpoint is read, never changed.
//
// When to use: `terway-sim inspect … ip|tc …` and anything else that takes a typed command.
// Gotcha: `dev NAME` on `ip link|addr` narrows the text to that link's block (`selectLink`), as
// iproute2 does; an unknown device is an error naming the devices that exist, as `ip` says
// `Device "x" does not exist.`

import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Iproute2View } from './views.js';

/** A view and, for `ip link|addr show [dev] NAME`, the one link to print. */
export interface Iproute2Command {
  readonly view: Iproute2View;
  readonly dev?: string;
}

export type CommandLineResult =
  | { readonly ok: true; readonly value: Iproute2Command }
  | { readonly ok: false; readonly error: string };

const ipObjects = ['link', 'address', 'route', 'rule', 'neighbour'] as const;
type IpObject = typeof ipObjects[number];
/** The shortest prefix iproute2 accepts for each object (`ip r` is route, `ip ru` rule). */
const ipObjectMinimum: Readonly<Record<IpObject, number>> = {
  link: 1, address: 1, route: 1, rule: 2, neighbour: 1,
};

function refuse(error: string): CommandLineResult {
  return { ok: false, error };
}

/** Whether `word` abbreviates `full` (at least `minimum` characters), as iproute2 matches. */
function abbreviates(word: string, full: string, minimum = 1): boolean {
  return word.length >= minimum && full.startsWith(word);
}

function ipObject(word: string | undefined): IpObject | undefined {
  if (word === undefined) return undefined;
  if (word === 'neighbor') return 'neighbour';
  if (word === 'addr') return 'address';
  // `ip r` is route: iproute2 tries objects in its table order, where route precedes rule.
  return ipObjects.find((object) => abbreviates(word, object, ipObjectMinimum[object]));
}

/** Reads `ip [-4|-6] [-d] OBJECT [show|list] [ARGS]`. */
export function parseIpCommand(args: readonly string[]): CommandLineResult {
  let family: 4 | 6 | undefined;
  let details = false;
  let index = 0;
  for (; index < args.length && args[index]!.startsWith('-'); index += 1) {
    const flag = args[index]!;
    if (flag === '-4') family = 4;
    else if (flag === '-6') family = 6;
    else if (flag === '-d' || flag === '-details') details = true;
    else return refuse(`ip: option ${flag} is not offered; use -4, -6 or -d`);
  }
  const object = ipObject(args[index]);
  if (object === undefined) {
    return refuse(`ip: object ${args[index] ?? '(none)'} is not offered; use link, addr, route, ` +
      'rule or neigh');
  }
  const rest = showArguments(args.slice(index + 1));
  if (!rest.ok) return refuse(`ip ${object}: ${rest.error}`);
  return ipView(object, { family, details }, rest.value);
}

/** Drops a leading `show`/`list`/`lst`; any other verb would change the namespace. */
function showArguments(args: readonly string[]):
  { ok: true; value: readonly string[] } | { ok: false; error: string } {
  const [verb, ...rest] = args;
  if (verb === undefined) return { ok: true, value: [] };
  if (abbreviates(verb, 'show') || abbreviates(verb, 'list') || verb === 'lst') {
    return { ok: true, value: rest };
  }
  if (!/^[a-z]+$/.test(verb) || verb === 'dev' || verb === 'table') {
    return { ok: true, value: args };
  }
  return { ok: false,
    error: `only show is offered (a checkpoint is read, never changed), not ${verb}` };
}

function ipView(object: IpObject, flags: { family: 4 | 6 | undefined; details: boolean },
  args: readonly string[]): CommandLineResult {
  switch (object) {
    case 'link':
    case 'address': {
      const dev = deviceArgument(args);
      if (!dev.ok) return refuse(`ip ${object}: ${dev.error}`);
      const view: Iproute2View = object === 'link'
        ? { tool: 'ip', object: 'link', details: flags.details } : { tool: 'ip', object: 'addr' };
      return { ok: true, value: dev.value === undefined ? { view } : { view, dev: dev.value } };
    }
    case 'route': return routeView(flags.family, args);
    case 'rule':
      if (args.length > 0) return refuse(`ip rule: unexpected ${args.join(' ')}`);
      return { ok: true,
        value: { view: { tool: 'ip', object: 'rule', family: flags.family ?? 4 } } };
    case 'neighbour':
      if (args.length > 0) return refuse(`ip neigh: unexpected ${args.join(' ')}`);
      return { ok: true, value: { view: { tool: 'ip', object: 'neigh' } } };
  }
}

/** `[dev] NAME` or nothing. */
function deviceArgument(args: readonly string[]):
  { ok: true; value: string | undefined } | { ok: false; error: string } {
  const words = args[0] === 'dev' ? args.slice(1) : args;
  if (args[0] === 'dev' && words.length === 0) return { ok: false, error: 'dev needs a name' };
  if (words.length > 1) return { ok: false, error: `unexpected ${words.slice(1).join(' ')}` };
  return { ok: true, value: words[0] };
}

function routeView(family: 4 | 6 | undefined, args: readonly string[]): CommandLineResult {
  if (args.length === 0) {
    return { ok: true, value: { view: { tool: 'ip', object: 'route', family: family ?? 4 } } };
  }
  if (args[0] !== 'table' || args.length !== 2) {
    return refuse('ip route: only show [table all|main|local|ID] is offered, not ' +
      args.join(' '));
  }
  const word = args[1]!;
  const named: Readonly<Record<string, number | 'all'>> = { all: 'all', main: 254, local: 255 };
  const table = named[word] ?? (/^\d+$/.test(word) ? Number(word) : undefined);
  if (table === undefined) {
    return refuse(`ip route: table ${word} is not all, main, local or a number`);
  }
  const view: Iproute2View = family === undefined
    ? { tool: 'ip', object: 'route', table } : { tool: 'ip', object: 'route', family, table };
  return { ok: true, value: { view } };
}

/** Reads `tc qdisc show [dev NAME]` and `tc filter show dev NAME ingress|egress|parent H`. */
export function parseTcCommand(args: readonly string[]): CommandLineResult {
  const [object, ...after] = args;
  const rest = showArguments(after);
  if (!rest.ok) return refuse(`tc ${object ?? ''}: ${rest.error}`);
  const words = rest.value;
  if (object !== undefined && abbreviates(object, 'qdisc')) {
    if (words.length === 0) return { ok: true, value: { view: { tool: 'tc', object: 'qdisc' } } };
    if (words[0] === 'dev' && words.length === 2) {
      return { ok: true, value: { view: { tool: 'tc', object: 'qdisc', dev: words[1]! } } };
    }
    return refuse(`tc qdisc: only show [dev NAME] is offered, not ${words.join(' ')}`);
  }
  if (object !== undefined && abbreviates(object, 'filter')) {
    const [devWord, dev, parentWord, parent] = words;
    const where = parentWord === 'ingress' || parentWord === 'egress' ? parentWord
      : parentWord === 'parent' ? parent : undefined;
    const count = parentWord === 'parent' ? 4 : 3;
    if (devWord !== 'dev' || dev === undefined || where === undefined || words.length !== count) {
      return refuse('tc filter: show dev NAME ingress|egress|parent HANDLE is expected');
    }
    return { ok: true, value: { view: { tool: 'tc', object: 'filter', dev, parent: where } } };
  }
  return refuse(`tc: object ${object ?? '(none)'} is not offered; use qdisc or filter`);
}

/**
 * Checks that the command's devices exist in the namespace; the error is iproute2's words and
 * the names there are.
 */
export function checkDevices(snapshot: NamespaceSnapshot,
  command: Iproute2Command): string | undefined {
  const view = command.view;
  const dev = command.dev ?? ('dev' in view ? view.dev : undefined);
  if (dev === undefined || snapshot.links.some((link) => link.name === dev)) return undefined;
  const names = snapshot.links.map((link) => link.name).join(', ');
  return `Cannot find device "${dev}"; devices here: ${names}`;
}

/** The block of `ip link|addr` text that belongs to link `dev` (its header and indented lines). */
export function selectLink(text: string, dev: string): string {
  const blocks = text.split(/(?=^\d+: )/m);
  return blocks.filter((block) => {
    const name = /^\d+: ([^:@]+)[@:]/.exec(block)?.[1];
    return name === dev;
  }).join('');
}
