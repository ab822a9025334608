// Keys that only one IPAM reads: ip_warm_up_size is a crd-only one-shot warm-up (the legacy
// daemon ignores it, quirk Q17); max_eni, min_eni, eni_cap_ratio and eni_cap_shift are legacy-only
// (the controlplane sizes ENIs from the instance type, quirk Q11).

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const crdCheck: Check = (context) => {
  const { config, raw } = context;
  const out: Diagnostic[] = [];
  const crd = config.ipamType === 'crd' || context.daemonMode === 'ENIOnly';
  if (!crd && config.ipWarmUpSize !== undefined) {
    out.push(atKey(context, 'ip-warm-up-size-legacy', ['ip_warm_up_size'],
      'ip_warm_up_size only works with ipam_type "crd"; the legacy daemon pre-warms by ' +
      'min_pool_size alone. Use min_pool_size, or set ipam_type "crd"'));
  }
  if (config.ipamType === 'crd') {
    for (const key of ['max_eni', 'min_eni', 'eni_cap_ratio', 'eni_cap_shift']) {
      if (key in raw) out.push(atKey(context, 'crd-ignores-eni-limits', [key],
        `${key} is ignored with ipam_type "crd": the controlplane uses every ENI the instance ` +
        `type allows (minus trunk/eRDMA). Remove it, or use the legacy IPAM`));
    }
  }
  if (config.ipamType !== '' && config.ipamType !== 'crd') {
    out.push(atKey(context, 'crd-ignores-eni-limits', ['ipam_type'],
      `ipam_type "${config.ipamType}" is not "crd", so the legacy daemon IPAM runs ` +
      `("preferCRD" is not implemented)`));
  }
  return out;
};
