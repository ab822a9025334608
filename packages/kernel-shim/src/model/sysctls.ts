// Sysctls of a namespace: `all`, `default` and per-link conf for IPv4 and IPv6, plus ip_forward.
//
// Models net/ipv4/devinet.c and net/ipv6/addrconf.c as far as Terway touches them: a new link
// starts from `default`; an IPv4 `default` write also reaches every link that never set that
// knob itself (devinet_copy_dflt_conf); writing `all/forwarding` (or `ip_forward`) sets
// forwarding on `default` and on every link (devinet_sysctl_forward), and turns off
// `all/accept_redirects`; IPv6 `all/forwarding` and `all/disable_ipv6` propagate the same way.
// Values are the compiled-in defaults of a fresh namespace (IPv4 conf in a new namespace is
// inherited from init_net, which on a stock host holds the same values).

import { ok } from '@terway-sim/sim-base';
import { kernelError, type KernelResult } from '../netlink/errors.js';
import type { Unit } from '../netlink/kernel.js';
import { ipv4ConfKeys, ipv6ConfKeys, normalizeSysctlPath } from '../netlink/sysctl.js';
import { LinkConf } from './conf.js';
import { withIpv6ForwardingChange } from './kernel-routes.js';
import { linkByName, linksOf, type LinkState, type NsState } from './state.js';

/** Every per-interface key the model keeps (a superset of the exported lists). */
export const modelIpv4Keys: readonly string[] = [...ipv4ConfKeys, 'promote_secondaries'];
export const modelIpv6Keys: readonly string[] = [
  ...ipv6ConfKeys,
  'addr_gen_mode',
  'keep_addr_on_down',
];

const ipv4Defaults: ReadonlyMap<string, string> = new Map(Object.entries({
  forwarding: '0', rp_filter: '0', accept_local: '0', proxy_arp: '0', arp_ignore: '0',
  arp_announce: '0', send_redirects: '1', accept_redirects: '1', route_localnet: '0',
  promote_secondaries: '0',
}));

const ipv6Defaults: ReadonlyMap<string, string> = new Map(Object.entries({
  disable_ipv6: '0', accept_ra: '1', forwarding: '0', accept_dad: '1', autoconf: '1',
  addr_gen_mode: '0', keep_addr_on_down: '0',
}));

/**
 * A namespace's `all` and `default` knobs. The maps are replaced on write, never mutated, so a
 * fresh namespace shares the templates and an IPv6 link can keep the map of its creation.
 */
export interface NsSysctls {
  all4: ReadonlyMap<string, string>;
  default4: ReadonlyMap<string, string>;
  all6: ReadonlyMap<string, string>;
  default6: ReadonlyMap<string, string>;
}

const all6Defaults: ReadonlyMap<string, string> = new Map([...ipv6Defaults, ['accept_dad', '0']]);

export function initialNamespaceSysctls(): NsSysctls {
  return { all4: ipv4Defaults, default4: ipv4Defaults, all6: all6Defaults, default6: ipv6Defaults };
}

function withValue(
  map: ReadonlyMap<string, string>,
  key: string,
  value: string,
): ReadonlyMap<string, string> {
  return new Map([...map, [key, value]]);
}

/** A new link's conf: IPv4 reads through to the live `default`, IPv6 keeps today's `default`. */
export function confFromDefault(ns: NsState, family: 4 | 6): LinkConf {
  return new LinkConf(family === 4 ? ns.sysctls : ns.sysctls.default6);
}

/** Loopback's conf differs in one knob: it never runs DAD. */
export function adjustLoopbackConf(link: LinkState): void {
  link.conf6.set('accept_dad', '-1');
}

type Located =
  | {
      readonly kind: 'ns';
      readonly family: 4 | 6;
      readonly device: 'all' | 'default';
      readonly key: string;
    }
  | {
      readonly kind: 'link';
      readonly link: LinkState;
      readonly family: 4 | 6;
      readonly key: string;
    };

