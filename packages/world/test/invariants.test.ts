// The world's invariant checker: it reports the cloud's own invariants (the cloud's
// `cloudInvariantViolations`, not a copy), checks every ENI status change against the cloud's
// state machine as the typed event arrives, and stays quiet on a healthy cluster.

import type { EniStateEvent } from '@terway-sim/cloud-emulator';
import { describe, expect, it } from 'vitest';
import { InvariantChecker } from '../src/index.js';
import { createCluster, type TestCluster } from './modes/cluster.js';

async function checkedCluster(): Promise<{ cluster: TestCluster; checker: InvariantChecker }> {
  const cluster = await createCluster({ mode: 'eniip', seed: 7 });
  const checker = new InvariantChecker(cluster.world, { everyEvent: false });
  cluster.createPod({ name: 'a' });
  await cluster.run(60_000);
  return { cluster, checker };
}

/** An ENI of the cluster's node with the status asked for (the primary is always InUse). */
function eniWith(cluster: TestCluster, status: string): string {
  const eni = cluster.cloud.view().enisOf(cluster.nodes[0]!.instanceId)
    .find((candidate) => candidate.status === status);
  if (eni === undefined) throw new Error(`no ${status} ENI on the node`);
  return eni.id;
}

describe('InvariantChecker', () => {
  it('finds nothing on a healthy cluster', async () => {
    const { cluster, checker } = await checkedCluster();
    expect(cluster.api.getPod('default/a')?.status?.phase).toBe('Running');
    expect(await checker.checkAll()).toBeUndefined();
    expect(checker.counts.events).toBeGreaterThan(0);
  }, 60_000);

  it('reports a cloud invariant only the cloud\'s own check knows (security-group accounting)',
    async () => {
      const { cluster, checker } = await checkedCluster();
      const region = cluster.cloud.state.regions[cluster.regionId]!;
      const group = region.securityGroups[cluster.securityGroupId]!;
      cluster.cloud.commitRegion({ ...region, securityGroups: { ...region.securityGroups,
        [group.id]: { ...group, ipCount: group.ipCount + 1 } } });
      expect((await checker.checkAll())?.check).toBe('security-group-accounting');
    }, 60_000);

  const placements = [
    { name: 'an IPv6 address no ENI owns', ipv6: '2408:4005:3c5:1ff::9',
      detail: /2408:4005:3c5:1ff::9, which no ENI owns/ },
    { name: 'a second IPv4 address no ENI owns', ipv6: '192.168.200.9',
      detail: /192\.168\.200\.9, which no ENI owns/ },
  ];
  for (const { name, ipv6, detail } of placements) {
    it(`checks every pod address, not only the first: ${name}`, async () => {
      const { cluster, checker } = await checkedCluster();
      cluster.api.updatePod('default/a', (pod) => ({ ...pod, status: { ...pod.status,
        podIPs: [...(pod.status?.podIPs ?? []), { ip: ipv6 }] } }));
      const found = await checker.checkAll();
      expect(found?.check).toBe('pod-ip-placement');
      expect(found?.detail).toMatch(detail);
    }, 60_000);
  }

  const transitions: readonly { readonly name: string; readonly status: string;
    readonly event: (eniId: string) => EniStateEvent; readonly detail: RegExp }[] = [
    { name: 'a change the state machine does not allow', status: 'InUse',
      event: (eniId) => ({ type: 'eni.state', eniId, from: 'InUse', to: 'Attaching',
        instanceId: null }), detail: /do not allow/ },
    { name: 'an allowed change from a status the ENI did not have', status: 'InUse',
      event: (eniId) => ({ type: 'eni.state', eniId, from: 'Available', to: 'Attaching',
        instanceId: null }), detail: /its status was InUse/ },
  ];
  for (const { name, status, event, detail } of transitions) {
    it(`reports ${name} after the event`, async () => {
      const { cluster, checker } = await checkedCluster();
      cluster.cloud.publish(event(eniWith(cluster, status)));
      expect(checker.violation).toMatchObject({ check: 'eni-transition',
        afterEvent: { kind: 'cloud.eni.state' } });
      expect(checker.violation?.detail).toMatch(detail);
    }, 60_000);
  }
});
