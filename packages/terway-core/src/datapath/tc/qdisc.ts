// Qdisc helpers (plugin/driver/utils/utils_linux.go, plugin/datapath/*): clsact for the tc
// filters, mq at root `1:` with fq children for EDT or prio children for network priority, root
// fq on an IPVlan pod, and tbf shaping (pkg/tc/tc.go) with Terway's burst and limit arithmetic.

import { ok } from '@terway-sim/sim-base';
import type { Link, Qdisc, QdiscSpec } from '@terway-sim/kernel-shim';
import { tbfHardwareHeaderBytes, tbfLatencyMs } from '../constants.js';
import { commandFailed, failure } from '../errors.js';
import { noteChange, type ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { majorMinor } from './u32.js';

/** The prio qdisc the netlink library's NewPrio makes: 3 bands, the kernel's default priomap. */
export const defaultPrio = {
  kind: 'prio', bands: 3, priomap: [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
} as const;

async function listQdiscs(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<readonly Qdisc[]>> {
  const listed = await ctx.kernel.qdiscList(ns, link.index);
  if (!listed.ok) return failure(
    `list qdisc for dev ${link.name} error, ${listed.error.message}`, listed.error.errno,
  );
  return ok(listed.value.filter((q) => q.linkIndex === link.index));
}

async function qdiscReplace(
  ctx: ExecContext, ns: string, link: Link, spec: QdiscSpec,
): Promise<DpResult<void>> {
  const command = `tc qdisc replace dev ${link.name} `
    + `${spec.parent ?? 'root'}${spec.handle !== undefined ? ` handle ${spec.handle}` : ''} `
      + `${spec.options.kind}`;
  const done = await ctx.kernel.qdiscReplace(ns, spec);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}

/** EnsureClsActQdsic: any clsact is enough. */
export async function ensureClsact(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  if (qdiscs.value.some((q) => q.options.kind === 'clsact')) return ok(undefined);
  const done = await qdiscReplace(
    ctx, ns, link,
    { linkIndex: link.index, parent: 'clsact', handle: 'ffff:', options: { kind: 'clsact' } },
  );
  if (!done.ok) return failure(
    `replace clsact qdisc for dev ${link.name} error, ${done.error.message}`, done.error.errno,
  );
  return done;
}

/** EnsureMQQdisc: root mq `1:`, deleting whatever root qdisc was there first. */
export async function ensureMq(ctx: ExecContext, ns: string, link: Link): Promise<DpResult<void>> {
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  if (
    qdiscs.value.some((q) => q.options.kind === 'mq' && q.parent === 'root' && q.handle === '1:')
  ) return ok(undefined);
  const previous = qdiscs.value.filter(
    (q) => q.parent === 'root' && majorMinor(q.handle)?.[1] === 0
  ).at(-1);
  if (previous !== undefined) {
    const deleted = await ctx.kernel.qdiscDel(ns, { linkIndex: link.index, parent: 'root' });
    if (deleted.ok) noteChange(ctx, ns, `tc qdisc del dev ${link.name} root`);
  }
  return qdiscReplace(
    ctx, ns, link, { linkIndex: link.index, parent: 'root', handle: '1:', options: { kind: 'mq' } },
  );
}

/** The children of mq `1:` (parent `1:N`, N ≠ 0). */
function mqChildren(qdiscs: readonly Qdisc[]): Qdisc[] {
  return qdiscs.filter((q) => {
    const parent = majorMinor(q.parent);
    return parent !== undefined && parent[0] === 1 && parent[1] !== 0;
  });
}

/** ensureMQFQ (PolicyRoute EDT): mq, then every child that is not fq becomes fq. */
export async function ensureMqFq(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const mq = await ensureMq(ctx, ns, link);
  if (!mq.ok) return mq;
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  for (const child of mqChildren(qdiscs.value)) {
    if (child.options.kind === 'fq') continue;
    const done = await qdiscReplace(
      ctx, ns, link, { linkIndex: link.index, parent: child.parent, options: { kind: 'fq' } },
    );
    if (!done.ok) return done;
  }
  return ok(undefined);
}

/** EnsurePrioQdiscAt10: every child of mq `1:` that is not prio becomes prio. */
export async function ensurePrioUnderMq(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  for (const child of mqChildren(qdiscs.value)) {
    if (child.options.kind === 'prio') continue;
    const done = await qdiscReplace(
      ctx, ns, link, { linkIndex: link.index, parent: child.parent, options: defaultPrio },
    );
    if (!done.ok) return done;
  }
  return ok(undefined);
}

/** The prio qdiscs on a link (SetEgressPriority puts a classifier under each). */
export async function prioQdiscs(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<Qdisc[]>> {
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  return ok(qdiscs.value.filter((q) => q.options.kind === 'prio'));
}

/** ensureFQ (IPVlan EDT): root fq `1:` unless it is there. */
export async function ensureRootFq(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const qdiscs = await listQdiscs(ctx, ns, link);
  if (!qdiscs.ok) return qdiscs;
  if (
    qdiscs.value.some((q) => q.options.kind === 'fq' && q.parent === 'root' && q.handle === '1:')
  ) return ok(undefined);
  return qdiscReplace(
    ctx, ns, link, { linkIndex: link.index, parent: 'root', handle: '1:', options: { kind: 'fq' } },
  );
}

/** tbf parameters for a rate: burst = ceil(max(R/1000, MTU+1500)), limit = R·25 ms + burst. */
export function tbfParameters(rateBytes: number, mtu: number): {
  burstBytes: number; limitBytes: number
} {
  const burstBytes = Math.ceil(Math.max(rateBytes / 1000, mtu + tbfHardwareHeaderBytes));
  const limitBytes = Math.floor((rateBytes * tbfLatencyMs * 1000) / 1_000_000) + burstBytes;
  return { burstBytes, limitBytes };
}

/** SetupTC: `tc qdisc replace dev X root handle 1: tbf rate R …`. */
export async function setupTbf(
  ctx: ExecContext, ns: string, link: Link, rateBytes: number,
): Promise<DpResult<void>> {
  if (rateBytes <= 0) return failure(`invalid rate ${rateBytes}`);
  const { burstBytes, limitBytes } = tbfParameters(rateBytes, link.mtu);
  const done = await qdiscReplace(ctx, ns, link, {
    linkIndex: link.index, parent: 'root', handle: '1:',
    options: { kind: 'tbf', rateBytesPerSecond: rateBytes, burstBytes, limitBytes },
  });
  if (!done.ok) return failure(
    `can not replace qdics tbf on device ${ns}/${link.name}: ${done.error.message}`,
    done.error.errno,
  );
  return done;
}
