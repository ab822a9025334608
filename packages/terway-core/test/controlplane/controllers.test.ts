// The pod and node controllers, case by case after Terway's own tests (pkg/controller/pod
// pod_controller_test.go and predict_test.go, pkg/controller/node node.go's createOrUpdate as its
// tests drive it): which pods and nodes are skipped quietly, and what the stored PodENI and Node
// objects hold field by field. Each `it` names the Go test it reproduces; the code is ours.

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { NodeController } from '../../src/controlplane/node-controller.js';
import { isManagedNode, isProcessedNode } from '../../src/controlplane/node-info.js';
import { PodController } from '../../src/controlplane/pod-controller.js';
import type { PodEni, PodNetworking } from '../../src/ports/crd.js';
import type { NodeObject } from '../../src/ports/kube.js';
import { controlplaneRig, type ControlplaneRig } from './controlplane-rig.js';

function podNetworks(rig: ControlplaneRig, allocationType: object,
  extra: object = {}): string {
  return JSON.stringify({ podNetworks: [{ vSwitchOptions: [rig.cloud.vSwitch('vsw-a')],
    securityGroupIDs: [rig.cloud.securityGroupId], interface: 'eth0',
    eniOptions: { eniType: 'Default' }, vSwitchSelectOptions: { vSwitchSelectionPolicy: 'ordered' },
    resourceGroupID: '', networkInterfaceTrafficMode: '', defaultRoute: false, allocationType,
    ...extra }] });
}

async function reconcilePod(rig: ControlplaneRig, name: string): Promise<unknown> {
  const controller = new PodController(rig.runtime);
  return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler),
    `default/${name}`));
}

async function podEniOf(rig: ControlplaneRig, name: string): Promise<PodEni | undefined> {
  return rig.crd.get('PodENI', { namespace: 'default', name });
}

