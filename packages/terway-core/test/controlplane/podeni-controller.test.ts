// The PodENI controller, case by case after Terway's own tests (pkg/controller/pod-eni
// eni_controller_test.go, "ENI Controller Tests"): the phases it moves a PodENI through, the
// errors it returns (and the AttachENIFailed events that go with them), and what the stored
// PodENI holds after a bind. Each `it` names the Go context and case it reproduces; the code is
// ours. A NetworkInterface CR is moved from Binding to Bind (or Detaching to Unbind) by a watch
// here, standing in for the NetworkInterface controller as the Go test's status transition does.

import { Context, isoSeconds } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { fromDescribeEntry, type NetworkInterface } from '../../src/cloud/network-interface.js';
import { ControlplaneGc, leakedEnis } from '../../src/controlplane/gc.js';
import { PodEniController, podEniUpdateMatters } from '../../src/controlplane/podeni-controller.js';
import type { Allocation, PodEni } from '../../src/ports/crd.js';
import { controlplaneRig, type ControlplaneRig } from './controlplane-rig.js';

type Phase = PodEni['status']['phase'];

function allocation(eniId: string, extra: Partial<Allocation> = {}, trunk?: boolean):
  Allocation {
  return { allocationType: { type: 'Elastic' }, eni: { id: eniId, vpcID: '', mac: '', zone: '',
    vSwitchID: '', resourceGroupID: '', securityGroupIDs: [],
    attachmentOptions: trunk === undefined ? {} : { trunk } }, ipv4: '', ipv6: '', ipv4CIDR: '',
  ipv6CIDR: '', interface: 'eth0', defaultRoute: false, extraRoutes: [], extraConfig: {},
  ...extra };
}

async function addPodEni(rig: ControlplaneRig, name: string, phase: Phase,
  allocations: Allocation[], finalizers?: string[]): Promise<void> {
  const made = await rig.crd.create('PodENI', { metadata: { namespace: 'default', name,
    ...(finalizers === undefined ? {} : { finalizers }) }, spec: { zone: '', allocations },
  status: { phase, instanceID: '', trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} } });
  if (!made.ok) throw new Error(made.error.message);
}

/** Stands in for the NetworkInterface controller: Binding → Bind, Detaching → Unbind. */
function settleCrs(rig: ControlplaneRig): void {
  rig.crd.watch('NetworkInterface', (type, cr) => {
    if (type === 'DELETED') return;
    const next = cr.status.phase === 'Binding' ? 'Bind'
      : cr.status.phase === 'Detaching' ? 'Unbind' : undefined;
    if (next === undefined) return;
    void rig.crd.update('NetworkInterface', { ...cr, metadata: { ...cr.metadata,
      resourceVersion: undefined }, status: { ...cr.status, phase: next,
      eniInfo: { id: cr.metadata.name, type: cr.status.trunkENIID === '' ? 'Secondary'
        : 'Member', vid: 0, status: next === 'Bind' ? 'Bind' : 'Unbind' } } });
  });
}

/** A rig whose NetworkInterface CRs settle, with a node `node`. */
function settledRig(): ControlplaneRig {
  const rig = controlplaneRig();
  settleCrs(rig);
  rig.addNode('node');
  return rig;
}

async function reconcile(rig: ControlplaneRig, name: string): Promise<unknown> {
  const controller = new PodEniController(rig.runtime);
  return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler),
    `default/${name}`));
}

const peek = (rig: ControlplaneRig, name: string): PodEni | undefined =>
  rig.crd.peek('PodENI', { namespace: 'default', name });

