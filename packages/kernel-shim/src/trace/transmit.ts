// Sending a routed packet out of a link, by link kind: across a veth to its peer, through an
// ipvlan slave (switched to a sibling or out of the parent), onto a VLAN, or out of an ENI into
// the VPC fabric, which delivers it to the ENI that owns the destination.

import { prefixContains } from '@terway-sim/sim-base';
import { lowerUp } from '../model/carrier.js';
import type { LinkState, NsState } from '../model/state.js';
import { filterAtEni, leaveVpc } from './fabric-filter.js';
import { classify } from './packet.js';
import { drop, hop, type StepResult, type TraceContext } from './trace-context.js';

export function transmit(ctx: TraceContext, oif: LinkState, nexthop: string): StepResult {
  switch (oif.kind) {
    case 'veth':
      return viaVeth(ctx, oif, nexthop);
    case 'device':
      return deviceEgress(ctx, oif);
    case 'ipvlan':
      return viaIpvlan(ctx, oif, nexthop);
    case 'vlan': {
      const parent = oif.parent!;
      ctx.packet.vlan = oif.vlanId!;
      hop(ctx, 'vlan', `${oif.name} tags vlan ${oif.vlanId} onto ${parent.name}`, oif.name);
      ctx.pos = { ns: parent.ns, iif: ctx.pos.iif ?? oif };
      return deviceEgress(ctx, parent);
    }
    case 'loopback':
      return { kind: 'delivered', namespace: ctx.pos.ns.name, link: 'lo' };
    case 'bridge':
      return drop('sink-link', `${oif.name} is a bridge; trace does not follow bridge forwarding`);
    default:
      return drop('sink-link', `${oif.name} (${oif.kind}) discards what it is sent`);
  }
}

function neighbourMac(ns: NsState, link: LinkState, ip: string): string | undefined {
  return ns.neighs.find((neigh) => neigh.link === link && neigh.ip === ip)?.mac;
}

/** Who answers ARP/ND for `ip` on the far end `peer`: its MAC if its namespace owns the address. */
function resolvesAcross(peer: LinkState, ip: string): boolean {
  const ignore = Math.max(
    Number(peer.ns.sysctls.all4.get('arp_ignore') ?? 0),
    Number(peer.conf4.get('arp_ignore') ?? 0),
  );
  return peer.ns.addrs.some((addr) => addr.ip === ip && (ignore === 0 || addr.link === peer));
}

function viaVeth(ctx: TraceContext, oif: LinkState, nexthop: string): StepResult {
  const peer = oif.peer!;
  let mac = neighbourMac(ctx.pos.ns, oif, nexthop);
  if (mac === undefined && (oif.noarp || resolvesAcross(peer, nexthop))) mac = peer.mac;
  if (mac === undefined)
    return drop(
      'neighbour-unresolved',
      `nobody behind ${oif.name} answers for ${nexthop} (no neighbour entry, no owner on ${peer.ns.name}/${peer.name})`,
    );
  if (mac !== peer.mac)
    return drop(
      'wrong-mac',
      `${oif.name} sends to ${mac} for ${nexthop}, but its peer ${peer.ns.name}/${peer.name} is ${peer.mac}`,
    );
  hop(ctx, 'veth', `${oif.name} -> ${peer.ns.name}/${peer.name}`, oif.name);
  ctx.pos = { ns: peer.ns, iif: peer };
  return { kind: 'continue' };
}

function viaIpvlan(ctx: TraceContext, oif: LinkState, nexthop: string): StepResult {
  const parent = oif.parent!;
  const mac = neighbourMac(ctx.pos.ns, oif, nexthop);
  const switchedLocally = oif.noarp || mac === oif.mac;
  if (switchedLocally) {
    const sibling = parent.children.find(
      (child) => child.kind === 'ipvlan' && child !== oif && owns(child, ctx.packet.dst),
    );
    const target = sibling ?? parent;
    hop(
      ctx,
      'ipvlan',
      `${oif.name} switches ${ctx.packet.dst} to ${target.ns.name}/${target.name}`,
      oif.name,
    );
    ctx.pos = { ns: target.ns, iif: target };
    return { kind: 'continue' };
  }
  if (!lowerUp(parent)) return drop('no-carrier', `ipvlan parent ${parent.name} is not up`);
  hop(
    ctx,
    'ipvlan',
    `${oif.name} sends out of its parent ${parent.ns.name}/${parent.name}`,
    oif.name,
  );
  ctx.pos = { ns: parent.ns, ...(ctx.pos.iif !== undefined ? { iif: ctx.pos.iif } : {}) };
  return deviceEgress(ctx, parent);
}

