// Keys that are names of Object.prototype members are keys like any other: `__proto__` once got
// `did you mean "undefined"`, `constructor` crashed validate with a TypeError (issue 17).
import { describe, expect, it } from 'vitest';
import { decodeEniConf } from '../../src/config/parse.js';
import { suggestKey } from '../../src/validate/suggest.js';
import { validateEniConfig } from '../../src/validate/validate.js';

describe('prototype-named keys', () => {
  it('are unknown keys with no suggestion', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(suggestKey(key, ['max_pool_size', 'vswitches']), key).toBeUndefined();
    }
    const report = validateEniConfig('{ "__proto__": { "x": 1 }, "constructor": 2, "toString": "s" }');
    const unknown = report.diagnostics.filter((d) => d.code === 'unknown-key');
    expect(unknown.map((d) => d.path)).toEqual(['eni_conf.__proto__', 'eni_conf.constructor', 'eni_conf.toString']);
    expect(unknown.every((d) => !d.message.includes('undefined'))).toBe(true);
  });

  it('inside maps are looked up as own keys (eni_tag_filter)', () => {
    const raw = JSON.parse('{ "vswitches": { "constructor": ["vsw-a"] }, "eni_tag_filter": { "constructor": "x" } }') as Record<string, unknown>;
    const decoded = decodeEniConf(raw);
    expect(decoded.ok && Object.keys(decoded.value.config.vSwitches)).toEqual(['constructor']);
    const report = validateEniConfig(JSON.stringify(raw));
    const mismatch = report.diagnostics.find((d) => d.code === 'eni-tag-filter-mismatch');
    expect(mismatch?.message).toContain('carry no "constructor" tag');
  });

  it('1e308 says it overflows Go\'s int, without zod\'s wording', () => {
    const report = validateEniConfig('{ "max_pool_size": 1e308, "min_pool_size": 9007199254740993 }');
    const messages = report.diagnostics.filter((d) => d.code === 'wrong-type').map((d) => d.message);
    expect(messages[0]).toBe('expected an integer of at most 9007199254740991 in magnitude, got 1e+308, ' +
      'which overflows Go\'s 64-bit int; Terway would not start ("json: cannot unmarshal number 1e+308 ' +
      'into Go struct field Config.max_pool_size of type int")');
    expect(messages[1]).toContain('no setting is meaningful this large');
    expect(messages.join(' ')).not.toMatch(/Too big|expected int to be/);
  });
});
