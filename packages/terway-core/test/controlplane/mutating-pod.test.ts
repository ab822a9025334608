// The pod webhook, case by case after Terway's own tests (pkg/controller/webhook
// mutating_test.go, the pod cases): zone affinity, the resource request, selector matching and
// its errors, the previous zone of a fixed-IP pod, which PodNetworking matches, the
// pod-networks-request annotation and the defaults. The Go tests call the webhook's helpers one
// by one; here each case goes through admitPod and reads the part of the admitted pod the
// helper writes. Each `it` names the Go test (and case) it reproduces; the code is ours.

import { describe, expect, it } from 'vitest';
import { entryFromPodNetworking } from '../../src/controlplane/pod-networks.js';
import { matchLabelSelector } from '../../src/controlplane/selector.js';
import { admitPod, matchPodNetworking, type AdmissionPod } from '../../src/controlplane/webhook.js';
import type { PodEni, PodNetworking } from '../../src/ports/crd.js';
import { networking, options, pod, view } from './webhook-fixtures.js';

const zoneKey = 'topology.kubernetes.io/zone';
const admitted = (input: AdmissionPod, crdView = view(), opts = options): AdmissionPod => {
  const verdict = admitPod(input, crdView, opts);
  if (!('pod' in verdict)) throw new Error(verdict.denied);
  return verdict.pod;
};
const denial = (input: AdmissionPod, crdView = view()): string => {
  const verdict = admitPod(input, crdView, options);
  return 'denied' in verdict ? verdict.denied : '';
};
const zoned = (values: string[]) => ({ key: zoneKey, operator: 'In', values });
const byName = { key: 'metadata.name', operator: 'In', values: ['foo'] };
/** A PodNetworking matching pods labelled app=web, its vSwitches in zones foo and bar. */
const inFooBar = (): PodNetworking => ({ ...networking('pn', { selector: { podSelector: {
  matchLabels: { app: 'web' } } } }), status: { status: 'Ready', message: '', vSwitches: [
  { id: 'vsw-1', zone: 'foo' }, { id: 'vsw-2', zone: 'bar' }] } });
const webPod = (extra: Partial<AdmissionPod['spec']> = {}, owner?: string): AdmissionPod => {
  const base = pod({ labels: { app: 'web' }, ...(owner === undefined ? {} : { owner }) });
  return { ...base, spec: { ...base.spec!, ...extra } };
};

describe('Test_setNodeAffinityByZones', () => {
  it('ds pod should ignore', () => {
    expect(admitted(webPod({}, 'DaemonSet'), view([inFooBar()])).spec!.affinity).toBeUndefined();
  });

  it('pod with no affinity', () => {
    expect(admitted(webPod(), view([inFooBar()])).spec!.affinity).toEqual({ nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [zoned(['bar', 'foo'])] }] } } });
  });

  it('pod with exist affinity: every term gets the zones, other requirements kept', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [zoned(['exist'])], matchFields: [byName] },
        { matchFields: [byName] }] } } };
    expect(admitted(webPod({ affinity }), view([inFooBar()])).spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [zoned(['exist']), zoned(['bar', 'foo'])], matchFields: [byName] },
        { matchExpressions: [zoned(['bar', 'foo'])], matchFields: [byName] }] } } });
  });

  it('pod with multi zone set: the previous zone and the vSwitches\' zones each get one', () => {
    const crdView = view([{ ...inFooBar(), spec: { ...inFooBar().spec,
      allocationType: { type: 'Fixed', releaseStrategy: 'Never' } } }]);
    void crdView.crd.create('PodENI', { metadata: { namespace: 'default', name: 'web-0' },
      spec: { zone: 'foo', allocations: [{} as PodEni['spec']['allocations'][0]] },
      status: { phase: 'Unbind', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '',
        eniInfos: {} } });
    const terms = (admitted(webPod({}, 'StatefulSet'), crdView).spec!.affinity as {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: unknown[] } } }).nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual([{ matchExpressions: [zoned(['foo']), zoned(['bar', 'foo'])] }]);
  });
});

