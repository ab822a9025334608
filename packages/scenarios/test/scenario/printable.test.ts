// Text from input is printed without its control characters: a scenario name with a newline and
// terminal escape codes once reached the terminal raw (issue 17).
import { describe, expect, it } from 'vitest';
import { escapeControls, printable, quoted } from '../../src/scenario/printable.js';

describe('printable text', () => {
  it('quoted escapes every control character, line breaks included', () => {
    const table = [
      { input: 'plain', output: '"plain"' },
      { input: 'a\nb', output: '"a\\nb"' },
      { input: '\u001b[31mred', output: '"\\u001b[31mred"' },
      { input: 'c1\u009bx', output: '"c1\\u009bx"' },
      { input: 'rtl\u202eevil', output: '"rtl\\u202eevil"' },
      { input: 'del\u007f', output: '"del\\u007f"' },
    ];
    for (const row of table) expect(quoted(row.input), JSON.stringify(row.input)).toBe(row.output);
  });

  it('printable leaves clean text alone and quotes the rest', () => {
    expect(printable('/tmp/a b.yaml')).toBe('/tmp/a b.yaml');
    expect(printable('/tmp/a\u001b.yaml')).toBe('"/tmp/a\\u001b.yaml"');
    // The same call twice: no state is kept between calls.
    expect(printable('/tmp/a\u001b.yaml')).toBe('"/tmp/a\\u001b.yaml"');
  });

  it('escapeControls keeps lines, tabs and carriage returns (progress bars) and nothing else', () => {
    expect(escapeControls('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    expect(escapeControls('x\u001b]0;title\u0007y')).toBe('x\\u001b]0;title\\u0007y');
    // Valid JSON stays valid JSON: the escapes are JSON escapes.
    const document = JSON.stringify({ name: 'n\u0085\u2028' });
    expect(JSON.parse(escapeControls(document))).toEqual({ name: 'n\u0085\u2028' });
  });
});
