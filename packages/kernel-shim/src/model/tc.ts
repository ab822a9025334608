// Qdiscs and u32 filters kept as data, with the kernel's bookkeeping rules (net/sched/sch_api.c
// `tc_modify_qdisc`/`tc_get_qdisc`, sch_generic.c `dev_activate`, sch_mq.c, cls_api.c, cls_u32.c):
//
// - A link that goes up without a root qdisc gets the kernel's default: `noqueue` for IFF_NO_QUEUE
//   links, else `mq` with one default-qdisc child per transmit queue in use when it is
//   multiqueue, else the default qdisc itself; all with handle `0:`, which cannot be deleted.
// - One qdisc per parent. An add over a default (or nothing) grafts; an add over an added qdisc is
//   EEXIST. A replace naming the same handle (or none) and kind changes it in place, keeping its
//   children; a new handle grafts a new one, dropping what hung below the old.
// - A qdisc added without a handle gets the next automatic handle, `8001:` on. Linux counts them
//   machine-wide; the model counts per namespace (docs/differences.md).
// - `mq` only at the root of a multiqueue link; its children are created with it, one per queue
//   in use, and each class up to the allocated queues may take a qdisc.
// - One clsact per link. A u32 filter needs its parent qdisc, shares a priority only with filters
//   of the same protocol, and gets a handle `<htid>::<node>` where each new priority on a qdisc
//   opens the next hash table (800:, 801:, …); its actions get the lowest free index per kind.
//
// Qdiscs of a namespace are kept in creation order; `qdiscDumpOrder` gives the kernel's listing.

