// syncWithAPI's pure part with IP prefixes, after Terway's pkg/controller/multi-ip/node/
// eni_test.go (newENIFromAPI lists the ENI's prefixes Valid; mergeIPPrefixes keeps a known
// prefix's status and marks one the cloud no longer lists Invalid) and the lists a CR without
// prefixes never gains.

import { describe, expect, it } from 'vitest';
import type { NetworkInterface } from '../../../src/cloud/network-interface.js';
import { mergeRemote, nicFromApi } from '../../../src/controlplane/multi-ip/sync-api.js';
import { nic, statusOf } from './fixtures.js';

function remote(ipv4PrefixSets: readonly string[]): NetworkInterface {
  return { status: 'InUse', macAddress: 'm', networkInterfaceId: 'eni-a', vpcId: 'vpc',
    vSwitchId: 'vsw-1', privateIpAddress: '10.0.0.5', privateIpSets: [{ ipAddress: '10.0.0.5',
      primary: true }], zoneId: 'z', securityGroupIds: [], resourceGroupId: '', ipv6Set: [],
    tags: [], type: 'Secondary', instanceId: 'i', trunkNetworkInterfaceId: '',
    networkInterfaceTrafficMode: 'Standard', deviceIndex: 1, creationTime: '',
    networkCardIndex: 0, ipv4PrefixSets, ipv6PrefixSets: [] };
}

const merge = { manageErdma: false, cidrsOf: () => ({ ipv4: '10.0.0.0/24', ipv6: '' }) };

describe('prefixes from the cloud (eni_test.go newENIFromAPI, mergeIPPrefixes)', () => {
  it('a described ENI lists its prefixes Valid; one without prefixes has no list', () => {
    expect(nicFromApi(remote(['10.0.0.16/28'])).ipv4Prefix)
      .toEqual([{ prefix: '10.0.0.16/28', status: 'Valid' }]);
    expect('ipv4Prefix' in nicFromApi(remote([]))).toBe(false);
  });

  it('a known ENI keeps a Frozen prefix, gains new ones Valid, and one gone turns Invalid', () => {
    const status = statusOf([nic('eni-a', [{ ip: '10.0.0.5', primary: true }], {
      ipv4Prefix: [{ prefix: '10.0.0.16/28', status: 'Frozen', frozenExpireAt: 't' },
        { prefix: '10.0.0.48/28', status: 'Valid' }] })]);
    mergeRemote(status, [remote(['10.0.0.16/28', '10.0.0.32/28'])], merge);
    expect(status.networkInterfaces['eni-a']!.ipv4Prefix).toEqual([
      { prefix: '10.0.0.16/28', status: 'Frozen', frozenExpireAt: 't' },
      { prefix: '10.0.0.32/28', status: 'Valid' },
      { prefix: '10.0.0.48/28', status: 'Invalid' }]);
  });

  it('a known ENI without prefixes on either side gains no list (non-prefix CRs stay as they were)',
    () => {
      const status = statusOf([nic('eni-a', [{ ip: '10.0.0.5', primary: true }])]);
      mergeRemote(status, [remote([])], merge);
      expect('ipv4Prefix' in status.networkInterfaces['eni-a']!).toBe(false);
    });
});
