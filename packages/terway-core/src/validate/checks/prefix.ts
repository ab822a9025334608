// IP prefix mode keys: read only on the centralized-IPAM path (ipam_type crd starts the prefix
// local delegate), and ipv6_prefix_count above 1 is a startup error.

import type { Check, Diagnostic } from '../diagnostic.js';
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
  return out;
};
