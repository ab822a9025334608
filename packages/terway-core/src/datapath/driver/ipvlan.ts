// ipvlan.Setup (plugin/driver/ipvlan/ipvlan.go) and the IPVlan datapath's host slave `ipvl_X`
// (createSlaveIfNotExist in plugin/datapath/ipvlan_linux.go). The pod link is an l2 slave of the
// ENI created straight into the pod namespace under the host veth name and renamed there; its MAC
// is the ENI's. The host slave is made once per ENI, marked NOARP, and shared by every pod.
//
// The same delete-then-return quirk as veth.Setup applies when a link named `preName` exists in
// the host namespace.

import { ok } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { commandFailed, failure } from '../errors.js';
import { noteChange, type ExecContext } from '../ensure/exec-context.js';
import {
  ensureLinkMtu, ensureLinkName, findLink, getLink, linkDel, type DpResult,
} from '../ensure/link.js';
import type { LinkSel } from '../plan/step.js';

export interface IpvlanSetup {
  readonly ns: string;
  readonly target: string;
  readonly parent: string;
  readonly preName: string;
  readonly ifName: string;
  readonly mtu: number;
}

export async function setupIpvlan(ctx: ExecContext, cfg: IpvlanSetup): Promise<DpResult<void>> {
  const parent = await getLink(ctx, cfg.ns, { name: cfg.parent });
  if (!parent.ok) return parent;
  const existing = await findLink(ctx, cfg.ns, { name: cfg.preName });
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return linkDel(ctx, cfg.ns, existing.value);
  const command = `ip link add ${cfg.preName} link ${cfg.parent} netns ${cfg.target} type ipvlan `
    + `mode l2`;
  const added = await ctx.kernel.linkAdd(cfg.ns, {
    kind: 'ipvlan', name: cfg.preName, namespace: cfg.target, parent: parent.value.index,
    mode: 'l2',
    ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}),
  });
  if (!added.ok) return commandFailed(command, added.error);
  noteChange(ctx, cfg.ns, command);
  const created = await getLink(ctx, cfg.target, { name: cfg.preName });
  if (!created.ok) return created;
  const renamed = await ensureLinkName(ctx, cfg.target, created.value, cfg.ifName);
  return renamed.ok ? ok(undefined) : renamed;
}

/** createSlaveIfNotExist + NOARP. Returns the slave. */
export async function ensureIpvlanHostSlave(
  ctx: ExecContext, ns: string, parentSel: LinkSel, name: string, mtu: number,
): Promise<DpResult<Link>> {
  const parent = await getLink(ctx, ns, parentSel);
  if (!parent.ok) return parent;
  const existing = await findLink(ctx, ns, { name });
  if (!existing.ok) return failure(
    `get device ${name} error, ${existing.error.message}`, existing.error.errno,
  );
  let slave = existing.value;
  if (slave !== undefined) {
    const fixed = await ensureLinkMtu(ctx, ns, slave, mtu);
    if (!fixed.ok) return fixed;
  } else {
    const command = `ip link add ${name} link ${parent.value.name} type ipvlan mode l2`;
    const added = await ctx.kernel.linkAdd(
      ns,
      { kind: 'ipvlan', name, parent: parent.value.index, mode: 'l2', ...(mtu > 0 ? { mtu } : {}) },
    );
    if (!added.ok) return commandFailed(command, added.error);
    noteChange(ctx, ns, command);
  }
  const fresh = await getLink(ctx, ns, { name });
  if (!fresh.ok) return failure(`error get ipvlan link ${name}`, fresh.error.errno);
  slave = fresh.value;
  if (!slave.noarp) {
    const noarp = await ctx.kernel.linkSetNoarp(ns, slave.index, true);
    if (!noarp.ok) return failure(
      `set device ${name} noarp error, ${noarp.error.message}`, noarp.error.errno,
    );
    noteChange(ctx, ns, `ip link set ${name} arp off`);
  }
  return getLink(ctx, ns, { name });
}