import { assert, ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import type {
  Filter, FilterDelSpec, FilterSpec, Qdisc, QdiscOptions, QdiscSpec, TcAction,
} from '../netlink/tc.js';
import type { LinkState, NsState } from './state.js';

/** How many automatic handles the allocator tries before giving up (qdisc_alloc_handle). */
const autoHandleTriesMax = 0x10000;

function isIngress(qdisc: Qdisc): boolean {
  return qdisc.options.kind === 'clsact' || qdisc.options.kind === 'ingress';
}

/** The major number of a handle or class (`8001:` → 0x8001, `:3` → 0). */
export function majorOf(text: string): number {
  const major = text.split(':')[0] ?? '';
  return major === '' ? 0 : parseInt(major, 16);
}

function minorOf(text: string): number {
  return parseInt(text.split(':')[1] ?? '', 16);
}

function handleText(major: number): string {
  return `${major.toString(16)}:`;
}

/** A class of qdisc `major`, as tc prints it (`1:2`; `:2` under a default mq `0:`). */
function classText(major: number, minor: number): string {
  return `${major === 0 ? '' : major.toString(16)}:${minor.toString(16)}`;
}

function onLink(ns: NsState, link: LinkState): Qdisc[] {
  return ns.qdiscs.filter((q) => q.linkIndex === link.index);
}

function defaultOptions(ns: NsState): QdiscOptions {
  return { kind: ns.machine.defaultQdisc };
}

function mqChildren(ns: NsState, link: LinkState, major: number): Qdisc[] {
  return Array.from({ length: link.realTxQueues }, (_, queue) => ({
    linkIndex: link.index, handle: '0:', parent: classText(major, queue + 1),
    options: defaultOptions(ns),
  }));
}

/** dev_activate: a link without a root qdisc gets the kernel's default when it goes up. */
export function attachDefaultQdiscs(ns: NsState, link: LinkState): void {
  if (onLink(ns, link).some((q) => q.parent === 'root')) return;
  const root = (options: QdiscOptions): Qdisc => (
    { linkIndex: link.index, handle: '0:', parent: 'root', options });
  if (link.noQueue) ns.qdiscs.push(root({ kind: 'noqueue' }));
  else if (link.txQueues > 1) ns.qdiscs.push(root({ kind: 'mq' }), ...mqChildren(ns, link, 0));
  else ns.qdiscs.push(root(defaultOptions(ns)));
}

/** Removes `top` and every qdisc and filter below it on the link. */
function removeSubtree(ns: NsState, link: LinkState, top: Qdisc): void {
  const doomed = new Set<Qdisc>([top]);
  const majors = new Set<number>();
  for (let grew = true; grew;) {
    grew = false;
    for (const q of onLink(ns, link)) {
      if (doomed.has(q)) majors.add(majorOf(q.handle));
      const below = !isIngress(q) && q.parent !== 'root' && majors.has(majorOf(q.parent));
      if (doomed.has(q) || !below) continue;
      doomed.add(q);
      grew = true;
    }
  }
  const handles = new Set([...doomed].filter((q) => q.handle !== '0:').map((q) => q.handle));
  ns.qdiscs = ns.qdiscs.filter((q) => !doomed.has(q));
  ns.filters = ns.filters.filter((f) => f.linkIndex !== link.index || !handles.has(f.parent));
}

function allocateHandle(ns: NsState, link: LinkState): string {
  const taken = new Set(onLink(ns, link).map((q) => majorOf(q.handle)));
  for (let tries = 0; tries < autoHandleTriesMax; tries++) {
    ns.qdiscAutoHandle = ns.qdiscAutoHandle + 1 >= 0xffff ? 0x8001 : ns.qdiscAutoHandle + 1;
    if (!taken.has(ns.qdiscAutoHandle)) return handleText(ns.qdiscAutoHandle);
  }
  assert(false, () => `${ns.name}: no free automatic qdisc handle on ${link.name}`);
  return '';
}

export function qdiscWrite(
  ns: NsState, link: LinkState, spec: QdiscSpec, replace: boolean,
): KernelResult<Unit> {
  const op = replace ? 'qdiscReplace' : 'qdiscAdd';
  const kind = spec.options.kind;
  if (kind === 'clsact' || kind === 'ingress') {
    if (onLink(ns, link).some(isIngress)) {
      return replace
        ? ok(undefined)
        : kernelError('EEXIST', op, `${ns.name}: ${link.name} already has a ${kind} qdisc`);
    }
    ns.qdiscs.push({
      linkIndex: link.index,
      handle: 'ffff:',
      parent: 'clsact',
      options: spec.options,
    });
    return ok(undefined);
  }
  const parent = spec.parent ?? 'root';
  const where = `${ns.name}: ${link.name}`;
  if (kind === 'mq' && (parent !== 'root' || link.txQueues < 2)) {
    return kernelError('EOPNOTSUPP', op, `${where}: mq must be the root of a multiqueue link`);
  }
  if (parent !== 'root') {
    const found = classCheck(ns, link, parent);
    if (found !== undefined) return kernelError('ENOENT', op, `${where}: ${found}`);
  }
  const existing = onLink(ns, link).find((q) => q.parent === parent && !isIngress(q));
  if (existing !== undefined && existing.handle !== '0:') {
    const sameHandle = spec.handle === undefined || spec.handle === existing.handle;
    if (!replace) {
      const what = `already has qdisc ${existing.handle} at ${parent}`;
      return kernelError('EEXIST', op, `${where} ${what}`);
    }
    if (sameHandle && existing.options.kind === kind) return changeInPlace(ns, existing, spec);
    if (sameHandle && spec.handle !== undefined) {
      const what = `${existing.handle} is a ${existing.options.kind}, not a ${kind}`;
      return kernelError('EINVAL', op, `${where}: ${what}`);
    }
  }
  const elsewhere = onLink(ns, link).some((q) => q.handle === spec.handle && q !== existing);
  if (spec.handle !== undefined && elsewhere) {
    return kernelError('EINVAL', op, `${where}: qdisc ${spec.handle} exists under another parent`);
  }
  const handle = spec.handle ?? allocateHandle(ns, link);
  graft(ns, link, { parent, handle, options: spec.options }, existing);
  return ok(undefined);
}

function changeInPlace(ns: NsState, existing: Qdisc, spec: QdiscSpec): KernelResult<Unit> {
  ns.qdiscs[ns.qdiscs.indexOf(existing)] = { ...existing, options: spec.options };
  return ok(undefined);
}

function graft(
  ns: NsState, link: LinkState, made: Pick<Qdisc, 'parent' | 'handle' | 'options'>,
  existing: Qdisc | undefined,
): void {
  if (existing !== undefined) removeSubtree(ns, link, existing);
  ns.qdiscs.push({ linkIndex: link.index, ...made });
  if (made.options.kind === 'mq') ns.qdiscs.push(...mqChildren(ns, link, majorOf(made.handle)));
}

/** Why `parent` is not a class that can take a qdisc, or undefined when it is. */
function classCheck(ns: NsState, link: LinkState, parent: string): string | undefined {
  const major = majorOf(parent);
  const minor = minorOf(parent);
  const owner = onLink(ns, link).find((q) => (
    !isIngress(q) && majorOf(q.handle) === major && q.handle !== '0:'));
  if (owner === undefined) return `no qdisc ${handleText(major)} for class ${parent}`;
  const { options } = owner;
  const prioBands = options.kind === 'prio' ? options.bands : 0;
  const classes = options.kind === 'mq' ? link.txQueues : prioBands;
  if (minor >= 1 && minor <= classes) return undefined;
  return `${options.kind} ${owner.handle} has no class ${parent}`;
}

export function qdiscRemove(ns: NsState, link: LinkState, parent: string): KernelResult<Unit> {
  const where = `${ns.name}: ${link.name}`;
  if (parent === 'clsact' || parent === 'ingress') {
    const target = onLink(ns, link).find(isIngress);
    if (target === undefined) {
      return kernelError('ENOENT', 'qdiscDel', `${where} has no clsact qdisc`);
    }
    ns.qdiscs = ns.qdiscs.filter((q) => q !== target);
    const hooked = (f: Filter): boolean => f.parent === 'ingress' || f.parent === 'egress';
    ns.filters = ns.filters.filter((f) => f.linkIndex !== link.index || !hooked(f));
    return ok(undefined);
  }
  const target = onLink(ns, link).find((q) => q.parent === parent && !isIngress(q));
  if (target === undefined || target.handle === '0:') {
    const why = `no qdisc at ${parent} that can be deleted (a default has handle 0:)`;
    return kernelError('ENOENT', 'qdiscDel', `${where}: ${why}`);
  }
  removeSubtree(ns, link, target);
  if (parent === 'root' && link.up) attachDefaultQdiscs(ns, link);
  return ok(undefined);
}

/** hash_min(handle, 4): the bucket of the link's qdisc hash a qdisc is listed from. */
function hashBucket(handle: string): number {
  return Math.imul(majorOf(handle) << 16, 0x61c88647) >>> 28;
}

/**
 * The kernel's listing of one link (tc_dump_qdisc_root): the root, then every other qdisc by hash
 * bucket of its handle, newest first within a bucket, then clsact. Defaults beyond the queues in
 * use are not listed (mq hashes only those).
 */
export function qdiscDumpOrder(qdiscs: readonly Qdisc[]): Qdisc[] {
  const created = new Map(qdiscs.map((q, at) => [q, at]));
  const hashed = qdiscs.filter((q) => q.parent !== 'root' && !isIngress(q))
    .sort((a, b) => (
      hashBucket(a.handle) - hashBucket(b.handle) || created.get(b)! - created.get(a)!));
  return [...qdiscs.filter((q) => q.parent === 'root'), ...hashed, ...qdiscs.filter(isIngress)];
}

function blockOf(ns: NsState, link: LinkState, parent: string): string | undefined {
  const qdiscs = onLink(ns, link);
  if (parent === 'ingress' || parent === 'egress') {
    const clsact = qdiscs.find(isIngress);
    if (clsact === undefined || (parent === 'egress' && clsact.options.kind === 'ingress'))
      return undefined;
    return `${link.index}/ffff:`;
  }
  const prio = qdiscs.some((q) => q.handle === parent && q.options.kind === 'prio');
  return prio ? `${link.index}/${parent}` : undefined;
}

/** tcf_idr: each action of a kind takes the lowest index no live action of that kind holds. */
function indexActions(ns: NsState, actions: readonly TcAction[]): TcAction[] {
  const taken = new Map<string, Set<number>>();
  for (const action of ns.filters.flatMap((f) => f.actions)) {
    const set = taken.get(action.kind) ?? new Set<number>();
    if (action.index !== undefined) set.add(action.index);
    taken.set(action.kind, set);
  }
  return actions.map((action) => {
    const set = taken.get(action.kind) ?? new Set<number>();
    let index = 1;
    while (set.has(index)) index++;
    set.add(index);
    taken.set(action.kind, set);
    return { ...action, index };
  });
}

export function filterWrite(ns: NsState, link: LinkState, spec: FilterSpec): KernelResult<Filter> {
  const block = blockOf(ns, link, spec.parent);
  if (block === undefined)
    return kernelError(
      'EINVAL',
      'filterAdd',
      `${ns.name}: ${link.name} has no qdisc for filter parent ${spec.parent}`,
    );
  const samePrio = ns.filters.filter(
    (f) => f.linkIndex === link.index && f.parent === spec.parent && f.priority === spec.priority,
  );
  if (samePrio.some((f) => f.protocol !== spec.protocol)) {
    return kernelError(
      'EINVAL',
      'filterAdd',
      `${ns.name}: priority ${spec.priority} on ${link.name} holds another protocol`,
    );
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
  // tc marks a selector terminal when it carries a class or actions.
  const terminal = spec.terminal ?? (spec.classid !== undefined || spec.actions.length > 0);
  const filter: Filter = {
    ...spec, actions: indexActions(ns, spec.actions), terminal,
    handle: `${htid.toString(16)}::${node.toString(16)}`,
  };
  ns.filters.push(filter);
  return ok(filter);
}

export function filterRemove(
  ns: NsState,
  link: LinkState,
  spec: FilterDelSpec,
): KernelResult<Unit> {
  const selected = (f: Filter): boolean =>
    f.linkIndex === link.index &&
    f.parent === spec.parent &&
    f.priority === spec.priority &&
    (spec.protocol === undefined || f.protocol === spec.protocol) &&
    (spec.handle === undefined || f.handle === spec.handle);
  if (!ns.filters.some(selected))
    return kernelError(
      'ENOENT',
      'filterDel',
      `${ns.name}: no filter with priority ${spec.priority} at ${spec.parent} on ${link.name}`,
    );
  ns.filters = ns.filters.filter((f) => !selected(f));
  return ok(undefined);
}
