// Host-namespace sysctls every ADD and CHECK ensures (EnsureHostNsConfig / EnsureNetConfSet in
// plugin/driver/utils/utils_linux.go): IPv4 forwarding on and rp_filter off for `default` and
// `all`, then for every existing link forwarding=1 and rp_filter=0 (v4) and forwarding=1,
// disable_ipv6=0 (v6). A knob that does not exist is skipped; other failures are collected and
// reported together, with Go's odd `<nil>, ` lead-in kept.

import { ok } from '@terway-sim/sim-base';
import { failure } from '../errors.js';
import { newExecContext, type ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { ensureSysctl } from '../ensure/sysctl.js';
import type { Kernel } from '@terway-sim/kernel-shim';

const ipv4NetConfig: ReadonlyArray<readonly [string, string]> = [
  ['forwarding', '1'], ['rp_filter', '0'],
];
const ipv6NetConfig: ReadonlyArray<readonly [string, string]> = [
  ['forwarding', '1'], ['disable_ipv6', '0'],
];

/** EnsureNetConfSet: the per-link knobs for every link in `ns`. */
export async function ensureNetConfSet(
  ctx: ExecContext, ns: string, families: { ipv4: boolean; ipv6: boolean },
): Promise<DpResult<void>> {
  const links = await ctx.kernel.linkList(ns);
  if (!links.ok) return failure(`error list links, ${links.error.message}`, links.error.errno);
  let message: string | undefined;
  for (const link of links.value) {
    const wanted = [
      ...(
        families.ipv4 ? ipv4NetConfig.map(
          ([key, value]) => [`net/ipv4/conf/${link.name}/${key}`, value] as const
        ) : []
      ),
      ...(
        families.ipv6 ? ipv6NetConfig.map(
          ([key, value]) => [`net/ipv6/conf/${link.name}/${key}`, value] as const
        ) : []
      ),
    ];
    for (const [path, value] of wanted) {
      const done = await ensureSysctl(ctx, ns, path, value);
      if (done.ok || done.error.errno === 'ENOENT') continue;
      message = `${message ?? '<nil>'}, ${done.error.message}`;
    }
  }
  return message === undefined ? ok(undefined) : failure(message);
}

/** EnsureHostNsConfig. */
export async function ensureHostNsConfig(
  kernel: Kernel, hostNs: string, families: { ipv4: boolean; ipv6: boolean },
  ctx: ExecContext = newExecContext(kernel),
): Promise<DpResult<void>> {
  for (const device of ['default', 'all']) {
    for (const [key, value] of ipv4NetConfig) {
      const done = await ensureSysctl(ctx, hostNs, `net/ipv4/conf/${device}/${key}`, value);
      if (!done.ok) return done;
    }
  }
  return ensureNetConfSet(ctx, hostNs, families);
}
