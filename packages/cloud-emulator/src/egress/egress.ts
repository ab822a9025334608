// How a packet from an ENI's address leaves the VPC for the Internet, as a pure function of the
// region's EIPs and NAT gateways: an EIP bound to the ENI (or to its instance, for the primary
// ENI) comes first; else the SNAT entry of the VPC's NAT gateways whose source holds the address
// (the narrowest source wins), translated to its EIP; else there is no way out. Alibaba's NAT
// gateway guide states that an ECS with an EIP uses the EIP, not the gateway's SNAT entries.

import { prefixContains } from '@terway-sim/sim-base';
import type { EipRecord, NatGatewayRecord } from '../state/types.js';

/** The sender as the fabric knows it: the ENI holding (or routing) the source address. */
export interface EgressSource {
  readonly src: string;
  readonly vpcId: string;
  readonly eniId?: string;
  /** The sender's instance, when `eniId` is its primary ENI. */
  readonly primaryOf?: string;
}

export type EgressVerdict =
  | { readonly via: 'eip'; readonly publicIp: string; readonly allocationId: string }
  | { readonly via: 'snat'; readonly publicIp: string; readonly natGatewayId: string;
      readonly snatEntryId: string }
  | { readonly via: 'none' };

function boundEip(eips: readonly EipRecord[], source: EgressSource): EipRecord | undefined {
  return eips.find((eip) => {
    const to = eip.association;
    if (to === null) return false;
    if (to.instanceType === 'NetworkInterface') return to.instanceId === source.eniId;
    return to.instanceType === 'EcsInstance' && to.instanceId === source.primaryOf;
  });
}

export function egressOf(eips: readonly EipRecord[], gateways: readonly NatGatewayRecord[],
  source: EgressSource): EgressVerdict {
  const eip = boundEip(eips, source);
  if (eip !== undefined) return { via: 'eip', publicIp: eip.ipAddress, allocationId: eip.id };
  let best: EgressVerdict | undefined;
  let bestLength = -1;
  for (const gateway of gateways) {
    if (gateway.vpcId !== source.vpcId) continue;
    for (const entry of gateway.snatEntries) {
      const length = Number(entry.sourceCidr.split('/')[1]);
      // The entry's address must still be an EIP of this gateway to translate anything.
      const live = eips.some((each) => each.ipAddress === entry.snatIp &&
        each.association?.instanceType === 'Nat' && each.association.instanceId === gateway.id);
      if (!live || length <= bestLength || !prefixContains(entry.sourceCidr, source.src)) continue;
      best = { via: 'snat', publicIp: entry.snatIp, natGatewayId: gateway.id,
        snatEntryId: entry.id };
      bestLength = length;
    }
  }
  return best ?? { via: 'none' };
}

const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10',
  '127.0.0.0/8', '169.254.0.0/16'];

/** True for an IPv4 address on the Internet (not private, shared, loopback or link-local). */
export function isInternetAddress(ip: string): boolean {
  if (ip.includes(':')) return false;
  return !privateRanges.some((range) => prefixContains(range, ip));
}
