// PolicyRoute, the veth + source-policy-routing datapath of ENI multi-IP pods (Terway's
// plugin/datapath/policy_router_linux.go). The pod gets a veth whose host end is
// `cali…`; the pod's default route points at 169.254.1.1, answered by a static neighbour entry
// with the host veth's MAC. On the host, rule 512 sends traffic for the pod to main (where a /32
// route points at the veth) and rule 2048 sends traffic from the pod to table 1000+ENI, whose
// default route leaves by the ENI that owns the pod IP. The ENI carries the node IP/32.
//
// Teardown removes the rules and the ENI's per-pod tc filters; the ENI address and its table's
// default route stay (shared by every pod on that ENI).

import { ok, type Result } from '@terway-sim/sim-base';
import { tableMain, tcParentEgress, type Link } from '@terway-sim/kernel-shim';
import {
  defaultRouteV4, defaultRouteV6, fromContainerPriority, linkIp, linkIpNet, linkIpNetv6, linkIpv6,
  routeTableId, toContainerPriority,
} from './constants.js';
import type { DatapathError } from './errors.js';
import { withMaxMask } from './ip.js';
import { eniOf, podIps, type PlanInput } from './plan/input.js';
import { addr, ipv6Sysctls, nicSteps, type NicConf } from './plan/nic.js';
import {
  byIndex, byName, withContext, type NeighWant, type Plan, type RouteWant, type RuleWant, type Step,
  type TableValue,
} from './plan/step.js';
import type { ExtraRoute, SetupConfig, TeardownConfig } from './types.js';

/** The routes every veth-style pod interface gets for its extra routes. */
export function extraRouteWants(
  link: RouteWant['link'], extra: readonly ExtraRoute[],
): RouteWant[] {
  return extra.map((route) => (route.gw !== undefined
    ? { dst: route.dst, link, gateway: route.gw, scope: 'universe', onlink: true }
    : { dst: route.dst, link, scope: 'link', onlink: false }));
}

/** Multi-network: `512: from podIP lookup T` and `default via <gw> dev ethN onlink table T`. */
export function multiNetworkFamily(
  cfg: SetupConfig, ip: string, gateway: string | undefined, table: TableValue,
): { rule: RuleWant; route: RouteWant } {
  const link = byName(cfg.containerIfName);
  return {
    rule: { priority: toContainerPriority, table, src: withMaxMask(ip) },
    route: {
      dst: ip.includes(':') ? defaultRouteV6 : defaultRouteV4, link, table, scope: 'universe',
      onlink: true,
      ...(gateway !== undefined ? { gateway } : {}),
    },
  };
}

function podConf(cfg: SetupConfig, hostNs: string, podNs: string): NicConf {
  const link = byName(cfg.containerIfName);
  const table: TableValue = { tableOf: { ns: podNs, link } };
  const hostMac = { macOf: { ns: hostNs, link: byName(cfg.hostVethName) } };
  const routes: RouteWant[] = [];
  const rules: RuleWant[] = [];
  const neighs: NeighWant[] = [];
  let sysctls: Array<[string, string]> = [];
  if (cfg.multiNetwork) rules.push({
    priority: toContainerPriority, table, oif: cfg.containerIfName,
  });
  const v4 = cfg.containerIpNet.ipv4;
  if (v4 !== undefined) {
    if (cfg.defaultRoute) routes.push({
      dst: defaultRouteV4, link, gateway: linkIp, scope: 'universe', onlink: true,
    });
    if (cfg.extraRoutes.length > 0) routes.push({
      dst: linkIpNet, link, scope: 'link', onlink: false,
    });
    neighs.push({ link, ip: linkIp, mac: hostMac });
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, v4, cfg.gatewayIp?.ipv4, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
  }
  const v6 = cfg.containerIpNet.ipv6;
  if (v6 !== undefined) {
    if (cfg.defaultRoute) routes.push({
      dst: defaultRouteV6, link, gateway: linkIpv6, scope: 'universe', onlink: true,
    });
    if (cfg.extraRoutes.length > 0) routes.push({
      dst: linkIpNetv6, link, scope: 'universe', onlink: false,
    });
    neighs.push({ link, ip: linkIpv6, mac: hostMac });
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, v6, cfg.gatewayIp?.ipv6, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
    sysctls = ipv6Sysctls(cfg.containerIfName, true, false);
  }
  routes.push(...extraRouteWants(link, cfg.extraRoutes));
  return {
    ifName: cfg.containerIfName, mtu: cfg.mtu, addrs: podIps(cfg).map(
      (ip) => addr(withMaxMask(ip))
    ),
    routes, rules, neighs, sysctls,
  };
}

type EniConfInput = Pick<SetupConfig,
  'containerIpNet' | 'gatewayIp' | 'eniGatewayIp' | 'stripVlan' | 'mtu' | 'hostIpSet'>;

/** GenerateENICfgForPolicy: node IP/32 on the ENI and the default route of table 1000+ENI. */
export function policyRouteEniConf(
  cfg: EniConfInput,
  eni: Link,
): NicConf {
  const link = byIndex(eni.index);
  const table = routeTableId(eni.index);
  const gateways = cfg.stripVlan ? cfg.eniGatewayIp : cfg.gatewayIp;
  const routes: RouteWant[] = [];
  let sysctls: Array<[string, string]> = [];
  if (cfg.containerIpNet.ipv4 !== undefined) {
    const gateway = gateways?.ipv4;
    routes.push({
      dst: defaultRouteV4, link, table, scope: 'universe', onlink: true,
      ...(gateway !== undefined ? { gateway } : {}),
    });
  }
  if (cfg.containerIpNet.ipv6 !== undefined) {
    const gateway = gateways?.ipv6;
    if (gateway !== undefined) routes.push({
      dst: withMaxMask(gateway), link, scope: 'universe', onlink: false,
    });
    routes.push({
      dst: defaultRouteV6, link, table, scope: 'universe', onlink: true,
      ...(gateway !== undefined ? { gateway } : {}),
    });
    sysctls = ipv6Sysctls(eni.name, true, true);
  }
  const hostIps = [cfg.hostIpSet.ipv4, cfg.hostIpSet.ipv6].filter(
    (ip): ip is string => ip !== undefined
  );
  return {
    mtu: cfg.mtu, addrs: hostIps.map((ip) => addr(withMaxMask(ip))), routes, sysctls,
    stripVlan: cfg.stripVlan,
  };
}