function owns(link: LinkState, ip: string): boolean {
  return link.ns.addrs.some((addr) => addr.link === link && addr.ip === ip);
}

function deviceEgress(ctx: TraceContext, device: LinkState): StepResult {
  for (const action of classify(device.ns, device, 'egress', ctx.packet)) {
    if (action.kind === 'vlan') {
      if (action.op === 'push') ctx.packet.vlan = action.vlanId;
      else delete ctx.packet.vlan;
      hop(
        ctx,
        'tc',
        `egress filter on ${device.name}: vlan ${action.op}${action.op === 'push' ? ` id ${action.vlanId}` : ''}`,
        device.name,
      );
    }
    if (action.kind === 'mirred' && action.direction === 'ingress') {
      const target = device.ns.links.get(action.targetIndex);
      if (target === undefined)
        return drop('sink-link', `egress filter on ${device.name} redirects to a missing link`);
      hop(
        ctx,
        'tc',
        `egress filter on ${device.name}: redirect to ${target.name} (ingress)`,
        device.name,
      );
      ctx.pos = { ns: device.ns, iif: target };
      return { kind: 'continue' };
    }
  }
  return fabricCarry(ctx, device);
}

function deviceMac(ctx: TraceContext, device: LinkState): string {
  for (const [mac, link] of ctx.kernel.devices) if (link === device) return mac;
  return device.mac;
}

function sourceAdmitted(ctx: TraceContext, senderMac: string): boolean {
  const { packet, fabric } = ctx;
  const owner = fabric.ownerOf(packet.src);
  if (
    owner !== undefined &&
    owner.trunk === undefined &&
    owner.eniMac === senderMac &&
    packet.vlan === undefined
  )
    return true;
  if (
    owner?.trunk !== undefined &&
    owner.trunk.trunkMac === senderMac &&
    packet.vlan === owner.trunk.vlanId
  )
    return true;
  const instance = fabric.instanceOfEni(senderMac);
  return (
    instance !== undefined &&
    fabric
      .routeEntries()
      .some((entry) => entry.nextHopId === instance && inCidr(entry.destinationCidr, packet.src))
  );
}

function fabricCarry(ctx: TraceContext, device: LinkState): StepResult {
  const { packet, fabric } = ctx;
  const senderMac = deviceMac(ctx, device);
  hop(
    ctx,
    'fabric',
    `${device.name} (${senderMac}) sends ${packet.src} -> ${packet.dst}${packet.vlan !== undefined ? ` tagged ${packet.vlan}` : ''} into the VPC`,
    device.name,
  );
  if (!sourceAdmitted(ctx, senderMac)) {
    return drop(
      'fabric-source-check',
      `the VPC drops it: ${packet.src} is not an address of ENI ${senderMac}${packet.vlan !== undefined ? ` (vlan ${packet.vlan})` : ''}`,
    );
  }
  const srcEniMac = fabric.ownerOf(packet.src)?.eniMac ?? senderMac;
  const vSwitch = fabric.vSwitchOf(packet.dst);
  if (vSwitch !== undefined && vSwitch.gatewayIp === packet.dst) {
    const blocked = filterAtEni(ctx, { direction: 'egress', srcEniMac });
    if (blocked !== undefined) return blocked;
    hop(ctx, 'fabric-deliver', `${packet.dst} is the gateway of ${vSwitch.vSwitchId}`);
    return { kind: 'delivered', namespace: 'vpc', link: 'vpc-gateway' };
  }
  const target = fabricTarget(ctx);
  if (target.kind === 'drop') return leaveVpc(ctx, srcEniMac) ?? target;
  const ends = { srcEniMac, dstEniMac: target.eniMac };
  const blocked =
    filterAtEni(ctx, { direction: 'egress', ...ends }) ??
    filterAtEni(ctx, { direction: 'ingress', ...ends });
  if (blocked !== undefined) return blocked;
  return deviceIngress(ctx, target.device, target.vlan);
}

