// A checkpoint's pack file: every section reads back as captured (as JSON); a reader decodes
// only the sections a view asks for (the kubectl view touches the resources its command names,
// the ip view one namespace); damaged or foreign bytes are refused with a reason, never
// half-read.

import { describe, expect, it } from 'vitest';
import { kubectlCommand } from '@terway-sim/kube-sim';
import {
  captureCheckpoint, checkpointStore, decodeCheckpoint, encodeCheckpoint, WorldCheckpoint,
  type SectionName,
} from '../src/index.js';
import { createCluster } from './modes/cluster.js';

async function captured(): Promise<WorldCheckpoint> {
  const cluster = await createCluster({ mode: 'eniip', seed: 64, nodes: 2 });
  await cluster.run(30_000);
  cluster.createPod({ name: 'web' });
  await cluster.run(30_000);
  return captureCheckpoint(cluster.world);
}

/** The same checkpoint, noting each section a reader asks for. */
function recording(checkpoint: WorldCheckpoint): { read: SectionName[]; seen: WorldCheckpoint } {
  const read: SectionName[] = [];
  return { read, seen: new WorldCheckpoint(checkpoint.header, (name) => {
    read.push(name);
    return checkpoint.section(name);
  }) };
}

describe('checkpoint pack files', () => {
  it('every section reads back equal to what was captured', async () => {
    const checkpoint = await captured();
    const decoded = decodeCheckpoint(encodeCheckpoint(checkpoint));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.value.header).toEqual(checkpoint.header);
    expect(decoded.value.sectionNames()).toEqual(checkpoint.sectionNames());
    for (const name of checkpoint.sectionNames()) {
      // As JSON: objects hold Dates (client-node's types), which a file keeps as strings.
      expect(decoded.value.section(name), name)
        .toEqual(JSON.parse(JSON.stringify(checkpoint.section(name))));
    }
    expect(checkpoint.sectionNames()).toEqual(expect.arrayContaining([
      'kube/pods', 'cloud', `kernel/${checkpoint.nodes[0]!.hostNs}`,
      `daemon/${checkpoint.nodes[0]!.name}`]));
  }, 60_000);

  it('a view decodes only the sections it reads', async () => {
    const checkpoint = await captured();
    const pods = recording(checkpoint);
    const listed = kubectlCommand({ store: checkpointStore(pods.seen) }, checkpoint.wallMs,
      ['get', 'pods', '-A']);
    expect(listed.stdout).toContain('web');
    expect(pods.read).toEqual(['kube/pods']);
    const ns = recording(checkpoint);
    expect(ns.seen.namespace(checkpoint.nodes[1]!.hostNs)?.links.length).toBeGreaterThan(0);
    expect(ns.seen.namespace('no-such-netns')).toBeUndefined();
    expect(ns.read).toEqual([`kernel/${checkpoint.nodes[1]!.hostNs}`]);
  }, 60_000);

  it('refuses damaged, cut and foreign bytes with a reason', async () => {
    const packed = encodeCheckpoint(await captured());
    const flipped = Buffer.from(packed);
    flipped[flipped.length - 1]! ^= 1;
    const cases: ReadonlyArray<{ readonly bytes: Buffer; readonly says: RegExp }> = [
      { bytes: flipped, says: /damaged/ },
      { bytes: packed.subarray(0, 40), says: /cut short/ },
      { bytes: Buffer.from('{"format":"terway-sim.world-checkpoint","version":1}'),
        says: /not a terway-sim checkpoint of this version/ },
    ];
    for (const { bytes, says } of cases) {
      const decoded = decodeCheckpoint(bytes);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.error).toMatch(says);
    }
  }, 60_000);
});
