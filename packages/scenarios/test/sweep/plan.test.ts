// What a sweep plans: seed ranges, --vary parsing, the cross product in run order, and the bad
// inputs refused before anything runs (each naming the flag and what is expected).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, type LoadedScenario } from '../../src/scenario/load.js';
import { parseSeeds, parseVary, planSweep, type VaryAxis } from '../../src/sweep/plan.js';

const quickstart = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios',
  'quickstart.yaml');

function scenario(): LoadedScenario {
  const loaded = loadScenarioFile(quickstart);
  if (!loaded.ok) throw new Error('quickstart does not load');
  return loaded.value;
}

function axis(text: string): VaryAxis {
  const parsed = parseVary(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('sweep plans', () => {
  it('parses seed ranges and refuses empty or malformed ones', () => {
    expect(parseSeeds('3..5')).toEqual({ ok: true, value: ['3', '4', '5'] });
    expect(parseSeeds('7')).toEqual({ ok: true, value: ['7'] });
    const refused: ReadonlyArray<{ readonly text: string; readonly says: RegExp }> = [
      { text: '5..3', says: /the range is empty/ },
      { text: 'a..b', says: /expected A\.\.B or N/ },
      { text: '1..20000', says: /at most 10000/ },
    ];
    for (const { text, says } of refused) {
      const parsed = parseSeeds(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(says);
    }
  });

  it('parses KEY=V1,V2 with YAML values, quotes keeping commas', () => {
    expect(axis('eniConfig.inline.max_pool_size=5,10')).toMatchObject({
      path: ['eniConfig', 'inline', 'max_pool_size'], values: [5, 10], texts: ['5', '10'] });
    expect(axis('cloud.vSwitches.1.cidr=10.1.0.0/16')).toMatchObject({
      path: ['cloud', 'vSwitches', 1, 'cidr'], values: ['10.1.0.0/16'] });
    expect(axis('name="a,b",c').texts).toEqual(['"a,b"', 'c']);
    expect(parseVary('nokey').ok).toBe(false);
    expect(parseVary('a=').ok).toBe(false);
  });

  it('plans the cross product variant-major, first axis slowest', () => {
    const plan = planSweep(scenario(), ['1', '2'], [axis('eniConfig.inline.max_pool_size=5,10'),
      axis('eniConfig.inline.min_pool_size=0,2')]);
    if (!plan.ok) throw new Error(plan.error.join('\n'));
    expect(plan.value.variants).toEqual([
      { 'eniConfig.inline.max_pool_size': '5', 'eniConfig.inline.min_pool_size': '0' },
      { 'eniConfig.inline.max_pool_size': '5', 'eniConfig.inline.min_pool_size': '2' },
      { 'eniConfig.inline.max_pool_size': '10', 'eniConfig.inline.min_pool_size': '0' },
      { 'eniConfig.inline.max_pool_size': '10', 'eniConfig.inline.min_pool_size': '2' },
    ]);
    expect(plan.value.runs.slice(0, 3)).toEqual([{ index: 0, variant: 0, seed: '1' },
      { index: 1, variant: 0, seed: '2' }, { index: 2, variant: 1, seed: '1' }]);
    expect(plan.value.runs).toHaveLength(8);
  });

  it('refuses keys the scenario or Terway does not have, and values the schema refuses', () => {
    const cases: ReadonlyArray<{ readonly vary: string[]; readonly says: RegExp }> = [
      { vary: ['eniConfig.inline.max_pool_sise=5'],
        says: new RegExp('max_pool_sise is not an eni_conf key Terway reads ' +
          '\\(did you mean max_pool_size\\?\\)') },
      { vary: ['clowd.vpc.cidr=10.0.0.0/8'], says: /the scenario has no clowd/ },
      { vary: ['duration=soon'], says: /--vary duration=soon: .*duration/ },
      { vary: ['seed=1', 'seed=2'], says: /--vary seed is given twice/ },
    ];
    for (const { vary, says } of cases) {
      const plan = planSweep(scenario(), ['1'], vary.map(axis));
      expect(plan.ok, vary.join(' ')).toBe(false);
      if (!plan.ok) expect(plan.error.join('\n')).toMatch(says);
    }
  });
});
