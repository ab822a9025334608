// ip_stack as the daemon's Validate() sees it (types/daemon/config.go): only "ipv4" and "dual"
// start the daemon; "ipv6" passes the controlplane's check but not the daemon's (quirk Q2).

import type { Check } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const ipStackCheck: Check = (context) => {
  const value = context.config.ipStack;
  if (value === 'ipv4' || value === 'dual') return [];
  if (value === 'ipv6') {
    return [atKey(context, 'ip-stack-ipv6', ['ip_stack'],
      'the daemon refuses ip_stack "ipv6" ("unsupported ipStack ipv6 in configMap") and does ' +
      'not start; use "dual" for IPv6 pods')];
  }
  return [atKey(context, 'ip-stack-invalid', ['ip_stack'],
    `"${value}" is not an IP stack; the daemon stops with "unsupported ipStack ${value} in ` +
    `configMap". Use "ipv4" or "dual"`)];
};
