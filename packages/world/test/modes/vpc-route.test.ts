import { trace } from '@terway-sim/kernel-shim';
import { describe, expect, it } from 'vitest';
import { createCluster, type TestCluster } from './cluster.js';

function podIp(harness: TestCluster, name: string): string | undefined {
  return harness.api.getPod(`default/${name}`)?.status?.podIP;
}

function customRoutes(harness: TestCluster): Array<{ cidr: string; hop: string; status: string }> {
  return harness.cloud.view().routeEntries(harness.routeTableId)
    .filter((entry) => entry.type === 'Custom')
    .map((entry) => ({ cidr: entry.destinationCidrBlock, hop: entry.nextHopId,
      status: entry.status }));
}

describe('VPC route mode', () => {
  it('gives each node a podCIDR and a route entry; pods reach each other via the VPC', async () => {
    const harness = await createCluster({ mode: 'vpc', nodes: 2 });
    await harness.run(60_000);
    const [a, b] = harness.nodes;
    expect(harness.api.getNode('node-0')?.spec?.podCIDR).toBe('10.128.0.0/24');
    expect(harness.api.getNode('node-1')?.spec?.podCIDR).toBe('10.128.1.0/24');
    expect(customRoutes(harness)).toEqual([
      { cidr: '10.128.0.0/24', hop: a!.instanceId, status: 'Created' },
      { cidr: '10.128.1.0/24', hop: b!.instanceId, status: 'Created' },
    ]);
    expect(harness.api.getNode('node-0')?.status?.conditions?.find((c) =>
      c.type === 'NetworkUnavailable')).toMatchObject({ status: 'False', reason: 'RouteCreated' });
    harness.createPod({ name: 'a', node: 'node-0' });
    harness.createPod({ name: 'b', node: 'node-1' });
    await harness.run(30_000);
    const ipA = podIp(harness, 'a')!;
    const ipB = podIp(harness, 'b')!;
    expect(ipA).toBe('10.128.0.2');
    expect(ipB).toBe('10.128.1.2');
    const from = harness.podNamespace(ipA)!;
    const result = trace({ kernel: harness.kernel, fabric: harness.fabric }, { from, dst: ipB });
    expect(result.ok).toBe(true);
    expect(result.hops.some((hop) => hop.action === 'fabric')).toBe(true);
  });

  it('a node with a full podCIDR fails the next pod with host-local exhaustion', async () => {
    const harness = await createCluster({ mode: 'vpc', nodes: 1, nodeCidrMaskSize: 28 });
    await harness.run(30_000);
    for (let i = 0; i < 14; i++) harness.createPod({ name: `p${i}`, node: 'node-0' });
    await harness.run(60_000);
    const running = harness.api.listPods().filter((pod) => pod.status?.phase === 'Running');
    expect(running).toHaveLength(13); // /28: 16 − network − broadcast − gateway
    const failed = harness.api.events().filter((event) => event.reason ===
      'FailedCreatePodSandBox');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toContain('no IP addresses available in range set: ' +
      '10.128.0.1-10.128.0.14');
  });

  it('deletes the route entry when the node goes', async () => {
    const harness = await createCluster({ mode: 'vpc', nodes: 2 });
    await harness.run(60_000);
    expect(customRoutes(harness)).toHaveLength(2);
    harness.api.deleteNode('node-1');
    await harness.run(30_000);
    expect(customRoutes(harness)).toEqual([{ cidr: '10.128.0.0/24',
      hop: harness.nodes[0]!.instanceId, status: 'Created' }]);
  });

  it('the 201st node gets QuotaExceeded, no route, and its pods are a black hole', async () => {
    const harness = await createCluster({ mode: 'vpc', nodes: 200,
      seed: 21 });
    await harness.run(3 * 3_600_000);
    expect(customRoutes(harness).filter((route) => route.status === 'Created')).toHaveLength(200);
    // The 201st node: a full stack, registered after the table is full.
    const last = await harness.addNode();
    await harness.run(120_000);
    expect(customRoutes(harness)).toHaveLength(200);
    const failed = harness.api.events().filter((event) => event.reason === 'CreateRouteFailed'
      && event.name === last);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toContain('QuotaExceeded');
    expect(harness.api.getNode(last)?.status?.conditions?.find((c) =>
      c.type === 'NetworkUnavailable')).toMatchObject({ status: 'True', reason: 'NoRouteCreated' });
    harness.createPod({ name: 'here', node: 'node-0' });
    harness.createPod({ name: 'there', node: last });
    await harness.run(60_000);
    const from = harness.podNamespace(podIp(harness, 'here')!)!;
    const lost = trace({ kernel: harness.kernel, fabric: harness.fabric },
      { from, dst: podIp(harness, 'there')! });
    expect(lost.ok).toBe(false);
    if (!lost.ok) expect(lost.drop.reason).toBe('fabric-no-owner');
  }, 120_000);
});