describe('Test_setResourceRequest1', () => {
  const containers = [{ name: 'a', resources: { limits: { bar: '100' } } }, { name: 'b' }];
  const table: Array<{ name: string; enableTrunk: boolean; eniType: 'Default' | 'ENI';
    want: string }> = [
    { name: 'request one', enableTrunk: true, eniType: 'Default', want: 'aliyun/member-eni' },
    { name: 'eni only', enableTrunk: false, eniType: 'Default', want: 'aliyun/eni' },
    { name: 'allow override to aliyun/eni', enableTrunk: true, eniType: 'ENI',
      want: 'aliyun/eni' },
  ];
  for (const row of table) {
    it(row.name, () => {
      const pn = { ...inFooBar(), spec: { ...inFooBar().spec,
        eniOptions: { eniType: row.eniType } } };
      const out = admitted(webPod({ containers }), view([pn]), { ...options,
        enableTrunk: row.enableTrunk });
      expect(out.spec!.containers).toEqual([{ name: 'a', resources: {
        limits: { bar: '100', [row.want]: '1' }, requests: { [row.want]: '1' } } },
      { name: 'b' }]);
    });
  }
});

describe('PodMatchSelector', () => {
  it('TestPodMatchSelectorReturnsTrueWhenLabelsMatch', () => {
    expect(matchLabelSelector({ matchLabels: { key: 'value' } }, { key: 'value' }))
      .toEqual({ ok: true, value: true });
  });

  it('TestPodMatchSelectorReturnsFalseWhenLabelsDoNotMatch', () => {
    expect(matchLabelSelector({ matchLabels: { key: 'value' } }, { key: 'different' }))
      .toEqual({ ok: true, value: false });
  });

  it('TestPodMatchSelectorReturnsErrorForInvalidLabelSelector', () => {
    const selector = { matchExpressions: [{ key: 'key', operator: 'InvalidOperator' as 'In',
      values: ['value'] }] };
    expect(matchLabelSelector(selector, { key: 'value' })).toEqual({ ok: false,
      error: '"InvalidOperator" is not a valid label selector operator' });
  });

  it('(ours) a PodNetworking with an invalid selector refuses the pod, with Terway\'s words',
    () => {
      const pn = networking('pn', { selector: { podSelector: { matchExpressions: [{ key: 'app',
        operator: 'In', values: [] }] } } });
      expect(denial(pod({ labels: { app: 'web' } }), view([pn]))).toBe('error match pod ' +
        'selector, values: Invalid value: []string(nil): for \'in\', \'notin\' operators, ' +
        'values set can\'t be empty');
    });
});

describe('previousZone (fixed-IP pods pinned to their PodENI\'s zone)', () => {
  const fixedPn = (): PodNetworking => ({ ...networking('pn', { selector: { podSelector: {
    matchLabels: { app: 'web' } } }, allocationType: { type: 'Fixed',
    releaseStrategy: 'Never' } }), status: { status: 'Ready', message: '', vSwitches: [] } });
  const withPodEni = (podEni?: Partial<PodEni>) => {
    const crdView = view([fixedPn()]);
    if (podEni !== undefined) {
      void crdView.crd.create('PodENI', { metadata: { namespace: 'default', name: 'web-0' },
        spec: { zone: 'zone-a', allocations: [{} as PodEni['spec']['allocations'][0]] },
        status: { phase: 'Unbind', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '',
          eniInfos: {} }, ...podEni });
    }
    return crdView;
  };
  const pinned = (crdView: ReturnType<typeof view>, owner = 'StatefulSet'): string =>
    JSON.stringify(admitted(webPod({}, owner), crdView).spec?.affinity ?? null);
  it('TestPreviousZoneReturnsEmptyWhenPodIsNotFixedName (no Fixed PodNetworking either)', () => {
    expect(pinned(withPodEni({}), 'ReplicaSet')).toBe('null');
  });
  it('TestPreviousZoneReturnsEmptyWhenPodENINotFound', () => {
    expect(pinned(withPodEni())).toBe('null');
  });
  it('TestPreviousZoneReturnsEmptyWhenPodENIHasDeletionTimestamp', async () => {
    const crdView = withPodEni({});
    await crdView.crd.update('PodENI', { ...crdView.crd.peek('PodENI', { namespace: 'default',
      name: 'web-0' })!, metadata: { namespace: 'default', name: 'web-0', finalizers: ['x'] } });
    await crdView.crd.delete('PodENI', { namespace: 'default', name: 'web-0' });
    expect(pinned(crdView)).toBe('null');
  });
  it('TestPreviousZoneReturnsEmptyWhenPodENIHasNoAllocations', () => {
    expect(pinned(withPodEni({ spec: { zone: 'zone-a', allocations: [] } }))).toBe('null');
  });
  it('TestPreviousZoneReturnsZoneWhenPodENIHasAllocations', () => {
    expect(pinned(withPodEni({}))).toContain('"values":["zone-a"]');
  });
});

