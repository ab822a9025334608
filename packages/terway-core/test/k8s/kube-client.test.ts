import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/k8s/kube-client.js';
import { statefulWorkloadKinds } from '../../src/k8s/pod-info.js';
import { NodeStorage } from '../../src/store/node-storage.js';
import { FakeKube } from '../../src/testing/fake-kube.js';

function rig() {
  const env = createSimEnv({ seed: 1 });
  const kube = new FakeKube(env.scheduler);
  kube.addNode('node-1');
  const storage = new NodeStorage();
  const client = new KubeClient({ scheduler: env.scheduler, kube, storage }, {
    nodeName: 'node-1', daemonMode: 'ENIMultiIP', enableErdma: false,
    statefulKinds: statefulWorkloadKinds([]),
  });
  const at = async (ms: number): Promise<void> => {
    await env.scheduler.run({ untilMs: ms });
  };
  return { env, kube, storage, client, at };
}

describe('KubeClient', () => {
  it('SufficientIP: an identical condition under 5 min old is not rewritten; later it is, keeping '
    + 'its transition time', async () => {
    const { kube, client, at } = rig();
    await client.patchNodeIpResCondition('True', 'SufficientIP', 'ok');
    await at(299_000);
    await client.patchNodeIpResCondition('True', 'SufficientIP', 'ok');
    await at(301_000);
    await client.patchNodeIpResCondition('True', 'SufficientIP', 'ok');
    await at(302_000);
    await client.patchNodeIpResCondition('False', 'InsufficientIP', 'short');
    const writes = kube.conditionWrites
      .map((c) => [c.t, c.status, c.lastHeartbeatTime, c.lastTransitionTime]);
    expect(writes).toEqual([
      [0, 'True', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      [301_000, 'True', '2026-01-01T00:05:01Z', '2026-01-01T00:00:00Z'],
      [302_000, 'False', '2026-01-01T00:05:02Z', '2026-01-01T00:05:02Z'],
    ]);
  });

  it('node annotations and pod-ips are patched only when they would change', async () => {
    const { kube, client } = rig();
    await client.patchNodeAnnotations({ 'k8s.aliyun.com/max-available-ip': '30' });
    const before = JSON.stringify(await kube.getNode('node-1'));
    await client.patchNodeAnnotations({ 'k8s.aliyun.com/max-available-ip': '30' });
    expect(JSON.stringify(await kube.getNode('node-1'))).toBe(before);
    kube.addPod({ name: 'a', nodeName: 'node-1' });
    const info = await client.getPod('default', 'a', false);
    if (!info.ok) throw new Error(info.error);
    await client.patchPodIpInfo(info.value, '10.0.0.5');
    await client.patchPodIpInfo(info.value, '10.0.0.5');
    const patches = kube.podPatches.map((patch) => patch.annotations);
    expect(patches).toEqual([{ 'k8s.aliyun.com/pod-ips': '10.0.0.5' }]);
  });

  it('a sticky pod stays readable from pod.db after deletion; the entry goes an hour after a '
    + 'cleanup first misses it', async () => {
    const { kube, storage, client, at } = rig();
    kube.addPod({ name: 'web-0', nodeName: 'node-1', ownerKind: 'StatefulSet' });
    kube.addPod({ name: 'plain', nodeName: 'node-1' });
    expect((await client.getPod('default', 'web-0', true)).ok).toBe(true);
    expect((await client.getPod('default', 'plain', true)).ok).toBe(true);
    expect(storage.pods.keys()).toEqual(['default/web-0']);
    kube.deletePod('default', 'web-0');
    kube.deletePod('default', 'plain');
    const gone = await client.getPod('default', 'web-0', true);
    expect(gone.ok && gone.value.ipStickTimeMs).toBe(300_000);
    const plain = await client.getPod('default', 'plain', true);
    expect(plain).toEqual({ ok: false, error: 'pods "plain" not found' });
    await at(300_000);
    await client.cleanPodCache(); // marks
    await at(3_900_000);
    await client.cleanPodCache(); // 60 min since the mark: not yet over an hour
    expect(storage.pods.keys()).toEqual(['default/web-0']);
    await at(3_900_001);
    await client.cleanPodCache();
    expect(storage.pods.keys()).toEqual([]);
  });

  it('events carry source terway-daemon; parse warnings become pod events', async () => {
    const { kube, client } = rig();
    const annotations = { 'k8s.aliyun.com/egress-bandwidth': 'fast' };
    kube.addPod({ name: 'a', nodeName: 'node-1', annotations });
    await client.getPod('default', 'a', false);
    client.recordNodeEvent('Warning', 'AllocIPFailed', 'boom');
    const events = kube.events
      .map((event) => [event.target.kind, event.reason, event.message, event.source]);
    expect(events).toEqual([
      ['Pod', 'ParseFailed', 'Parse egress bandwidth fast failed.', 'terway-daemon'],
      ['Node', 'AllocIPFailed', 'boom', 'terway-daemon'],
    ]);
  });
});
