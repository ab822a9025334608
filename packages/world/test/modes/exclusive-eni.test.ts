import { trace } from '@terway-sim/kernel-shim';
import { describe, expect, it } from 'vitest';
import { createCluster } from './cluster.js';

const podEni = { 'k8s.aliyun.com/pod-eni': 'true' };

describe('exclusive ENI (node label exclusive-mode-eni-type=eniOnly)', () => {
  it('fills the node with EniQuantity − 1 pods, each with a whole ENI; the next is Pending',
    async () => {
      const harness = await createCluster({ mode: 'eni', seed: 51 });
      await harness.run(60_000);
      const node = harness.api.getNode('node-0')!;
      expect(node.status!.allocatable!['aliyun/eni']).toBe('3'); // ecs.g7.xlarge: 4 ENIs
      const daemon = harness.nodes[0]!.terway;
      expect('facts' in daemon && daemon.process?.daemonMode).toBe('ENIOnly');
      for (let i = 0; i < 4; i++) harness.createPod({ name: `x${i}`, annotations: podEni });
      await harness.run(120_000);
      const pods = harness.api.listPods();
      const running = pods.filter((pod) => pod.status?.phase === 'Running');
      expect(running).toHaveLength(3);
      expect(pods.filter((pod) => pod.spec?.nodeName === undefined)).toHaveLength(1);
      expect(harness.api.events().some((event) => event.reason === 'FailedScheduling'
        && event.message.includes('1 Insufficient aliyun/eni'))).toBe(true);
      const view = harness.cloud.view();
      const instance = view.instance(harness.nodes[0]!.instanceId)!;
      const secondaries = instance.eniIds.map((id) => view.eni(id)!)
        .filter((eni) => eni.type === 'Secondary');
      expect(secondaries).toHaveLength(3);
      expect(running.map((pod) => pod.status!.podIP).sort())
        .toEqual(secondaries.map((eni) => eni.ipv4[0]!.ip).sort());
    }, 60_000);

  it('moves the ENI device into the pod and gives it back on delete', async () => {
    const harness = await createCluster({ mode: 'eni', seed: 52 });
    await harness.run(60_000);
    harness.createPod({ name: 'solo', annotations: podEni });
    await harness.run(60_000);
    const pod = harness.api.getPod('default/solo')!;
    const podEniCr = (await harness.crd.get('PodENI', { namespace: 'default', name: 'solo' }))!;
    expect(podEniCr.status).toMatchObject({ phase: 'Bind', trunkENIID: '' });
    const eni = harness.cloud.view().eni(podEniCr.spec.allocations[0]!.eni.id)!;
    expect(eni).toMatchObject({ type: 'Secondary', status: 'InUse' });
    const ns = harness.podNamespace(pod.status!.podIP!)!;
    const podLinks = await harness.kernel.linkList(ns);
    expect(podLinks.ok && podLinks.value.find((link) => link.name === 'eth0'))
      .toMatchObject({ kind: 'device', mac: eni.mac });
    const hostLinks = await harness.kernel.linkList(harness.nodes[0]!.hostNs);
    expect(hostLinks.ok && hostLinks.value.some((link) => link.mac === eni.mac)).toBe(false);
    const out = trace({ kernel: harness.kernel, fabric: harness.fabric }, { from: ns,
      dst: harness.api.getNode('node-0')!.status!.addresses![0]!.address });
    expect(out.ok).toBe(true);
    harness.deletePod('solo');
    await harness.run(120_000);
    expect(harness.api.getPod('default/solo')).toBeUndefined();
    expect(await harness.crd.get('PodENI', { namespace: 'default', name: 'solo' })).toBeUndefined();
    expect(harness.cloud.view().eni(eni.id)).toBeUndefined();
  }, 60_000);
});

describe('controlplane metrics', () => {
  it('exports OpenAPI latency, rate-limiter waits and the controllers config info', async () => {
    const harness = await createCluster({ mode: 'eni', seed: 53 });
    harness.createPod({ name: 'm', annotations: podEni });
    await harness.run(60_000);
    const text = harness.controlplane!.runtime.registry.exposition();
    expect(text).toContain(
      'terway_controlplane_config_info{controller="eni",max_concurrent="300"} 1');
    expect(text).toMatch(
      /aliyun_openapi_latency_count\{api="CreateNetworkInterface",error="false"\} 1/);
    expect(text).toMatch(
      /aliyun_openapi_latency_count\{api="AttachNetworkInterface",error="false"\} \d/);
    expect(text).toContain('rate_limiter_latency_bucket');
  });
});
