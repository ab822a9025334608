// Link calls: create (veth pairs, ipvlan and vlan on a parent, bridge, dummy, ifb), delete with
// the kernel's cascades, up/down, MTU, rename, MAC, move between namespaces, bridge ports, NOARP.
//
// Models net/core/rtnetlink.c and net/core/dev.c (dev_change_name, dev_set_mtu, dev_validate_mtu,
// dev_change_net_namespace), drivers/net/veth.c (the peer is registered, and numbered, first),
// drivers/net/ipvlan (the slave shares the parent's MAC and MTU) and net/8021q.

import { ok, type Result } from '@terway-sim/sim-base';
import { kernelError, type KernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import { ifnameMaxLength, type Link, type LinkSpec } from '../netlink/link.js';
import { lowerUp, operState } from './carrier.js';
import { bringDown, bringUp, detachFromNamespace, refreshCarrier } from './link-events.js';
import { addrsOfLink, removeAddrs } from './addresses.js';
import { removeRoutesWhere } from './route-table.js';
import { confFromDefault } from './sysctls.js';
import { LinkConf } from './conf.js';
import { addLink, linkByName, renameLink, touch, type LinkState, type NsState } from './state.js';
import { allocateIfindex, registerLink, type NewLink } from './world.js';

export interface LinkContext {
  readonly namespace: (name: string) => NsState | undefined;
  readonly randomMac: () => string;
  /** The next link id of this kernel (LinkState.id). */
  readonly nextLinkId: () => number;
  /** Kernels before 6.2 refuse to rename a link that is up (EBUSY). */
  readonly renameRequiresDown: boolean;
}

/**
 * The netlink view of a link. Built field by field (no spreads): a large run converts millions of
 * links, and each spread is another object for the collector.
 */
export function toLink(link: LinkState): Link {
  const view: Record<string, unknown> = {
    index: link.index, name: link.name, mtu: link.mtu, mac: link.mac, up: link.up,
    lowerUp: lowerUp(link), noarp: link.noarp, operstate: operState(link), minMtu: link.minMtu,
    maxMtu: link.maxMtu, txQueueLen: link.txQueueLen, txQueues: link.txQueues,
    rxQueues: link.rxQueues, namespace: link.ns.name, kind: link.kind,
  };
  if (link.master !== undefined) view['masterIndex'] = link.master.index;
  if (link.kind === 'veth') {
    if (link.peer?.alive === true)
      view['peer'] = { namespace: link.peer.ns.name, index: link.peer.index };
  } else if (link.kind === 'ipvlan' || link.kind === 'vlan') {
    const parent = link.parent!;
    view['parent'] = { namespace: parent.ns.name, index: parent.index };
    if (link.kind === 'ipvlan') view['mode'] = link.ipvlanMode!;
    else view['vlanId'] = link.vlanId!;
  }
  return view as unknown as Link;
}

export function validName(name: string): boolean {
  return name.length > 0 && name.length <= ifnameMaxLength && name !== '.' && name !== '..' &&
    !/[/:\s%]/.test(name);
}

export function validUnicastMac(mac: string): boolean {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) return false;
  return (parseInt(mac.slice(0, 2), 16) & 1) === 0 && mac !== '00:00:00:00:00:00';
}

