// The node-level prefix backend's pure part, after Terway's pkg/eni/local_delegate_test.go: which
// ENI a pod's addresses come from, the dual-stack rollback, release, and how the delegate follows
// the Node CR (syncNodeCR) and restores stored records (doInit).
import { describe, expect, it } from 'vitest';
import { emptyPodResources, type PodResources } from '../../src/store/records.js';
import { PrefixDelegate, storedPrefixRecords } from '../../src/prefix/local-delegate.js';
import type { IpPrefix, PrefixNic } from '../../src/prefix/types.js';

const valid = (prefix: string): IpPrefix => ({ prefix, status: 'Valid' });

function nic(id: string, ipv4: readonly string[], ipv6: readonly string[] = [],
  extra: Partial<PrefixNic> = {}): PrefixNic {
  return { id, status: 'InUse', macAddress: `mac-${id}`, vSwitchID: 'vsw-1',
    ipv4CIDR: '10.0.0.0/24', ipv6CIDR: '2408:4005:3c5:1::/64',
    ipv4Prefix: ipv4.map(valid), ipv6Prefix: ipv6.map(valid), ...extra };
}

const v4Only = { ipv4: true, ipv6: false };
const dual = { ipv4: true, ipv6: true };

describe('TestLocalDelegate_Allocate_Active_IPv4, TestLocalDelegate_Allocate_SkipsUnschedulable',
  () => {
  it('takes the first schedulable ENI by id and reports its identity', () => {
    const delegate = PrefixDelegate.restore(v4Only, [
      nic('eni-b', ['10.0.0.16/28']),
      nic('eni-a', ['10.0.0.0/28'], [], { unschedulable: true }),
      nic('eni-c', ['10.0.0.32/28'], [], { status: 'Attaching' }),
    ], []);
    expect(delegate.allocate('ns/a')).toEqual({ ok: true, value: { eniId: 'eni-b',
      mac: 'mac-eni-b', vSwitchId: 'vsw-1', ipv4Cidr: '10.0.0.0/24',
      ipv6Cidr: '2408:4005:3c5:1::/64', ipv4: '10.0.0.16' } });
    expect(delegate.ordered().map((ipam) => ipam.eniId)).toEqual(['eni-a', 'eni-b']);
  });

  it('fails with no-available-ipam when nothing is free', () => {
    const delegate = PrefixDelegate.restore(v4Only, [], []);
    expect(delegate.allocate('ns/a')).toEqual({ ok: false,
      error: { kind: 'no-available-ipam', podId: 'ns/a' } });
  });
});

describe('TestLocalDelegate_DualStack_SameENI, ' +
  'TestLocalDelegate_DualStack_RollbackOnIPv6Failure, ' +
  'TestLocalDelegate_Allocate_IPv6Only', () => {
  it('takes both families from one ENI, giving IPv4 back when that ENI has no IPv6', () => {
    const delegate = PrefixDelegate.restore(dual, [
      nic('eni-a', ['10.0.0.0/28']),
      nic('eni-b', ['10.0.0.16/28'], ['2408:4005:3c5:1:1::/80']),
    ], []);
    const got = delegate.allocate('ns/a');
    expect(got.ok && [got.value.eniId, got.value.ipv4, got.value.ipv6]).toEqual(['eni-b',
      '10.0.0.16', '2408:4005:3c5:1:1::']);
    expect(delegate.ordered()[0]!.allocationCount()).toBe(0);
  });

  it('serves IPv6 alone in an IPv6-only stack', () => {
    const delegate = PrefixDelegate.restore({ ipv4: false, ipv6: true },
      [nic('eni-a', [], ['2408:4005:3c5:1:1::/80'])], []);
    const got = delegate.allocate('ns/a');
    expect(got.ok && got.value.ipv6).toBe('2408:4005:3c5:1:1::');
    expect(got.ok && 'ipv4' in got.value).toBe(false);
  });
});

describe('TestLocalDelegate_Release_Active, TestLocalDelegate_Release_ENINotFound', () => {
  it('frees the pod\'s addresses on its ENI; an unknown ENI is not ours', () => {
    const delegate = PrefixDelegate.restore(v4Only, [nic('eni-a', ['10.0.0.0/28'])], []);
    delegate.allocate('ns/a');
    expect(delegate.release('ns/a', 'eni-x')).toBe(false);
    expect(delegate.release('ns/a', 'eni-a')).toBe(true);
    expect(delegate.ordered()[0]!.allocationCount()).toBe(0);
  });
});

