// The u32 filters Terway installs (plugin/driver/utils/utils_linux.go, plugin/datapath/
// ipvlan_linux.go): the trunk ENI's ingress `vlan pop` and per-pod egress `vlan push id <vid>`
// (tc-based VLAN tagging when vlan_strip_type is not "vlan"), the network-priority classifiers
// under each prio qdisc, their deletion by pod source address, and IPVlan's redirect of service
// and host_stack_cidrs traffic into the host stack.
//
// Gotcha reproduced on purpose: the IPVlan cleanup of redirect filters that no longer match only
// deletes filters of priority 4000, while it installs them at 40000, so stale redirects stay
// (a Terway quirk, kept).

import { ok } from '@terway-sim/sim-base';
import {
  tcParentEgress, tcParentIngress, type Filter, type FilterSpec, type Link, type TcAction,
} from '@terway-sim/kernel-shim';
import { tcPriority } from '../constants.js';
import { commandFailed, failure } from '../errors.js';
import { familyOf, withMaxMask } from '../ip.js';
import { noteChange, type ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { ensureClsact, ensureMq, ensurePrioUnderMq, prioQdiscs } from './qdisc.js';
import { containsKeys, dstKeyV4, filterBySrcIp, srcKeys } from './u32.js';

async function listFilters(
  ctx: ExecContext, ns: string, link: Link, parent: string,
): Promise<DpResult<readonly Filter[]>> {
  const listed = await ctx.kernel.filterList(ns, { linkIndex: link.index, parent });
  if (!listed.ok) return failure(
    `list filter for ${link.name} error, ${listed.error.message}`, listed.error.errno,
  );
  return listed;
}

async function filterAdd(
  ctx: ExecContext, ns: string, link: Link, spec: FilterSpec,
): Promise<DpResult<void>> {
  const command = `tc filter add dev ${link.name} parent ${spec.parent} prio ${spec.priority} `
    + `protocol ${String(spec.protocol)} u32`;
  const added = await ctx.kernel.filterAdd(ns, spec);
  if (!added.ok) return commandFailed(command, added.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}

async function filterDel(
  ctx: ExecContext, ns: string, link: Link, filter: Filter,
): Promise<DpResult<void>> {
  const command = `tc filter del dev ${link.name} parent ${filter.parent} prio `
    + `${filter.priority} handle ${filter.handle} u32`;
  const deleted = await ctx.kernel.filterDel(ns, {
    linkIndex: link.index, parent: filter.parent, priority: filter.priority,
    protocol: filter.protocol, handle: filter.handle,
  });
  if (!deleted.ok) return commandFailed(command, deleted.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}

/** EnsureVlanUntagger: ingress `u32 prio 20000 protocol 802.1Q match-all action vlan pop`. */
export async function ensureVlanUntagger(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const clsact = await ensureClsact(ctx, ns, link);
  if (!clsact.ok) return failure(
    `error ensure cls act qdisc for ${link.name} vlan untag, ${clsact.error.message}`,
    clsact.error.errno,
  );
  const filters = await listFilters(ctx, ns, link, tcParentIngress);
  if (!filters.ok) return filters;
  const present = filters.value.some((f) => f.linkIndex === link.index && f.protocol === '802.1Q'
    && f.keys.length === 1 && f.keys[0]?.mask === 0 && f.keys[0].offset === 0
    && f.keys[0].value === 0
    && f.actions.length === 1 && f.actions[0]?.kind === 'vlan' && f.actions[0].op === 'pop');
  if (present) return ok(undefined);
  const added = await filterAdd(ctx, ns, link, {
    linkIndex: link.index, parent: tcParentIngress, kind: 'u32', priority: tcPriority.vlanUntag,
    protocol: '802.1Q',
    keys: [{ value: 0, mask: 0, offset: 0 }], terminal: true, actions: [{
      kind: 'vlan', op: 'pop', control: 'pipe',
    }],
  });
  if (!added.ok) return failure(
    `error add filter for vlan untag, ${added.error.message}`, added.error.errno,
  );
  return added;
}

function isVlanPush(
  filter: Filter, link: Link, protocol: Filter['protocol'],
): { vid: number } | undefined {
  if (filter.linkIndex !== link.index || filter.protocol !== protocol) return undefined;
  const first = filter.actions[0];
  if (first?.kind !== 'vlan' || first.op !== 'push' || first.control !== 'pipe') return undefined;
  return { vid: first.vlanId };
}

/** EnsureVlanTag: per pod address an egress `vlan push id <vid> pipe` matching the source. */
export async function ensureVlanTag(
  ctx: ExecContext, ns: string, link: Link, ips: readonly string[], vid: number,
): Promise<DpResult<void>> {
  const clsact = await ensureClsact(ctx, ns, link);
  if (!clsact.ok) return failure(
    `error ensure cls act qdisc for ${link.name} vlan tag, ${clsact.error.message}`,
    clsact.error.errno,
  );
  const filters = await listFilters(ctx, ns, link, tcParentEgress);
  if (!filters.ok) return filters;
  for (const ip of ips) {
    const v4 = familyOf(ip) === 4;
    const protocol = v4 ? 'ip' : 'ipv6';
    const keys = srcKeys(withMaxMask(ip));
    let done = false;
    for (const filter of filters.value) {
      const push = isVlanPush(filter, link, protocol);
      if (push === undefined || !containsKeys(filter.keys, keys)) continue;
      if (push.vid !== vid) {
        const deleted = await filterDel(ctx, ns, link, filter);
        if (!deleted.ok) return deleted;
        continue;
      }
      done = true;
      break;
    }
    if (done) continue;
    const added = await filterAdd(ctx, ns, link, {
      linkIndex: link.index, parent: tcParentEgress, kind: 'u32',
      priority: v4 ? tcPriority.vlanTagV4 : tcPriority.vlanTagV6, protocol, keys, terminal: true,
      actions: [{ kind: 'vlan', op: 'push', vlanId: vid, control: 'pipe' }],
    });
    if (!added.ok) return added;
  }
  return ok(undefined);
}

/** DelFilter: per address, the first filter on `parent` whose keys hold its source keys. */
export async function delFilterBySrc(
  ctx: ExecContext, ns: string, link: Link, parent: string, ips: readonly string[],
): Promise<DpResult<void>> {
  for (const ip of ips) {
    const filters = await listFilters(ctx, ns, link, parent);
    if (!filters.ok) return filters;
    const found = filterBySrcIp(filters.value, link.index, withMaxMask(ip));
    if (found === undefined) continue;
    const deleted = await filterDel(ctx, ns, link, found);
    if (!deleted.ok) return deleted;
  }
  return ok(undefined);
}

/**
 * SetFilter: a classifier `prio 1 protocol ip` to `classid` for each source, unless one with that
 * classid exists.
 */
async function setClassifier(
  ctx: ExecContext, ns: string, link: Link, parent: string, classid: string, ips: readonly string[],
): Promise<DpResult<void>> {
  for (const ip of ips) {
    const filters = await listFilters(ctx, ns, link, parent);
    if (!filters.ok) return filters;
    const found = filterBySrcIp(filters.value, link.index, withMaxMask(ip));
    if (found !== undefined && found.classid === classid) continue;
    const added = await filterAdd(ctx, ns, link, {
      linkIndex: link.index, parent, kind: 'u32', priority: tcPriority.egressPriorityClassifier,
      protocol: 'ip',
      keys: srcKeys(withMaxMask(ip)), terminal: true, classid, actions: [],
    });
    if (!added.ok) return added;
  }
  return ok(undefined);
}

/** SetEgressPriority: mq + prio children, then a classifier under every prio qdisc. */
export async function setEgressPriority(
  ctx: ExecContext, ns: string, link: Link, classid: string, ips: readonly string[],
): Promise<DpResult<void>> {
  const mq = await ensureMq(ctx, ns, link);
  if (!mq.ok) return mq;
  const prio = await ensurePrioUnderMq(ctx, ns, link);
  if (!prio.ok) return prio;
  const qdiscs = await prioQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  for (const qdisc of qdiscs.value) {
    const set = await setClassifier(ctx, ns, link, qdisc.handle, classid, ips);
    if (!set.ok) return set;
  }
  return ok(undefined);
}

/** DelEgressPriority: the pod's classifier under every prio qdisc. */
export async function delEgressPriority(
  ctx: ExecContext, ns: string, link: Link, ips: readonly string[],
): Promise<DpResult<void>> {
  const qdiscs = await prioQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  for (const qdisc of qdiscs.value) {
    const deleted = await delFilterBySrc(ctx, ns, link, qdisc.handle, ips);
    if (!deleted.ok) return deleted;
  }
  return ok(undefined);
}

/** The three actions of an IPVlan redirect to `targetIndex`. */
export function redirectActions(targetIndex: number): TcAction[] {
  return [
    { kind: 'tunnel_key', op: 'unset', control: 'pipe' },
    { kind: 'skbedit', ptype: 'host', control: 'pipe' },
    { kind: 'mirred', direction: 'ingress', op: 'redirect', targetIndex, control: 'stolen' },
  ];
}

function sameAction(a: TcAction, b: TcAction): boolean {
  if (a.kind !== b.kind || a.control !== b.control) return false;
  if (
    a.kind === 'mirred' && b.kind === 'mirred'
  ) return a.direction === b.direction && a.op === b.op && a.targetIndex === b.targetIndex;
  if (a.kind === 'skbedit' && b.kind === 'skbedit') return a.ptype === b.ptype;
  if (a.kind === 'tunnel_key' && b.kind === 'tunnel_key') return a.op === b.op;
  return false;
}

function isRedirectTo(filter: Filter, link: Link, cidr: string, targetIndex: number): boolean {
  if (
    filter.linkIndex !== link.index || filter.protocol !== 'ip' || filter.keys.length !== 1
  ) return false;
  const key = dstKeyV4(cidr);
  const only = filter.keys[0];
  if (
    only?.mask !== key.mask || only.offset !== key.offset || only.value !== key.value
  ) return false;
  const wanted = redirectActions(targetIndex);
  return filter.actions.length === wanted.length && wanted.every((action, i) => {
    const actual = filter.actions[i];
    return actual !== undefined && sameAction(actual, action);
  });
}

/** Stands for an absent CIDR in a redirect list (Go passes a nil *net.IPNet). */
export const missingCidr = '<nil>';

/** IPVlan setupFilters: one egress redirect per IPv4 CIDR; IPv6 and absent CIDRs are refused. */
export async function ensureIpvlanRedirect(
  ctx: ExecContext, ns: string, link: Link, cidrs: readonly string[], targetIndex: number,
): Promise<DpResult<void>> {
  if (cidrs.some((cidr) => cidr === missingCidr || familyOf(cidr) !== 4)) return failure(
    'create redirect rule error, only support ipv4'
  );
  const filters = await listFilters(ctx, ns, link, tcParentEgress);
  if (!filters.ok) return failure(
    `list egress filter for ${link.name} error, ${filters.error.message}`, filters.error.errno,
  );
  const matched = new Set<number>();
  for (const filter of filters.value) {
    const rule = cidrs.findIndex(
      (cidr, i) => !matched.has(i) && isRedirectTo(filter, link, cidr, targetIndex)
    );
    if (rule >= 0) {
      matched.add(rule);
      continue;
    }
    if (filter.priority !== tcPriority.ipvlanRedirectCleanup) continue;
    const deleted = await filterDel(ctx, ns, link, filter);
    if (!deleted.ok) return failure(
      `delete filter of ${link.name} error, ${deleted.error.message}`, deleted.error.errno,
    );
  }
  for (const [i, cidr] of cidrs.entries()) {
    if (matched.has(i)) continue;
    const added = await filterAdd(ctx, ns, link, {
      linkIndex: link.index, parent: tcParentEgress, kind: 'u32',
      priority: tcPriority.ipvlanRedirect, protocol: 'ip',
      keys: [dstKeyV4(cidr)], terminal: true, actions: redirectActions(targetIndex),
    });
    if (!added.ok) return failure(
      `add filter for ${link.name} error, ${added.error.message}`, added.error.errno,
    );
  }
  return ok(undefined);
}
