// CHECK for every datapath (the `Check` methods of plugin/datapath/*): the pod interface must
// exist; if it is down it is set up and if its MTU differs it is set, each change reported as a
// pod Warning event `ConfigCheck`. IPVlan also re-applies the v4 per-link sysctls in the pod and
// fixes its ipvlan parent (the ENI) the same way. CHECK never re-creates addresses, routes,
// rules or neighbours.

import { ok } from '@terway-sim/sim-base';
import type { Kernel, Link } from '@terway-sim/kernel-shim';
import { failure } from './errors.js';
import { newExecContext, type ExecContext } from './ensure/exec-context.js';
import { ensureLinkMtu, ensureLinkUp, getLink, type DpResult } from './ensure/link.js';
import { ensureNetConfSet } from './host/host-ns-config.js';
import type { CheckConfig, Namespaces } from './types.js';

export type LinkFix = 'up' | 'mtu';

/** What CHECK would change on a link: pure, so tests can enumerate it. */
export function decideLinkFixes(link: Pick<Link, 'up' | 'mtu'>, mtu: number): LinkFix[] {
  const fixes: LinkFix[] = [];
  if (!link.up) fixes.push('up');
  if (link.mtu !== mtu) fixes.push('mtu');
  return fixes;
}

export type RecordPodEvent = (message: string) => Promise<void>;

export interface CheckMessages {
  /** `link eth0 set up` (IPVlan says `set to up`). */
  readonly up: string;
  readonly mtu: string;
}

async function fixLink(
  ctx: ExecContext, ns: string, link: Link, mtu: number, messages: CheckMessages,
  record: RecordPodEvent,
): Promise<DpResult<void>> {
  for (const fix of decideLinkFixes(link, mtu)) {
    const done = fix === 'up' ? await ensureLinkUp(ctx, ns, link) : await ensureLinkMtu(
      ctx, ns, link, mtu,
    );
    if (!done.ok) return done;
    await record(fix === 'up' ? messages.up : messages.mtu);
  }
  return ok(undefined);
}

/** PolicyRoute / ExclusiveENI / Vlan Check. */
export async function checkPodLink(
  kernel: Kernel, cfg: CheckConfig, podNs: string, record: RecordPodEvent,
): Promise<DpResult<void>> {
  const ctx = newExecContext(kernel);
  const link = await getLink(ctx, podNs, { name: cfg.containerIfName });
  if (!link.ok) return link;
  return fixLink(ctx, podNs, link.value, cfg.mtu, {
    up: `link ${cfg.containerIfName} set up`,
    mtu: `link ${cfg.containerIfName} set mtu to ${cfg.mtu}`,
  }, record);
}

/** IPvlanDriver.Check: the pod link, the pod's v4 sysctls, then the parent ENI in the host. */
export async function checkIpvlan(
  kernel: Kernel, cfg: CheckConfig, ns: Namespaces, record: RecordPodEvent,
): Promise<DpResult<void>> {
  const ctx = newExecContext(kernel);
  const link = await getLink(ctx, ns.pod, { name: cfg.containerIfName });
  if (!link.ok) return link;
  const fixed = await fixLink(ctx, ns.pod, link.value, cfg.mtu, {
    up: `link ${cfg.containerIfName} set to up`,
    mtu: `link ${cfg.containerIfName} set mtu to ${cfg.mtu}`,
  }, record);
  if (!fixed.ok) return fixed;
  const sysctls = await ensureNetConfSet(ctx, ns.pod, { ipv4: true, ipv6: false });
  if (!sysctls.ok) return sysctls;
  const parentIndex = link.value.kind === 'ipvlan' ? link.value.parent.index : 0;
  const parent = await getLink(ctx, ns.host, { index: parentIndex });
  if (!parent.ok) return failure(
    `error get parent link, ${parent.error.message}`, parent.error.errno,
  );
  return fixLink(ctx, ns.host, parent.value, cfg.mtu, {
    up: `parent link id ${cfg.eniIndex} set to up`,
    mtu: `link ${parent.value.name} set mtu to ${cfg.mtu}`,
  }, record);
}