describe('TestLocalDelegate_syncNodeCR_AddNewENI, TestLocalDelegate_syncNodeCR_RemoveENI, ' +
  'TestLocalDelegate_syncNodeCR_RetainENIWithAllocations', () => {
  it('adds new InUse ENIs, drains removed ones and forgets them once empty', () => {
    const delegate = PrefixDelegate.restore(v4Only, [nic('eni-a', ['10.0.0.0/28']),
      nic('eni-b', ['10.0.0.16/28'])], []);
    delegate.allocate('ns/a');
    delegate.sync([nic('eni-c', ['10.0.0.32/28'])]);
    expect(delegate.ordered().map((ipam) => ipam.eniId)).toEqual(['eni-a', 'eni-c']);
    expect(delegate.ordered()[0]!.usage('ipv4')[0]!.status).toBe('Deleting');
    expect(delegate.allocate('ns/b')).toMatchObject({ ok: true, value: { eniId: 'eni-c' } });
    delegate.release('ns/a', 'eni-a');
    delegate.sync([nic('eni-c', ['10.0.0.32/28'])]);
    expect(delegate.ordered().map((ipam) => ipam.eniId)).toEqual(['eni-c']);
  });

  it('follows the CR\'s unschedulable flag and prefix statuses on known ENIs', () => {
    const delegate = PrefixDelegate.restore(v4Only, [nic('eni-a', ['10.0.0.0/28'])], []);
    delegate.sync([nic('eni-a', ['10.0.0.0/28'], [], { unschedulable: true })]);
    expect(delegate.allocate('ns/a').ok).toBe(false);
    delegate.sync([nic('eni-a', [], [], { ipv4Prefix: [{ prefix: '10.0.0.0/28',
      status: 'Frozen' }] })]);
    expect(delegate.allocate('ns/a').ok).toBe(false);
    delegate.sync([nic('eni-a', ['10.0.0.0/28'])]);
    expect(delegate.allocate('ns/a').ok).toBe(true);
  });
});

describe('doInit: restore from stored records', () => {
  it('marks stored addresses taken on InUse ENIs and ignores the rest', () => {
    const delegate = PrefixDelegate.restore(v4Only, [nic('eni-a', ['10.0.0.0/28']),
      nic('eni-b', ['10.0.0.16/28'], [], { status: 'Detaching' })], [
      { podId: 'ns/a', eniId: 'eni-a', ipv4: '10.0.0.0' },
      { podId: 'ns/b', eniId: 'eni-b', ipv4: '10.0.0.16' },
    ]);
    expect(delegate.ordered().map((ipam) => ipam.eniId)).toEqual(['eni-a']);
    expect(delegate.allocate('ns/c')).toMatchObject({ ok: true, value: { ipv4: '10.0.0.1' } });
    expect(delegate.allocate('ns/a')).toMatchObject({ ok: true, value: { ipv4: '10.0.0.0' } });
  });
});

describe('doInit: which stored resources are restored', () => {
  it('takes the ENIIP items with an ENI id of pods with pod info', () => {
    const item = (type: string, eniId: string, ipv4: string) => ({ type, id: '',
      extra_eip_info: null, eni_id: eniId, eni_mac: '', ipv4, ipv6: '' });
    const pod = (name: string, items: PodResources['Resources']): PodResources => ({
      ...emptyPodResources(), Resources: items,
      PodInfo: { Name: name, Namespace: 'ns', TcIngress: 0, TcEgress: 0, PodNetworkType: '',
        PodIP: '', PodIPs: { IPv4: null, IPv6: null }, SandboxExited: false, PodENI: false,
        PodUID: '', NetworkPriority: '', ERdma: false, IPStickTime: 0, CreateTime: '' } });
    expect(storedPrefixRecords([
      pod('a', [item('eniIp', 'eni-a', '10.0.0.1'), item('eniIp', '', '10.0.0.2'),
        item('eni', 'eni-b', '10.0.0.3')]),
      { ...emptyPodResources(), Resources: [item('eniIp', 'eni-a', '10.0.0.4')] },
    ])).toEqual([{ podId: 'ns/a', eniId: 'eni-a', ipv4: '10.0.0.1', ipv6: '' }]);
  });
});