function nameTaken(ns: NsState, name: string, op: string): Result<Unit, KernelError> {
  if (!validName(name))
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: ${JSON.stringify(name)} is not a valid interface name (1-${ifnameMaxLength} characters)`,
    );
  if (linkByName(ns, name) !== undefined)
    return kernelError('EEXIST', op, `${ns.name}: a link named ${name} exists`);
  return ok(undefined);
}

function checkMtu(
  op: string,
  ns: NsState,
  name: string,
  mtu: number,
  min: number,
  max: number,
): Result<Unit, KernelError> {
  if (!Number.isInteger(mtu) || mtu < min)
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: mtu ${mtu} of ${name} is less than the minimum ${min}`,
    );
  if (max > 0 && mtu > max)
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: mtu ${mtu} of ${name} is greater than the maximum ${max}`,
    );
  return ok(undefined);
}

function ether(name: string, kind: NewLink['kind'], mtu: number, mac: string): NewLink {
  const unbounded = kind === 'dummy' || kind === 'ifb';
  return {
    name,
    kind,
    mtu,
    minMtu: unbounded ? 0 : 68,
    maxMtu: unbounded ? 0 : 65535,
    mac,
    noarp: unbounded,
  };
}

export function linkCreate(
  ctx: LinkContext,
  ns: NsState,
  spec: LinkSpec,
  resolve: (ref: number | string) => LinkState | undefined,
): KernelResult<Link> {
  const target = spec.namespace === undefined ? ns : ctx.namespace(spec.namespace);
  if (target === undefined)
    return kernelError('ENOENT', 'linkAdd', `no namespace ${spec.namespace}`);
  const taken = nameTaken(target, spec.name, 'linkAdd');
  if (!taken.ok) return taken;
  if (spec.mac !== undefined && !validUnicastMac(spec.mac))
    return kernelError('EADDRNOTAVAIL', 'linkAdd', `${ns.name}: ${spec.mac} is not a unicast MAC`);
  switch (spec.kind) {
    case 'veth':
      return createVeth(ctx, ns, target, spec);
    case 'ipvlan':
    case 'vlan':
      return createStacked(ctx, target, spec, resolve(spec.parent));
    default: {
      const mtu = spec.mtu ?? 1500;
      const checked = checkMtu(
        'linkAdd',
        target,
        spec.name,
        mtu,
        spec.kind === 'bridge' ? 68 : 0,
        spec.kind === 'bridge' ? 65535 : 0,
      );
      if (!checked.ok) return checked;
      const made = ether(spec.name, spec.kind, mtu, spec.mac ?? ctx.randomMac());
      return ok(toLink(registerLink(target, ctx.nextLinkId(), made)));
    }
  }
}

function createVeth(
  ctx: LinkContext,
  ns: NsState,
  target: NsState,
  spec: Extract<LinkSpec, { kind: 'veth' }>,
): KernelResult<Link> {
  const peerNs = spec.peer.namespace === undefined ? ns : ctx.namespace(spec.peer.namespace);
  if (peerNs === undefined)
    return kernelError('ENOENT', 'linkAdd', `no namespace ${spec.peer.namespace}`);
  const peerTaken = nameTaken(peerNs, spec.peer.name, 'linkAdd');
  if (!peerTaken.ok) return peerTaken;
  if (peerNs === target && spec.peer.name === spec.name) {
    // The peer registers (taking an ifindex) before the main end fails on the name.
    allocateIfindex(peerNs);
    return kernelError(
      'EEXIST',
      'linkAdd',
      `${target.name}: veth ends share the name ${spec.name}`,
    );
  }
  if (spec.peer.mac !== undefined && !validUnicastMac(spec.peer.mac))
    return kernelError(
      'EADDRNOTAVAIL',
      'linkAdd',
      `${ns.name}: ${spec.peer.mac} is not a unicast MAC`,
    );
  const mtu = spec.mtu ?? 1500;
  const peerMtu = spec.peer.mtu ?? spec.mtu ?? 1500;
  for (const [name, value] of [
    [spec.name, mtu],
    [spec.peer.name, peerMtu],
  ] as const) {
    const checked = checkMtu('linkAdd', target, name, value, 68, 65535);
    if (!checked.ok) return checked;
  }
  // The peer's MAC is drawn first, so the kernel.mac stream is consumed in a fixed order.
  const peerMac = spec.peer.mac ?? ctx.randomMac();
  const peer = registerLink(
    peerNs,
    ctx.nextLinkId(),
    ether(spec.peer.name, 'veth', peerMtu, peerMac),
  );
  const main = registerLink(
    target,
    ctx.nextLinkId(),
    ether(spec.name, 'veth', mtu, spec.mac ?? ctx.randomMac()),
  );
  peer.peer = main;
  main.peer = peer;
  return ok(toLink(main));
}

function createStacked(
  ctx: LinkContext,
  target: NsState,
  spec: Extract<LinkSpec, { kind: 'ipvlan' | 'vlan' }>,
  parent: LinkState | undefined,
): KernelResult<Link> {
  if (parent === undefined)
    return kernelError(
      'ENODEV',
      'linkAdd',
      `no parent link ${String(spec.parent)} for ${spec.name}`,
    );
  if (parent.kind === 'loopback' || (spec.kind === 'ipvlan' && parent.kind === 'ipvlan')) {
    return kernelError(
      'EINVAL',
      'linkAdd',
      `${parent.name} (${parent.kind}) cannot carry ${spec.kind} ${spec.name}`,
    );
  }
  if (spec.kind === 'vlan') {
    if (!Number.isInteger(spec.vlanId) || spec.vlanId < 0 || spec.vlanId > 4094)
      return kernelError('ERANGE', 'linkAdd', `vlan id ${spec.vlanId} outside 0-4094`);
    if (
      parent.children.some(
        (child) => child.alive && child.kind === 'vlan' && child.vlanId === spec.vlanId,
      )
    ) {
      return kernelError('EEXIST', 'linkAdd', `${parent.name} already has vlan ${spec.vlanId}`);
    }
  }
  const mtu = spec.mtu ?? parent.mtu;
  const checked = checkMtu('linkAdd', target, spec.name, mtu, 68, parent.mtu);
  if (!checked.ok) return checked;
  const base = ether(
    spec.name,
    spec.kind,
    mtu,
    spec.kind === 'vlan' ? (spec.mac ?? parent.mac) : parent.mac,
  );
  const link = registerLink(target, ctx.nextLinkId(), {
    ...base,
    maxMtu: parent.mtu,
    ...(spec.kind === 'vlan'
      ? { vlanId: spec.vlanId }
      : { ipvlanMode: spec.mode, noarp: spec.mode !== 'l2' }),
  });
  link.parent = parent;
  parent.children.push(link);
  return ok(toLink(link));
}

export function linkDestroy(link: LinkState, onDevice: (link: LinkState) => void): void {
  if (!link.alive) return;
  link.alive = false;
  detachFromNamespace(link);
  if (link.kind === 'device') onDevice(link);
  if (link.peer !== undefined) linkDestroy(link.peer, onDevice);
  link.children.slice().forEach((child) => linkDestroy(child, onDevice));
  if (link.parent !== undefined) {
    const siblings = link.parent.children;
    siblings.splice(siblings.indexOf(link), 1);
  }
}

export function linkUp(link: LinkState): KernelResult<Unit> {
  if (link.kind === 'vlan' && link.parent !== undefined && !link.parent.up) {
    return kernelError(
      'ENETDOWN',
      'linkSetUp',
      `${link.ns.name}: vlan ${link.name}'s parent ${link.parent.name} is down`,
    );
  }
  bringUp(link);
  return ok(undefined);
}

