// ExclusiveENI: a whole secondary ENI moved into the pod (Terway's plugin/datapath/
// exclusive_eni_linux.go). The ENI is brought down, renamed to a random `vethXXXXXXXX`, moved into
// the pod netns, renamed to eth0 and addressed there; the pod ARPs for the VPC gateway itself.
// Unless `disable_host_peer` (or the interface is not eth0), a side veth pair `veth1` (pod) /
// `cali…` (host) carries node, service and host_stack_cidrs traffic through 169.254.1.1. If any
// later step fails the ENI goes back to the host under yet another random name, down (a Terway
// quirk, kept). There is no teardown of its own: DEL's GenericTearDown returns the ENI.
//
// Quirks kept: a host_stack_cidr of 0.0.0.0/0 replaces the pod's default route (route replace on
// the same key); veth1's IPv6 sysctls are written for eth0, not veth1 (a Terway quirk, kept).

import { ok, type Result } from '@terway-sim/sim-base';
import {
  defaultRouteV4, defaultRouteV6, exclusiveEniPeerName, linkIp, linkIpNet, linkIpNetv6, linkIpv6,
  toContainerPriority,
} from './constants.js';
import type { DatapathError } from './errors.js';
import { withMaxMask } from './ip.js';
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
  const ips = podIps(cfg);
  const addrs = ips.map((ip) => addr(cfg.multiNetwork ? ip : withMaxMask(ip)));
  if (cfg.multiNetwork) rules.push({
    priority: toContainerPriority, table, oif: cfg.containerIfName,
  });
  const v4 = cfg.containerIpNet.ipv4;
  const gw4 = cfg.gatewayIp?.ipv4;
  if (v4 !== undefined) {
    if (cfg.defaultRoute) routes.push({
      dst: defaultRouteV4, link, scope: 'universe', onlink: true,
      ...(gw4 !== undefined ? { gateway: gw4 } : {}),
    });
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, v4, gw4, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
  }
  const v6 = cfg.containerIpNet.ipv6;
  const gw6 = cfg.gatewayIp?.ipv6;
  if (v6 !== undefined) {
    if (gw6 !== undefined) routes.push({
      dst: withMaxMask(gw6), link, scope: 'link', onlink: false,
    });
    if (cfg.defaultRoute) routes.push({
      dst: defaultRouteV6, link, scope: 'universe', onlink: true,
      ...(gw6 !== undefined ? { gateway: gw6 } : {}),
    });
    if (cfg.multiNetwork) {
      const multi = multiNetworkFamily(cfg, v6, gw6, table);
      rules.push(multi.rule);
      routes.push(multi.route);
    }
    sysctls = ipv6Sysctls(cfg.containerIfName, true, false);
  }
  routes.push(...extraRouteWants(link, cfg.extraRoutes));
  return { ifName: cfg.containerIfName, mtu: cfg.mtu, addrs, routes, rules, sysctls };
}

/** generateVeth1Cfg: the side path's routes via 169.254.1.1 / fe80::1. */
function veth1Conf(cfg: SetupConfig, hostNs: string): NicConf {
  const link = byName(exclusiveEniPeerName);
  const hostMac = { macOf: { ns: hostNs, link: byName(cfg.hostVethName) } };
  const routes: RouteWant[] = [];
  const neighs = [];
  let sysctls: Array<[string, string]> = [];
  if (cfg.containerIpNet.ipv4 !== undefined) {
    routes.push({ dst: linkIpNet, link, scope: 'link', onlink: false });
    if (cfg.serviceCidr.ipv4 !== undefined) routes.push({
      dst: cfg.serviceCidr.ipv4, link, gateway: linkIp, scope: 'universe', onlink: true,
    });
    neighs.push({ link, ip: linkIp, mac: hostMac });
  }
  if (cfg.containerIpNet.ipv6 !== undefined) {
    routes.push({ dst: linkIpNetv6, link, scope: 'link', onlink: false });
    if (cfg.serviceCidr.ipv6 !== undefined) routes.push({
      dst: cfg.serviceCidr.ipv6, link, gateway: linkIpv6, scope: 'universe', onlink: true,
    });
    neighs.push({ link, ip: linkIpv6, mac: hostMac });
    sysctls = ipv6Sysctls(cfg.containerIfName, true, false);
  }
  if (cfg.hostIpSet.ipv4 !== undefined) routes.push({
    dst: withMaxMask(cfg.hostIpSet.ipv4), link, gateway: linkIp, scope: 'universe', onlink: false,
  });
  if (cfg.hostIpSet.ipv6 !== undefined) routes.push({
    dst: withMaxMask(cfg.hostIpSet.ipv6), link, gateway: linkIpv6, scope: 'universe', onlink: false,
  });
  for (const cidr of cfg.hostStackCidrs) {
    routes.push({
      dst: cidr, link, gateway: cidr.includes(':') ? linkIpv6 : linkIp, scope: 'universe',
      onlink: true,
    });
  }
  return {
    ifName: exclusiveEniPeerName, mtu: cfg.mtu, addrs: podIps(cfg).map(
      (ip) => addr(withMaxMask(ip))
    ),
    routes, neighs, sysctls,
  };
}

