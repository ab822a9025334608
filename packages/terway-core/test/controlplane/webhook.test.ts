// The pod webhook's behaviour in whole (what it writes, what it refuses) and the pod-networks
// annotation's JSON; the Go cases of mutating_test.go are in mutating-pod.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admitPod } from '../../src/controlplane/webhook.js';
import { formatPodNetworks, parsePodNetworks } from '../../src/controlplane/pod-networks.js';
import { labelsMatch } from '../../src/controlplane/selector.js';
import { entry, networking, options, pod, view } from './webhook-fixtures.js';

describe('pod webhook (mutating.go podWebhook)', () => {
  it('leaves host-network, ignored and non-ENI pods alone', () => {
    for (const input of [pod({ hostNetwork: true }), pod({ labels: {
      'k8s.aliyun.com/ignore-by-terway': 'true' },
    annotations: { 'k8s.aliyun.com/pod-eni': 'true' } }),
    pod()]) {
      expect(admitPod(input, view(), options)).toEqual({ pod: input });
    }
  });

  it('pod-eni pods get pod-networks, pod-eni, aliyun/member-eni and eni-config defaults', () => {
    const verdict = admitPod(pod({ annotations: { 'k8s.aliyun.com/pod-eni': 'true' } }), view(),
      options);
    if (!('pod' in verdict)) throw new Error(verdict.denied);
    const annotations = verdict.pod.metadata!.annotations!;
    expect(annotations['k8s.aliyun.com/pod-eni']).toBe('true');
    expect(annotations['k8s.aliyun.com/pod-networks']).toBe('{"podNetworks":[{"vSwitchOptions":' +
      '["vsw-a","vsw-b"],"securityGroupIDs":["sg-1"],"interface":"eth0","eniOptions":' +
      '{"eniType":""},"vSwitchSelectOptions":{},"resourceGroupID":"",' +
      '"networkInterfaceTrafficMode":"","defaultRoute":false,' +
      '"allocationType":{"type":"Elastic"}}]}');
    expect(verdict.pod.spec!.containers[0]!.resources).toEqual({
      requests: { 'aliyun/member-eni': '1' }, limits: { 'aliyun/member-eni': '1' } });
  });

  it('without trunking, or for an ENI-type PodNetworking, requests aliyun/eni', () => {
    const input = pod({ annotations: { 'k8s.aliyun.com/pod-eni': 'true' } });
    const plain = admitPod(input, view(), { ...options, enableTrunk: false });
    expect('pod' in plain && plain.pod.spec!.containers[0]!.resources?.requests)
      .toEqual({ 'aliyun/eni': '1' });
    const eniNetworking = networking('exclusive', { eniOptions: { eniType: 'ENI' },
      selector: { podSelector: { matchLabels: { app: 'db' } } } });
    const matched = admitPod(pod({ labels: { app: 'db' } }), view([eniNetworking]), options);
    if (!('pod' in matched)) throw new Error(matched.denied);
    expect(matched.pod.metadata!.annotations!['k8s.aliyun.com/pod-networking']).toBe('exclusive');
    expect(matched.pod.spec!.containers[0]!.resources?.requests).toEqual({ 'aliyun/eni': '1' });
    expect(matched.pod.spec!.affinity).toEqual({ nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }] }] } } });
  });

  it('only Ready PodNetworkings match, and Fixed ones only fixed-name pods', () => {
    const fixed = networking('fixed', { allocationType: { type: 'Fixed', releaseStrategy: 'Never' },
      selector: { podSelector: {} } });
    const deploymentPod = pod({ name: 'web-abc', owner: 'ReplicaSet' });
    expect(admitPod(deploymentPod, view([fixed]), options)).toEqual({ pod: deploymentPod });
    const stsPod = admitPod(pod({ owner: 'StatefulSet' }), view([fixed]), options);
    expect('pod' in stsPod && stsPod.pod.metadata!.annotations!['k8s.aliyun.com/pod-networking'])
      .toBe('fixed');
    const notReady = networking('slow', { selector: { podSelector: {} } }, false);
    expect(admitPod(deploymentPod, view([notReady]), options)).toEqual({ pod: deploymentPod });
  });

  it('denies what production denies', () => {
    const cases: Array<{ annotations: Record<string, string>; owner?: string; denied: string }> = [
      { annotations: { 'k8s.aliyun.com/pod-networks': '{}',
        'k8s.aliyun.com/pod-networking': 'x' }, denied: 'must be mutually exclusive' },
      { annotations: { 'k8s.aliyun.com/pod-networks': 'not json' },
        denied: 'unable parse annotation field k8s.aliyun.com/pod-networks' },
      { annotations: { 'k8s.aliyun.com/pod-networks': formatPodNetworks({ podNetworks: [
        { ...entry('eth100') }] }) }, denied: 'interface name should >0 and <6 ' },
      { annotations: { 'k8s.aliyun.com/pod-networks': formatPodNetworks({ podNetworks: [
        entry('eth0'), entry('eth0')] }) }, denied: 'duplicated interface' },
      { annotations: { 'k8s.aliyun.com/pod-networks': formatPodNetworks({ podNetworks: [
        { ...entry('eth0'),
          securityGroupIDs: Array.from({ length: 11 }, (_, i) => `sg-${i}`) }] }) },
      denied: 'security group can not more than 10' },
      { owner: 'ReplicaSet', annotations: { 'k8s.aliyun.com/pod-networks': formatPodNetworks({
        podNetworks: [{ ...entry('eth0'), allocationType: { type: 'Fixed' } }] }) },
      denied: 'fixed ip only support for fixed name pod' },
    ];
    for (const { annotations, owner, denied } of cases) {
      const verdict = admitPod(pod({ annotations, ...(owner === undefined ? {} : { owner }) }),
        view(), options);
      expect('denied' in verdict && verdict.denied).toContain(denied);
    }
  });

  it('a fixed-IP pod is pinned to the zone of its previous PodENI', async () => {
    const crdView = view();
    await crdView.crd.create('PodENI', { metadata: { namespace: 'default', name: 'web-0' },
      spec: { allocations: [{} as never], zone: 'zone-a' }, status: { phase: 'Unbind',
        instanceID: '', trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} } });
    const verdict = admitPod(pod({ owner: 'StatefulSet', annotations: {
      'k8s.aliyun.com/pod-networks': formatPodNetworks({ podNetworks: [{ ...entry('eth0'),
        allocationType: { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter: '10m' } }] }) } }),
    crdView, options);
    if (!('pod' in verdict)) throw new Error(verdict.denied);
    expect(JSON.stringify(verdict.pod.spec!.affinity)).toContain('"values":["zone-a"]');
  });
});

