// `tc qdisc show [dev X]` and `tc filter show dev X <parent>` of one namespace, in tc's text
// (tc/tc_qdisc.c, tc/q_*.c, tc/f_u32.c, tc/m_*.c as iproute2 6.1 prints them). Qdiscs come in the
// order the snapshot lists them (the kernel's dump order); filters by priority, then node.
//
// Checked against Linux: noqueue, pfifo_fast, mq, tbf, clsact, u32 keys and mirred actions. The
// fq, fq_codel and prio options and the vlan, tunnel_key and skbedit actions follow iproute2's
// printers but cannot be checked on the development machine (its kernel lacks them).

import type { NamespaceSnapshot } from '../netlink/kernel.js';
import type { Link } from '../netlink/link.js';
import type { Filter, Qdisc, QdiscOptions, TcAction } from '../netlink/tc.js';
import { tbfReportedBurstMicros, tcRate, tcSize, tcTime } from './words.js';

const defaultPriomap = '1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1';

/** psched_mtu: what fq and fq_codel size their quanta from (MTU plus the Ethernet header). */
function pschedMtu(link: Link | undefined): number {
  return (link?.mtu ?? 1500) + 14;
}

function tbfText(options: Extract<QdiscOptions, { kind: 'tbf' }>): string {
  const rate = options.rateBytesPerSecond;
  const bufferMicros = tbfReportedBurstMicros(rate, options.burstBytes);
  const burst = (rate * bufferMicros) / 1_000_000;
  const latency = (1_000_000 * options.limitBytes) / rate - bufferMicros;
  return `rate ${tcRate(rate)} burst ${tcSize(burst)} lat ${tcTime(latency)} `;
}

function optionsText(options: QdiscOptions, link: Link | undefined): string {
  const mtu = pschedMtu(link);
  switch (options.kind) {
    case 'pfifo_fast': return `bands 3 priomap ${defaultPriomap}`;
    case 'prio': return `bands ${options.bands} priomap ${options.priomap.join(' ')}`;
    case 'tbf': return tbfText(options);
    case 'fq':
      return 'limit 10000p flow_limit 100p buckets 1024 orphan_mask 1023 '
        + `quantum ${tcSize(2 * mtu)} initial_quantum ${tcSize(10 * mtu)} `
        + 'low_rate_threshold 550Kbit refill_delay 40ms timer_slack 10us horizon 10s horizon_drop ';
    case 'fq_codel':
      return `limit 10240p flows 1024 quantum ${mtu} target 5ms interval 100ms `
        + 'memory_limit 32Mb ecn drop_batch 64 ';
    case 'ingress': return '---------------- ';
    default: return '';
  }
}

/**
 * `refcnt` as the kernel counts it: a default root is held by its queue and the device; a root
 * grafted on every transmit queue by each of them and the device; mq and everything below a root
 * by one holder, which tc does not print.
 */
function refcount(qdisc: Qdisc, link: Link | undefined): number {
  if (qdisc.parent !== 'root' || qdisc.options.kind === 'mq') return 1;
  if (qdisc.handle === '0:') return 2;
  return (link?.txQueues ?? 1) + 1;
}

function parentWords(qdisc: Qdisc): string {
  if (qdisc.parent === 'root') return 'root';
  if (qdisc.parent === 'clsact') return 'parent ffff:fff1';
  return `parent ${qdisc.parent}`;
}

export function qdiscLine(qdisc: Qdisc, link: Link | undefined, withDev: boolean): string {
  const dev = withDev ? ` dev ${link?.name ?? `if${qdisc.linkIndex}`}` : '';
  const count = refcount(qdisc, link);
  const refcnt = count === 1 ? '' : ` refcnt ${count}`;
  const where = `${parentWords(qdisc)}${refcnt}`;
  const options = optionsText(qdisc.options, link);
  return `qdisc ${qdisc.options.kind} ${qdisc.handle}${dev} ${where} ${options}`;
}

