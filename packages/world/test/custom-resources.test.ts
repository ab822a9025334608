import { createSimEnv } from '@terway-sim/sim-base';
import type { NetworkInterfaceCr, PodEni } from '@terway-sim/terway-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomResources } from '../src/kube/custom-resources.js';

function podEni(name: string, node = 'node-0', finalizers: string[] = []): PodEni {
  return {
    metadata: { namespace: 'default', name, labels: { 'k8s.aliyun.com/node': node }, finalizers },
    spec: { allocations: [], zone: 'zone-a' },
    status: { phase: '', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} },
  };
}

function eniCr(name: string): NetworkInterfaceCr {
  return {
    metadata: { name, finalizers: ['network.alibabacloud.com/eni'] },
    spec: { eni: { id: name, vpcID: '', mac: '', zone: '', vSwitchID: '', resourceGroupID: '',
      securityGroupIDs: [], attachmentOptions: {} }, ipv4: '', ipv6: '', ipv4CIDR: '',
    ipv6CIDR: '', extraConfig: {} },
    status: { phase: '', instanceID: '', trunkENIID: '', nodeName: '',
      eniInfo: { id: '', type: '', vid: 0, status: 'Unbind' } },
  };
}

describe('CustomResources (the CrdPort of the simulated API server)', () => {
  it('creates with uid and resourceVersion, refuses duplicates, returns copies', async () => {
    const crd = new CustomResources(createSimEnv({ seed: 1 }));
    const created = await crd.create('PodENI', podEni('a'));
    expect(created.ok && created.value.metadata.uid).toMatch(/^c0de/);
    expect(created.ok && created.value.metadata.resourceVersion).toBe('1');
    expect(await crd.create('PodENI', podEni('a'))).toEqual({ ok: false, error: {
      reason: 'AlreadyExists', message: 'PodENI "default/a" already exists' } });
    const read = (await crd.get('PodENI', { namespace: 'default', name: 'a' }))!;
    (read.metadata as { name: string }).name = 'mutated';
    expect(crd.peek('PodENI', { namespace: 'default', name: 'a' })?.metadata.name).toBe('a');
  });

  it('refuses a stale resourceVersion (Conflict) and a missing object (NotFound)', async () => {
    const crd = new CustomResources(createSimEnv({ seed: 1 }));
    const first = await crd.create('PodENI', podEni('a'));
    if (!first.ok) throw new Error(first.error.message);
    const moved = await crd.update('PodENI', { ...first.value, status: { ...first.value.status,
      phase: 'Binding' } });
    expect(moved.ok).toBe(true);
    const stale = await crd.update('PodENI', { ...first.value, status: { ...first.value.status,
      phase: 'Deleting' } });
    expect(!stale.ok && stale.error.reason).toBe('Conflict');
    const gone = await crd.update('PodENI', podEni('b'));
    expect(!gone.ok && gone.error.reason).toBe('NotFound');
  });

  it('deletes in two steps when finalizers are set; watchers see each step in order', async () => {
    const crd = new CustomResources(createSimEnv({ seed: 1 }));
    const seen: string[] = [];
    crd.watch('NetworkInterface', (type, object) => seen.push(
      `${type} ${object.metadata.deletionTimestamp === undefined ? 'live' : 'deleting'}`));
    await crd.create('NetworkInterface', eniCr('eni-1'));
    await crd.delete('NetworkInterface', { name: 'eni-1' });
    expect(crd.count('NetworkInterface')).toBe(1);
    const marked = (await crd.get('NetworkInterface', { name: 'eni-1' }))!;
    await crd.update('NetworkInterface', { ...marked, metadata: { ...marked.metadata,
      finalizers: [] } });
    expect(crd.count('NetworkInterface')).toBe(0);
    expect(seen).toEqual(['ADDED live', 'MODIFIED deleting', 'DELETED deleting']);
  });

  it('lists in key order with namespace and label filters', async () => {
    const crd = new CustomResources(createSimEnv({ seed: 1 }));
    for (const [name, node] of [['c', 'n1'], ['a', 'n2'], ['b', 'n1']] as const) {
      await crd.create('PodENI', podEni(name, node));
    }
    expect((await crd.list('PodENI')).map((item) => item.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(crd.peekList('PodENI', { labels: { 'k8s.aliyun.com/node': 'n1' } })
      .map((item) => item.metadata.name)).toEqual(['b', 'c']);
    expect(crd.peekList('PodENI', { namespace: 'other' })).toEqual([]);
  });

  it('resourceVersions only grow, and the store matches a model under random writes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('create', 'update',
      'delete'), fc.constantFrom('x', 'y', 'z'), fc.boolean()), { maxLength: 40 }),
    async (ops) => {
      const crd = new CustomResources(createSimEnv({ seed: 2 }));
      const model = new Map<string, boolean>(); // name → has finalizer
      let lastVersion = 0;
      crd.watch('PodENI', (_type, object) => {
        const version = Number(object.metadata.resourceVersion);
        expect(version).toBeGreaterThanOrEqual(lastVersion);
        lastVersion = version;
      });
      for (const [op, name, finalizer] of ops) {
        const key = { namespace: 'default', name };
        if (op === 'create') {
          const made = await crd.create('PodENI', podEni(name, 'n', finalizer ? ['f'] : []));
          expect(made.ok).toBe(!model.has(name));
          if (made.ok) model.set(name, finalizer);
        } else if (op === 'update') {
          const current = await crd.get('PodENI', key);
          if (current === undefined) continue;
          await crd.update('PodENI', { ...current, metadata: { ...current.metadata,
            finalizers: [] } });
          if (current.metadata.deletionTimestamp !== undefined) model.delete(name);
          else model.set(name, false);
        } else {
          const deleted = await crd.delete('PodENI', key);
          expect(deleted.ok).toBe(model.has(name));
          if (model.get(name) === false) model.delete(name);
        }
      }
      expect(crd.peekList('PodENI').map((item) => item.metadata.name))
        .toEqual([...model.keys()].sort());
    }), { numRuns: 50 });
  });
});