/** generateHostSlaveCfg: the host `cali…` end: /32 routes to the pod, no rules, no address. */
function hostPeerConf(cfg: SetupConfig): NicConf {
  const link = byName(cfg.hostVethName);
  const routes: RouteWant[] = podIps(cfg).map(
    (ip) => ({ dst: withMaxMask(ip), link, scope: 'link', onlink: false })
  );
  const sysctls = cfg.containerIpNet.ipv6 !== undefined ? ipv6Sysctls(
    cfg.hostVethName, true, false,
  ) : [];
  return { ifName: cfg.hostVethName, mtu: cfg.mtu, routes, sysctls };
}

function withPeer(cfg: SetupConfig): boolean {
  return !cfg.disableCreatePeer && cfg.containerIfName === 'eth0';
}

/** The ExclusiveENI setup plan (ExclusiveENI.Setup), with the return-to-host undo. */
export function planExclusiveEni(input: PlanInput): Result<Plan, DatapathError> {
  const { cfg, ns, random } = input;
  const eni = eniOf(input, `error get eni by index ${cfg.eniIndex}`);
  if (!eni.ok) return eni;
  const name = eni.value.name;
  const steps: Step[] = [
    {
      ns: ns.host, op: 'linkDown', link: byIndex(eni.value.index),
      context: `error set nic ${name} down`,
    },
    {
      ns: ns.host, op: 'linkName', link: byIndex(eni.value.index), name: random.eniMove,
      context: `error set nic ${name} name to ${random.eniMove}`,
    },
    {
      ns: ns.host, op: 'linkNetns', link: byName(random.eniMove), target: ns.pod,
      context: `error set nic ${name} to container`,
      undo: [{
        ns: ns.pod, op: 'exclusiveEniReturn', host: ns.host, ifName: cfg.containerIfName,
        tempName: random.eniMove, newName: random.eniRollback,
      }],
    },
  ];
  const pod: Step[] = [
    {
      ns: ns.pod, op: 'linkRequire', link: byName(random.eniMove),
      message: `error find link ${random.eniMove}`,
    },
    ...nicSteps(ns.pod, byName(random.eniMove), podConf(cfg, ns.pod)),
  ];
  if (cfg.egress > 0) pod.push({
    ns: ns.pod, op: 'tbf', link: byName(cfg.containerIfName), rateBytes: cfg.egress,
  });
  if (withPeer(cfg)) {
    pod.push({
      ns: ns.pod, op: 'veth', target: ns.host, ifName: cfg.hostVethName,
      peerName: exclusiveEniPeerName,
      tempName: random.veth, mtu: 0, context: 'error set up slave link',
    });
    pod.push({ ns: ns.host, op: 'linkRequire', link: byName(cfg.hostVethName) });
    pod.push({ ns: ns.pod, op: 'linkRequire', link: byName(exclusiveEniPeerName) });
    pod.push(...nicSteps(ns.pod, byName(exclusiveEniPeerName), veth1Conf(cfg, ns.host)));
  }
  steps.push(...withContext('error set container link/address/route', pod));
  if (withPeer(cfg)) {
    steps.push({
      ns: ns.host, op: 'linkRequire', link: byName(cfg.hostVethName),
      message: `error get host veth ${cfg.hostVethName}`,
    });
    steps.push(
      ...withContext(
        'error set up hostpeer', nicSteps(ns.host, byName(cfg.hostVethName), hostPeerConf(cfg)),
      )
    );
  }
  return ok({ steps });
}
