import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { Scheduler, type Clock } from '@terway-sim/sim-base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ObjectStore, parseFieldSelector, parseLabelSelector, type Change,
} from '../../src/index.js';

function pod(name: string, node?: string, labels: Record<string, string> = {}): V1Pod {
  return { metadata: { namespace: 'default', name, labels },
    spec: { containers: [{ name: 'main' }], ...(node === undefined ? {} : { nodeName: node }) } };
}

function store(options: { historyMax?: number } = {}): { store: ObjectStore; clock: Scheduler } {
  const clock = new Scheduler();
  return { store: new ObjectStore(clock as Clock, options), clock };
}

function must<T>(
  result: { ok: true; value: T } | { ok: false; error: { message: string } | string },
): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('ObjectStore', () => {
  it('creates with uid, resourceVersion and creationTimestamp; refuses a duplicate', () => {
    const { store: s } = store();
    const created = must(s.create<V1Pod>('pods', pod('a')));
    expect(created.metadata?.uid).toBe('00000000-0000-0000-0000-000000000001');
    expect(created.metadata?.resourceVersion).toBe('1');
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(s.create('pods', pod('a'))).toEqual({ ok: false, error: { reason: 'AlreadyExists',
      code: 409, message: 'pods "a" already exists' } });
    expect(Object.isFrozen(created) && Object.isFrozen(created.metadata)).toBe(true);
  });

  it('update: optimistic concurrency on resourceVersion; patch applies a recipe', () => {
    const { store: s } = store();
    const first = must(s.create<V1ConfigMap>('configmaps',
      { metadata: { namespace: 'kube-system', name: 'eni-config' }, data: { a: '1' } }));
    const second = must(s.update<V1ConfigMap>('configmaps', { ...first, data: { a: '2' } }));
    expect(second.metadata?.resourceVersion).toBe('2');
    expect(s.update('configmaps', { ...first, data: { a: '3' } })).toMatchObject({ ok: false,
      error: { reason: 'Conflict', code: 409 } });
    const patched = must(s.patch<V1ConfigMap>('configmaps', 'kube-system/eni-config', (draft) => {
      draft.data = { ...draft.data, b: '1' };
    }));
    expect(patched.data).toEqual({ a: '2', b: '1' });
    expect(second.data).toEqual({ a: '2' });
    expect(s.patch('configmaps', 'kube-system/none', () => undefined)).toMatchObject({
      ok: false, error: { reason: 'NotFound', message: 'configmaps "none" not found' } });
  });

  it('deletes gracefully, waits for finalizers, and the watch sees each step', () => {
    const { store: s, clock } = store();
    const seen: string[] = [];
    must(s.watch('pods', (change: Change) => seen.push(`${change.type} ${
      change.object.metadata?.deletionTimestamp === undefined ? 'live' : 'deleting'}`)));
    must(s.create('pods', { ...pod('a', 'n1'), metadata: { ...pod('a').metadata,
      finalizers: ['keep'] } }));
    const marked = must(s.delete<V1Pod>('pods', 'default/a', { gracePeriodSeconds: 30 }));
    expect((marked?.metadata?.deletionTimestamp as Date).getTime())
      .toBe(clock.wallMs() + 30_000);
    expect(marked?.metadata?.deletionGracePeriodSeconds).toBe(30);
    must(s.delete('pods', 'default/a'));
    expect(s.count('pods')).toBe(1);
    const current = s.get<V1Pod>('pods', 'default/a')!;
    must(s.update('pods', { ...current, metadata: { ...current.metadata, finalizers: [] } }));
    expect(s.count('pods')).toBe(0);
    // A second delete of an object that is already going changes nothing (no event).
    expect(seen).toEqual(['ADDED live', 'MODIFIED deleting', 'DELETED deleting']);
  });

  it('lists in key order with namespace, label and field selectors, using the node index', () => {
    const { store: s } = store();
    s.addIndex('pods', 'spec.nodeName', (object) => (object as V1Pod).spec?.nodeName);
    for (const [name, node, app] of [['c', 'n1', 'web'], ['a', 'n2', 'web'], ['b', 'n1', 'db']]) {
      must(s.create('pods', pod(name!, node, { app: app! })));
    }
    const names = (options: Parameters<ObjectStore['list']>[1]): string[] =>
      must(s.list<V1Pod>('pods', options)).items.map((item) => item.metadata!.name!);
    expect(names({})).toEqual(['a', 'b', 'c']);
    expect(names({ labelSelector: must(parseLabelSelector('app=web')) })).toEqual(['a', 'c']);
    expect(names({ fieldSelector: must(parseFieldSelector('spec.nodeName=n1')) }))
      .toEqual(['b', 'c']);
    expect(names({ namespace: 'kube-system' })).toEqual([]);
    expect(s.list('pods', { fieldSelector: must(parseFieldSelector('spec.foo=x')) })).toEqual({
      ok: false, error: { reason: 'BadRequest', code: 400,
        message: 'field label not supported: spec.foo' } });
    expect(s.byIndex<V1Pod>('pods', 'spec.nodeName', 'n1').map((item) => item.metadata!.name))
      .toEqual(['b', 'c']);
  });

  it('watch from a resourceVersion replays what came after it; too old is 410 Expired', () => {
    const { store: s } = store({ historyMax: 3 });
    for (const name of ['a', 'b', 'c', 'd']) must(s.create('pods', pod(name)));
    const replayed: string[] = [];
    must(s.watch('pods', (change: Change) => replayed.push(change.object.metadata!.name!),
      { resourceVersion: 2 }));
    expect(replayed).toEqual(['c', 'd']);
    expect(s.watch('pods', () => undefined, { resourceVersion: 0 })).toMatchObject({ ok: false,
      error: { reason: 'Expired', code: 410 } });
  });

  it('admission mutates or denies creates', () => {
    const { store: s } = store();
    s.addAdmission<V1Pod>('pods', (object) => (object.metadata?.name === 'bad'
      ? { denied: 'no' } : { object: { ...object, metadata: { ...object.metadata,
        annotations: { admitted: 'yes' } } } }));
    expect(must(s.create<V1Pod>('pods', pod('a'))).metadata?.annotations).toEqual({
      admitted: 'yes' });
    expect(s.create('pods', pod('bad'))).toMatchObject({ ok: false,
      error: { reason: 'Forbidden', message: 'no' } });
  });

  it('a checkpoint keeps the state of its instant; a store restored from it answers alike', () => {
    const { store: s, clock } = store();
    must(s.create('pods', pod('a', 'n1')));
    const checkpoint = s.checkpoint();
    must(s.create('pods', pod('b', 'n1')));
    must(s.delete('pods', 'default/a'));
    const restored = ObjectStore.fromCheckpoint(clock, checkpoint);
    expect(must(restored.list<V1Pod>('pods')).items.map((item) => item.metadata!.name))
      .toEqual(['a']);
    expect(restored.resourceVersion).toBe(1);
    expect(must(restored.create<V1Pod>('pods', pod('c'))).metadata?.uid)
      .toBe('00000000-0000-0000-0000-000000000002');
    expect(s.count('pods')).toBe(1);
  });

  it('matches a model under random writes; versions only grow; watchers see every change', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('create', 'label', 'delete'),
      fc.constantFrom('x', 'y', 'z'), fc.boolean()), { maxLength: 60 }), (ops) => {
      const { store: s } = store();
      const model = new Map<string, string>();
      const versions: number[] = [];
      must(s.watch('pods', (change: Change) => versions.push(change.resourceVersion)));
      let writes = 0;
      for (const [op, name, flag] of ops) {
        const key = `default/${name}`;
        if (op === 'create') {
          const made = s.create('pods', pod(name, undefined, { flag: String(flag) }));
          expect(made.ok).toBe(!model.has(key));
          if (made.ok) { model.set(key, String(flag)); writes++; }
        } else if (op === 'label') {
          const patched = s.patch<V1Pod>('pods', key, (draft) => {
            draft.metadata!.labels!['flag'] = String(flag);
          });
          expect(patched.ok).toBe(model.has(key));
          if (patched.ok && model.get(key) !== String(flag)) writes++;
          if (patched.ok) model.set(key, String(flag));
        } else {
          expect(s.delete('pods', key).ok).toBe(model.has(key));
          if (model.delete(key)) writes++;
        }
      }
      const listed = must(s.list<V1Pod>('pods')).items;
      expect(listed.map((item) => `${item.metadata!.namespace}/${item.metadata!.name}`))
        .toEqual([...model.keys()].sort());
      expect(listed.map((item) => item.metadata!.labels!['flag']))
        .toEqual([...model.keys()].sort().map((key) => model.get(key)));
      expect(versions).toHaveLength(writes);
      expect(versions.every((version, index) => index === 0 || version > versions[index - 1]!))
        .toBe(true);
    }));
  });
});
