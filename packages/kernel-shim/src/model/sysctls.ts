// Sysctls of a namespace: `all`, `default` and per-link conf for IPv4 and IPv6, plus ip_forward.
//
// Models net/ipv4/devinet.c and net/ipv6/addrconf.c as far as Terway touches them: a new link
// copies `default`; writing `all/forwarding` (or `ip_forward`) sets forwarding on `default` and
// on every link, as `devinet_sysctl_forward` does (IPv6 `all/forwarding` and `all/disable_ipv6`
// propagate the same way; IPv4 forwarding also flips `all/accept_redirects`). Values are the compiled-in defaults of a fresh namespace (IPv4 conf in
// a new namespace is inherited from init_net, which on a stock host holds the same values).

import type { KernelResult, Unit } from '../index.js';
import { kernelError } from '../netlink/errors.js';
import { ok } from '@terway-sim/sim-base';
import { ipv4ConfKeys, ipv6ConfKeys, normalizeSysctlPath } from '../netlink/sysctl.js';
import { linkByName, linksOf, type LinkState, type NsState } from './state.js';

const ipv4Defaults: Readonly<Record<string, string>> = {
  forwarding: '0', rp_filter: '0', accept_local: '0', proxy_arp: '0', arp_ignore: '0',
  arp_announce: '0', send_redirects: '1', accept_redirects: '1', route_localnet: '0',
  promote_secondaries: '0',
};

const ipv6Defaults: Readonly<Record<string, string>> = {
  disable_ipv6: '0', accept_ra: '1', forwarding: '0', accept_dad: '1', autoconf: '1',
  addr_gen_mode: '0', keep_addr_on_down: '0',
};

/** Every per-interface key the model keeps (a superset of the exported lists). */
export const modelIpv4Keys: readonly string[] = [...ipv4ConfKeys, 'promote_secondaries'];
export const modelIpv6Keys: readonly string[] = [...ipv6ConfKeys, 'addr_gen_mode', 'keep_addr_on_down'];

export function initialNamespaceSysctls(): Map<string, string> {
  const values = new Map<string, string>();
  for (const device of ['all', 'default']) {
    modelIpv4Keys.forEach((key) => values.set(`net/ipv4/conf/${device}/${key}`, ipv4Defaults[key]!));
    modelIpv6Keys.forEach((key) => values.set(`net/ipv6/conf/${device}/${key}`, ipv6Defaults[key]!));
  }
  // The kernel starts `all` without DAD (the per-link value decides).
  values.set('net/ipv6/conf/all/accept_dad', '0');
  return values;
}

/** A new link's conf: copied from the namespace's `default` at registration. */
export function confFromDefault(ns: NsState, family: 4 | 6): Map<string, string> {
  const keys = family === 4 ? modelIpv4Keys : modelIpv6Keys;
  const conf = new Map<string, string>();
  keys.forEach((key) => conf.set(key, ns.sysctls.get(`net/ipv${family}/conf/default/${key}`)!));
  return conf;
}

/** Loopback's conf differs in one knob: it never runs DAD. */
export function adjustLoopbackConf(link: LinkState): void {
  link.conf6.set('accept_dad', '-1');
}

type Located =
  | { readonly kind: 'ns'; readonly path: string }
  | { readonly kind: 'link'; readonly link: LinkState; readonly family: 4 | 6; readonly key: string };

function locate(ns: NsState, rawPath: string): Located | undefined {
  const path = normalizeSysctlPath(rawPath);
  if (path === 'net/ipv4/ip_forward') return { kind: 'ns', path: 'net/ipv4/conf/all/forwarding' };
  const match = /^net\/ipv([46])\/conf\/([^/]+)\/([a-z_0-9]+)$/.exec(path);
  if (match === null) return undefined;
  const family = match[1] === '4' ? 4 : 6;
  const [device, key] = [match[2]!, match[3]!];
  const keys = family === 4 ? modelIpv4Keys : modelIpv6Keys;
  if (!keys.includes(key)) return undefined;
  if (device === 'all' || device === 'default') return { kind: 'ns', path };
  const link = linkByName(ns, device);
  return link === undefined ? undefined : { kind: 'link', link, family, key };
}