describe('pod-networks annotation', () => {
  it('round-trips through Go-shaped JSON', () => {
    fc.assert(fc.property(fc.array(fc.record({
      iface: fc.constantFrom('eth0', 'eth1', 'net2'),
      sgs: fc.array(fc.stringMatching(/^sg-[a-z0-9]{1,5}$/)),
      type: fc.constantFrom('Elastic', 'Fixed') as fc.Arbitrary<'Elastic' | 'Fixed'>,
      routes: fc.array(fc.constantFrom('10.0.0.0/8', '192.168.0.0/16')),
    }), { maxLength: 3 }), (entries) => {
      const annotation = { podNetworks: entries.map((item) => ({ ...entry(item.iface),
        securityGroupIDs: item.sgs, allocationType: { type: item.type },
        extraRoutes: item.routes.map((dst) => ({ dst })) })) };
      const parsed = parsePodNetworks({ key: formatPodNetworks(annotation) }, 'key');
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(formatPodNetworks(parsed.value)).toBe(formatPodNetworks(annotation));
    }));
  });
});

describe('label selectors', () => {
  it('matchLabels and matchExpressions all hold; empty matches everything', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(labelsMatch({}, labels)).toBe(true);
    expect(labelsMatch({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(labelsMatch({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(labelsMatch({ matchExpressions: [{ key: 'tier', operator: 'In',
      values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(labelsMatch({ matchExpressions: [{ key: 'tier', operator: 'NotIn',
      values: ['front'] }] }, labels)).toBe(false);
    expect(labelsMatch({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }, labels))
      .toBe(true);
    expect(labelsMatch({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, labels))
      .toBe(false);
  });
});
