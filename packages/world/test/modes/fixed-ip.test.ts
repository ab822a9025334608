import type { PodNetworking } from '@terway-sim/terway-core';
import { describe, expect, it } from 'vitest';
import { createCluster, type TestCluster } from './cluster.js';

function fixedNetworking(harness: TestCluster, releaseAfter: string): PodNetworking {
  const zone = harness.cloud.view().vSwitches(harness.regionId)
    .find((usage) => usage.vSwitch.id === harness.vSwitchIds[0])!.vSwitch.zoneId;
  return {
    metadata: { name: 'fixed-db' },
    spec: { eniOptions: { eniType: 'Default' },
      allocationType: { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter },
      selector: { podSelector: { matchLabels: { app: 'db' } } },
      securityGroupIDs: [harness.securityGroupId],
      vSwitchOptions: [harness.vSwitchIds[0]!], vSwitchSelectOptions: {} },
    status: { status: 'Ready', vSwitches: [{ id: harness.vSwitchIds[0]!, zone }],
      message: '' },
  };
}

const db = { name: 'db-0', labels: { app: 'db' }, owner: { kind: 'StatefulSet', name: 'db' } };

describe('fixed IP (StatefulSet pod, PodNetworking allocationType Fixed)', () => {
  it('keeps the IP across delete and re-create, then releases it after the TTL', async () => {
    const harness = await createCluster({ mode: 'trunk', seed: 41,
      eniConf: { enable_eni_trunking: true } });
    await harness.crd.create('PodNetworking', fixedNetworking(harness, '10m'));
    await harness.run(60_000);
    const first = harness.createPod(db)!;
    expect(first.metadata!.annotations!['k8s.aliyun.com/pod-networking']).toBe('fixed-db');
    await harness.run(60_000);
    const ip = harness.api.getPod('default/db-0')!.status!.podIP!;
    const podEni = (await harness.crd.get('PodENI', { namespace: 'default', name: 'db-0' }))!;
    const eniId = podEni.spec.allocations[0]!.eni.id;
    expect(podEni.status.phase).toBe('Bind');
    expect(harness.cloud.view().eni(eniId)!.deleteOnRelease).toBe(false);

    harness.deletePod('db-0');
    await harness.run(60_000);
    expect(harness.api.getPod('default/db-0')).toBeUndefined();
    const kept = (await harness.crd.get('PodENI', { namespace: 'default', name: 'db-0' }))!;
    expect(kept.status.phase).toBe('Unbind');
    expect(harness.cloud.view().eni(eniId)).toMatchObject({ status: 'Available' });

    const second = harness.createPod(db)!;
    expect(second.metadata!.uid).not.toBe(first.metadata!.uid);
    expect(JSON.stringify(second.spec!.affinity)).toContain(podEni.spec.zone);
    await harness.run(90_000);
    expect(harness.api.getPod('default/db-0')!.status).toMatchObject({ phase: 'Running',
      podIP: ip });
    const rebound = (await harness.crd.get('PodENI', { namespace: 'default', name: 'db-0' }))!;
    expect(rebound.metadata.annotations!['k8s.aliyun.com/pod-uid']).toBe(second.metadata!.uid);
    expect(rebound.status.phase).toBe('Bind');

    harness.deletePod('db-0');
    await harness.run(5 * 60_000);
    expect(harness.cloud.view().eni(eniId)).toBeDefined(); // within the 10 min TTL
    await harness.run(10 * 60_000);
    expect(await harness.crd.get('PodENI', { namespace: 'default', name: 'db-0' }))
      .toBeUndefined();
    expect(harness.cloud.view().eni(eniId)).toBeUndefined();
  }, 60_000);
});

describe('PodNetworking admission and controller (mutating.go, validate.go, networking.go)', () => {
  it('defaults security groups from eni-config, refuses a bad TTL, and becomes Ready', async () => {
    const harness = await createCluster({ mode: 'trunk', seed: 43,
      eniConf: { enable_eni_trunking: true } });
    const draft = fixedNetworking(harness, '10m');
    const denied = await harness.crd.create('PodNetworking', { ...draft,
      metadata: { name: 'bad' }, spec: { ...draft.spec, allocationType: { type: 'Fixed',
        releaseStrategy: 'TTL', releaseAfter: 'soon' } } });
    expect(denied.ok ? '' : denied.error.message)
      .toBe('admission webhook denied the request: invalid releaseAfter soon');
    const created = await harness.crd.create('PodNetworking', { ...draft, spec: {
      ...draft.spec, securityGroupIDs: [] }, status: { status: '', vSwitches: [],
      message: '' } });
    expect(created.ok && created.value.spec.securityGroupIDs).toEqual([harness.securityGroupId]);
    await harness.run(10_000);
    const stored = (await harness.crd.get('PodNetworking', { name: 'fixed-db' }))!;
    expect(stored.status).toMatchObject({ status: 'Ready', message: '',
      vSwitches: draft.status.vSwitches });
  });
});
