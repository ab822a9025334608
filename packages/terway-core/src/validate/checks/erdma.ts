// What `enable_erdma` does, said where it is set: pods that request `aliyun/erdma` get their IPs
// only from eRDMA (HighPerformance) ENIs, and on a type with eRDMA Terway sets ENIs aside for them
// (pkg/aliyun/client/limit.go ERDMARes: 1, or 2 on types with 8 or more ENIs), which ordinary
// pods then cannot use. The legacy daemon takes their IPs out of `max-available-ip` and
// advertises them as `aliyun/erdma`; centralized IPAM writes the Node CR flavor with one
// HighPerformance ENI. Types without eRDMA are reported by instance-features.ts.

import { checkInstance } from '../../limits/instance-checks.js';
import { erdmaRes, type Limits } from '../../limits/instance-limits.js';
import { eniFlavor, flavorText } from '../../capacity/flavor.js';
import type { Check, CheckContext, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

function onType(context: CheckContext, limits: Limits): string | undefined {
  const check = checkInstance({ limits, daemonMode: context.daemonMode, config: context.config });
  if (!check.enableErdma) return undefined;
  const enis = erdmaRes(limits);
  const type = `on ${limits.instanceTypeId} (EriQuantity ${limits.erdmaAdapters}, ` +
    `EniQuantity ${limits.adapters})`;
  if (context.config.ipamType === 'crd') {
    const flavor = eniFlavor(limits.adapters, { trunk: check.enableTrunking, erdma: enis > 0 });
    return `${type} the Node CR flavor is ${flavorText(flavor)}: the HighPerformance ENI ` +
      'serves only pods that request aliyun/erdma (and only where the node OS supports eRDMA)';
  }
  const perEni = context.daemonMode === 'ENIMultiIP' ? limits.ipv4PerAdapter : 1;
  return `${type} Terway keeps ${enis} ENI(s) for eRDMA: ${enis * perEni} IP(s) advertised as ` +
    'aliyun/erdma and taken out of k8s.aliyun.com/max-available-ip for other pods';
}

export const erdmaCheck: Check = (context) => {
  if (!context.config.enableErdma) return [];
  const out: Diagnostic[] = [];
  for (const type of context.types) {
    const meaning = onType(context, type.limits);
    if (meaning !== undefined) out.push(atKey(context, 'erdma-on', ['enable_erdma'], meaning));
  }
  if (context.types.length === 0) {
    out.push(atKey(context, 'erdma-on', ['enable_erdma'],
      'eRDMA on: pods that request aliyun/erdma get IPs from eRDMA (HighPerformance) ENIs; on ' +
      'a type with eRDMA (EriQuantity > 0, more than 2 ENIs) Terway sets 1 ENI aside for them ' +
      '(2 on types with 8 or more ENIs), which other pods cannot use. Give --instance-type to ' +
      'see the figures'));
  }
  return out;
};
