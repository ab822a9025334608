// Qdiscs and u32 filters kept as data, with the kernel's bookkeeping rules (net/sched/sch_api.c,
// cls_api.c, cls_u32.c): one clsact per link; one qdisc per parent (add is EEXIST, replace swaps
// it and drops what hung below it); mq has one class per transmit queue; a u32 filter needs its
// parent qdisc, shares a priority only with filters of the same protocol, and gets a handle
// `<htid>::<node>` where each new priority on a qdisc opens the next hash table (800:, 801:, …).

import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import type { Filter, FilterDelSpec, FilterSpec, Qdisc, QdiscSpec } from '../netlink/tc.js';
import type { LinkState, NsState } from './state.js';

/** Transmit queues of a link: mq creates one class per queue. Veths have one here. */
export function txQueuesOf(link: LinkState, deviceTxQueues: number): number {
  return link.kind === 'device' ? deviceTxQueues : 1;
}

function isClsact(qdisc: Qdisc): boolean {
  return qdisc.options.kind === 'clsact' || qdisc.options.kind === 'ingress';
}

function dropBelow(ns: NsState, link: LinkState, handle: string): void {
  const major = handle.split(':')[0];
  ns.qdiscs = ns.qdiscs.filter((q) => q.linkIndex !== link.index || q.parent.split(':')[0] !== major || q.parent === 'root');
  ns.filters = ns.filters.filter((f) => f.linkIndex !== link.index || f.parent !== handle);
}

export function qdiscWrite(ns: NsState, link: LinkState, spec: QdiscSpec, replace: boolean, deviceTxQueues: number): KernelResult<Unit> {
  const op = replace ? 'qdiscReplace' : 'qdiscAdd';
  const kind = spec.options.kind;
  const onLink = ns.qdiscs.filter((q) => q.linkIndex === link.index);
  if (kind === 'clsact' || kind === 'ingress') {
    if (onLink.some(isClsact)) {
      return replace ? ok(undefined) : kernelError('EEXIST', op, `${ns.name}: ${link.name} already has a ${kind} qdisc`);
    }
    ns.qdiscs.push({ linkIndex: link.index, handle: 'ffff:', parent: 'clsact', options: spec.options });
    return ok(undefined);
  }
  const parent = spec.parent ?? 'root';
  if (parent !== 'root' && !classExists(onLink, parent, link, deviceTxQueues)) {
    return kernelError('ENOENT', op, `${ns.name}: ${link.name} has no class ${parent}`);
  }
  if (kind === 'mq' && (parent !== 'root' || txQueuesOf(link, deviceTxQueues) < 1)) {
    return kernelError('EOPNOTSUPP', op, `${ns.name}: mq must be the root qdisc of a multiqueue link`);
  }
  const existing = onLink.find((q) => q.parent === parent && !isClsact(q));
  if (existing !== undefined && !replace) return kernelError('EEXIST', op, `${ns.name}: ${link.name} already has a qdisc at ${parent}`);
  if (existing !== undefined) {
    ns.qdiscs = ns.qdiscs.filter((q) => q !== existing);
    dropBelow(ns, link, existing.handle);
  }
  ns.qdiscs.push({ linkIndex: link.index, handle: spec.handle ?? '1:', parent, options: spec.options });
  return ok(undefined);
}

function classExists(onLink: readonly Qdisc[], parent: string, link: LinkState, deviceTxQueues: number): boolean {
  const [major, minorText] = parent.split(':');
  const minor = parseInt(minorText ?? '', 16);
  const owner = onLink.find((q) => q.handle === `${major}:`);
  if (owner === undefined || !(minor >= 1)) return false;
  if (owner.options.kind === 'mq') return minor <= txQueuesOf(link, deviceTxQueues);
  if (owner.options.kind === 'prio') return minor <= owner.options.bands;
  return false;
}

export function qdiscRemove(ns: NsState, link: LinkState, parent: string): KernelResult<Unit> {
  const target = ns.qdiscs.find((q) => q.linkIndex === link.index &&
    (parent === 'clsact' || parent === 'ingress' ? isClsact(q) : q.parent === parent && !isClsact(q)));
  if (target === undefined) return kernelError('ENOENT', 'qdiscDel', `${ns.name}: no qdisc at ${parent} on ${link.name}`);
  ns.qdiscs = ns.qdiscs.filter((q) => q !== target);
  if (isClsact(target)) ns.filters = ns.filters.filter((f) => f.linkIndex !== link.index || (f.parent !== 'ingress' && f.parent !== 'egress'));
  else dropBelow(ns, link, target.handle);
  return ok(undefined);
}

function blockOf(ns: NsState, link: LinkState, parent: string): string | undefined {
  const onLink = ns.qdiscs.filter((q) => q.linkIndex === link.index);
  if (parent === 'ingress' || parent === 'egress') {
    const clsact = onLink.find(isClsact);
    if (clsact === undefined || (parent === 'egress' && clsact.options.kind === 'ingress')) return undefined;
    return `${link.index}/ffff:`;
  }
  return onLink.some((q) => q.handle === parent && q.options.kind === 'prio') ? `${link.index}/${parent}` : undefined;
}

export function filterWrite(ns: NsState, link: LinkState, spec: FilterSpec): KernelResult<Filter> {
  const block = blockOf(ns, link, spec.parent);
  if (block === undefined) return kernelError('EINVAL', 'filterAdd', `${ns.name}: ${link.name} has no qdisc for filter parent ${spec.parent}`);
  const samePrio = ns.filters.filter((f) => f.linkIndex === link.index && f.parent === spec.parent && f.priority === spec.priority);
  if (samePrio.some((f) => f.protocol !== spec.protocol)) {
    return kernelError('EINVAL', 'filterAdd', `${ns.name}: priority ${spec.priority} on ${link.name} holds another protocol`);
  }
  let htid: number;
  if (samePrio.length > 0) {
    htid = parseInt(samePrio[0]!.handle.split(':')[0]!, 16);
  } else {
    htid = ns.u32Htids.get(block) ?? 0x800;
    ns.u32Htids.set(block, htid + 1);
  }
  const nodes = samePrio.map((f) => parseInt(f.handle.split(':')[2]!, 16));
  const node = nodes.length === 0 ? 0x800 : Math.max(...nodes) + 1;
  const filter: Filter = { ...spec, terminal: spec.terminal ?? false, handle: `${htid.toString(16)}::${node.toString(16)}` };
  ns.filters.push(filter);
  return ok(filter);
}

export function filterRemove(ns: NsState, link: LinkState, spec: FilterDelSpec): KernelResult<Unit> {
  const selected = (f: Filter): boolean => f.linkIndex === link.index && f.parent === spec.parent &&
    f.priority === spec.priority && (spec.protocol === undefined || f.protocol === spec.protocol) &&
    (spec.handle === undefined || f.handle === spec.handle);
  if (!ns.filters.some(selected)) return kernelError('ENOENT', 'filterDel', `${ns.name}: no filter with priority ${spec.priority} at ${spec.parent} on ${link.name}`);
  ns.filters = ns.filters.filter((f) => !selected(f));
  return ok(undefined);
}