describe('matchOnePodNetworking', () => {
  const web = pod({ labels: { app: 'web' } });
  const match = (networkings: PodNetworking[], input = web,
    namespaceLabels?: Record<string, string>) => {
    const found = matchPodNetworking(input, { ...view(networkings),
      ...(namespaceLabels === undefined ? {} : { namespaceLabels: () => namespaceLabels }) }, []);
    return found.ok ? found.value?.metadata.name : found.error;
  };
  it('TestMatchOnePodNetworkingReturnsNilWhenNoPodNetworkings', () => {
    expect(match([])).toBeUndefined();
  });
  it('TestMatchOnePodNetworkingReturnsNilWhenNoMatchingPodNetworking', () => {
    expect(match([networking('pn', { selector: { podSelector: { matchLabels: {
      app: 'db' } } } })])).toBeUndefined();
  });
  it('TestMatchOnePodNetworkingReturnsPodNetworkingWhenMatchingPodSelector', () => {
    expect(match([networking('pn', { selector: { podSelector: { matchLabels: {
      app: 'web' } } } })])).toBe('pn');
  });
  it('TestMatchOnePodNetworkingReturnsPodNetworkingWhenMatchingNamespaceSelector', () => {
    expect(match([networking('pn', { selector: { namespaceSelector: { matchLabels: {
      team: 'a' } } } })], web, { team: 'a' })).toBe('pn');
  });
  it('TestMatchOnePodNetworkingReturnsNilWhenPodNetworkingNotReady', () => {
    expect(match([networking('pn', { selector: { podSelector: { matchLabels: {
      app: 'web' } } } }, false)])).toBeUndefined();
  });
});

