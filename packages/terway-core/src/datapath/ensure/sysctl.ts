// sysctl.EnsureConf (pkg/sysctl/sysctl.go): read the knob and write it only when its trimmed value
// differs. A missing knob is an error for the datapaths; the host-wide pass over every link
// (host-ns-config.ts) ignores "no such file", as Terway does.

import { ok } from '@terway-sim/sim-base';
import { normalizeSysctlPath } from '@terway-sim/kernel-shim';
import { commandFailed } from '../errors.js';
import { noteChange, type ExecContext } from './exec-context.js';
import type { DpResult } from './link.js';

export async function ensureSysctl(
  ctx: ExecContext, ns: string, path: string, value: string,
): Promise<DpResult<boolean>> {
  const key = normalizeSysctlPath(path);
  const current = await ctx.kernel.sysctlGet(ns, key);
  if (current.ok && current.value.trim() === value) return ok(false);
  const command = `sysctl -w ${key.replaceAll('/', '.')}=${value}`;
  const written = await ctx.kernel.sysctlSet(ns, key, value);
  if (!written.ok) return commandFailed(command, written.error);
  noteChange(ctx, ns, command);
  return ok(true);
}
