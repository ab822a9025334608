// Terway's `DeriveGatewayIP` (pkg/ip/ip.go): a vSwitch's gateway is
// the last address of its CIDR minus two (x.x.x.253 in a /24, .1 in a /30), the address the VPC
// reserves for it; IPv6 blocks work the same way. Used for PodENI and centralized-IPAM gateways;
// the daemon's own pool reads the gateway from metadata. A block too small to hold it (/31, /32,
// /127, /128) or text that is not a CIDR gives "".

import { formatIpv4, formatIpv6, ipv4At, ipv6At, parseIpv4Cidr, parseIpv6Cidr
} from '@terway-sim/sim-base';

export function deriveGatewayIp(cidr: string): string {
  if (!cidr.includes('/')) return '';
  const v4 = parseIpv4Cidr(cidr);
  if (v4 !== undefined) return v4.prefix > 30 ? '' : formatIpv4(ipv4At(v4, -3));
  const v6 = parseIpv6Cidr(cidr);
  if (v6 !== undefined) return v6.prefix > 126 ? '' : formatIpv6(ipv6At(v6, -3n));
  return '';
}