function locate(ns: NsState, rawPath: string): Located | undefined {
  const path = normalizeSysctlPath(rawPath);
  if (path === 'net/ipv4/ip_forward')
    return { kind: 'ns', family: 4, device: 'all', key: 'forwarding' };
  const match = /^net\/ipv([46])\/conf\/([^/]+)\/([a-z_0-9]+)$/.exec(path);
  if (match === null) return undefined;
  const family = match[1] === '4' ? 4 : 6;
  const [device, key] = [match[2]!, match[3]!];
  if (!(family === 4 ? modelIpv4Keys : modelIpv6Keys).includes(key)) return undefined;
  if (device === 'all' || device === 'default') return { kind: 'ns', family, device, key };
  const link = linkByName(ns, device);
  if (link === undefined || (family === 4 ? link.conf4 : link.conf6).size === 0) return undefined;
  return { kind: 'link', link, family, key };
}

function nsValue(ns: NsState, located: Extract<Located, { kind: 'ns' }>): string {
  const { sysctls } = ns;
  const map =
    located.family === 4
      ? located.device === 'all'
        ? sysctls.all4
        : sysctls.default4
      : located.device === 'all'
        ? sysctls.all6
        : sysctls.default6;
  return map.get(located.key)!;
}

export function sysctlRead(ns: NsState, path: string): KernelResult<string> {
  const located = locate(ns, path);
  if (located === undefined)
    return kernelError('ENOENT', 'sysctlGet', `${ns.name}: no sysctl ${path}`);
  if (located.kind === 'ns') return ok(nsValue(ns, located));
  return ok((located.family === 4 ? located.link.conf4 : located.link.conf6).get(located.key)!);
}

export function sysctlWrite(ns: NsState, path: string, rawValue: string): KernelResult<Unit> {
  const located = locate(ns, path);
  if (located === undefined)
    return kernelError('ENOENT', 'sysctlSet', `${ns.name}: no sysctl ${path}`);
  const value = rawValue.trim();
  if (!/^-?\d+$/.test(value)) {
    return kernelError(
      'EINVAL',
      'sysctlSet',
      `${ns.name}: ${path} takes an integer, got ${JSON.stringify(rawValue)}`,
    );
  }
  const canonical = String(Number(value));
  if (located.kind === 'link') {
    setLinkKnob(ns, located.link, located.family, located.key, canonical);
    return ok(undefined);
  }
  writeNamespaceKnob(ns, located, canonical);
  return ok(undefined);
}

function writeNamespaceKnob(
  ns: NsState,
  located: Extract<Located, { kind: 'ns' }>,
  value: string,
): void {
  const { sysctls } = ns;
  const { family, device, key } = located;
  const field = `${device}${family}` as 'all4' | 'default4' | 'all6' | 'default6';
  sysctls[field] = withValue(sysctls[field], key, value);
  if (device === 'default') return;
  const propagates = key === 'forwarding' || (family === 6 && key === 'disable_ipv6');
  if (!propagates) return;
  if (family === 4) {
    sysctls.default4 = withValue(sysctls.default4, key, value);
    // inet_forward_change: a forwarding host stops accepting redirects.
    sysctls.all4 = withValue(sysctls.all4, 'accept_redirects', value === '0' ? '1' : '0');
  } else {
    sysctls.default6 = withValue(sysctls.default6, key, value);
  }
  linksOf(ns).forEach((link) => setLinkKnob(ns, link, family, key, value));
}

function setLinkKnob(
  ns: NsState,
  link: LinkState,
  family: 4 | 6,
  key: string,
  value: string,
): void {
  if (family === 4) {
    link.conf4.set(key, value);
    return;
  }
  if (key !== 'forwarding') {
    link.conf6.set(key, value);
    return;
  }
  withIpv6ForwardingChange(ns, link, () => link.conf6.set(key, value));
}

/** Every sysctl of the namespace by path, for snapshots. */
export function sysctlDump(ns: NsState): Record<string, string> {
  const { sysctls } = ns;
  const dump: Record<string, string> = { 'net/ipv4/ip_forward': sysctls.all4.get('forwarding')! };
  const add = (family: 4 | 6, device: string, entries: Iterable<[string, string]>): void => {
    for (const [key, value] of entries) dump[`net/ipv${family}/conf/${device}/${key}`] = value;
  };
  add(4, 'all', sysctls.all4);
  add(4, 'default', sysctls.default4);
  add(6, 'all', sysctls.all6);
  add(6, 'default', sysctls.default6);
  for (const link of linksOf(ns)) {
    add(4, link.name, link.conf4.entries());
    add(6, link.name, link.conf6.entries());
  }
  return Object.fromEntries(Object.entries(dump).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
