// Interface addresses and their kernel side effects: IPv4 as net/ipv4/devinet.c keeps them
// (`__inet_insert_ifa`: duplicates, primary/secondary, secondaries deleted with their primary)
// and IPv6 as net/ipv6/addrconf.c (one entry per address on a link, scope from the address,
// refused while IPv6 is disabled on the link). DAD is treated as instant: an address is never
// `tentative` (docs/differences.md).

import { ok } from '@terway-sim/sim-base';
import type { Addr, AddrSpec, Scope } from '../netlink/address.js';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import {
  defaultAddressScope,
  ipv6AddressScope,
  parseCidr,
  prefixText,
  type ParsedCidr,
} from './ip-math.js';
import {
  addImpliedRoutes,
  impliedRoutes,
  ipv6MulticastRoute,
  removeImpliedRoutes,
} from './kernel-routes.js';
import { insertRoute } from './route-table.js';
import { scopeValue, type AddrState, type LinkState, type NsState } from './state.js';

export function toAddr(addr: AddrState): Addr {
  return {
    linkIndex: addr.link.index,
    family: addr.family,
    cidr: `${addr.ip}/${addr.prefixLength}`,
    scope: addr.scope,
    nodad: addr.nodad,
    noprefixroute: addr.noprefixroute,
    secondary: addr.secondary,
    ...(addr.family === 4 ? { label: addr.link.name } : {}),
    ...(addr.broadcast !== undefined ? { broadcast: addr.broadcast } : {}),
  };
}

function sameSubnet(a: AddrState, cidr: ParsedCidr): boolean {
  return a.prefixLength === cidr.prefixLength && a.prefix === prefixText(cidr);
}