export function linkDown(link: LinkState): KernelResult<Unit> {
  bringDown(link);
  return ok(undefined);
}

export function linkMtu(link: LinkState, mtu: number): KernelResult<Unit> {
  const max = link.kind === 'ipvlan' || link.kind === 'vlan' ? link.parent!.mtu : link.maxMtu;
  const checked = checkMtu('linkSetMtu', link.ns, link.name, mtu, link.minMtu, max);
  if (!checked.ok) return checked;
  link.mtu = mtu;
  applyMtuToProtocols(link);
  for (const child of link.children) {
    if (child.kind !== 'ipvlan' && child.mtu <= mtu) continue;
    touch(child.ns);
    child.mtu = mtu;
  }
  return ok(undefined);
}

/**
 * Below 68 bytes a link loses its IPv4 configuration and below 1280 its IPv6 one (the
 * /proc/sys/net/ipv4|ipv6/conf/<link> directories go too); both come back fresh from `default` when
 * the MTU is raised again (inetdev_event, addrconf_notify on NETDEV_CHANGEMTU).
 */
function applyMtuToProtocols(link: LinkState): void {
  const ns = link.ns;
  if (link.mtu < 68 && link.conf4.size > 0) {
    removeAddrs(ns, addrsOfLink(ns, link, 4));
    link.conf4 = LinkConf.absent();
  } else if (link.mtu >= 68 && link.conf4.size === 0) {
    link.conf4 = confFromDefault(ns, 4);
  }
  if (link.mtu < 1280 && link.conf6.size > 0) {
    removeAddrs(ns, addrsOfLink(ns, link, 6));
    removeRoutesWhere(ns, (route) => route.family === 6 && route.oif === link);
    link.conf6 = LinkConf.absent();
    link.ipv6Ready = false;
  } else if (link.mtu >= 1280 && link.conf6.size === 0) {
    link.conf6 = confFromDefault(ns, 6);
    if (link.noarp) link.conf6.set('accept_dad', '-1');
    refreshCarrier(link);
  }
}

