// nic.Setup (plugin/driver/nic/nic.go): how Terway configures one link, as an ordered list of
// steps. The order matters and is Terway's: rename, MTU, sysctls, addresses, up, neighbours,
// routes, rules, then the trunk VLAN untagger. Routes come after "up" because the kernel refuses
// an IPv4 route through a link that is down; neighbours before routes so the pod's gateway
// resolves at once.

import type { AddrWant, LinkSel, NeighWant, RouteWant, RuleWant, Step } from './step.js';
import { byName } from './step.js';

/** nic.Conf. Every field optional, as in Go. */
export interface NicConf {
  readonly ifName?: string;
  /** 0 or absent: leave the MTU alone. */
  readonly mtu?: number;
  /** [path, value] pairs under /proc/sys, written in this order. */
  readonly sysctls?: ReadonlyArray<readonly [string, string]>;
  readonly addrs?: readonly AddrWant[];
  readonly neighs?: readonly NeighWant[];
  readonly routes?: readonly RouteWant[];
  readonly rules?: readonly RuleWant[];
  readonly stripVlan?: boolean;
}

/**
 * The steps of nic.Setup(link, conf) in namespace `ns`. After a rename the link is named by its
 * new name, as Terway re-reads it by index.
 */
export function nicSteps(ns: string, link: LinkSel, conf: NicConf): Step[] {
  const steps: Step[] = [];
  let current = link;
  if (conf.ifName !== undefined && conf.ifName !== '') {
    steps.push({ ns, op: 'linkName', link: current, name: conf.ifName });
    current = byName(conf.ifName);
  }
  if (conf.mtu !== undefined && conf.mtu > 0) steps.push({
    ns, op: 'linkMtu', link: current, mtu: conf.mtu,
  });
  for (const [path, value] of conf.sysctls ?? []) steps.push({ ns, op: 'sysctl', path, value });
  for (const addr of conf.addrs ?? []) steps.push({ ns, op: 'addr', link: current, addr });
  steps.push({ ns, op: 'linkUp', link: current });
  for (const neigh of conf.neighs ?? []) steps.push({ ns, op: 'neigh', neigh });
  for (const route of conf.routes ?? []) steps.push({ ns, op: 'route', route });
  for (const rule of conf.rules ?? []) steps.push({ ns, op: 'rule', rule });
  if (conf.stripVlan === true) steps.push({ ns, op: 'vlanUntag', link: current });
  return steps;
}

/**
 * GenerateIPv6Sysctl(ifName, disableRA, enableForward): IPv6 on for lo/all/default and the link,
 * router advertisements off, forwarding on for host-side links.
 */
export function ipv6Sysctls(ifName: string, disableRa: boolean, enableForward: boolean): Array<[
  string, string,
]> {
  const result: Array<[string, string]> = ['lo', 'all', 'default'].map(
    (name) => [`net/ipv6/conf/${name}/disable_ipv6`, '0']
  );
  if (ifName !== '') {
    result.push([`net/ipv6/conf/${ifName}/disable_ipv6`, '0']);
    if (disableRa) result.push([`net/ipv6/conf/${ifName}/accept_ra`, '0']);
    if (enableForward) result.push([`net/ipv6/conf/${ifName}/forwarding`, '1']);
  }
  return result;
}

/** An address as Terway builds it: scope universe unless given. */
export function addr(
  cidr: string, options: { scope?: AddrWant['scope']; nodad?: boolean } = {},
): AddrWant {
  return { cidr, scope: options.scope ?? 'universe', nodad: options.nodad ?? false };
}