/** GenerateHostPeerCfgForPolicy: the /32 route to the pod and its 512/2048 rules. */
export function policyRouteHostVethConf(
  cfg: Pick<SetupConfig, 'containerIpNet' | 'extraRoutes' | 'mtu' | 'hostVethName'>, table: number,
): NicConf {
  const link = byName(cfg.hostVethName);
  const addrs = [];
  const routes: RouteWant[] = [];
  const rules: RuleWant[] = [];
  let sysctls: Array<[string, string]> = [];
  for (const ip of podIps(cfg)) {
    const v4 = !ip.includes(':');
    if (cfg.extraRoutes.length > 0) addrs.push(addr(v4 ? linkIpNet : linkIpNetv6));
    routes.push({ dst: withMaxMask(ip), link, scope: v4 ? 'link' : 'universe', onlink: false });
    rules.push({ priority: toContainerPriority, table: tableMain, dst: withMaxMask(ip) });
    rules.push({ priority: fromContainerPriority, table, src: withMaxMask(ip) });
    if (!v4) sysctls = ipv6Sysctls(cfg.hostVethName, true, true);
  }
  return { mtu: cfg.mtu, addrs, routes, rules, sysctls };
}

/** The PolicyRoute setup plan (PolicyRoute.Setup). */
export function planPolicyRoute(input: PlanInput): Result<Plan, DatapathError> {
  const { cfg, ns } = input;
  const eni = eniOf(input);
  if (!eni.ok) return eni;
  const edt = cfg.bandwidthMode === 'edt';
  const eniLink = byIndex(eni.value.index);
  const steps: Step[] = [];
  if (edt && cfg.egress > 0) steps.push({ ns: ns.host, op: 'mqFq', link: eniLink });
  steps.push({
    ns: ns.host, op: 'veth', target: ns.pod, ifName: cfg.containerIfName,
    peerName: cfg.hostVethName,
    tempName: input.random.veth, mtu: cfg.mtu, ...(cfg.erdma ? { hwAddr: eni.value.mac } : {}),
  });
  steps.push({ ns: ns.host, op: 'linkRequire', link: byName(cfg.hostVethName) });
  const pod: Step[] = [
    {
      ns: ns.pod, op: 'linkRequire', link: byName(cfg.containerIfName),
      message: `error find link ${cfg.containerIfName} in container`,
    },
    ...nicSteps(ns.pod, byName(cfg.containerIfName), podConf(cfg, ns.host, ns.pod)),
  ];
  if (!edt && cfg.egress > 0) pod.push({
    ns: ns.pod, op: 'tbf', link: byName(cfg.containerIfName), rateBytes: cfg.egress,
  });
  steps.push(...withContext('setup container', pod));
  if (cfg.enableNetworkPriority) {
    steps.push({
      ns: ns.host, op: 'egressPriority', link: eniLink, classid: cfg.networkPriority,
      ips: podIps(cfg),
    });
  }
  steps.push(
    ...withContext(
      'setup eni config', nicSteps(ns.host, eniLink, policyRouteEniConf(cfg, eni.value)),
    )
  );
  if (cfg.stripVlan) steps.push({
    ns: ns.host, op: 'vlanTag', link: eniLink, ips: podIps(cfg), vid: cfg.vid,
  });
  const hostVeth = policyRouteHostVethConf(cfg, routeTableId(eni.value.index));
  steps.push(
    ...withContext('setup host veth config', nicSteps(ns.host, byName(cfg.hostVethName), hostVeth))
  );
  if (!edt && cfg.ingress > 0) steps.push({
    ns: ns.host, op: 'tbf', link: byName(cfg.hostVethName), rateBytes: cfg.ingress,
  });
  return ok({ steps });
}

/**
 * PolicyRoute.Teardown: delete the host veth if named, every `2048 from podIP` and `512 to podIP`
 * rule (any table), and, if the ENI still exists, the pod's VLAN-push and priority filters.
 */
export function planPolicyRouteTeardown(cfg: TeardownConfig, hostNs: string): Plan {
  if (cfg.containerIpNet === undefined) return { steps: [] };
  const steps: Step[] = [];
  if (cfg.hostVethName !== '') steps.push({
    ns: hostNs, op: 'linkDelByName', name: cfg.hostVethName,
  });
  for (const ip of podIps(cfg)) {
    steps.push({
      ns: hostNs, op: 'ruleDelAll', priority: fromContainerPriority, src: withMaxMask(ip),
    });
    steps.push({
      ns: hostNs, op: 'ruleDelAll', priority: toContainerPriority, dst: withMaxMask(ip),
    });
  }
  if (cfg.eniIndex > 0) {
    steps.push({
      ns: hostNs, op: 'filterDelBySrc', link: byIndex(cfg.eniIndex), parent: tcParentEgress,
      ips: podIps(cfg),
    });
    if (cfg.enableNetworkPriority) steps.push({
      ns: hostNs, op: 'egressPriorityDel', link: byIndex(cfg.eniIndex), ips: podIps(cfg),
    });
  }
  return { steps };
}