describe('Test_getPodNetworkRequests', () => {
  const requested = (text: string) => pod({ annotations: {
    'k8s.aliyun.com/pod-networks-request': text } });
  const zonesOf = (pn: PodNetworking, zones: string[]): PodNetworking => ({ ...pn,
    status: { ...pn.status, vSwitches: zones.map((zone) => ({ id: `vsw-${zone}`, zone })) } });
  const two = (a: Partial<PodNetworking['spec']>, b: Partial<PodNetworking['spec']>) => [
    zonesOf(networking('network-1', a), ['zone-a', 'zone-b']),
    zonesOf(networking('network-2', b), ['zone-b', 'zone-c'])];
  const bothRequest = '[{"network": "network-1","interfaceName":"eth0"}, ' +
    '{"network": "network-2","interfaceName":"eth1","defaultRoute": true}]';
  const networks = (out: AdmissionPod) => (JSON.parse(out.metadata!.annotations![
    'k8s.aliyun.com/pod-networks']!) as { podNetworks: Array<{ interface: string;
    defaultRoute?: boolean; allocationType: unknown }> }).podNetworks;

  it('returns error when annotation is invalid', () => {
    expect(denial(requested('annotation'))).toMatch(
      /^unable parse annotation k8s.aliyun.com\/pod-networks-request, /);
  });
  it('returns nil when no pod network refs (the pod falls through to the selectors)', () => {
    expect(admitted(requested('[]'))).toEqual(requested('[]'));
  });
  it('returns pod networks and zones', () => {
    const out = admitted(requested('[{"network": "network-1"}]'), view([zonesOf(
      networking('network-1', {}), ['zone-a', 'zone-b'])]));
    expect(networks(out).map((entry) => entry.interface)).toEqual(['eth0']);
    expect(JSON.stringify(out.spec!.affinity)).toContain('"values":["zone-a","zone-b"]');
  });
  it('returns error when pod networking not ready', () => {
    expect(denial(requested('[{"network": "network-1"}]'), view([networking('network-1', {},
      false)]))).toContain('pod networking network-1 is not ready');
  });
  it('returns intersection of zones (entries in request order, eth1 the default route)', () => {
    const out = admitted(requested(bothRequest), view(two({}, {})));
    expect(networks(out).map((entry) => [entry.interface, entry.defaultRoute ?? false, entry
      .allocationType])).toEqual([['eth0', false, { type: 'Elastic' }],
      ['eth1', true, { type: 'Elastic' }]]);
    expect(JSON.stringify(out.spec!.affinity)).toContain('"values":["zone-b"]');
  });
  it('returns error when pod networkings have different ENI attach types', () => {
    expect(denial(requested(bothRequest), view(two({ eniOptions: { eniType: 'Default' } },
      { eniOptions: { eniType: 'ENI' } })))).toContain(
      'pod networking network-2 has different eni attach type');
  });
  it('allows multiple pod networkings with same ENI attach type', () => {
    const out = admitted(requested(bothRequest), view(two({ eniOptions: { eniType: 'ENI' } },
      { eniOptions: { eniType: 'ENI' } })));
    expect(networks(out)).toHaveLength(2);
  });
  it('(ours) a first PodNetworking without an attach type fixes none', () => {
    const unset = { eniOptions: { eniType: '' as 'Default' } };
    expect(networks(admitted(requested(bothRequest), view(two(unset,
      { eniOptions: { eniType: 'ENI' } }))))).toHaveLength(2);
  });
});

describe('podWebhook defaults', () => {
  it('TestPodWebhook_FillDefaultConfig_Success: crd mode, eth0 from eni-config', () => {
    const input = pod({ annotations: { existing: 'true' } });
    const out = admitted(input, view(), { ...options, ipamType: 'crd',
      defaultVSwitchIds: ['vsw-1'], defaultSecurityGroupIds: ['sg-1'] });
    const [eth0] = (JSON.parse(out.metadata!.annotations!['k8s.aliyun.com/pod-networks']!) as {
      podNetworks: Array<{ vSwitchOptions: string[]; securityGroupIDs: string[] }> })
      .podNetworks;
    expect([eth0!.vSwitchOptions, eth0!.securityGroupIDs]).toEqual([['vsw-1'], ['sg-1']]);
    expect(out.metadata!.annotations!['existing']).toBe('true');
  });

  it('TestPodNetworkingToPodNetworks', () => {
    const pn = networking('pn', { vSwitchOptions: ['vsw-1', 'vsw-2'], securityGroupIDs: ['sg-1'],
      eniOptions: { eniType: 'ENI' }, vSwitchSelectOptions: { vSwitchSelectionPolicy: 'most' },
      allocationType: { type: 'Elastic', releaseStrategy: 'TTL', releaseAfter: '5m' } });
    expect(entryFromPodNetworking(pn)).toMatchObject({ interface: 'eth0',
      vSwitchOptions: ['vsw-1', 'vsw-2'], securityGroupIDs: ['sg-1'],
      eniOptions: { eniType: 'ENI' }, vSwitchSelectOptions: { vSwitchSelectionPolicy: 'most' },
      allocationType: { type: 'Elastic', releaseStrategy: 'TTL', releaseAfter: '5m' } });
  });
});