export function addrInsert(
  ns: NsState,
  link: LinkState,
  spec: AddrSpec,
  replace: boolean,
): KernelResult<Unit> {
  const op = replace ? 'addrReplace' : 'addrAdd';
  const cidr = parseCidr(spec.cidr);
  if (cidr === undefined)
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: ${JSON.stringify(spec.cidr)} is not an address/prefix`,
    );
  return cidr.family === 4
    ? insertIpv4(ns, link, cidr, spec, op)
    : insertIpv6(ns, link, cidr, spec, op);
}

function insertIpv4(
  ns: NsState,
  link: LinkState,
  cidr: ParsedCidr,
  spec: AddrSpec,
  op: string,
): KernelResult<Unit> {
  const scope: Scope = spec.scope ?? defaultAddressScope(cidr);
  const onLink = ns.addrs.filter((addr) => addr.link === link && addr.family === 4);
  let secondary = false;
  for (const existing of onLink) {
    if (!sameSubnet(existing, cidr)) continue;
    if (existing.ip === cidr.ip) {
      if (op === 'addrReplace') return ok(undefined);
      return kernelError(
        'EEXIST',
        op,
        `${ns.name}: ${cidr.ip}/${cidr.prefixLength} already on ${link.name}`,
      );
    }
    if (existing.scope !== scope) {
      return kernelError(
        'EINVAL',
        op,
        `${ns.name}: ${cidr.ip} has scope ${scope}, its subnet on ${link.name} has ${existing.scope}`,
      );
    }
    secondary = true;
  }
  const addr: AddrState = {
    link,
    family: 4,
    ip: cidr.ip,
    prefixLength: cidr.prefixLength,
    prefix: prefixText(cidr),
    scope,
    secondary,
    nodad: spec.nodad ?? false,
    noprefixroute: spec.noprefixroute ?? false,
    ...(spec.broadcast !== undefined ? { broadcast: spec.broadcast } : {}),
  };
  ns.addrs.splice(ipv4InsertPosition(ns, addr), 0, addr);
  link.addrCount++;
  addImpliedRoutes(ns, addr);
  return ok(undefined);
}

/** Primaries go after the link's last primary of equal or wider scope; secondaries at the end. */
function ipv4InsertPosition(ns: NsState, addr: AddrState): number {
  if (addr.secondary) return ns.addrs.length;
  let position = ns.addrs.length;
  let lastPrimary = -1;
  ns.addrs.forEach((other, index) => {
    if (other.link !== addr.link || other.family !== 4) return;
    if (position === ns.addrs.length) position = index;
    if (!other.secondary && scopeValue(addr.scope) <= scopeValue(other.scope)) lastPrimary = index;
  });
  return lastPrimary >= 0 ? lastPrimary + 1 : position;
}

/** ipv6_addr_src_scope: global 0xe, site 0x5, link-local 0x2, loopback 0x1. */
function ipv6ScopeRank(scope: Scope): number {
  switch (scope) {
    case 'universe': return 0xe;
    case 'site': return 0x5;
    case 'link': return 0x2;
    default: return 0x1;
  }
}

/**
 * ipv6_link_dev_addr: a link's IPv6 addresses are kept by scope, widest first, and a new one goes
 * before the first of equal or narrower scope (so the newest of a scope comes first).
 */
function ipv6InsertPosition(ns: NsState, addr: AddrState): number {
  const rank = ipv6ScopeRank(addr.scope);
  const at = ns.addrs.findIndex((other) => (
    other.link === addr.link && other.family === 6 && ipv6ScopeRank(other.scope) <= rank));
  return at < 0 ? ns.addrs.length : at;
}

function insertIpv6(
  ns: NsState,
  link: LinkState,
  cidr: ParsedCidr,
  spec: AddrSpec,
  op: string,
): KernelResult<Unit> {
  if (link.conf6.size === 0)
    return kernelError(
      'EINVAL',
      op,
      `${ns.name}: ${link.name} has no IPv6 (MTU ${link.mtu} is below 1280)`,
    );
  if (link.conf6.get('disable_ipv6') !== '0') {
    return kernelError('EACCES', op, `${ns.name}: IPv6 is disabled on ${link.name}`);
  }
  const existing = ns.addrs.find(
    (addr) => addr.link === link && addr.family === 6 && addr.ip === cidr.ip,
  );
  if (existing !== undefined) {
    if (op !== 'addrReplace')
      return kernelError('EEXIST', op, `${ns.name}: ${cidr.ip} already on ${link.name}`);
    existing.nodad = spec.nodad ?? existing.nodad;
    return ok(undefined);
  }
  const addr: AddrState = {
    link,
    family: 6,
    ip: cidr.ip,
    prefixLength: cidr.prefixLength,
    prefix: prefixText(cidr),
    scope: ipv6AddressScope(cidr.ip),
    secondary: false,
    nodad: spec.nodad ?? false,
    noprefixroute: spec.noprefixroute ?? false,
  };
  ns.addrs.splice(ipv6InsertPosition(ns, addr), 0, addr);
  link.addrCount++;
  addImpliedRoutes(ns, addr);
  ensureMulticastRoute(ns, link);
  return ok(undefined);
}

/**
 * addrconf_add_dev installs ff00::/8 through a link when it gets an IPv6 address. Observed on
 * Linux 6.18: on a link that is down at that moment the route stays invisible until IPv6 is
 * configured on the link (up with carrier), so only a link that is up gets it here.
 */
export function ensureMulticastRoute(ns: NsState, link: LinkState): void {
  if (link.kind === 'loopback' || !link.up) return;
  if (!ns.addrs.some((addr) => addr.link === link && addr.family === 6)) return;
  insertRoute(ns, ipv6MulticastRoute(link), 'append');
}

/** The EUI-64 link-local address addrconf gives a link (the fast path of insertIpv6). */
export function addLinkLocal(ns: NsState, link: LinkState, ip: string): void {
  if (
    link.addrCount > 0 &&
    ns.addrs.some((addr) => addr.link === link && addr.family === 6 && addr.ip === ip)
  )
    return;
  const addr: AddrState = {
    link,
    family: 6,
    ip,
    prefixLength: 64,
    prefix: 'fe80::/64',
    scope: 'link',
    secondary: false,
    nodad: false,
    noprefixroute: false,
  };
  ns.addrs.splice(ipv6InsertPosition(ns, addr), 0, addr);
  link.addrCount++;
  addImpliedRoutes(ns, addr);
}

export function addrRemove(ns: NsState, link: LinkState, cidrText: string): KernelResult<Unit> {
  const cidr = parseCidr(cidrText);
  if (cidr === undefined)
    return kernelError(
      'EINVAL',
      'addrDel',
      `${ns.name}: ${JSON.stringify(cidrText)} is not an address/prefix`,
    );
  const target = ns.addrs.find((addr) => addr.link === link && addr.family === cidr.family &&
    addr.ip === cidr.ip && addr.prefixLength === cidr.prefixLength);
  if (target === undefined) {
    return kernelError(
      'EADDRNOTAVAIL',
      'addrDel',
      `${ns.name}: ${cidr.ip}/${cidr.prefixLength} is not on ${link.name}`,
    );
  }
  const victims =
    target.family === 4 && !target.secondary
      ? ns.addrs.filter(
          (addr) =>
            addr === target ||
            (addr.link === link && addr.family === 4 && addr.secondary && sameSubnet(addr, cidr)),
        )
      : [target];
  removeAddrs(ns, victims);
  return ok(undefined);
}

/** Removes addresses and the kernel routes only they implied. */
export function removeAddrs(ns: NsState, victims: readonly AddrState[]): void {
  if (victims.length === 0) return;
  const implied = victims.flatMap((addr) => impliedRoutes(ns, addr));
  const gone = new Set(victims);
  ns.addrs = ns.addrs.filter((addr) => !gone.has(addr));
  victims.forEach((addr) => addr.link.addrCount--);
  removeImpliedRoutes(ns, implied);
}

export function addrsOfLink(ns: NsState, link: LinkState, family?: 4 | 6): AddrState[] {
  if (link.addrCount === 0) return [];
  return ns.addrs.filter(
    (addr) => addr.link === link && (family === undefined || addr.family === family),
  );
}
