// vlan.Setup (plugin/driver/vlan/vlan.go): an 802.1Q sub-interface of the trunk ENI with the
// member's VLAN id, created straight into the pod namespace under `<master>.<vid>` (cut to its
// last 15 characters) and renamed to the pod interface name. Its MAC is the trunk ENI's. Same
// delete-then-return quirk as veth.Setup when the temporary name exists in the host.

import { ok } from '@terway-sim/sim-base';
import { ifnameMaxLength } from '@terway-sim/kernel-shim';
import { commandFailed, failure } from '../errors.js';
import { noteChange, type ExecContext } from '../ensure/exec-context.js';
import { ensureLinkName, findLink, getLink, linkDel, type DpResult } from '../ensure/link.js';

export interface VlanSetup {
  readonly ns: string;
  readonly target: string;
  readonly master: string;
  readonly vid: number;
  readonly ifName: string;
  readonly mtu: number;
}

/** `<master>.<vid>`, keeping the last 15 characters when longer. */
export function vlanTempName(master: string, vid: number): string {
  const name = `${master}.${vid}`;
  return name.length > ifnameMaxLength ? name.slice(name.length - ifnameMaxLength) : name;
}

export async function setupVlan(ctx: ExecContext, cfg: VlanSetup): Promise<DpResult<void>> {
  const master = await findLink(ctx, cfg.ns, { name: cfg.master });
  if (!master.ok || master.value === undefined) return failure(
    'cannot found master link by name %!s(<nil>)'
  );
  const tempName = vlanTempName(master.value.name, cfg.vid);
  const existing = await findLink(ctx, cfg.ns, { name: tempName });
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return linkDel(ctx, cfg.ns, existing.value);
  const command = `ip link add ${tempName} link ${cfg.master} netns ${cfg.target} type vlan id `
    + `${cfg.vid}`;
  const added = await ctx.kernel.linkAdd(cfg.ns, {
    kind: 'vlan', name: tempName, namespace: cfg.target, parent: master.value.index,
    vlanId: cfg.vid,
    ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}),
  });
  if (!added.ok) return commandFailed(command, added.error);
  noteChange(ctx, cfg.ns, command);
  const created = await getLink(ctx, cfg.target, { name: tempName });
  if (!created.ok) return created;
  const renamed = await ensureLinkName(ctx, cfg.target, created.value, cfg.ifName);
  return renamed.ok ? ok(undefined) : renamed;
}
