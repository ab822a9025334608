// ExclusiveENI's rollback (the deferred function in plugin/datapath/exclusive_eni_linux.go): when
// setup fails after the ENI was moved into the pod, find it there by the pod interface name
// (else by the random name it was moved under), bring it down, give it a fresh random
// `vethXXXXXXXX` name and move it back to the host namespace, where it stays under that name,
// down and without addresses (a Terway quirk, kept).
//
// Difference kept small on purpose: Go dereferences a nil link when neither name is found (a
// panic); here the rollback just stops.

import { ok } from '@terway-sim/sim-base';
import type { ExecContext } from '../ensure/exec-context.js';
import {
  ensureLinkName, findLink, linkSetDown, linkSetNetns, type DpResult,
} from '../ensure/link.js';

export interface ExclusiveEniReturn {
  readonly ns: string;
  readonly host: string;
  readonly ifName: string;
  readonly tempName: string;
  readonly newName: string;
}

export async function returnExclusiveEni(
  ctx: ExecContext, cfg: ExclusiveEniReturn,
): Promise<DpResult<void>> {
  const named = await findLink(ctx, cfg.ns, { name: cfg.ifName });
  if (!named.ok) return named;
  let link = named.value;
  if (link !== undefined) {
    const down = await linkSetDown(ctx, cfg.ns, link);
    if (!down.ok) return down;
    const renamed = await ensureLinkName(ctx, cfg.ns, { ...link, up: false }, cfg.newName);
    if (!renamed.ok) return renamed;
    link = { ...link, name: cfg.newName };
  } else {
    const byTemp = await findLink(ctx, cfg.ns, { name: cfg.tempName });
    if (!byTemp.ok) return byTemp;
    if (byTemp.value === undefined) return ok(undefined);
    link = byTemp.value;
  }
  await linkSetDown(ctx, cfg.ns, link);
  return linkSetNetns(ctx, cfg.ns, link, cfg.host);
}
