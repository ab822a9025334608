// The NetworkInterface controller, case by case after Terway's own tests (pkg/controller/eni
// eni_test.go, "Eni controller", the ECS cases): attach, detach and delete of one ENI through
// its CR, what the CR holds afterwards (spec from the cloud, eniInfo, the node label), and when
// a failure reaches the pod as an event. Each `it` names the Go context it reproduces; the code
// is ours, and the cloud is the emulator instead of a mock.

import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { NetworkInterfaceController } from '../../src/controlplane/network-interface-controller.js';
import type { NetworkInterfaceCr } from '../../src/ports/crd.js';
import { controlplaneRig, type ControlplaneRig } from './controlplane-rig.js';

async function reconcile(rig: ControlplaneRig, name: string,
  controller = new NetworkInterfaceController(rig.runtime)): Promise<unknown> {
  return rig.run(() => controller.reconcile(Context.background(rig.cloud.env.scheduler), name));
}

const peek = (rig: ControlplaneRig, name: string): NetworkInterfaceCr | undefined =>
  rig.crd.peek('NetworkInterface', { name });

async function setStatus(rig: ControlplaneRig, name: string,
  status: Partial<NetworkInterfaceCr['status']>): Promise<void> {
  const cr = peek(rig, name)!;
  const updated = await rig.crd.update('NetworkInterface', { ...cr,
    status: { ...cr.status, ...status } });
  if (!updated.ok) throw new Error(updated.error.message);
}

/** An ENI attached to the rig's instance through its CR (the "attach eni test" path). */
async function boundEni(rig: ControlplaneRig, pod: string): Promise<string> {
  const eniId = await rig.addEni(pod);
  await setStatus(rig, eniId, { phase: 'Binding', instanceID: rig.cloud.instanceId,
    nodeName: 'node-1' });
  expect(await reconcile(rig, eniId)).toEqual({});
  return eniId;
}

describe('Eni controller (eni_test.go)', () => {
  it('Reconcile ENI not found: should return nil when ENI is not found', async () => {
    expect(await reconcile(controlplaneRig(), 'eni-nonexistent')).toEqual({});
  });

  it('attach eni test: should attach eni successfully (spec from the cloud, eniInfo, label)',
    async () => {
      const rig = controlplaneRig();
      const eniId = await boundEni(rig, 'pod');
      const cr = peek(rig, eniId)!;
      const eni = rig.cloud.eni(eniId)!;
      expect(eni.status).toBe('InUse');
      expect(cr.status.phase).toBe('Bind');
      expect(cr.status.eniInfo).toEqual({ id: eniId, type: 'Secondary',
        vid: eni.attachment!.deviceIndex, networkCardIndex: 0, status: 'Bind' });
      expect(cr.metadata.labels).toEqual({ 'k8s.aliyun.com/node': 'node-1' });
      // vpcID stays empty: Terway's describe mapping does not read VpcId (the Go test's mock
      // hands back an ENI that already has one).
      expect(cr.spec.eni).toEqual({ id: eniId, vpcID: '', mac: eni.mac,
        zone: rig.cloud.zones[0], vSwitchID: rig.cloud.vSwitch('vsw-a'),
        resourceGroupID: expect.any(String), securityGroupIDs: [rig.cloud.securityGroupId],
        attachmentOptions: {} });
      expect(cr.spec.ipv4).toBe(eni.ipv4[0]!.ip);
    });

  it('attach eni test: the ENI in the spec is replaced wholesale (attachment options go)',
    async () => {
      const rig = controlplaneRig();
      const eniId = await rig.addEni('pod');
      const cr = peek(rig, eniId)!;
      await rig.crd.update('NetworkInterface', { ...cr, spec: { ...cr.spec, eni: { ...cr.spec.eni,
        attachmentOptions: { trunk: false } } }, status: { ...cr.status, phase: 'Binding',
        instanceID: rig.cloud.instanceId, nodeName: 'node-1' } });
      expect(await reconcile(rig, eniId)).toEqual({});
      expect(peek(rig, eniId)!.spec.eni.attachmentOptions).toEqual({});
    });

  it('detach eni test: should detach only (Unbind, eniInfo Unbind, node label gone)',
    async () => {
      const rig = controlplaneRig();
      const eniId = await boundEni(rig, 'pod');
      await setStatus(rig, eniId, { phase: 'Detaching' });
      expect(await reconcile(rig, eniId)).toEqual({});
      const cr = peek(rig, eniId)!;
      expect(cr.metadata.deletionTimestamp).toBeUndefined();
      expect(cr.metadata.labels).toEqual({});
      expect(cr.status).toMatchObject({ phase: 'Unbind', instanceID: '', trunkENIID: '',
        nodeName: '', eniInfo: { status: 'Unbind', vid: 0 } });
      expect(rig.cloud.eni(eniId)!.status).toBe('Available');
    });

  it('delete eni test: trigger delete marks the CR, then detach and delete the ENI',
    async () => {
      const rig = controlplaneRig();
      const eniId = await boundEni(rig, 'pod');
      await setStatus(rig, eniId, { phase: 'Deleting' });
      const controller = new NetworkInterfaceController(rig.runtime);
      expect(await reconcile(rig, eniId, controller)).toEqual({});
      expect(peek(rig, eniId)!.metadata.deletionTimestamp).toBeDefined();
      expect(rig.cloud.eni(eniId)!.status).toBe('InUse');
      expect(await reconcile(rig, eniId, controller)).toEqual({});
      expect(peek(rig, eniId)).toBeUndefined();
      expect(rig.cloud.eni(eniId)).toBeUndefined();
    });

  it('delete eni test (eni not found): an unattached CR being deleted goes, and its ENI',
    async () => {
      const rig = controlplaneRig();
      const eniId = await rig.addEni('pod');
      await setStatus(rig, eniId, { phase: 'Deleting' });
      const controller = new NetworkInterfaceController(rig.runtime);
      await reconcile(rig, eniId, controller);
      expect(await reconcile(rig, eniId, controller)).toEqual({});
      expect(peek(rig, eniId)).toBeUndefined();
      expect(rig.cloud.eni(eniId)).toBeUndefined();
    });
});

describe('Eni controller: failures reach the pod only when it exists (emitEventToPod)', () => {
  const table: Array<{ name: string; withPod: boolean; events: string[] }> = [
    { name: 'an attach refusal is an AttachENIFailed event on the owning pod', withPod: true,
      events: ['AttachENIFailed'] },
    { name: 'no event when the owning pod is gone', withPod: false, events: [] },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const rig = controlplaneRig();
      if (row.withPod) rig.kube.addPod({ name: 'owner', nodeName: 'node-1' });
      const eniId = await rig.addEni('owner');
      await setStatus(rig, eniId, { phase: 'Binding', instanceID: 'i-missing',
        nodeName: 'node-1' });
      const outcome = await reconcile(rig, eniId) as { message?: string };
      expect(outcome.message).toBeDefined();
      expect(rig.kube.events.map((event) => event.reason)).toEqual(row.events);
      expect(peek(rig, eniId)!.status.phase).toBe('Binding');
    });
  }
});
