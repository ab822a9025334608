// `ip rule show`, `ip -6 rule show` and `ip neigh show` of one namespace, in iproute2's text
// (ip/iprule.c, ip/ipneigh.c). Rules come in lookup order (priority, then insertion); neighbours
// IPv4 first, then IPv6, each family in the snapshot's order (Linux lists a family in the order of
// its hash table, which has a random seed). `ip neigh show` leaves out NOARP entries, as iproute2
// does unless asked for `nud all`.

import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Neigh } from '../netlink/neighbour.js';
import type { Rule } from '../netlink/rule.js';
import { tableWord } from './words.js';

function prefixWord(prefix: string): string {
  const [address = '', length = ''] = prefix.split('/');
  return length === (address.includes(':') ? '128' : '32') ? address : prefix;
}

function actionWords(rule: Rule, priorities: ReadonlySet<number>): string {
  switch (rule.action) {
    case 'lookup': return `lookup ${tableWord(rule.table)}`;
    case 'goto': {
      const target = rule.gotoPriority ?? 0;
      return `goto ${target}${priorities.has(target) ? '' : ' [unresolved]'}`;
    }
    default: return rule.action;
  }
}

export function ruleLine(rule: Rule, priorities: ReadonlySet<number>): string {
  const from = rule.src === undefined ? 'all' : prefixWord(rule.src);
  const parts = [`${rule.invert ? 'not ' : ''}from ${from}`];
  if (rule.dst !== undefined) parts.push(`to ${prefixWord(rule.dst)}`);
  if (rule.tos !== 0) parts.push(`tos 0x${rule.tos.toString(16)}`);
  if (rule.fwmark !== undefined) {
    const whole = rule.fwmask === undefined || rule.fwmask === 0xffffffff;
    const mask = whole ? '' : `/0x${rule.fwmask!.toString(16)}`;
    parts.push(`fwmark 0x${rule.fwmark.toString(16)}${mask}`);
  }
  if (rule.iif !== undefined) parts.push(`iif ${rule.iif}`);
  if (rule.oif !== undefined) parts.push(`oif ${rule.oif}`);
  parts.push(actionWords(rule, priorities));
  if (rule.suppressPrefixLength >= 0) {
    parts.push(`suppress_prefixlength ${rule.suppressPrefixLength}`);
  }
  return `${rule.priority}:\t${parts.join(' ')}`;
}

export function renderIpRule(snapshot: NamespaceSnapshot, family: 4 | 6 = 4): string {
  const rules = snapshot.rules.filter((rule) => rule.family === family);
  const priorities = new Set(rules.map((rule) => rule.priority));
  return rules.map((rule) => `${ruleLine(rule, priorities)}\n`).join('');
}

function neighLine(neigh: Neigh, linkName: (index: number) => string): string {
  const lladdr = neigh.mac === undefined ? '' : ` lladdr ${neigh.mac}`;
  return `${neigh.ip} dev ${linkName(neigh.linkIndex)}${lladdr} ${neigh.state.toUpperCase()} `;
}

export function renderIpNeigh(snapshot: NamespaceSnapshot): string {
  const names = new Map(snapshot.links.map((link) => [link.index, link.name]));
  const linkName = (index: number): string => names.get(index) ?? `if${index}`;
  const shown = snapshot.neighs.filter((neigh) => neigh.state !== 'noarp');
  return [...shown.filter((n) => n.family === 4), ...shown.filter((n) => n.family === 6)]
    .map((neigh) => `${neighLine(neigh, linkName)}\n`).join('');
}
