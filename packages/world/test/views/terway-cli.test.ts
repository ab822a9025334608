// terway-cli on a node of a running cluster, from a checkpoint: the mapping is the real one at
// that instant (every pod's IP on the ENI the cloud holds it on, in the resource DB and in the
// slot's rows), metadata names the ENIs the cloud attached and the host links they became, and a
// checkpoint that went through its pack file renders the same.

import { describe, expect, it } from 'vitest';
import {
  captureCheckpoint, decodeCheckpoint, encodeCheckpoint, terwayCliView, type WorldCheckpoint,
} from '../../src/index.js';
import { createCluster, type TestCluster } from '../modes/cluster.js';

async function clusterWithPods(): Promise<{ cluster: TestCluster; pods: string[] }> {
  const cluster = await createCluster({ mode: 'eniip', seed: 61 });
  await cluster.run(30_000);
  const pods = ['web-a', 'web-b', 'web-c'];
  pods.forEach((name) => cluster.createPod({ name }));
  await cluster.run(60_000);
  return { cluster, pods };
}

function view(checkpoint: WorldCheckpoint, args: string[]): string {
  const result = terwayCliView(checkpoint, checkpoint.nodes[0]!, args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('terway-cli NODE at an instant', () => {
  it('mapping shows each pod on the ENI the cloud holds its IP on; metadata the ENIs and links',
    async () => {
    const { cluster, pods } = await clusterWithPods();
    const checkpoint = await captureCheckpoint(cluster.world);
    const mapping = view(checkpoint, ['mapping']);
    const cloud = cluster.cloud.view();
    const instance = cloud.instance(cluster.nodes[0]!.instanceId)!;
    const enis = instance.eniIds.map((id) => cloud.eni(id)!);
    expect(mapping).toContain(`Resource DB (${pods.length} entries)`);
    for (const name of pods) {
      const ip = cluster.api.getPod(`default/${name}`)!.status!.podIP!;
      const eni = enis.find((candidate) => candidate.ipv4.some((held) => held.ip === ip))!;
      expect(eni.type).toBe('Secondary');
      expect(mapping).toContain(`default/${name} -> ${eni.id} ${ip}\n`);
      const block = mapping.split('\n\n').find((tree) => tree.includes(`ENI: ${eni.id}`))!;
      expect(`${block}\n`).toContain(`──${ip}  default/${name}  Valid\n`);
    }
    const metadata = view(checkpoint, ['metadata']);
    const links = checkpoint.namespace(checkpoint.nodes[0]!.hostNs)!.links;
    expect(metadata).toContain(`vswitch: ${instance.vSwitchId}`);
    for (const eni of enis) {
      const link = links.find((candidate) => candidate.mac === eni.mac)!;
      expect(metadata).toContain(`eni: ${eni.mac}\n`);
      expect(metadata).toContain(`interface: ${link.name}\n`);
    }
    expect(metadata.indexOf(`eni: ${enis[0]!.mac}`)).toBeLessThan(
      metadata.indexOf(`eni: ${enis[1]!.mac}`)); // the primary ENI first
  }, 120_000);

  it('renders the same from a checkpoint read back from its pack file, and never changes the run',
    async () => {
    const { cluster } = await clusterWithPods();
    const checkpoint = await captureCheckpoint(cluster.world);
    const packed = encodeCheckpoint(checkpoint);
    const fromDisk = decodeCheckpoint(packed);
    if (!fromDisk.ok) throw new Error(fromDisk.error);
    for (const args of [['list'], ['show', 'network_service'], ['mapping'], ['metadata']]) {
      expect(view(fromDisk.value, args)).toBe(view(checkpoint, args));
    }
    expect(encodeCheckpoint(await captureCheckpoint(cluster.world)).equals(packed)).toBe(true);
  }, 120_000);

  it('while the daemon is down, daemon calls fail as the gRPC client does; metadata works',
    async () => {
    const { cluster } = await clusterWithPods();
    cluster.nodes[0]!.terway.stop();
    const checkpoint = await captureCheckpoint(cluster.world);
    const mapping = terwayCliView(checkpoint, checkpoint.nodes[0]!, ['mapping']);
    expect(mapping.ok ? mapping.value : mapping.error).toMatch(
      /^rpc error: code = Unavailable desc = connection error: .*eni\.socket/);
    expect(view(checkpoint, ['metadata'])).toContain('primary: true');
  }, 120_000);
});
