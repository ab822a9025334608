// The egress decision as a pure function: an EIP on the ENI (or its instance) first, then the
// narrowest SNAT entry whose source holds the address and whose EIP is still the gateway's, else
// no way out; and which addresses count as the Internet.
import { describe, expect, it } from 'vitest';
import { egressOf, isInternetAddress } from '../src/egress/egress.js';
import type { EipRecord, NatGatewayRecord } from '../src/state/types.js';

const eip = (id: string, ipAddress: string,
  association: EipRecord['association']): EipRecord => ({ id, regionId: 'cn-hangzhou', ipAddress,
  name: '', bandwidthMbps: 5, status: association === null ? 'Available' : 'InUse', association,
  createdMs: 0 });

const gateway: NatGatewayRecord = { id: 'ngw-1', regionId: 'cn-hangzhou', vpcId: 'vpc-1',
  vSwitchId: 'vsw-1', name: '', snatTableId: 'stb-1', createdMs: 0, snatEntries: [
    { id: 'snat-wide', name: '', sourceVSwitchId: '', sourceCidr: '192.168.0.0/16',
      snatIp: '47.96.0.1', createdMs: 0 },
    { id: 'snat-narrow', name: '', sourceVSwitchId: 'vsw-2', sourceCidr: '192.168.16.0/22',
      snatIp: '47.96.0.2', createdMs: 0 },
  ] };
const natEips = [eip('eip-1', '47.96.0.1', { instanceType: 'Nat', instanceId: 'ngw-1' }),
  eip('eip-2', '47.96.0.2', { instanceType: 'Nat', instanceId: 'ngw-1' })];
const source = { src: '192.168.16.5', vpcId: 'vpc-1', eniId: 'eni-1' };

describe('egressOf', () => {
  const cases = [
    { name: 'the narrowest SNAT entry wins', eips: natEips, source,
      via: { via: 'snat', publicIp: '47.96.0.2', natGatewayId: 'ngw-1',
        snatEntryId: 'snat-narrow' } },
    { name: 'an entry whose EIP left the gateway translates nothing', eips: natEips.slice(0, 1),
      source, via: { via: 'snat', publicIp: '47.96.0.1', natGatewayId: 'ngw-1',
        snatEntryId: 'snat-wide' } },
    { name: 'an EIP on the ENI comes before SNAT', eips: [...natEips,
      eip('eip-3', '47.96.0.3', { instanceType: 'NetworkInterface', instanceId: 'eni-1' })],
    source, via: { via: 'eip', publicIp: '47.96.0.3', allocationId: 'eip-3' } },
    { name: 'an instance EIP covers its primary ENI', eips: [
      eip('eip-4', '47.96.0.4', { instanceType: 'EcsInstance', instanceId: 'i-1' })],
    source: { ...source, primaryOf: 'i-1' }, via: { via: 'eip', publicIp: '47.96.0.4',
      allocationId: 'eip-4' } },
    { name: 'another VPC\'s gateway is no way out', eips: natEips,
      source: { ...source, vpcId: 'vpc-2' }, via: { via: 'none' } },
    { name: 'a source no entry holds has no way out', eips: natEips,
      source: { ...source, src: '10.128.0.5' }, via: { via: 'none' } },
  ] as const;
  it.each(cases)('$name', ({ eips, source: from, via }) => {
    expect(egressOf(eips, [gateway], from)).toEqual(via);
  });

  it('counts only public IPv4 addresses as the Internet', () => {
    expect(['8.8.8.8', '47.96.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '100.100.2.136',
      '169.254.1.1', 'fd00::1'].map(isInternetAddress))
      .toEqual([true, true, false, false, false, false, false, false]);
  });
});