function inCidr(cidr: string, ip: string): boolean {
  return ip.includes(':') === cidr.includes(':') && prefixContains(cidr, ip);
}

type Target =
  | {
      readonly kind: 'device';
      readonly device: LinkState;
      readonly vlan?: number;
      /** The ENI that holds the destination (a member ENI, not its trunk). */
      readonly eniMac: string;
    }
  | Extract<StepResult, { kind: 'drop' }>;

function fabricTarget(ctx: TraceContext): Target {
  const { packet, fabric } = ctx;
  const owner = fabric.ownerOf(packet.dst);
  let mac = owner === undefined ? undefined : owner.trunk?.trunkMac ?? owner.eniMac;
  const vlan = owner?.trunk?.vlanId;
  if (owner === undefined) {
    const entry = fabric
      .routeEntries()
      .filter((candidate) => inCidr(candidate.destinationCidr, packet.dst))
      .sort(
        (a, b) => Number(b.destinationCidr.split('/')[1]) - Number(a.destinationCidr.split('/')[1]),
      )[0];
    mac = entry === undefined ? undefined : fabric.primaryEniMacOf(entry.nextHopId);
    if (mac === undefined)
      return {
        kind: 'drop',
        reason: 'fabric-no-owner',
        detail: `no ENI in the VPC holds ${packet.dst} and no route entry covers it`,
      };
  }
  const device = ctx.kernel.devices.get(mac!.toLowerCase());
  if (device === undefined)
    return {
      kind: 'drop',
      reason: 'fabric-no-owner',
      detail: `ENI ${mac} holds ${packet.dst} but no kernel device has that MAC`,
    };
  return {
    kind: 'device',
    device,
    eniMac: owner?.eniMac ?? mac!,
    ...(vlan !== undefined ? { vlan } : {}),
  };
}

function deviceIngress(ctx: TraceContext, device: LinkState, vlan: number | undefined): StepResult {
  const packet = ctx.packet;
  if (vlan !== undefined) packet.vlan = vlan;
  else delete packet.vlan;
  ctx.pos = { ns: device.ns, iif: device };
  hop(
    ctx,
    'fabric-deliver',
    `the VPC delivers to ${device.ns.name}/${device.name}${vlan !== undefined ? ` tagged ${vlan}` : ''}`,
    device.name,
  );
  if (!lowerUp(device)) return drop('link-down', `${device.name} is down`);
  for (const action of classify(device.ns, device, 'ingress', packet)) {
    if (action.kind === 'vlan' && action.op === 'pop') {
      delete packet.vlan;
      hop(ctx, 'tc', `ingress filter on ${device.name}: vlan pop`, device.name);
    }
  }
  if (packet.vlan !== undefined) {
    const child = device.children.find(
      (link) => link.alive && link.kind === 'vlan' && link.vlanId === packet.vlan,
    );
    if (child === undefined)
      return drop(
        'fabric-vlan-mismatch',
        `${device.name} receives vlan ${packet.vlan} but has no such VLAN link and no pop filter`,
      );
    if (!child.up) return drop('link-down', `${child.name} is down`);
    delete packet.vlan;
    hop(
      ctx,
      'vlan',
      `${device.name} hands vlan ${child.vlanId} to ${child.ns.name}/${child.name}`,
      child.name,
    );
    ctx.pos = { ns: child.ns, iif: child };
    return { kind: 'continue' };
  }
  const slave = device.children.find(
    (link) => link.alive && link.kind === 'ipvlan' && link.up && owns(link, packet.dst),
  );
  if (slave !== undefined) {
    hop(
      ctx,
      'ipvlan',
      `${device.name} hands ${packet.dst} to ipvlan ${slave.ns.name}/${slave.name}`,
      slave.name,
    );
    ctx.pos = { ns: slave.ns, iif: slave };
  }
  return { kind: 'continue' };
}
