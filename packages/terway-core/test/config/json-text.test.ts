import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../src/config/json-text.js';

function errorOf(text: string) {
  const result = parseJsonText(text);
  if (result.ok) throw new Error('expected a syntax error');
  return result.error;
}

describe('parseJsonText', () => {
  it('parses valid JSON like JSON.parse', () => {
    expect(parseJsonText(
      '{"a": [1, 2.5, "x", true, null]}')).toEqual({ ok: true, value: { a: [1, 2.5, 'x', true,
        null] } });
  });

  it('locates the usual mistakes with line, column and a plain hint', () => {
    expect(errorOf('{\n  "a": 1,\n}')).toMatchObject({ line: 3, column: 1,
      message: expect.stringContaining('trailing comma') });
    expect(errorOf('{"a": [1, 2,]}')).toMatchObject({ line: 1, column: 13,
      message: expect.stringContaining('trailing comma') });
    expect(errorOf("{'a': 1}")).toMatchObject({ line: 1, column: 2,
      message: expect.stringContaining('double quotes') });
    expect(errorOf('{"a": \'x\'}').message).toContain('single quotes');
    expect(errorOf('{\n  // note\n  "a": 1}')).toMatchObject({ line: 2, column: 3,
      message: expect.stringContaining('comments') });
    expect(errorOf('{"a": 1 "b": 2}')).toMatchObject({ column: 9, message: expect.stringContaining(
      "expected ',' or '}'") });
    expect(errorOf('{"a": 1}}').message).toContain('after the end');
    expect(errorOf('{"a": 01}').column).toBeGreaterThan(0);
    expect(errorOf('').message).toContain('end of text');
    expect(errorOf('{"a": "x\ny"}').message).toContain('unterminated');
  });
});
