import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersistentMap } from '../src/index.js';

type Op = { readonly kind: 'set'; readonly key: string; readonly value: number }
  | { readonly kind: 'delete'; readonly key: string };

// Few distinct keys so that sets overwrite and deletes hit; long keys and colliding prefixes
// exercise deep branches.
const key = fc.oneof(fc.constantFrom('a', 'b', 'eni-1', 'eni-2', ''), fc.string({ maxLength: 12 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

describe('PersistentMap', () => {
  it('behaves as a Map under any sequence of sets and deletes, and old versions never change',
    () => {
      fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const model = new Map<string, number>();
        let map = PersistentMap.empty<number>();
        const versions: Array<{ map: PersistentMap<number>; entries: [string, number][] }> = [];
        for (const step of ops) {
          if (step.kind === 'set') {
            model.set(step.key, step.value);
            map = map.set(step.key, step.value);
          } else {
            model.delete(step.key);
            map = map.delete(step.key);
          }
          versions.push({ map, entries: [...model.entries()].sort(byKey) });
        }
        expect(map.size).toBe(model.size);
        for (const [name, value] of model) expect(map.get(name)).toBe(value);
        for (const version of versions) {
          expect([...version.map.entries()].sort(byKey)).toEqual(version.entries);
          expect(version.map.sortedKeys()).toEqual(version.entries.map(([name]) => name));
          const visited: unknown[] = [];
          version.map.forEachValue((value) => visited.push(value));
          expect(visited).toEqual([...version.map.values()]); // the same order as values()
        }
      }));
    });

  it('keeps 20,000 keys, returns the same map for an unchanged set, shares untouched versions',
    () => {
      let map = PersistentMap.empty<number>();
      for (let i = 0; i < 20_000; i++) map = map.set(`pod-${i}`, i);
      expect(map.size).toBe(20_000);
      expect(map.set('pod-7', 7)).toBe(map);
      const next = map.delete('pod-7');
      expect(next.size).toBe(19_999);
      expect(map.get('pod-7')).toBe(7);
      expect(next.get('pod-7')).toBeUndefined();
      expect(next.delete('missing')).toBe(next);
    });
});

function byKey(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
