// VPCRoute, the veth datapath of the removed VPC-route mode (Terway before commit 2d1d7e9b,
// plugin/datapath/vpc_router_linux.go). The pod address comes from host-local
// IPAM on the node's podCIDR; the pod gets a veth with the address as /32, a default route via
// 169.254.1.1 answered by a static neighbour with the host veth's MAC, and the host a /32 route
// to the pod. No rules and no ENI: pod traffic follows the node's main table out of eth0, and
// the VPC route entry for the node's podCIDR brings replies back. IPv4 only.

import { ok, type Result } from '@terway-sim/sim-base';
import { defaultRouteV4, linkIp } from './constants.js';
import type { DatapathError } from './errors.js';
import { withMaxMask } from './ip.js';
import type { PlanInput } from './plan/input.js';
import { addr, nicSteps } from './plan/nic.js';
import { byName, withContext, type Plan, type Step } from './plan/step.js';

/** The VPCRoute setup plan (VPCRoute.Setup). `cfg.containerIpNet.ipv4` is the host-local lease. */
export function planVpcRoute(input: PlanInput): Result<Plan, DatapathError> {
  const { cfg, ns } = input;
  const link = byName(cfg.containerIfName);
  const hostVeth = byName(cfg.hostVethName);
  const v4 = cfg.containerIpNet.ipv4;
  const steps: Step[] = [
    {
      ns: ns.host, op: 'veth', target: ns.pod, ifName: cfg.containerIfName,
      peerName: cfg.hostVethName, tempName: input.random.veth, mtu: cfg.mtu,
    },
    { ns: ns.host, op: 'linkRequire', link: hostVeth },
    {
      ns: ns.pod, op: 'linkRequire', link,
      message: `error find link ${cfg.containerIfName} in container`,
    },
    ...nicSteps(ns.pod, link, {
      ifName: cfg.containerIfName, mtu: cfg.mtu,
      addrs: v4 === undefined ? [] : [addr(withMaxMask(v4))],
      routes: v4 === undefined ? [] : [{
        dst: defaultRouteV4, link, gateway: linkIp, scope: 'universe', onlink: true,
      }],
      neighs: v4 === undefined ? [] : [{
        link, ip: linkIp, mac: { macOf: { ns: ns.host, link: hostVeth } },
      }],
    }),
  ];
  if (cfg.egress > 0) steps.push({ ns: ns.pod, op: 'tbf', link, rateBytes: cfg.egress });
  steps.push(...withContext('setup host veth config', nicSteps(ns.host, hostVeth, {
    mtu: cfg.mtu,
    routes: v4 === undefined ? [] : [{
      dst: withMaxMask(v4), link: hostVeth, scope: 'link', onlink: false,
    }],
  })));
  if (cfg.ingress > 0) steps.push({
    ns: ns.host, op: 'tbf', link: hostVeth, rateBytes: cfg.ingress,
  });
  return ok({ steps });
}
