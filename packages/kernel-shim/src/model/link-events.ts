// What happens around a link when it goes up or down, leaves a namespace or is deleted: the
// kernel's NETDEV_UP / NETDEV_DOWN / NETDEV_CHANGE / NETDEV_UNREGISTER reactions in
// net/ipv4/fib_frontend.c, net/ipv4/devinet.c, net/ipv6/addrconf.c, net/core/neighbour.c and
// net/8021q (VLANs follow their parent up and down).
//
// Up: routes implied by the link's addresses come back; IPv6 is configured once the link is up
// with carrier (ff00::/8, the EUI-64 link-local address). Down: every route through the link goes
// except host-scope ones, IPv6 addresses are flushed, neighbours (even permanent ones) flushed.

import { addImpliedRoutes } from './kernel-routes.js';
import { hasCarrier } from './carrier.js';
import { addLinkLocal, addrsOfLink, addrInsert, removeAddrs } from './addresses.js';
import { ipv6MulticastRoute } from './kernel-routes.js';
import { linkLocalFromMac } from './ip-math.js';
import { insertRoute, removeRoutesWhere } from './route-table.js';
import { attachDefaultQdiscs } from './tc.js';
import { dropLink, touch, type LinkState, type NsState } from './state.js';

/** The links whose carrier may change when `link` changes state. */
function carrierDependents(link: LinkState): LinkState[] {
  const found: LinkState[] = [];
  const visit = (current: LinkState): void => {
    if (found.includes(current)) return;
    found.push(current);
    if (current.peer !== undefined && current.peer.alive) found.push(current.peer);
    current.children.forEach(visit);
    if (current.master !== undefined) found.push(current.master);
  };
  visit(link);
  return found;
}

/** addrconf's NETDEV_UP/NETDEV_CHANGE: configure IPv6 the first time the link is ready. */
function configureIpv6IfReady(link: LinkState): void {
  if (link.ipv6Ready || !link.up || !hasCarrier(link) || !link.alive || link.conf6.size === 0)
    return;
  touch(link.ns);
  link.ipv6Ready = true;
  if (link.conf6.get('disable_ipv6') !== '0') return;
  const ns = link.ns;
  if (link.kind === 'loopback') {
    addrInsert(ns, link, { linkIndex: link.index, cidr: '::1/128' }, true);
    return;
  }
  insertRoute(ns, ipv6MulticastRoute(link), 'append');
  if (link.conf6.get('addr_gen_mode') !== '0' || link.mac === '00:00:00:00:00:00') return;
  addLinkLocal(ns, link, linkLocalFromMac(link.mac));
}

export function refreshCarrier(link: LinkState): void {
  carrierDependents(link).forEach(configureIpv6IfReady);
}

/**
 * Runs `change`, then queues the link watcher for `link` and for every link whose carrier it
 * changed (a veth's peer, stacked children, a bridge); it runs when the call is done.
 */
function watched(link: LinkState, change: () => void): void {
  const dependents = carrierDependents(link);
  const before = dependents.map(hasCarrier);
  change();
  dependents.forEach((other, at) => {
    const flipped = before[at] !== hasCarrier(other);
    if (other === link || flipped) link.ns.shared.linkWatchQueue.push(other);
  });
}

/** Sets the link up and runs the kernel's reactions (the caller checked it may go up). */
export function bringUp(link: LinkState): void {
  if (link.up) return;
  watched(link, () => bringUpNow(link));
}

function bringUpNow(link: LinkState): void {
  touch(link.ns);
  link.up = true;
  const ns = link.ns;
  if (link.kind === 'loopback') {
    addrInsert(ns, link, { linkIndex: link.index, cidr: '127.0.0.1/8', scope: 'host' }, true);
    // inetdev_event: loopback's IPv4 conf stops following `default` once it is up.
    link.conf4.pinAll();
  }
  addrsOfLink(ns, link).forEach((addr) => addImpliedRoutes(ns, addr));
  attachDefaultQdiscs(ns, link);
  link.children.filter((child) => child.kind === 'vlan' && child.alive).forEach(bringUp);
  refreshCarrier(link);
}

export function bringDown(link: LinkState): void {
  if (!link.up) return;
  watched(link, () => bringDownNow(link));
}

function bringDownNow(link: LinkState): void {
  touch(link.ns);
  link.up = false;
  link.ipv6Ready = false;
  const ns = link.ns;
  removeRoutesWhere(
    ns,
    (route) => route.oif === link && (route.family === 6 || route.scope !== 'host'),
  );
  const keepStatic = link.conf6.get('keep_addr_on_down') !== '0';
  removeAddrs(ns, addrsOfLink(ns, link, 6).filter((addr) => !keepStatic || addr.scope === 'link'));
  ns.neighs = ns.neighs.filter((neigh) => neigh.link !== link);
  link.children.filter((child) => child.kind === 'vlan' && child.alive).forEach(bringDown);
  refreshCarrier(link);
  carrierDependents(link)
    .filter((other) => other !== link && !hasCarrier(other))
    .forEach(flushOnCarrierLoss);
}

/** neigh_carrier_down: a link that lost carrier drops all but its PERMANENT neighbours. */
function flushOnCarrierLoss(link: LinkState): void {
  touch(link.ns);
  link.ns.neighs = link.ns.neighs.filter(
    (neigh) => neigh.link !== link || neigh.state === 'permanent',
  );
}

/**
 * Takes a link out of its namespace (before a move or a delete): down, then every address,
 * route, neighbour and tc object that names it goes, and a bridge releases its ports.
 */
export function detachFromNamespace(link: LinkState): void {
  bringDown(link);
  const ns: NsState = link.ns;
  touch(ns);
  removeAddrs(ns, addrsOfLink(ns, link));
  removeRoutesWhere(ns, (route) => route.oif === link);
  ns.neighs = ns.neighs.filter((neigh) => neigh.link !== link);
  ns.qdiscs = ns.qdiscs.filter((qdisc) => qdisc.linkIndex !== link.index);
  ns.filters = ns.filters.filter((filter) => filter.linkIndex !== link.index);
  for (const port of ns.links.values()) if (port.master === link) delete port.master;
  const master = link.master;
  delete link.master;
  dropLink(ns, link);
  if (master !== undefined) refreshCarrier(master);
}
