// What every executor call carries: the kernel to program and a running list of the commands
// that changed something, in `ip`/`tc` words (Terway logs the same commands). Tests read the list
// to see that a second ADD changes nothing; reports show it as the CNI's command trace.

import type { Kernel } from '@terway-sim/kernel-shim';

export interface ExecContext {
  readonly kernel: Kernel;
  /** Mutating commands issued so far, `[ns] ip link set eth0 up`. */
  readonly changes: string[];
}

export function newExecContext(kernel: Kernel): ExecContext {
  return { kernel, changes: [] };
}

export function noteChange(ctx: ExecContext, ns: string, command: string): void {
  ctx.changes.push(`[${ns}] ${command}`);
}
