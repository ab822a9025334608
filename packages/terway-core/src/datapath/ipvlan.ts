// IPVlan L2, the datapath behind `eniip_virtual_type: ipvlan` on kernels ≥ 4.19 (Terway's
// plugin/datapath/ipvlan_linux.go). The pod's eth0 is an ipvlan l2 slave of the
// ENI, addressed with the vSwitch prefix and routed straight to the vSwitch gateway; the ENI
// itself has no address. A shared host slave `ipvl_<ENI ifindex>` holds the node IP (scope host)
// and a /32 route per pod, so node↔pod traffic is switched inside ipvlan; egress traffic to the
// service CIDR and host_stack_cidrs is redirected by tc into that slave, i.e. into the host stack.
//
// Quirks kept: ExtraRoutes are ignored; ingress-only bandwidth in tc mode fails with "invalid rate
// 0" (the pod tbf uses the egress rate); stale redirect filters survive (see tc/filters.ts).

import { ok, type Result } from '@terway-sim/sim-base';
import { tcParentEgress, type Link } from '@terway-sim/kernel-shim';
import {
  defaultRouteV4, defaultRouteV6, ipvlanTrunkGatewayMac, toContainerPriority,
} from './constants.js';
import type { DatapathError } from './errors.js';
import { withMaxMask } from './ip.js';
import { missingCidr } from './tc/filters.js';
import { eniOf, podIps, type PlanInput } from './plan/input.js';
import { addr, ipv6Sysctls, nicSteps, type NicConf } from './plan/nic.js';
import {
  byIndex, byName, withContext, type AddrWant, type NeighWant, type Plan, type RouteWant,
  type RuleWant,
  type Step, type TableValue,
} from './plan/step.js';
import { multiNetworkFamily } from './policy-route.js';
import type { SetupConfig, TeardownConfig } from './types.js';

/** The host slave's name: `ipvl_<ENI ifindex>`. */
export function ipvlanSlaveName(eniIndex: number): string {
  return `ipvl_${eniIndex}`;
}

function familyPart(
  cfg: SetupConfig, ip: string, hostIp: string | undefined, gateway: string | undefined,
  podNs: string,
): { addrs: AddrWant[]; routes: RouteWant[]; neighs: NeighWant[] } {
  const link = byName(cfg.containerIfName);
  const v4 = !ip.includes(':');
  const routes: RouteWant[] = [];
  const neighs: NeighWant[] = [];
  const addrs = [addr(cfg.stripVlan ? withMaxMask(ip) : ip)];
  if (cfg.defaultRoute) {
    routes.push({
      dst: v4 ? defaultRouteV4 : defaultRouteV6, link, scope: 'universe', onlink: true,
      ...(gateway !== undefined ? { gateway } : {}),
    });
  }
  if (hostIp !== undefined) {
    routes.push({ dst: withMaxMask(hostIp), link, scope: 'link', onlink: false });
    neighs.push({ link, ip: hostIp.split('/')[0] ?? hostIp, mac: { macOf: { ns: podNs, link } } });
  }
  if (cfg.stripVlan && gateway !== undefined) neighs.push({
    link, ip: gateway, mac: ipvlanTrunkGatewayMac,
  });
  return { addrs, routes, neighs };
}

function podConf(cfg: SetupConfig, podNs: string): NicConf {
  const link = byName(cfg.containerIfName);
  const table: TableValue = { tableOf: { ns: podNs, link } };
  const addrs: AddrWant[] = [];
  const routes: RouteWant[] = [];
  const neighs: NeighWant[] = [];
  const rules: RuleWant[] = [];
  let sysctls: Array<[string, string]> = [];
  if (cfg.multiNetwork) rules.push({
    priority: toContainerPriority, table, oif: cfg.containerIfName,
  });
  const families = [
    { ip: cfg.containerIpNet.ipv4, hostIp: cfg.hostIpSet.ipv4, gateway: cfg.gatewayIp?.ipv4 },
    { ip: cfg.containerIpNet.ipv6, hostIp: cfg.hostIpSet.ipv6, gateway: cfg.gatewayIp?.ipv6 },
  ];
  for (const { ip, hostIp, gateway } of families) {
    if (ip === undefined) continue;
    const part = familyPart(cfg, ip, hostIp, gateway, podNs);
    addrs.push(...part.addrs);
    routes.push(...part.routes);
    neighs.push(...part.neighs);
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, ip, gateway, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
    if (ip.includes(':')) sysctls = ipv6Sysctls(cfg.containerIfName, true, false);
  }
  return { ifName: cfg.containerIfName, mtu: cfg.mtu, addrs, routes, rules, neighs, sysctls };
}

