// Link helpers of plugin/driver/utils (EnsureLinkName/MTU/Up, LinkSetDown, LinkSetNsFd,
// DelLinkByName, LinkByName/Index) over the `Kernel` port. "Ensure" means: read, and call the
// kernel only when the link differs, reporting whether anything changed.

import { ok, type Result } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { commandFailed, failure, linkNotFoundText, type DatapathError } from '../errors.js';
import type { LinkSel } from '../plan/step.js';
import { noteChange, type ExecContext } from './exec-context.js';

export type DpResult<T> = Result<T, DatapathError>;

function ref(link: LinkSel): string | number {
  return 'name' in link ? link.name : link.index;
}

/** LinkByName / LinkByIndex: ENODEV becomes the netlink library's "Link not found". */
export async function getLink(
  ctx: ExecContext, ns: string, link: LinkSel,
): Promise<DpResult<Link>> {
  const found = await ctx.kernel.linkGet(ns, ref(link));
  if (found.ok) return found;
  if (found.error.errno === 'ENODEV') return failure(linkNotFoundText, 'ENODEV');
  return failure(found.error.message, found.error.errno);
}

/** A lookup that tells "absent" (undefined) from a failure. */
export async function findLink(
  ctx: ExecContext, ns: string, link: LinkSel,
): Promise<DpResult<Link | undefined>> {
  const found = await ctx.kernel.linkGet(ns, ref(link));
  if (found.ok) return found;
  if (found.error.errno === 'ENODEV') return ok(undefined);
  return failure(found.error.message, found.error.errno);
}

export async function ensureLinkName(
  ctx: ExecContext, ns: string, link: Link, name: string,
): Promise<DpResult<boolean>> {
  if (link.name === name) return ok(false);
  const command = `ip link set ${link.name} name ${name}`;
  const done = await ctx.kernel.linkSetName(ns, link.index, name);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(true);
}

export async function ensureLinkMtu(
  ctx: ExecContext, ns: string, link: Link, mtu: number,
): Promise<DpResult<boolean>> {
  if (link.mtu === mtu) return ok(false);
  const command = `ip link set ${link.name} mtu ${mtu}`;
  const done = await ctx.kernel.linkSetMtu(ns, link.index, mtu);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(true);
}

export async function ensureLinkUp(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<boolean>> {
  if (link.up) return ok(false);
  const command = `ip link set ${link.name} up`;
  const done = await ctx.kernel.linkSetUp(ns, link.index);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(true);
}

export async function linkSetDown(
  ctx: ExecContext, ns: string, link: Link,
): Promise<DpResult<void>> {
  const command = `ip link set ${link.name} down`;
  const done = await ctx.kernel.linkSetDown(ns, link.index);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}

export async function linkSetNetns(
  ctx: ExecContext, ns: string, link: Link, target: string,
): Promise<DpResult<void>> {
  const command = `ip link set ${link.name} netns ${target}`;
  const done = await ctx.kernel.linkSetNetns(ns, link.index, target);
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(undefined);
}

/** LinkDel: "not found" counts as deleted. */
export async function linkDel(ctx: ExecContext, ns: string, link: Link): Promise<DpResult<void>> {
  const command = `ip link del ${link.name}`;
  const done = await ctx.kernel.linkDel(ns, link.index);
  if (!done.ok && done.error.errno !== 'ENODEV') return commandFailed(command, done.error);
  if (done.ok) noteChange(ctx, ns, command);
  return ok(undefined);
}

/** DelLinkByName: "" and an absent link are no-ops. */
export async function delLinkByName(
  ctx: ExecContext, ns: string, name: string,
): Promise<DpResult<void>> {
  if (name === '') return ok(undefined);
  const found = await findLink(ctx, ns, { name });
  if (!found.ok) return found;
  if (found.value === undefined) return ok(undefined);
  return linkDel(ctx, ns, found.value);
}
