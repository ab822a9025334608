// Features the daemon turns off at startup because the instance type cannot carry them
// (daemon/daemon.go checkInstance). Terway only logs a line; pods then run without IPv6, and
// trunk pods stay Pending on aliyun/member-eni (F18).

import { checkInstance, type CheckedFeature } from '../../limits/instance-checks.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

const featureKey: Readonly<Record<CheckedFeature, string>> = { ipv6: 'ip_stack',
  trunking: 'enable_eni_trunking', erdma: 'enable_erdma' };

export const instanceFeaturesCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  for (const type of context.types) {
    const check = checkInstance({ limits: type.limits, daemonMode: context.daemonMode,
      config: context.config });
    for (const off of check.disabled) {
      const code = off.feature === 'ipv6'
        ? off.log ===
          'instance is not support multi ipv6' ?
            'ipv6-per-eni-mismatch' : 'ipv6-unsupported-instance'
        : off.feature === 'trunking' ? 'trunk-unsupported-instance' : 'erdma-unsupported-instance';
      const modelled = (type.info.modelled ?? [])
        .filter((field) => /Ipv6|Trunk|Total|Eri/.test(field));
      const estimate = modelled.length > 0 ?
        ` (${modelled.join(', ')} modelled for this type)` : '';
      out.push(atKey(context, code, [featureKey[off.feature]],
        `on ${type.limits.instanceTypeId}: ${off.reason}${estimate}; the daemon logs ` +
        `"${off.log}" and runs without it. Pick an instance type that supports it, or turn ` +
        'it off'));
    }
  }
  return out;
};