/** generateSlaveLinkCfgForIPVlan: node IP/32 scope host (v6 nodad) and a /32 route per pod. */
function slaveConf(cfg: SetupConfig, slave: string): NicConf {
  const link = byName(slave);
  const addrs: AddrWant[] = [];
  const routes: RouteWant[] = [];
  if (cfg.containerIpNet.ipv4 !== undefined && cfg.hostIpSet.ipv4 !== undefined) {
    addrs.push(addr(withMaxMask(cfg.hostIpSet.ipv4), { scope: 'host' }));
    routes.push({ dst: withMaxMask(cfg.containerIpNet.ipv4), link, scope: 'link', onlink: false });
  }
  if (cfg.containerIpNet.ipv6 !== undefined && cfg.hostIpSet.ipv6 !== undefined) {
    addrs.push(addr(withMaxMask(cfg.hostIpSet.ipv6), { nodad: true }));
    routes.push({ dst: withMaxMask(cfg.containerIpNet.ipv6), link, scope: 'link', onlink: false });
  }
  return { mtu: cfg.mtu, addrs, routes };
}

function hostSteps(cfg: SetupConfig, hostNs: string, eni: Link): Step[] {
  const slave = ipvlanSlaveName(eni.index);
  // Terway appends the v4 service CIDR even when there is none; the redirect step refuses it.
  const cidrs = [...cfg.hostStackCidrs, cfg.serviceCidr.ipv4 ?? missingCidr];
  return withContext('error set init namespace', [
    { ns: hostNs, op: 'ipvlanSlave', parent: byIndex(eni.index), name: slave, mtu: cfg.mtu },
    ...nicSteps(hostNs, byName(slave), slaveConf(cfg, slave)),
    { ns: hostNs, op: 'clsact', link: byIndex(eni.index) },
    { ns: hostNs, op: 'ipvlanRedirect', parent: byIndex(eni.index), slave, cidrs },
  ]);
}

/** The IPVlan setup plan (IPvlanDriver.Setup). */
export function planIpvlan(input: PlanInput): Result<Plan, DatapathError> {
  const { cfg, ns } = input;
  const eni = eniOf(input, `error get eni by index ${cfg.eniIndex}`);
  if (!eni.ok) return eni;
  const eniLink = byIndex(eni.value.index);
  const steps: Step[] = nicSteps(ns.host, eniLink, {
    mtu: cfg.mtu, stripVlan: cfg.stripVlan,
    sysctls: cfg.containerIpNet.ipv6 !== undefined ? ipv6Sysctls(eni.value.name, true, true) : [],
  });
  if (cfg.enableNetworkPriority) steps.push({
    ns: ns.host, op: 'egressPriority', link: eniLink, classid: cfg.networkPriority,
    ips: podIps(cfg),
  });
  if (cfg.stripVlan) steps.push({
    ns: ns.host, op: 'vlanTag', link: eniLink, ips: podIps(cfg), vid: cfg.vid,
  });
  steps.push({
    ns: ns.host, op: 'ipvlan', target: ns.pod, parent: eni.value.name, preName: cfg.hostVethName,
    ifName: cfg.containerIfName, mtu: cfg.mtu,
  });
  const pod: Step[] = [
    {
      ns: ns.pod, op: 'linkRequire', link: byName(cfg.containerIfName),
      message: `error find link ${cfg.containerIfName} in container`,
    },
    ...nicSteps(ns.pod, byName(cfg.containerIfName), podConf(cfg, ns.pod)),
  ];
  if (cfg.egress > 0 || cfg.ingress > 0) {
    pod.push(cfg.bandwidthMode === 'edt'
      ? { ns: ns.pod, op: 'fq', link: byName(cfg.containerIfName) }
      : { ns: ns.pod, op: 'tbf', link: byName(cfg.containerIfName), rateBytes: cfg.egress });
  }
  steps.push(...withContext('error set container link/address/route', pod));
  steps.push(...hostSteps(cfg, ns.host, eni.value));
  return ok({ steps });
}

/**
 * IPvlanDriver.Teardown: the host veth name (a no-op in practice), the pod's priority and
 * VLAN-push filters if the ENI exists, then every main-table route to podIP/32 whatever its device.
 */
export function planIpvlanTeardown(cfg: TeardownConfig, hostNs: string): Plan {
  const steps: Step[] = [{ ns: hostNs, op: 'linkDelByName', name: cfg.hostVethName }];
  if (cfg.enableNetworkPriority && cfg.eniIndex > 0) steps.push({
    ns: hostNs, op: 'egressPriorityDel', link: byIndex(cfg.eniIndex), ips: podIps(cfg),
  });
  if (cfg.eniIndex > 0) steps.push({
    ns: hostNs, op: 'filterDelBySrc', link: byIndex(cfg.eniIndex), parent: tcParentEgress,
    ips: podIps(cfg),
  });
  for (const ip of podIps(cfg)) steps.push({ ns: hostNs, op: 'routeDelAll', dst: withMaxMask(ip) });
  return { steps };
}
