// veth.Setup (plugin/driver/veth/veth.go): a veth pair whose pod end is created directly in the
// target namespace under a random `vethXXXXXXXX` name and renamed to `ifName` there, and whose
// other end is named `peerName` in the namespace the call runs in. Both ends start down.
//
// Quirk reproduced: if a link named `peerName` already exists it is deleted and the function
// returns success without creating anything (Go's `err` is nil after the delete, so the
// "not found" check returns it). The caller's next lookup of the peer then fails with "Link not
// found": a second ADD for the same pod fails once, and the one after it succeeds.

import { ok } from '@terway-sim/sim-base';
import type { LinkSpec } from '@terway-sim/kernel-shim';
import { commandFailed } from '../errors.js';
import { noteChange, type ExecContext } from '../ensure/exec-context.js';
import { ensureLinkName, findLink, getLink, linkDel, type DpResult } from '../ensure/link.js';

export interface VethSetup {
  /** Where the call runs; `peerName` lives here. */
  readonly ns: string;
  /** Where the main end is created and renamed to `ifName`. */
  readonly target: string;
  readonly ifName: string;
  readonly peerName: string;
  /** The random `vethXXXXXXXX` name the main end is created with. */
  readonly tempName: string;
  /** 0: the kernel default. */
  readonly mtu: number;
  readonly hwAddr?: string;
}

export async function setupVeth(ctx: ExecContext, cfg: VethSetup): Promise<DpResult<void>> {
  const existing = await findLink(ctx, cfg.ns, { name: cfg.peerName });
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return linkDel(ctx, cfg.ns, existing.value);
  const spec: LinkSpec = {
    kind: 'veth', name: cfg.tempName, namespace: cfg.target,
    ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}),
    ...(cfg.hwAddr !== undefined ? { mac: cfg.hwAddr } : {}),
    peer: { name: cfg.peerName, ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}) },
  };
  const command = `ip link add ${cfg.tempName} type veth`;
  const added = await ctx.kernel.linkAdd(cfg.ns, spec);
  if (!added.ok) return commandFailed(command, added.error);
  noteChange(
    ctx, cfg.ns,
    `ip link add ${cfg.tempName} netns ${cfg.target} type veth peer name ${cfg.peerName}`,
  );
  const created = await getLink(ctx, cfg.target, { name: cfg.tempName });
  if (!created.ok) return created;
  const renamed = await ensureLinkName(ctx, cfg.target, created.value, cfg.ifName);
  return renamed.ok ? ok(undefined) : renamed;
}
