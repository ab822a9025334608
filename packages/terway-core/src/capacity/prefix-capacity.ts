// Prefix-mode capacity (ipam_type crd + enable_ip_prefix; Terway's pool.go prefix upkeep and the
// node controller's max-available-ip annotation): pods take addresses of /28 prefixes the
// controlplane keeps on the node's ENIs. Two limits bind: the ENIs' slots (each secondary ENI keeps
// its primary IP and carries IPv4 per ENI − 1 prefixes of 16 addresses) and the node's total,
// ipv4_prefix_count, which the controlplane never exceeds (0 means no prefix at all). IPv6-only
// nodes keep ipv6_prefix_count /80s (0 or 1), 65,536 addresses each as the daemon caps them.

import type { TerwayConfig } from '../config/terway-config.js';
import type { Limits } from '../limits/instance-limits.js';
import { ipv6PrefixAddressesMax } from '../prefix/prefix-math.js';
import { kubeletNote } from './notes.js';
import type { CapacityBound, NodeCapacity } from './types.js';

/** Addresses in one IPv4 /28 prefix. */
const ipv4PrefixAddresses = 16;

function boundsOf(config: TerwayConfig, limits: Limits, enis: number,
  prefixesPerEni: number): CapacityBound[] {
  if (config.ipStack === 'ipv6') {
    const pods = Math.min(config.ipv6PrefixCount, 1) * ipv6PrefixAddressesMax;
    return [{ limitedBy: 'ipv6_prefix_count', maxPods: pods,
      formula: `maxPods = ipv6_prefix_count ${config.ipv6PrefixCount} /80 × ` +
        `${ipv6PrefixAddressesMax} = ${pods}` }];
  }
  const byEnis = enis * prefixesPerEni * ipv4PrefixAddresses;
  const byCount = config.ipv4PrefixCount * ipv4PrefixAddresses;
  const bounds: CapacityBound[] = [
    { limitedBy: 'EniQuantity', maxPods: byEnis,
      formula: `maxPods = (EniQuantity ${limits.adapters} − 1) ENIs × ` +
        '(EniPrivateIpAddressQuantity ' +
        `${limits.ipv4PerAdapter} − 1) /28 prefixes × 16 = ${byEnis}` },
    { limitedBy: 'ipv4_prefix_count', maxPods: byCount,
      formula: `maxPods = ipv4_prefix_count ${config.ipv4PrefixCount} /28 prefixes × 16 = ` +
        `${byCount}` },
  ];
  // A stable sort keeps EniQuantity first on a tie: the instance type binds as much as the key.
  return bounds.sort((a, b) => a.maxPods - b.maxPods);
}

export function prefixCapacity(config: TerwayConfig, limits: Limits,
  notes: readonly string[]): NodeCapacity {
  const enis = Math.max(0, limits.adapters - 1);
  const prefixesPerEni = Math.max(0, limits.ipv4PerAdapter - 1);
  const bounds = boundsOf(config, limits, enis, prefixesPerEni);
  const binding = bounds[0]!;
  const advertised = config.ipStack === 'ipv6' ? ipv6PrefixAddressesMax
    : prefixesPerEni * ipv4PrefixAddresses * Math.max(0, limits.totalAdapters - 1);
  const extra = [
    'prefix mode: each ENI keeps its primary IP and carries /28 prefixes in the other slots; ' +
    'the controlplane advertises (IPv4 per ENI − 1) × 16 × (EniTotalQuantity − 1)',
    ...(config.ipStack === 'dual' ? ['dual stack: every ENI with /28s also holds one /80 ' +
      '(ipv6_prefix_count is not read)'] : []),
    ...(binding.maxPods === 0 ? [`${binding.limitedBy} is 0: the controlplane keeps no prefix, ` +
      'so no pod gets an address'] : []),
  ];
  return {
    instanceType: limits.instanceTypeId, mode: 'eniip', maxPods: binding.maxPods,
    limitedBy: binding.limitedBy, ipam: 'prefix', enis,
    ipsPerEni: prefixesPerEni * ipv4PrefixAddresses, pool: undefined,
    advertisedMaxAvailableIp: advertised !== binding.maxPods ? advertised : undefined,
    formula: binding.formula, bounds,
    notes: [...notes, ...extra, kubeletNote(binding.maxPods)],
  };
}