describe('ENI Controller Tests: Reconcile Entry Point', () => {
  it('should return no error for non-existent PodENI', async () => {
    expect(await reconcile(controlplaneRig(), 'non-existent')).toEqual({});
  });

  it('should route to delete flow when DeletionTimestamp is set', async () => {
    const rig = controlplaneRig();
    rig.addNode('node');
    const eniId = await rig.addEni('routing');
    rig.kube.addPod({ name: 'routing', nodeName: 'node' });
    await addPodEni(rig, 'routing', 'Bind', [allocation(eniId)],
      ['network.alibabacloud.com/pod-eni']);
    await rig.crd.delete('PodENI', { namespace: 'default', name: 'routing' });
    expect(await reconcile(rig, 'routing')).toEqual({});
    expect(peek(rig, 'routing')).toBeUndefined();
    expect(rig.crd.peek('NetworkInterface', { name: eniId })!.status.phase).toBe('Deleting');
  });
});

describe('ENI Controller Tests: PodENI states', () => {
  it('PodENI State: Initial: should transition from Initial to Binding and then to Bind',
    async () => {
      const rig = settledRig();
      const eniId = await rig.addEni('initial');
      rig.kube.addPod({ name: 'initial', nodeName: 'node' });
      await addPodEni(rig, 'initial', '', [allocation(eniId)]);
      expect(await reconcile(rig, 'initial')).toEqual({});
      const stored = peek(rig, 'initial')!;
      const eni = rig.cloud.eni(eniId)!;
      expect(stored.status).toMatchObject({ phase: 'Bind', instanceID: rig.cloud.instanceId,
        trunkENIID: '', eniInfos: { [eniId]: { id: eniId, type: 'Secondary', vid: 0,
          status: 'Bind' } } });
      // The allocation is filled from the ENI's CR: MAC, zone, vSwitch, security groups.
      expect(stored.spec.allocations[0]!.eni).toMatchObject({ id: eniId, mac: eni.mac,
        zone: rig.cloud.zones[0], vSwitchID: rig.cloud.vSwitch('vsw-a'),
        securityGroupIDs: [rig.cloud.securityGroupId] });
      // An Elastic allocation records no last-seen time; only fixed IPs are looked after.
      expect(stored.status.podLastSeen).toBe('');
      expect(rig.kube.events).toMatchObject([{ reason: 'AttachENISucceed', type: 'Normal' }]);
    });

  it('PodENI State: Initial: should handle missing Pod gracefully (an error; AttachENIFailed ' +
    'but no CreateENIFailed, which needs the pod)', async () => {
    const rig = controlplaneRig();
    await addPodEni(rig, 'missing', '', [allocation('eni-missing-pod')]);
    expect(await reconcile(rig, 'missing')).toEqual({ message: 'pods "missing" not found' });
    expect(peek(rig, 'missing')!.status.phase).toBe('');
    expect(rig.kube.events.map((event) => event.reason)).toEqual(['AttachENIFailed']);
  });

  it('PodENI State: Initial: should handle empty allocations', async () => {
    const rig = controlplaneRig();
    rig.addNode('node');
    rig.kube.addPod({ name: 'empty', nodeName: 'node' });
    await addPodEni(rig, 'empty', '', []);
    expect(await reconcile(rig, 'empty')).toEqual({ message: 'alloction is empty' });
  });

  it('PodENI State: Binding: should continue binding process when in Binding state',
    async () => {
      const rig = settledRig();
      const eniId = await rig.addEni('binding');
      rig.kube.addPod({ name: 'binding', nodeName: 'node' });
      await addPodEni(rig, 'binding', 'Binding', [allocation(eniId, { allocationType: {
        type: 'Fixed', releaseStrategy: 'Never' } }, false)]);
      expect(await reconcile(rig, 'binding')).toEqual({});
      const stored = peek(rig, 'binding')!;
      expect(stored.status.phase).toBe('Bind');
      expect(stored.status.podLastSeen).not.toBe('');
    });

  it('Fixed IP Allocation: should not need attach for non-fixed IP pods without fixed IP ' +
    'rebind (a Binding PodENI of a Deployment pod is refused)',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('node');
      const eniId = await rig.addEni('elastic');
      rig.kube.addPod({ name: 'elastic', nodeName: 'node', ownerKind: 'ReplicaSet' });
      await addPodEni(rig, 'elastic', 'Binding', [allocation(eniId)]);
      expect(await reconcile(rig, 'elastic')).toEqual({
        message: 'found previous podENI, but pod is not using fixed ip' });
    });

  for (const phase of ['Bind', 'Unbind'] as const) {
    it(`PodENI State: ${phase}: should be no-op when already in ${phase} state`, async () => {
      const rig = controlplaneRig();
      await addPodEni(rig, 'idle', phase, [allocation('eni-idle')]);
      const before = peek(rig, 'idle');
      expect(await reconcile(rig, 'idle')).toEqual({});
      expect(peek(rig, 'idle')).toEqual(before);
      expect(rig.kube.events).toEqual([]);
    });
  }

  it('PodENI State: Detaching: should transition from Detaching to Unbind', async () => {
    const rig = settledRig();
    const eniId = await rig.addEni('detaching');
    const cr = rig.crd.peek('NetworkInterface', { name: eniId })!;
    await rig.crd.update('NetworkInterface', { ...cr, status: { ...cr.status, phase: 'Bind' } });
    rig.kube.addPod({ name: 'detaching', nodeName: 'node' });
    await addPodEni(rig, 'detaching', 'Detaching', [allocation(eniId)]);
    expect(await reconcile(rig, 'detaching')).toEqual({});
    expect(peek(rig, 'detaching')!.status).toMatchObject({ phase: 'Unbind', instanceID: '',
      trunkENIID: '' });
    expect(rig.crd.peek('NetworkInterface', { name: eniId })!.status.phase).toBe('Unbind');
  });

  it('PodENI State: Deleting: should delete PodENI when in Deleting state', async () => {
    const rig = controlplaneRig();
    await addPodEni(rig, 'deleting', 'Deleting', [allocation('eni-deleting')]);
    expect(await reconcile(rig, 'deleting')).toEqual({});
    expect(peek(rig, 'deleting')).toBeUndefined();
  });

  it('PodENI Deletion Workflow: should handle deletion with finalizers correctly', async () => {
    const rig = controlplaneRig();
    await addPodEni(rig, 'final', 'Bind', [allocation('eni-gone')],
      ['network.alibabacloud.com/pod-eni', 'other/finalizer']);
    await rig.crd.delete('PodENI', { namespace: 'default', name: 'final' });
    expect(await reconcile(rig, 'final')).toEqual({});
    // Only the PodENI's own finalizers go; a missing NetworkInterface CR is no error.
    expect(peek(rig, 'final')!.metadata.finalizers).toEqual(['other/finalizer']);
  });

  it('(ours) a PodENI being deleted without our finalizer is left alone', async () => {
    const rig = controlplaneRig();
    await addPodEni(rig, 'foreign', 'Bind', [allocation('eni-x')], ['other/finalizer']);
    await rig.crd.delete('PodENI', { namespace: 'default', name: 'foreign' });
    const before = peek(rig, 'foreign');
    expect(await reconcile(rig, 'foreign')).toEqual({});
    expect(peek(rig, 'foreign')).toEqual(before);
  });
});

