// IP prefix mode keys: read only on the centralized-IPAM path (ipam_type crd starts the prefix
// local delegate), ipv6_prefix_count above 1 is a startup error, it is not read in dual stack
// (the controlplane gives every ENI with /28s one /80), and ipv4_prefix_count above what a planned
// type's secondary ENIs can hold ((EniQuantity − 1) × (IPv4 per ENI − 1)) is never reached.

import type { Check, CheckContext, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const prefixCheck: Check = (context) => {
  const { config } = context;
  const out: Diagnostic[] = [];
  if (config.ipamType !== 'crd') {
    for (const key of ['enable_ip_prefix', 'ipv4_prefix_count', 'ipv6_prefix_count']) {
      const value = context.raw[key];
      if (value !== undefined && value !== false && value !== 0) {
        out.push(atKey(context, 'ip-prefix-requires-crd', [key],
          `${key} works only with ipam_type "crd" (prefix mode is a centralized-IPAM feature); ` +
          `the legacy daemon ignores it`));
      }
    }
  } else if (config.enableIpPrefix && config.ipv4PrefixCount === 0 && config.ipStack !== 'ipv6') {
    out.push(atKey(context, 'ip-prefix-requires-crd', ['ipv4_prefix_count'],
      'enable_ip_prefix is on but ipv4_prefix_count is 0: no prefixes are allocated. Set the ' +
      'number of /28 prefixes the node should hold'));
  }
  if (config.ipv6PrefixCount > 1) {
    out.push(atKey(context, 'ipv6-prefix-count', ['ipv6_prefix_count'],
      `ipv6_prefix_count ${config.ipv6PrefixCount}: only 0 or 1 is accepted (one /80 holds ` +
      `65,536 addresses) and startup fails; set 1`));
  }
  if (config.ipamType === 'crd' && config.enableIpPrefix) out.push(...prefixModeLimits(context));
  return out;
};

function prefixModeLimits(context: CheckContext): Diagnostic[] {
  const { config } = context;
  const out: Diagnostic[] = [];
  if (config.ipStack === 'dual' && config.ipv6PrefixCount > 0) {
    out.push(atKey(context, 'ipv6-prefix-count-dual-stack', ['ipv6_prefix_count'],
      `ipv6_prefix_count ${config.ipv6PrefixCount} is not read in dual stack: the controlplane ` +
      'gives every ENI that holds /28 prefixes exactly one /80'));
  }
  for (const type of context.types) {
    const perEni = Math.max(0, type.limits.ipv4PerAdapter - 1);
    const enis = Math.max(0, type.limits.adapters - 1);
    const room = enis * perEni;
    if (config.ipStack === 'ipv6' || config.ipv4PrefixCount <= room) continue;
    out.push(atKey(context, 'ip-prefix-count-above-capacity', ['ipv4_prefix_count'],
      `on ${type.limits.instanceTypeId}: ipv4_prefix_count ${config.ipv4PrefixCount} is above ` +
      `the ${room} /28 prefixes the type holds (secondary ENIs ${enis} × ${perEni} slots beside ` +
      `each primary IP); the node stops at ${room} × 16 = ${room * 16} pod IPs`));
  }
  return out;
}