/** `tc qdisc show` (every link), or `tc qdisc show dev NAME`. */
export function renderTcQdisc(snapshot: NamespaceSnapshot, dev?: string): string {
  const byIndex = new Map(snapshot.links.map((link) => [link.index, link]));
  return snapshot.qdiscs
    .filter((qdisc) => dev === undefined || byIndex.get(qdisc.linkIndex)?.name === dev)
    .map((qdisc) => `${qdiscLine(qdisc, byIndex.get(qdisc.linkIndex), dev === undefined)}\n`)
    .join('');
}

function protocolWord(protocol: Filter['protocol']): string {
  return typeof protocol === 'number' ? `0x${protocol.toString(16).padStart(4, '0')}` : protocol;
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function actionText(action: TcAction, linkName: (index: number) => string): string {
  switch (action.kind) {
    case 'vlan': return action.op === 'pop' ? `vlan  pop ${action.control}`
      : `vlan  push id ${action.vlanId} protocol 802.1Q priority 0 ${action.control}`;
    case 'tunnel_key': return `tunnel_key  unset ${action.control}`;
    case 'skbedit': return `skbedit  ptype ${action.ptype} ${action.control}`;
    case 'mirred': {
      const direction = action.direction === 'ingress' ? 'Ingress' : 'Egress';
      const op = action.op === 'redirect' ? 'Redirect' : 'Mirror';
      const target = linkName(action.targetIndex);
      return `mirred (${direction} ${op} to device ${target}) ${action.control}`;
    }
  }
}

/** u32 print: a class (`*` when not terminal), or `terminal flowid ` without one. */
function flowWords(filter: Filter): string {
  if (filter.classid !== undefined) return `${filter.terminal ? '' : '*'}flowid ${filter.classid} `;
  return filter.terminal ? 'terminal flowid ' : '';
}

function nodeOf(filter: Filter): number {
  return parseInt(filter.handle.split(':')[2] ?? '0', 16);
}

function filterLines(filter: Filter, head: string, linkName: (index: number) => string): string[] {
  const htid = filter.handle.split(':')[0] ?? '';
  const key = `key ht ${htid} bkt 0 ${flowWords(filter)}not_in_hw `;
  const lines = [`${head} fh ${filter.handle} order ${nodeOf(filter)} ${key}`];
  for (const match of filter.keys) {
    lines.push(`  match ${hex8(match.value)}/${hex8(match.mask)} at ${match.offset}`);
  }
  filter.actions.forEach((action, at) => {
    lines.push(`\taction order ${at + 1}: ${actionText(action, linkName)}`);
    lines.push(`\tindex ${action.index ?? 0} ref 1 bind 1`, '');
  });
  return lines;
}

/** `tc filter show dev NAME PARENT` (`ingress`, `egress` or a qdisc handle). */
export function renderTcFilter(snapshot: NamespaceSnapshot, dev: string, parent: string): string {
  const link = snapshot.links.find((candidate) => candidate.name === dev);
  if (link === undefined) return '';
  const names = new Map(snapshot.links.map((candidate) => [candidate.index, candidate.name]));
  const linkName = (index: number): string => names.get(index) ?? `if${index}`;
  const filters = snapshot.filters.filter((f) => f.linkIndex === link.index && f.parent === parent);
  const priorities = [...new Set(filters.map((filter) => filter.priority))].sort((a, b) => a - b);
  const lines = priorities.flatMap((priority) => {
    const group = filters.filter((filter) => filter.priority === priority)
      .sort((a, b) => nodeOf(a) - nodeOf(b));
    const head = `filter protocol ${protocolWord(group[0]!.protocol)} pref ${priority} u32 chain 0`;
    const htid = group[0]!.handle.split(':')[0];
    const nodes = group.flatMap((filter) => filterLines(filter, head, linkName));
    return [`${head} `, `${head} fh ${htid}: ht divisor 1 `, ...nodes];
  });
  return lines.map((line) => `${line}\n`).join('');
}
