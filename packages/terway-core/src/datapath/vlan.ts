// Vlan: trunk pods with `vlan_strip_type: vlan`, and exclusive-ENI pods on a trunk (Terway's
// plugin/datapath/vlan_linux.go). The pod's eth0 is an 802.1Q sub-interface of
// the trunk ENI with the member ENI's VLAN id, addressed with the vSwitch prefix and routed to the
// member vSwitch gateway; the kernel tags on transmit and demultiplexes on receive. No host-side
// peer exists, so the host cannot reach the pod through this datapath. Teardown is
// GenericTearDown deleting the vlan link.

import { ok, type Result } from '@terway-sim/sim-base';
import { defaultRouteV4, defaultRouteV6, toContainerPriority } from './constants.js';
import type { DatapathError } from './errors.js';
import { eniOf, podIps, type PlanInput } from './plan/input.js';
import { addr, ipv6Sysctls, nicSteps, type NicConf } from './plan/nic.js';
import {
  byIndex, byName, withContext, type Plan, type RouteWant, type RuleWant, type Step,
  type TableValue,
} from './plan/step.js';
import { extraRouteWants, multiNetworkFamily } from './policy-route.js';
import type { SetupConfig } from './types.js';

function podConf(cfg: SetupConfig, podNs: string): NicConf {
  const link = byName(cfg.containerIfName);
  const table: TableValue = { tableOf: { ns: podNs, link } };
  const routes: RouteWant[] = [];
  const rules: RuleWant[] = [];
  let sysctls: Array<[string, string]> = [];
  if (cfg.multiNetwork) rules.push({
    priority: toContainerPriority, table, oif: cfg.containerIfName,
  });
  const families = [
    { ip: cfg.containerIpNet.ipv4, gateway: cfg.gatewayIp?.ipv4, dst: defaultRouteV4 },
    { ip: cfg.containerIpNet.ipv6, gateway: cfg.gatewayIp?.ipv6, dst: defaultRouteV6 },
  ];
  for (const { ip, gateway, dst } of families) {
    if (ip === undefined) continue;
    if (cfg.defaultRoute) routes.push({
      dst, link, scope: 'universe', onlink: true, ...(gateway !== undefined ? { gateway } : {}),
    });
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, ip, gateway, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
    if (ip.includes(':')) sysctls = ipv6Sysctls(cfg.containerIfName, true, false);
  }
  routes.push(...extraRouteWants(link, cfg.extraRoutes));
  return {
    ifName: cfg.containerIfName, mtu: cfg.mtu, addrs: podIps(cfg).map((ip) => addr(ip)), routes,
    rules, sysctls,
  };
}

/** The Vlan setup plan (Vlan.Setup). */
export function planVlan(input: PlanInput): Result<Plan, DatapathError> {
  const { cfg, ns } = input;
  const master = eniOf(input, `error get link by index ${cfg.eniIndex}`);
  if (!master.ok) return master;
  const masterLink = byIndex(master.value.index);
  const steps: Step[] = [];
  if (cfg.enableNetworkPriority) steps.push({
    ns: ns.host, op: 'egressPriority', link: masterLink, classid: cfg.networkPriority,
    ips: podIps(cfg),
  });
  steps.push(...withContext('setup eni config', nicSteps(ns.host, masterLink, { mtu: cfg.mtu })));
  steps.push({
    ns: ns.host, op: 'vlan', target: ns.pod, master: master.value.name, vid: cfg.vid,
    ifName: cfg.containerIfName,
    mtu: cfg.mtu, context: 'error setup vlan',
  });
  const pod: Step[] = [
    {
      ns: ns.pod, op: 'linkRequire', link: byName(cfg.containerIfName),
      message: `error find link ${cfg.containerIfName} in container`,
    },
    ...nicSteps(ns.pod, byName(cfg.containerIfName), podConf(cfg, ns.pod)),
  ];
  if (cfg.egress > 0) pod.push({
    ns: ns.pod, op: 'tbf', link: byName(cfg.containerIfName), rateBytes: cfg.egress,
  });
  steps.push(...withContext('setup container', pod));
  return ok({ steps });
}
