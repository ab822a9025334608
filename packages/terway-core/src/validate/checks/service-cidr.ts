// service_cidr: the CNI plugin gets it as BasicInfo.ServiceCIDR and parses it on every ADD, so an
// entry that is not a CIDR breaks pod networking; empty means Terway looks it up in the
// kube-system/kubeadm-config ConfigMap, which managed clusters may not have.

import { parseIpv4Cidr, parseIpv6Cidr } from '@terway-sim/sim-base';
import { serviceCidrs } from '../../config/derive.js';
import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const serviceCidrCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  const cidrs = serviceCidrs(context.config);
  if (cidrs.length === 0) {
    out.push(atKey(context, 'service-cidr-empty', ['service_cidr'],
      'service_cidr is empty: Terway reads networking.serviceSubnet from ' +
      'kube-system/kubeadm-config; set it (e.g. "172.21.0.0/20") if that ConfigMap is absent'));
  }
  for (const cidr of cidrs) {
    const valid = cidr.includes('/') && (parseIpv4Cidr(cidr, { strict: true }) !== undefined ||
      parseIpv6Cidr(cidr, { strict: true }) !== undefined);
    if (!valid) out.push(atKey(context, 'service-cidr-invalid', ['service_cidr'],
      `"${cidr}" is not a network CIDR (address/prefix with host bits zero, e.g. ` +
      `172.21.0.0/20); pods cannot reach services. Use the cluster's --service-cluster-ip-range`));
  }
  return out;
};
