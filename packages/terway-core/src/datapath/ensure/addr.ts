// EnsureAddr (plugin/driver/utils/utils_linux.go): at most one global address per family on a
// link. Every global unicast address of the wanted family that differs from the wanted one in
// CIDR text or scope is deleted; link-local, loopback and multicast addresses are left alone. If
// the wanted address was not there it is added with `ip addr replace`. This is why the ENI in
// PolicyRoute loses any address but the node IP/32 (a Terway quirk, kept).

import { ok } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { commandFailed } from '../errors.js';
import { addressOf, familyOf, isGlobalUnicast } from '../ip.js';
import type { AddrWant } from '../plan/step.js';
import { noteChange, type ExecContext } from './exec-context.js';
import type { DpResult } from './link.js';

export async function ensureAddr(
  ctx: ExecContext, ns: string, link: Link, want: AddrWant,
): Promise<DpResult<boolean>> {
  const family = familyOf(addressOf(want.cidr));
  const listed = await ctx.kernel.addrList(ns, { linkIndex: link.index, family });
  if (!listed.ok) return commandFailed(`ip addr show dev ${link.name}`, listed.error);
  let changed = false;
  let found = false;
  for (const existing of listed.value) {
    if (!isGlobalUnicast(addressOf(existing.cidr))) continue;
    if (existing.cidr === want.cidr && existing.scope === want.scope) {
      found = true;
      continue;
    }
    const command = `ip addr del ${existing.cidr} dev ${link.name}`;
    const deleted = await ctx.kernel.addrDel(ns, { linkIndex: link.index, cidr: existing.cidr });
    if (!deleted.ok) return commandFailed(command, deleted.error);
    noteChange(ctx, ns, command);
    changed = true;
  }
  if (found) return ok(changed);
  const command = `ip addr replace ${want.cidr} dev `
    + `${link.name}${want.scope === 'universe' ? '' : ` scope ${want.scope}`}`
    + `${want.nodad ? ' nodad' : ''}`;
  const replaced = await ctx.kernel.addrReplace(
    ns, { linkIndex: link.index, cidr: want.cidr, scope: want.scope, nodad: want.nodad },
  );
  if (!replaced.ok) return commandFailed(command, replaced.error);
  noteChange(ctx, ns, command);
  return ok(true);
}