export function sysctlRead(ns: NsState, path: string): KernelResult<string> {
  const located = locate(ns, path);
  if (located === undefined) return kernelError('ENOENT', 'sysctlGet', `${ns.name}: no sysctl ${path}`);
  if (located.kind === 'ns') return ok(ns.sysctls.get(located.path)!);
  const conf = located.family === 4 ? located.link.conf4 : located.link.conf6;
  return ok(conf.get(located.key)!);
}

export function sysctlWrite(ns: NsState, path: string, rawValue: string): KernelResult<Unit> {
  const located = locate(ns, path);
  if (located === undefined) return kernelError('ENOENT', 'sysctlSet', `${ns.name}: no sysctl ${path}`);
  const value = rawValue.trim();
  if (!/^-?\d+$/.test(value)) {
    return kernelError('EINVAL', 'sysctlSet', `${ns.name}: ${path} takes an integer, got ${JSON.stringify(rawValue)}`);
  }
  const canonical = String(Number(value));
  if (located.kind === 'link') {
    (located.family === 4 ? located.link.conf4 : located.link.conf6).set(located.key, canonical);
    if (located.family === 4) markSet(located.link, located.key);
    return ok(undefined);
  }
  ns.sysctls.set(located.path, canonical);
  propagateAll(ns, located.path, canonical);
  propagateDefault(ns, located.path, canonical);
  return ok(undefined);
}

function markSet(link: LinkState, key: string): void {
  (link.conf4Set ??= new Set()).add(key);
}

/** devinet_copy_dflt_conf: an IPv4 `default` write reaches every link that never set the knob. */
function propagateDefault(ns: NsState, path: string, value: string): void {
  const match = /^net\/ipv4\/conf\/default\/([a-z_0-9]+)$/.exec(path);
  if (match === null) return;
  const key = match[1]!;
  linksOf(ns).forEach((link) => {
    if (link.conf4.size > 0 && link.conf4Set?.has(key) !== true) link.conf4.set(key, value);
  });
}

/** `all/forwarding` and IPv6 `all/disable_ipv6` are pushed to `default` and every link. */
function propagateAll(ns: NsState, path: string, value: string): void {
  const match = /^net\/ipv([46])\/conf\/all\/(forwarding|disable_ipv6)$/.exec(path);
  if (match === null || (match[1] === '4' && match[2] === 'disable_ipv6')) return;
  const family = match[1] === '4' ? 4 : 6;
  const key = match[2]!;
  ns.sysctls.set(`net/ipv${family}/conf/default/${key}`, value);
  // inet_forward_change: a forwarding host stops accepting redirects.
  if (family === 4) ns.sysctls.set('net/ipv4/conf/all/accept_redirects', value === '0' ? '1' : '0');
  linksOf(ns).forEach((link) => {
    const conf = family === 4 ? link.conf4 : link.conf6;
    if (conf.size === 0) return;
    conf.set(key, value);
    if (family === 4) markSet(link, key);
  });
}

/** Every sysctl of the namespace by path, for snapshots. */
export function sysctlDump(ns: NsState): Record<string, string> {
  const dump: Record<string, string> = {};
  dump['net/ipv4/ip_forward'] = ns.sysctls.get('net/ipv4/conf/all/forwarding')!;
  for (const [path, value] of ns.sysctls) dump[path] = value;
  for (const link of linksOf(ns)) {
    link.conf4.forEach((value, key) => { dump[`net/ipv4/conf/${link.name}/${key}`] = value; });
    link.conf6.forEach((value, key) => { dump[`net/ipv6/conf/${link.name}/${key}`] = value; });
  }
  return Object.fromEntries(Object.entries(dump).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
