// Neighbour entries written by hand (net/core/neighbour.c `neigh_add`): one entry per (link, IP);
// an exclusive add of an existing entry is EEXIST, replace overwrites, delete of a missing entry
// is ENOENT. Entries die with their link going down (neigh_ifdown flushes even PERMANENT ones).

import { normalizeIp, ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import type { Neigh, NeighSpec } from '../netlink/neighbour.js';
import type { LinkState, NeighStateEntry, NsState } from './state.js';

export function toNeigh(entry: NeighStateEntry): Neigh {
  return {
    linkIndex: entry.link.index,
    family: entry.family,
    ip: entry.ip,
    mac: entry.mac,
    state: entry.state,
  };
}

export function neighWrite(
  ns: NsState,
  link: LinkState,
  spec: NeighSpec,
  replace: boolean,
): KernelResult<Unit> {
  const op = replace ? 'neighReplace' : 'neighAdd';
  const ip = normalizeIp(spec.ip);
  if (ip === undefined)
    return kernelError('EINVAL', op, `${ns.name}: ${JSON.stringify(spec.ip)} is not an address`);
  const mac = spec.mac.toLowerCase();
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac))
    return kernelError('EINVAL', op, `${ns.name}: ${JSON.stringify(spec.mac)} is not a MAC`);
  const entry: NeighStateEntry = {
    link,
    family: ip.includes(':') ? 6 : 4,
    ip,
    mac,
    state: spec.state ?? 'permanent',
  };
  const at = ns.neighs.findIndex((neigh) => neigh.link === link && neigh.ip === ip);
  if (at >= 0 && !replace)
    return kernelError('EEXIST', op, `${ns.name}: a neighbour ${ip} exists on ${link.name}`);
  if (at >= 0) ns.neighs[at] = entry;
  else ns.neighs.push(entry);
  return ok(undefined);
}

export function neighRemove(ns: NsState, link: LinkState, ipText: string): KernelResult<Unit> {
  const ip = normalizeIp(ipText);
  const at = ns.neighs.findIndex((neigh) => neigh.link === link && neigh.ip === ip);
  if (at < 0)
    return kernelError('ENOENT', 'neighDel', `${ns.name}: no neighbour ${ipText} on ${link.name}`);
  ns.neighs.splice(at, 1);
  return ok(undefined);
}
