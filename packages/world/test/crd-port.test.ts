import { ApiServer } from '@terway-sim/kube-sim';
import { createSimEnv } from '@terway-sim/sim-base';
import type { PodEni } from '@terway-sim/terway-core';
import { crdPortContract } from '@terway-sim/terway-core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreCrdPort } from '../src/kube/crd-port.js';

function podEni(name: string, node = 'node-0', finalizers: string[] = []): PodEni {
  return {
    metadata: { namespace: 'default', name, labels: { 'k8s.aliyun.com/node': node }, finalizers },
    spec: { allocations: [], zone: 'zone-a' },
    status: { phase: '', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} },
  };
}

function makePort(): StoreCrdPort {
  const env = createSimEnv({ seed: 1 });
  return new StoreCrdPort(new ApiServer(env).store, env.log);
}

describe('StoreCrdPort (Terway\'s CRDs in the simulated API server)', () => {
  for (const contract of crdPortContract) it(contract.name, () => contract.run(makePort()));

  it('answers with the API server\'s own words', async () => {
    const port = makePort();
    await port.create('PodENI', podEni('a'));
    expect(await port.create('PodENI', podEni('a'))).toEqual({ ok: false, error: {
      reason: 'AlreadyExists',
      message: 'podenis.network.alibabacloud.com "a" already exists' } });
    expect(await port.delete('PodENI', { namespace: 'default', name: 'x' })).toEqual({ ok: false,
      error: { reason: 'NotFound', message: 'podenis.network.alibabacloud.com "x" not found' } });
  });

  it('resourceVersions only grow, and the store matches a model under random writes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('create', 'update',
      'delete'), fc.constantFrom('x', 'y', 'z'), fc.boolean()), { maxLength: 40 }),
    async (ops) => {
      const crd = makePort();
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