describe('Pod controller (pod_controller_test.go)', () => {
  it('create normal pod use pod-networks anno: PodENI and NetworkInterface as Terway stores them',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('node');
      const pod = rig.kube.addPod({ name: 'normal', nodeName: 'node', annotations: {
        'k8s.aliyun.com/pod-eni': 'true',
        'k8s.aliyun.com/pod-networks': podNetworks(rig, { type: 'Elastic' }, {
          defaultRoute: true }) } });
      expect(await reconcilePod(rig, 'normal')).toEqual({});
      const podEni = (await podEniOf(rig, 'normal'))!;
      expect(podEni.metadata.annotations).toEqual({ 'k8s.aliyun.com/pod-uid': pod.metadata!.uid });
      expect(podEni.metadata.labels).toEqual({ 'k8s.aliyun.com/node': 'node' });
      expect(podEni.metadata.finalizers).toEqual(['network.alibabacloud.com/pod-eni']);
      expect(podEni.spec.allocations).toHaveLength(1);
      const [alloc] = podEni.spec.allocations;
      expect(alloc!.allocationType).toEqual({ type: 'Elastic' });
      const eni = rig.cloud.eni(alloc!.eni.id)!;
      // The ENI as created, without attachment options; the entry's defaultRoute is not kept.
      // vpcID stays empty until the attach: Terway's FromCreateResp does not read VpcId (its
      // test's mock returns an already-converted ENI with one).
      expect(alloc!.eni).toEqual({ id: eni.id, vpcID: '', mac: eni.mac,
        zone: rig.cloud.zones[0], vSwitchID: rig.cloud.vSwitch('vsw-a'),
        resourceGroupID: expect.any(String), securityGroupIDs: [rig.cloud.securityGroupId],
        attachmentOptions: {} });
      expect(alloc!.eni.attachmentOptions.trunk).toBeUndefined();
      expect(alloc!.defaultRoute).toBe(false);
      expect(alloc!.interface).toBe('eth0');
      expect(alloc!.ipv4).toBe(eni.ipv4.find((ip) => ip.primary)!.ip);
      const cr = (await rig.crd.get('NetworkInterface', { name: eni.id }))!;
      expect(cr.spec.podENIRef).toEqual({ kind: 'Pod', namespace: 'default', name: 'normal' });
    });

  it('create fixed ip pod use pod-networks anno: Fixed/TTL kept, ENI not deleted on release',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('node');
      rig.kube.addPod({ name: 'fixed', nodeName: 'node', annotations: {
        'k8s.aliyun.com/pod-eni': 'true', 'k8s.aliyun.com/pod-networks': podNetworks(rig,
          { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter: '20m' }) } });
      await reconcilePod(rig, 'fixed');
      const [alloc] = (await podEniOf(rig, 'fixed'))!.spec.allocations;
      expect(alloc!.allocationType).toEqual({ type: 'Fixed', releaseStrategy: 'TTL',
        releaseAfter: '20m' });
      expect(rig.cloud.eni(alloc!.eni.id)!.deleteOnRelease).toBe(false);
    });

  it('create fixed ip pod use legacy pn anno: the named PodNetworking gives the allocation',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('node');
      const pn: PodNetworking = { metadata: { name: 'foo' }, spec: {
        eniOptions: { eniType: 'Default' }, allocationType: { type: 'Fixed',
          releaseStrategy: 'Never' }, selector: {}, securityGroupIDs: [rig.cloud.securityGroupId],
        vSwitchOptions: [rig.cloud.vSwitch('vsw-b')], vSwitchSelectOptions: {} },
      status: { status: '', vSwitches: [], message: '' } };
      await rig.crd.create('PodNetworking', pn);
      rig.kube.addPod({ name: 'legacy', nodeName: 'node', annotations: {
        'k8s.aliyun.com/pod-eni': 'true', 'k8s.aliyun.com/pod-networking': 'foo' } });
      await reconcilePod(rig, 'legacy');
      const [alloc] = (await podEniOf(rig, 'legacy'))!.spec.allocations;
      expect(alloc!.allocationType).toEqual({ type: 'Fixed', releaseStrategy: 'Never' });
      expect(alloc!.eni.vSwitchID).toBe(rig.cloud.vSwitch('vsw-b'));
      expect(alloc!.interface).toBe('');
    });

  it('create fixed ip pod (exclusive eni node): eni-config vSwitch for an unannotated pod',
    async () => {
      const rig = controlplaneRig({ enableTrunk: true });
      rig.addNode('node', { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
      rig.kube.addPod({ name: 'plain', nodeName: 'node' });
      await reconcilePod(rig, 'plain');
      const podEni = (await podEniOf(rig, 'plain'))!;
      expect(podEni.spec.zone).toBe(rig.cloud.zones[0]);
      expect(podEni.spec.allocations[0]!.eni.vSwitchID).toBe(rig.cloud.vSwitch('vsw-a'));
      expect(podEni.spec.allocations[0]!.eni.attachmentOptions).toEqual({});
    });

  const deletes: Array<{ name: string; fixed: boolean; phase: PodEni['status']['phase'];
    want: PodEni['status']['phase'] }> = [
    { name: 'delete pod with non-fixed ip: should mark podENI phase as Deleting', fixed: false,
      phase: 'Bind', want: 'Deleting' },
    { name: 'delete pod with fixed ip: should mark podENI phase as Detaching', fixed: true,
      phase: 'Bind', want: 'Detaching' },
    { name: 'delete pod when podENI is already deleting: should do nothing', fixed: false,
      phase: 'Deleting', want: 'Deleting' },
    { name: 'delete pod when podENI is already detaching: should do nothing', fixed: true,
      phase: 'Detaching', want: 'Detaching' },
  ];
  for (const row of deletes) {
    it(row.name, async () => {
      const rig = controlplaneRig();
      await rig.crd.create('PodENI', { metadata: { namespace: 'default', name: 'gone' },
        spec: { zone: 'z', allocations: [{ allocationType: row.fixed ? { type: 'Fixed',
          releaseStrategy: 'Never' } : { type: 'Elastic' }, eni: { id: 'eni-1', vpcID: '',
          mac: '', zone: '', vSwitchID: '', resourceGroupID: '', securityGroupIDs: [],
          attachmentOptions: {} }, ipv4: '', ipv6: '', ipv4CIDR: '', ipv6CIDR: '',
        interface: 'eth0', defaultRoute: false, extraRoutes: [], extraConfig: {} }] },
        status: { phase: row.phase, instanceID: '', trunkENIID: '', msg: '', podLastSeen: '',
          eniInfos: {} } });
      expect(await reconcilePod(rig, 'gone')).toEqual({});
      expect((await podEniOf(rig, 'gone'))!.status.phase).toBe(row.want);
    });
  }

  it('pod sandbox exited: should delete pod eni (phase Deleting)', async () => {
    const rig = controlplaneRig();
    rig.addNode('node');
    rig.kube.addPod({ name: 'done', nodeName: 'node', annotations: {
      'k8s.aliyun.com/pod-eni': 'true',
      'k8s.aliyun.com/pod-networks': podNetworks(rig, { type: 'Elastic' }) } });
    await reconcilePod(rig, 'done');
    const pod = rig.kube.pods.get('default/done')!;
    rig.kube.pods.set('default/done', { ...pod, status: { phase: 'Succeeded' } });
    await reconcilePod(rig, 'done');
    expect((await podEniOf(rig, 'done'))!.status.phase).toBe('Deleting');
  });
});

