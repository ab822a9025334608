import { trace } from '@terway-sim/kernel-shim';
import { describe, expect, it } from 'vitest';
import { clusterId } from '../../src/index.js';
import { createCluster, type TestCluster } from './cluster.js';

const podEni = { 'k8s.aliyun.com/pod-eni': 'true' };

function members(harness: TestCluster): Array<{ id: string; ip: string; vlan: number; trunk: string;
  status: string }> {
  const view = harness.cloud.view();
  const trunk = harness.api.getNode('node-0')?.metadata?.annotations?.['k8s.aliyun.com/trunk-on']
    ?? '';
  return (view.eni(trunk)?.memberEniIds ?? []).map((id) => {
    const eni = view.eni(id)!;
    return { id, ip: eni.ipv4[0]!.ip, vlan: eni.attachment?.deviceIndex ?? -1,
      trunk: eni.attachment?.trunkEniId ?? '', status: eni.status };
  });
}

async function trunkCluster(seed = 31): Promise<TestCluster> {
  const harness = await createCluster({ mode: 'trunk', seed,
    eniConf: { enable_eni_trunking: true }, cni: { vlan_strip_type: 'vlan' } });
  await harness.run(60_000);
  return harness;
}

describe('trunking', () => {
  it('makes the trunk ENI, annotates the node and advertises aliyun/member-eni', async () => {
    const harness = await trunkCluster();
    const node = harness.api.getNode('node-0')!;
    const trunkId = node.metadata!.annotations!['k8s.aliyun.com/trunk-on']!;
    const trunk = harness.cloud.view().eni(trunkId)!;
    expect(trunk).toMatchObject({ type: 'Trunk', status: 'InUse' });
    expect(node.metadata!.annotations!['k8s.aliyun.com/max-member-eni-ip']).toBe('16');
    expect(node.status!.allocatable!['aliyun/member-eni']).toBe('16');
    expect((await harness.crd.get('Node', { name: 'node-0' }))?.status.networkInterfaces)
      .toEqual({ [trunkId]: { id: trunkId, status: 'InUse', networkInterfaceType: 'Trunk' } });
  });

  it('fills a node with 16 member ENIs (VLAN ids) and leaves the 17th pod Pending', async () => {
    const harness = await trunkCluster();
    for (let i = 0; i < 17; i++) harness.createPod({ name: `t${i}`, annotations: podEni });
    await harness.run(240_000);
    const pods = harness.api.listPods();
    const running = pods.filter((pod) => pod.status?.phase === 'Running');
    expect(running).toHaveLength(16);
    const pending = pods.filter((pod) => pod.spec?.nodeName === undefined);
    expect(pending).toHaveLength(1);
    expect(harness.api.events().some((event) => event.reason === 'FailedScheduling'
      && event.message.includes('1 Insufficient aliyun/member-eni'))).toBe(true);
    const enis = members(harness);
    expect(enis).toHaveLength(16);
    expect(new Set(enis.map((eni) => eni.vlan)).size).toBe(16);
    expect(enis.every((eni) => eni.status === 'InUse' && eni.vlan >= 1)).toBe(true);
    expect(running.map((pod) => pod.status!.podIP).sort())
      .toEqual(enis.map((eni) => eni.ip).sort());
    const tags = harness.cloud.view().eni(enis[0]!.id)!.tags;
    expect(tags).toEqual(expect.arrayContaining([{ Key: 'ack.aliyun.com', Value: clusterId },
      { Key: 'creator', Value: 'terway-controller' }]));
  }, 60_000);

  it('gives the pod a VLAN sub-interface of the trunk: member vid, trunk MAC', async () => {
    const harness = await trunkCluster();
    harness.createPod({ name: 'web', annotations: podEni });
    harness.createPod({ name: 'api', annotations: podEni });
    await harness.run(60_000);
    const pod = harness.api.getPod('default/web')!;
    const podEniCr = (await harness.crd.get('PodENI', { namespace: 'default', name: 'web' }))!;
    expect(podEniCr.status.phase).toBe('Bind');
    const memberId = podEniCr.spec.allocations[0]!.eni.id;
    const view = harness.cloud.view();
    const member = view.eni(memberId)!;
    const trunk = view.eni(member.attachment!.trunkEniId!)!;
    expect(podEniCr.status.eniInfos[memberId]).toMatchObject({ type: 'Member',
      vid: member.attachment!.deviceIndex, status: 'Bind' });
    const ns = harness.podNamespace(pod.status!.podIP!)!;
    const links = await harness.kernel.linkList(ns);
    const eth0 = links.ok ? links.value.find((link) => link.name === 'eth0') : undefined;
    expect(eth0).toMatchObject({ kind: 'vlan', vlanId: member.attachment!.deviceIndex,
      mac: trunk.mac });
    const toGateway = trace({ kernel: harness.kernel, fabric: harness.fabric },
      { from: ns, dst: '192.168.63.253' });
    expect(toGateway.ok && toGateway.delivered.link).toBe('vpc-gateway');
    const peer = harness.api.getPod('default/api')!.status!.podIP!;
    const toPeer = trace({ kernel: harness.kernel, fabric: harness.fabric }, { from: ns,
      dst: peer });
    expect(toPeer.ok).toBe(true);
    expect(toPeer.hops.filter((hop) => hop.action === 'fabric-deliver')).toHaveLength(1);
  });

  it('GC detaches then deletes a tagged member ENI whose pod and PodENI are gone', async () => {
    const harness = await trunkCluster();
    harness.createPod({ name: 'gone', annotations: podEni });
    await harness.run(60_000);
    const memberId = members(harness)[0]!.id;
    // The controlplane is down while the pod goes: nothing moves the PodENI to Deleting.
    harness.controlplane!.stop();
    harness.deletePod('gone');
    await harness.run(30_000);
    const stale = (await harness.crd.get('PodENI', { namespace: 'default', name: 'gone' }))!;
    await harness.crd.update('PodENI', { ...stale, metadata: { ...stale.metadata, finalizers: [] }
    });
    await harness.crd.delete('PodENI', { namespace: 'default', name: 'gone' });
    const gcLines: string[] = [];
    harness.env.log.subscribe((event) => {
      const message = event.fields['message'];
      const eni = (event.fields['fields'] as { eni?: string } | undefined)?.eni;
      if (event.kind === 'log' && eni !== undefined
        && (message === 'detach eni' || message === 'delete eni')) {
        gcLines.push(`${message} ${eni}`);
      }
    });
    harness.controlplane!.start();
    await harness.run(40 * 60_000);
    expect(harness.cloud.view().eni(memberId)).toBeUndefined();
    expect(gcLines).toEqual([`detach eni ${memberId}`, `delete eni ${memberId}`]);
  }, 60_000);

  it('a whole-ENI pod on a trunk node binds as a member ENI (Terway stores no attach type); '
    + 'without a trunk, pods stay Pending', async () => {
      const harness = await trunkCluster();
      // Bound by hand (as with resource injection off): the scheduler would keep it Pending.
      harness.api.createPod({ metadata: { name: 'whole', namespace: 'default', annotations: {
        'k8s.aliyun.com/pod-networks': JSON.stringify({ podNetworks: [{ interface: 'eth0',
          eniOptions: { eniType: 'ENI' } }] }) } },
      spec: { nodeName: 'node-0', containers: [{ name: 'main' }] } });
      await harness.run(30_000);
      // The pod controller stores the created ENI without attachment options, so the PodENI
      // controller's "trunk eni is not allowed for eniOnly pod" refusal cannot fire for it.
      expect(harness.api.events().filter((event) => event.name === 'whole'
        && event.reason === 'AttachENIFailed')).toEqual([]);
      const whole = (await harness.crd.get('PodENI', { namespace: 'default', name: 'whole' }))!;
      expect(whole.spec.allocations[0]!.eni.attachmentOptions).toEqual({});
      expect(whole.status.phase).toBe('Bind');
      expect(whole.status.trunkENIID).not.toBe('');
      const plain = await createCluster({ mode: 'trunk', seed: 32 });
      plain.createPod({ name: 'member', annotations: podEni });
      await plain.run(60_000);
      expect(plain.api.getNode('node-0')!.status!.allocatable!['aliyun/member-eni'])
        .toBeUndefined();
      expect(plain.api.getPod('default/member')?.spec?.nodeName).toBeUndefined();
      expect(plain.api.events().some((event) => event.reason === 'FailedScheduling'
        && event.message.includes('Insufficient aliyun/member-eni'))).toBe(true);
    });
});
