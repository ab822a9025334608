// EnsureNeigh (plugin/driver/utils): a static neighbour is written (`ip neigh replace … nud
// permanent`) unless the link already has an entry with the same IP and MAC. Terway uses it for
// the pod's 169.254.1.1 → host veth MAC entry, so the pod never ARPs for its gateway.

import { ok } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { commandFailed } from '../errors.js';
import { familyOf } from '../ip.js';
import { noteChange, type ExecContext } from './exec-context.js';
import type { DpResult } from './link.js';

export async function ensureNeigh(
  ctx: ExecContext, ns: string, link: Link, ip: string, mac: string,
): Promise<DpResult<boolean>> {
  const listed = await ctx.kernel.neighList(ns, { linkIndex: link.index, family: familyOf(ip) });
  if (!listed.ok) return commandFailed(`ip neigh show dev ${link.name}`, listed.error);
  if (listed.value.some((n) => n.ip === ip && n.mac === mac)) return ok(false);
  const command = `ip neigh replace ${ip} lladdr ${mac} dev ${link.name} nud permanent`;
  const done = await ctx.kernel.neighReplace(
    ns, { linkIndex: link.index, ip, mac, state: 'permanent' },
  );
  if (!done.ok) return commandFailed(command, done.error);
  noteChange(ctx, ns, command);
  return ok(true);
}
