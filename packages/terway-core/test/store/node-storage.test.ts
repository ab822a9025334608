import { describe, expect, it } from 'vitest';
import { NodeStorage } from '../../src/store/node-storage.js';
import type { PodResources } from '../../src/store/records.js';

const record: PodResources = {
  Resources: [{ type: 'eniIp', id: '00:16:3e:00:00:01.10.0.0.5', extra_eip_info: null,
    eni_id: 'eni-1', eni_mac: '00:16:3e:00:00:01', ipv4: '10.0.0.5', ipv6: '' }],
  PodInfo: null, NetNs: '/var/run/netns/a', ContainerID: 'c-a', NetConf: '[]',
};

describe('NodeStorage', () => {
  it('keeps copies: mutating what was put or got does not change what is stored', () => {
    const storage = new NodeStorage();
    const mine = structuredClone(record);
    storage.relation.put('default/a', mine);
    mine.ContainerID = 'changed';
    const got = storage.relation.get('default/a')!;
    got.NetConf = 'changed';
    expect(storage.relation.get('default/a')).toEqual(record);
  });

  it('lists in key order and deletes idempotently', () => {
    const storage = new NodeStorage();
    storage.relation.put('ns/b', record);
    storage.relation.put('ns/a', record);
    expect(storage.relation.keys()).toEqual(['ns/a', 'ns/b']);
    storage.relation.delete('ns/a');
    storage.relation.delete('ns/a');
    expect(storage.relation.keys()).toEqual(['ns/b']);
  });

  it('snapshot → JSON → restore gives the same content, under the database file paths', () => {
    const storage = new NodeStorage();
    storage.relation.put('default/a', record);
    const json = storage.toJson();
    const files = Object.keys(JSON.parse(json) as object);
    expect(files).toEqual(['/var/lib/cni/terway/ResRelation.db', '/var/lib/cni/terway/pod.db']);
    const restored = NodeStorage.restore(json, 'world.json');
    expect(restored.ok && restored.value.snapshot()).toEqual(storage.snapshot());
  });

  it('a malformed snapshot is refused with the file, bucket, key and field named', () => {
    expect(NodeStorage.restore('{not json', 'world.json')).toMatchObject({ ok: false });
    const relation = { 'default/a': { ...record, ContainerID: 5 } };
    const bad = { '/var/lib/cni/terway/ResRelation.db': { relation } };
    const restored = NodeStorage.restore(bad, 'world.json');
    expect(restored.ok).toBe(false);
    const where = 'world.json: /var/lib/cni/terway/ResRelation.db: '
      + 'relation.default/a.ContainerID: ';
    expect(!restored.ok && restored.error.startsWith(where)).toBe(true);
  });
});