describe('which pods and nodes are skipped quietly (predict_test.go)', () => {
  const node = (labels: Record<string, string>): NodeObject => ({ metadata: { name: 'n',
    labels } });
  const region = { 'topology.kubernetes.io/region': 'cn-hangzhou' };
  const table: Array<{ name: string; labels: Record<string, string>; managed: boolean;
    processed: boolean }> = [
    { name: 'normal node', labels: region, managed: true, processed: true },
    { name: 'ignored by terway', labels: { ...region, 'k8s.aliyun.com/ignore-by-terway': 'true' },
      managed: false, processed: false },
    { name: 'vk node', labels: { ...region, type: 'virtual-kubelet' }, managed: false,
      processed: false },
    { name: '(node controller) no region label', labels: {}, managed: true, processed: false },
    { name: '(node controller) lingjun node', labels: { ...region,
      'alibabacloud.com/lingjun-worker': 'true' }, managed: true, processed: false },
  ];
  for (const row of table) {
    it(`TestProcessNode: ${row.name}`, () => {
      expect(isManagedNode(node(row.labels))).toBe(row.managed);
      expect(isProcessedNode(node(row.labels))).toBe(row.processed);
    });
  }

  it('TestProcessNode: a pod on a vk node gets no PodENI and no error', async () => {
    const rig = controlplaneRig();
    rig.addNode('node', { type: 'virtual-kubelet' });
    rig.kube.addPod({ name: 'vk', nodeName: 'node', annotations: {
      'k8s.aliyun.com/pod-eni': 'true' } });
    expect(await reconcilePod(rig, 'vk')).toEqual({});
    expect(await podEniOf(rig, 'vk')).toBeUndefined();
  });
});

describe('Node controller (node.go createOrUpdate)', () => {
  async function reconcileNode(rig: ControlplaneRig, name: string): Promise<unknown> {
    const controller = new NodeController(rig.runtime);
    return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler), name));
  }

  it('labels the Node CR with name and the normalised exclusive mode', async () => {
    const rig = controlplaneRig();
    rig.addNode('a');
    rig.addNode('b', { 'k8s.aliyun.com/exclusive-mode-eni-type': 'ENIONLY' });
    await reconcileNode(rig, 'a');
    await reconcileNode(rig, 'b');
    expect((await rig.crd.get('Node', { name: 'a' }))!.metadata.labels).toEqual({ name: 'a',
      'k8s.aliyun.com/exclusive-mode-eni-type': 'default' });
    expect((await rig.crd.get('Node', { name: 'b' }))!.metadata.labels).toEqual({ name: 'b',
      'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
  });

  it('an existing Node CR without labels takes the node\'s mode instead of being refused',
    async () => {
      const rig = controlplaneRig();
      rig.addNode('a', { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
      await reconcileNode(rig, 'a');
      const cr = (await rig.crd.get('Node', { name: 'a' }))!;
      await rig.crd.update('Node', { ...cr, metadata: { ...cr.metadata, labels: {} } });
      expect(await reconcileNode(rig, 'a')).toEqual({});
      expect((await rig.crd.get('Node', { name: 'a' }))!.metadata.labels).toEqual({ name: 'a',
        'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
      expect(rig.kube.events).toEqual([]);
    });

  it('a changed exclusive mode is refused with a ConfigError event on the node', async () => {
    const rig = controlplaneRig();
    rig.addNode('a');
    await reconcileNode(rig, 'a');
    rig.addNode('a', { 'k8s.aliyun.com/exclusive-mode-eni-type': 'eniOnly' });
    const message = 'node exclusive mode changed to eniOnly, this is not allowd';
    expect(await reconcileNode(rig, 'a')).toEqual({ message });
    expect(rig.kube.events).toMatchObject([{ target: { kind: 'Node', name: 'a' },
      type: 'Warning', reason: 'ConfigError', message }]);
  });

  it('a node without a region label is skipped quietly: no CR, no error, no event', async () => {
    const rig = controlplaneRig();
    const node = rig.addNode('a');
    const labels = { ...node.metadata!.labels };
    delete labels['topology.kubernetes.io/region'];
    rig.kube.nodes.set('a', { ...node, metadata: { ...node.metadata, labels } });
    expect(await reconcileNode(rig, 'a')).toEqual({});
    expect(await rig.crd.get('Node', { name: 'a' })).toBeUndefined();
    expect(rig.kube.events).toEqual([]);
  });
});
