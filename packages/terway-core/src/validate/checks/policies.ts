// Selection policies Terway maps rather than validates (daemon/config.go getENIConfig): only
// "ordered" selects most-free-IPs-first vSwitches (the internal name "most" does not), and only
// "least_ips" spreads pods over ENIs; anything else silently means the default.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const policiesCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  const vswitch = context.config.vSwitchSelectionPolicy;
  if (vswitch !== 'random' && vswitch !== 'ordered') {
    const hint = vswitch === 'most' ?
      ' ("most" is the internal name; the config value is "ordered")' : '';
    out.push(atKey(context, 'vswitch-selection-policy', ['vswitch_selection_policy'],
      `"${vswitch}" is treated as "random"${hint}; use "ordered" to fill the vSwitch with the ` +
      `most free IPs first, or "random"`));
  }
  const eni = context.config.eniSelectionPolicy;
  if (eni !== '' && eni !== 'most_ips' && eni !== 'least_ips') {
    out.push(atKey(context, 'eni-selection-policy', ['eni_selection_policy'],
      `"${eni}" is treated as "most_ips" (pack pods onto the fullest ENI); the other value is ` +
      `"least_ips" (spread)`));
  }
  return out;
};