export function linkRename(ctx: LinkContext, link: LinkState, name: string): KernelResult<Unit> {
  if (link.name === name) return ok(undefined);
  const taken = nameTaken(link.ns, name, 'linkSetName');
  if (!taken.ok) return taken;
  if (ctx.renameRequiresDown && link.up)
    return kernelError(
      'EBUSY',
      'linkSetName',
      `${link.ns.name}: ${link.name} is up; set it down before renaming`,
    );
  renameLink(link, name);
  return ok(undefined);
}

export function linkMac(link: LinkState, mac: string): KernelResult<Unit> {
  if (!validUnicastMac(mac) || link.kind === 'loopback')
    return kernelError(
      'EADDRNOTAVAIL',
      'linkSetMac',
      `${link.ns.name}: ${mac} is not a unicast MAC for ${link.name}`,
    );
  link.mac = mac;
  return ok(undefined);
}

export function linkMove(link: LinkState, target: NsState): KernelResult<Unit> {
  if (link.kind === 'loopback' || link.kind === 'bridge') {
    return kernelError(
      'EINVAL',
      'linkSetNetns',
      `${link.ns.name}: ${link.name} (${link.kind}) cannot leave its namespace`,
    );
  }
  if (target === link.ns) return ok(undefined);
  if (linkByName(target, link.name) !== undefined)
    return kernelError(
      'EEXIST',
      'linkSetNetns',
      `${target.name}: a link named ${link.name} exists`,
    );
  placeInNamespace(link, target);
  return ok(undefined);
}

/** dev_change_net_namespace: down and stripped, keeps its ifindex if free there, conf reset. */
export function placeInNamespace(link: LinkState, target: NsState): void {
  detachFromNamespace(link);
  touch(target);
  link.ns = target;
  if (target.links.has(link.index)) link.index = allocateIfindex(target);
  link.conf4 = confFromDefault(target, 4);
  link.conf6 = confFromDefault(target, 6);
  addLink(target, link);
  refreshCarrier(link);
}

export function linkMaster(link: LinkState, master: LinkState | undefined): KernelResult<Unit> {
  if (master === undefined) {
    const old = link.master;
    delete link.master;
    if (old !== undefined) refreshCarrier(old);
    return ok(undefined);
  }
  if (master.kind !== 'bridge')
    return kernelError(
      'EOPNOTSUPP',
      'linkSetMaster',
      `${link.ns.name}: ${master.name} (${master.kind}) takes no ports`,
    );
  if (link.kind === 'bridge')
    return kernelError(
      'ELOOP',
      'linkSetMaster',
      `${link.ns.name}: cannot enslave bridge ${link.name} to a bridge`,
    );
  if (link.kind === 'loopback')
    return kernelError(
      'EINVAL',
      'linkSetMaster',
      `${link.ns.name}: ${link.name} cannot be a bridge port`,
    );
  link.master = master;
  master.hadPorts = true;
  refreshCarrier(master);
  return ok(undefined);
}