describe('ENI Controller Tests: Error Handling and Node Exclusive ENI Mode', () => {
  it('Error Handling: should handle missing Node gracefully (error get node)', async () => {
    const rig = controlplaneRig();
    rig.kube.addPod({ name: 'nonode', nodeName: 'non-existent-node' });
    await addPodEni(rig, 'nonode', '', [allocation('eni-missing-node')]);
    const outcome = await reconcile(rig, 'nonode') as { message: string };
    expect(outcome.message).toContain('error get node non-existent-node');
    expect(rig.kube.events).toMatchObject([{ target: { kind: 'Pod', name: 'nonode' },
      type: 'Warning', reason: 'AttachENIFailed' }, { reason: 'CreateENIFailed' }]);
  });

  it('Error Handling: should handle attachment failure gracefully (CR missing)', async () => {
    const rig = controlplaneRig();
    rig.addNode('node');
    rig.kube.addPod({ name: 'nocr', nodeName: 'node' });
    await addPodEni(rig, 'nocr', '', [allocation('eni-no-cr')]);
    const outcome = await reconcile(rig, 'nocr') as { message: string };
    expect(outcome.message).toContain('attach eni failed');
    expect(peek(rig, 'nocr')!.status.phase).toBe('');
  });

  it('Node Exclusive ENI Mode: should reject trunk ENI for eniOnly pods when trunk mode is ' +
    'enabled', async () => {
    const rig = controlplaneRig({ enableTrunk: true });
    rig.addNode('node');
    rig.kube.addPod({ name: 'reject', nodeName: 'node' });
    await addPodEni(rig, 'reject', '', [allocation('eni-trunk-reject', {}, false)]);
    expect(await reconcile(rig, 'reject')).toEqual({
      message: 'trunk eni is not allowed for eniOnly pod' });
  });

  it('Node Exclusive ENI Mode: should handle exclusive ENI only mode correctly (no trunk)',
    async () => {
      const rig = controlplaneRig({ enableTrunk: true });
      settleCrs(rig);
      const node = rig.addNode('node', { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
      rig.kube.nodes.set('node', { ...node, metadata: { ...node.metadata, annotations: {
        'k8s.aliyun.com/trunk-on': 'eni-trunk' } } });
      const eniId = await rig.addEni('only');
      rig.kube.addPod({ name: 'only', nodeName: 'node' });
      await addPodEni(rig, 'only', '', [allocation(eniId, {}, false)]);
      expect(await reconcile(rig, 'only')).toEqual({});
      expect(peek(rig, 'only')!.status.trunkENIID).toBe('');
      expect(rig.crd.peek('NetworkInterface', { name: eniId })!.status.trunkENIID).toBe('');
    });

  it('Trunk vs Secondary Mode: should handle trunk mode correctly (member of the trunk)',
    async () => {
      const rig = controlplaneRig({ enableTrunk: true });
      settleCrs(rig);
      const node = rig.addNode('node');
      rig.kube.nodes.set('node', { ...node, metadata: { ...node.metadata, annotations: {
        'k8s.aliyun.com/trunk-on': 'eni-trunk' } } });
      const eniId = await rig.addEni('member');
      rig.kube.addPod({ name: 'member', nodeName: 'node' });
      await addPodEni(rig, 'member', '', [allocation(eniId)]);
      expect(await reconcile(rig, 'member')).toEqual({});
      expect(peek(rig, 'member')!.status).toMatchObject({ phase: 'Bind',
        trunkENIID: 'eni-trunk', eniInfos: { [eniId]: { type: 'Member' } } });
    });

  it('(ours) trunk mode on a node whose agent has not announced its trunk', async () => {
    const rig = controlplaneRig({ enableTrunk: true });
    rig.addNode('node');
    rig.kube.addPod({ name: 'early', nodeName: 'node' });
    await addPodEni(rig, 'early', '', [allocation('eni-early')]);
    expect(await reconcile(rig, 'early')).toEqual({ message: 'trunk eni id not found, this ' +
      'may due to terway agent is not started' });
  });
});

describe('ENI Controller Tests: Multi-ENI Allocation', () => {
  it('should handle multiple ENI allocations correctly (stored in interface order)',
    async () => {
      const rig = settledRig();
      const first = await rig.addEni('multi');
      const second = await rig.addEni('multi');
      rig.kube.addPod({ name: 'multi', nodeName: 'node' });
      await addPodEni(rig, 'multi', '', [allocation(second, { interface: 'eth1' }),
        allocation(first, { interface: 'eth0', defaultRoute: true })]);
      expect(await reconcile(rig, 'multi')).toEqual({});
      const stored = peek(rig, 'multi')!;
      expect(stored.spec.allocations.map((a) => [a.interface, a.eni.id])).toEqual([
        ['eth0', first], ['eth1', second]]);
      expect(Object.keys(stored.status.eniInfos).sort()).toEqual([first, second].sort());
    });
});

describe('ENI Controller Tests: Garbage Collection (gcCRPodENIs)', () => {
  const fixedTtl = (after: string): Partial<Allocation> => ({ allocationType: { type: 'Fixed',
    releaseStrategy: 'TTL', releaseAfter: after } });
  const lastSeen = async (rig: ControlplaneRig, name: string, agoMs: number): Promise<void> => {
    const podEni = peek(rig, name)!;
    await rig.crd.update('PodENI', { ...podEni, status: { ...podEni.status,
      podLastSeen: isoSeconds(rig.cloud.env.scheduler.wallMs() - agoMs) } });
  };
  const gc = (rig: ControlplaneRig): Promise<void> =>
    rig.run(() => new ControlplaneGc(rig.runtime).gcPodEnis());

  it('should mark orphaned fixed-IP PodENI as deleting after TTL', async () => {
    const rig = controlplaneRig({ ipamType: 'crd' });
    await addPodEni(rig, 'orphan', 'Bind', [allocation('eni-gc', fixedTtl('1m'))]);
    await lastSeen(rig, 'orphan', 10 * 60_000);
    await gc(rig);
    expect(peek(rig, 'orphan')!.status.phase).toBe('Deleting');
  });

  it('should preserve PodENI with NEVER release strategy', async () => {
    const rig = controlplaneRig({ ipamType: 'crd' });
    await addPodEni(rig, 'never', 'Bind', [allocation('eni-gc', { allocationType: {
      type: 'Fixed', releaseStrategy: 'Never' } })]);
    await lastSeen(rig, 'never', 24 * 3_600_000);
    await gc(rig);
    expect(peek(rig, 'never')!.status.phase).toBe('Bind');
  });

  it('should update timestamp for existing pod with fixed IP', async () => {
    const rig = controlplaneRig({ ipamType: 'crd' });
    rig.addNode('node');
    rig.kube.addPod({ name: 'seen', nodeName: 'node' });
    await addPodEni(rig, 'seen', 'Bind', [allocation('eni-gc', fixedTtl('1h'))]);
    await lastSeen(rig, 'seen', 2 * 3_600_000);
    const before = peek(rig, 'seen')!.status.podLastSeen;
    await gc(rig);
    expect(peek(rig, 'seen')!.status.podLastSeen > before).toBe(true);
    expect(peek(rig, 'seen')!.status.phase).toBe('Bind');
  });
});

describe('ENI Controller Tests: CRD Mode and Complex Error Scenarios (podRequirePodENI, ' +
  'through the GC: a pod that no longer needs its Elastic PodENI sends it to Deleting)', () => {
  const table: Array<{ name: string; ipamType: string; pod: { labels?: Record<string, string>;
    phase?: string; hostNetwork?: boolean }; nodeLabels?: Record<string, string>;
    want: 'Bind' | 'Deleting' }> = [
    { name: 'CRD Mode: should always require PodENI in CRD mode', ipamType: 'crd', pod: {},
      want: 'Bind' },
    { name: 'CRD Mode: should handle non-CRD mode pod requirements correctly', ipamType: '',
      pod: {}, want: 'Deleting' },
    { name: 'Complex Error Scenarios: should handle pod sandbox exited state correctly',
      ipamType: 'crd', pod: { phase: 'Succeeded' }, want: 'Deleting' },
    { name: 'Complex Error Scenarios: should handle ignored pod labels correctly',
      ipamType: 'crd', pod: { labels: { 'k8s.aliyun.com/ignore-by-terway': 'true' } },
      want: 'Deleting' },
    { name: '(ours) a host-network pod needs none', ipamType: 'crd', pod: { hostNetwork: true },
      want: 'Deleting' },
    { name: '(ours) a pod on an exclusive-ENI node needs one without any annotation',
      ipamType: '', pod: {}, nodeLabels: { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' },
      want: 'Bind' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const rig = controlplaneRig({ ipamType: row.ipamType });
      rig.addNode('node', row.nodeLabels);
      rig.kube.addPod({ name: 'p', nodeName: 'node', ...row.pod });
      await addPodEni(rig, 'p', 'Bind', [allocation('eni-p')]);
      await rig.run(() => new ControlplaneGc(rig.runtime).gcPodEnis());
      expect(peek(rig, 'p')!.status.phase).toBe(row.want);
    });
  }
});

describe('ENI Controller Tests: ENI Filter Logic and gcENIs (leakedEnis)', () => {
  const ours = { 'ack.aliyun.com': 'c-test', creator: 'terway-controller' };
  const old = 3_600_000;
  const eni = (tags: Record<string, string>, createdMs = 0): NetworkInterface =>
    fromDescribeEntry({ NetworkInterfaceId: 'eni-leak', Status: 'Available', Type: 'Secondary',
      CreationTime: isoSeconds(createdMs), Tags: { Tag: Object.entries(tags)
        .map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } });
  const table: Array<{ name: string; eni: NetworkInterface; used: boolean; leaked: boolean }> = [
    { name: 'should filter ENIs with matching tags', eni: eni(ours), used: false, leaked: true },
    { name: 'should not filter ENIs without matching cluster ID tag', eni: eni({ ...ours,
      'ack.aliyun.com': 'c-other' }), used: false, leaked: false },
    { name: 'should not filter ENIs without matching creator tag', eni: eni({ ...ours,
      creator: 'terway' }), used: false, leaked: false },
    { name: 'should not filter ENIs with missing tags', eni: eni({}), used: false,
      leaked: false },
    { name: 'should filter ENIs with extra tags', eni: eni({ ...ours, team: 'net' }),
      used: false, leaked: true },
    { name: 'gcENIs: should filter out recently created ENIs', eni: eni(ours, old - 9 * 60_000),
      used: false, leaked: false },
    { name: 'gcENIs: should do nothing if ENI is in use by PodENI', eni: eni(ours), used: true,
      leaked: false },
  ];
  for (const row of table) {
    it(row.name, () => {
      const podEnis: PodEni[] = row.used ? [{ metadata: { name: 'p' }, spec: { zone: '',
        allocations: [allocation('eni-leak')] }, status: { phase: 'Bind', instanceID: '',
        trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} } }] : [];
      const found = leakedEnis([row.eni], podEnis, { clusterId: 'c-test', nowWallMs: old });
      expect(found.length === 1).toBe(row.leaked);
    });
  }
});

describe('PodENI watch predicate (predict_test.go TestUpdateFunc)', () => {
  const base: PodEni = { metadata: { name: 'pod-eni-1', resourceVersion: '100' },
    spec: { zone: 'zone-a', allocations: [] }, status: { phase: 'Bind', instanceID: '',
      trunkENIID: '', msg: '', podLastSeen: isoSeconds(12_345_000), eniInfos: {} } };
  const table: Array<{ name: string; next: PodEni; want: boolean }> = [
    { name: 'same content after normalizing returns false', next: { ...base,
      metadata: { ...base.metadata, resourceVersion: '101' },
      status: { ...base.status, podLastSeen: isoSeconds(99_999_000) } }, want: false },
    { name: 'different spec returns true', next: { ...base, spec: { ...base.spec,
      zone: 'zone-b' } }, want: true },
    { name: 'different status phase returns true', next: { ...base, status: { ...base.status,
      phase: 'Binding' } }, want: true },
  ];
  for (const row of table) {
    it(`TestUpdateFunc: ${row.name}`, () =>
      expect(podEniUpdateMatters(base, row.next)).toBe(row.want));
  }
});
