import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../src/config/merge-patch.js';

describe('applyMergePatch (RFC 7396)', () => {
  it('passes the RFC 7396 appendix A examples', () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, expected] of cases) expect(applyMergePatch(target, patch)).toEqual(
      expected);
  });

  it('keeps other zones when a node adds one, and deletes a zone set to null', () => {
    const base = { vswitches: { a: ['vsw-1'] }, security_groups: ['sg-1', 'sg-2'] };
    expect(applyMergePatch(base, { vswitches: { b: ['vsw-2'] }, security_groups: [] })).toEqual({
      vswitches: { a: ['vsw-1'], b: ['vsw-2'] }, security_groups: [] });
    expect(applyMergePatch(base, { vswitches: { a: null } })).toEqual({ vswitches: {},
      security_groups: ['sg-1', 'sg-2'] });
  });

  it('does not modify its inputs and keeps __proto__ as a plain key', () => {
    const base = JSON.parse('{"a": {"b": 1}}') as unknown;
    const patch = JSON.parse('{"a": {"c": 2}, "__proto__": {"x": 1}}') as unknown;
    const merged = applyMergePatch(base, patch) as Record<string, unknown>;
    expect(base).toEqual({ a: { b: 1 } });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toContain('__proto__');
  });

  const json = fc.jsonValue();
  it('is idempotent: applying a patch twice equals applying it once', () => {
    fc.assert(fc.property(json, json, (target, patch) => {
      const once = applyMergePatch(target, patch);
      expect(applyMergePatch(once, patch)).toEqual(once);
    }));
  });

  it('an empty object patch leaves an object unchanged', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), json), (target) => {
      expect(applyMergePatch(target, {})).toEqual(target);
    }));
  });
});
