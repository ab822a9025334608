import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector, labelSelectorFromObject, labelsMatch, parseFieldSelector,
  parseLabelSelector,
} from '../../src/index.js';

const labels = { app: 'web', tier: 'front', 'k8s.aliyun.com/node': 'node-1' };

describe('label selectors (apimachinery pkg/labels)', () => {
  const cases: ReadonlyArray<{ readonly selector: string; readonly matches: boolean }> = [
    { selector: '', matches: true },
    { selector: 'app=web', matches: true },
    { selector: 'app==web', matches: true },
    { selector: 'app!=web', matches: false },
    { selector: 'app=web,tier=back', matches: false },
    { selector: 'tier in (front, back)', matches: true },
    { selector: 'tier notin (front)', matches: false },
    { selector: 'gpu', matches: false },
    { selector: '!gpu', matches: true },
    { selector: 'k8s.aliyun.com/node=node-1', matches: true },
    { selector: 'missing!=x', matches: true },
  ];
  for (const { selector, matches } of cases) {
    it(`"${selector}" ${matches ? 'matches' : 'does not match'}`, () => {
      const parsed = parseLabelSelector(selector);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(labelsMatch(parsed.value, labels)).toBe(matches);
    });
  }

  it('refuses malformed selectors with the offending text', () => {
    const bad = parseLabelSelector('app=web,-bad=x');
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('invalid label key "-bad"') });
    expect(parseLabelSelector('app=,').ok).toBe(false);
  });

  it('converts metav1.LabelSelector and rejects In without values', () => {
    const selector = labelSelectorFromObject({ matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'gpu', operator: 'DoesNotExist' }] });
    expect(selector.ok && labelsMatch(selector.value, labels)).toBe(true);
    expect(selector.ok && formatLabelSelector(selector.value)).toBe('app=web,tier!=db,!gpu');
    expect(labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] }))
      .toEqual({ ok: false, error: expect.stringContaining('must be specified') });
    expect(labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Near' }] }).ok)
      .toBe(false);
  });
});

describe('field selectors (apimachinery pkg/fields)', () => {
  it('parses =, == and != with escapes', () => {
    expect(parseFieldSelector('spec.nodeName=node-1,status.phase!=Running')).toEqual({ ok: true,
      value: [{ field: 'spec.nodeName', equals: true, value: 'node-1' },
        { field: 'status.phase', equals: false, value: 'Running' }] });
    expect(parseFieldSelector('metadata.name==a\\,b')).toEqual({ ok: true,
      value: [{ field: 'metadata.name', equals: true, value: 'a,b' }] });
    expect(parseFieldSelector('nonsense').ok).toBe(false);
  });
});
