// The NetConfs the cases' scripted terwayd hands out, shaped as the daemon builds them (Terway's
// pkg/eni/local.go and pkg/eni/remote.go): an ENIIP secondary IP on the node's ENI, a trunk member
// riding that ENI with its VLAN id, an exclusive ENI, and a VPC-route pod on the node's podCIDR.

import type { NetConf } from '@terway-sim/terway-core';

export const serviceCidr = '192.168.0.0/16';

export function eniipNetConf(
  ip: string, eniMac: string, options: { ipv6?: string; ingress?: number; egress?: number } = {},
): NetConf {
  return {
    basicInfo: {
      podIp: { ipv4: ip, ipv6: options.ipv6 },
      podCidr: {
        ipv4: '10.0.1.0/24', ipv6: options.ipv6 === undefined ? undefined : '2408:4001::/64',
      },
      gatewayIp: {
        ipv4: '10.0.1.253', ipv6: options.ipv6 === undefined ? undefined : '2408:4001::fffd',
      },
      serviceCidr: { ipv4: serviceCidr },
    },
    eniInfo: { mac: eniMac, trunk: false, vid: 0, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false },
    pod: { ingress: options.ingress ?? 0, egress: options.egress ?? 0, networkPriority: '' },
    ifName: '', extraRoutes: [], defaultRoute: true,
  };
}

/** A trunk member ENI's pod; with `ipv6`, dual stack (the member ENI has one IPv6 address). */
export function trunkMemberNetConf(ip: string, trunkMac: string, vid: number,
  options: { ipv6?: string } = {}): NetConf {
  const v6 = options.ipv6;
  return {
    basicInfo: {
      podIp: { ipv4: ip, ipv6: v6 },
      podCidr: { ipv4: '10.0.5.0/24', ipv6: v6 === undefined ? undefined : '2408:4001:5::/64' },
      gatewayIp: { ipv4: '10.0.5.253', ipv6: v6 === undefined ? undefined : '2408:4001:5::fffd' },
      serviceCidr: { ipv4: serviceCidr },
    },
    eniInfo: { mac: trunkMac, trunk: true, vid, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false },
    ifName: '', extraRoutes: [], defaultRoute: true,
  };
}

export function vpcRouteNetConf(podCidr: string): NetConf {
  return {
    basicInfo: {
      podIp: {}, podCidr: { ipv4: podCidr }, gatewayIp: {}, serviceCidr: { ipv4: serviceCidr },
    },
    ifName: '', extraRoutes: [], defaultRoute: true,
  };
}
