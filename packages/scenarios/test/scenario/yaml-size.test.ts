// Alias bombs that yaml's own maxAliasCount lets through (a bomb over empty mappings: it weighs
// scalars only), and the ordinary aliases a scenario uses, which must stay accepted (issue 17).
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  aliasAddedValues, aliasBombInText, yamlAliasValuesMax,
} from '../../src/scenario/yaml-size.js';

/** Nine levels of ten aliases each over `leaf`: 10^9 leaves once expanded. */
function bomb(leaf: string): string {
  const lines = [`a0: &a0 [${Array(10).fill(leaf).join(', ')}]`];
  for (let level = 1; level <= 8; level++) {
    lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('aliasBombInText', () => {
  it('refuses bombs over scalars and over empty mappings and lists', () => {
    expect(aliasBombInText(bomb('"x"'))).toContain('expand beyond 100 copies');
    for (const leaf of ['{}', '[]']) {
      expect(aliasAddedValues(parseDocument(bomb(leaf)))).toBeGreaterThan(yamlAliasValuesMax);
      expect(aliasBombInText(bomb(leaf)), leaf).toContain('expand to more than 100,000 values');
    }
  });

  it('accepts merge keys and a shared list, and counts what they add', () => {
    const text = 'base: &base { zone: cn-hangzhou-i, count: 3 }\n' +
      'groups:\n  - { <<: *base, name: a }\n  - { <<: *base, name: b }\n' +
      'ids: &ids [1, 2]\nmore: *ids\n';
    expect(aliasBombInText(text)).toBeUndefined();
    expect(aliasAddedValues(parseDocument(text))).toBeLessThan(20);
  });

  it('treats an alias inside its own anchor as endless', () => {
    expect(aliasAddedValues(parseDocument('a: &a [1, *a]\n'))).toBe(Infinity);
  });
});
