// Strict JSON reading with a position for every syntax error. eni_conf is JSON that Terway hands
// to Go's encoding/json, so what JSON.parse accepts is what Terway accepts; but JSON.parse's error
// text varies between Node versions and often has no position. When it fails, a small scanner finds
// the first offending character and says what was expected there, in words a person editing a
// ConfigMap can act on (trailing commas, single quotes and comments are the usual culprits).

import { err, ok, type Result } from '@terway-sim/sim-base';

export interface TextPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

export interface JsonSyntaxError extends TextPosition {
  readonly offset: number;
  readonly message: string;
}

/** Parses JSON text; on failure returns the first error with its line and column. */
export function parseJsonText(text: string): Result<unknown, JsonSyntaxError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    const found = locateJsonError(text);
    return err({ ...positionAt(text, found.offset), ...found });
  }
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface Found {
  readonly offset: number;
  readonly message: string;
}

class JsonScanner {
  offset = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw { offset: this.offset, message } satisfies Found;
  }

  skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.offset] ?? '')) this.offset++;
    const next = this.text.slice(this.offset, this.offset + 2);
    if (next === '//' || next === '/*') this.fail('comments are not allowed in JSON');
  }

  peek(): string | undefined {
    return this.text[this.offset];
  }

  value(): void {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) this.fail('unexpected end of text: expected a value');
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === "'") this.fail('strings must use double quotes (") in JSON, not single quotes');
    if (/[-0-9]/.test(c)) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return;
      }
    }
    this.fail(
      `unexpected ${describe(c)}: expected a value (object, array, string, number, true, false ` +
      `or null)`);
  }

  object(): void {
    this.offset++;
    this.skipSpace();
    if (this.peek() === '}') return void this.offset++;
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === '}') this.fail("trailing comma before '}': remove the last ','");
      if (c === "'") this.fail(
        'property names must use double quotes (") in JSON, not single quotes');
      if (c !== '"') this.fail(
        `unexpected ${describe(c)}: expected a property name in double quotes`);
      this.string();
      this.skipSpace();
      if (this.peek() !== ':') this.fail(
        `unexpected ${describe(this.peek())}: expected ':' after the property name`);
      this.offset++;
      this.value();
      this.skipSpace();
      const after = this.peek();
      if (after === '}') return void this.offset++;
      if (after !== ',') this.fail(
        `unexpected ${describe(after)}: expected ',' or '}' after a property value`);
      this.offset++;
    }
  }

  array(): void {
    this.offset++;
    this.skipSpace();
    if (this.peek() === ']') return void this.offset++;
    for (;;) {
      this.skipSpace();
      if (this.peek() === ']') this.fail("trailing comma before ']': remove the last ','");
      this.value();
      this.skipSpace();
      const after = this.peek();
      if (after === ']') return void this.offset++;
      if (after !== ',') this.fail(
        `unexpected ${describe(after)}: expected ',' or ']' after an array element`);
      this.offset++;
    }
  }

  string(): void {
    this.offset++;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '\n') this.fail('unterminated string: expected a closing \'"\'');
      if (c < ' ') this.fail('control character in a string: escape it (e.g. \\t, \\n)');
      if (c === '"') return void this.offset++;
      if (c === '\\') {
        const escape = this.text[this.offset + 1] ?? '';
        if (!/["\\/bfnrtu]/.test(escape)) this.fail(`invalid escape '\\${escape}' in a string`);
        const hex = this.text.slice(this.offset + 2, this.offset + 6);
        if (escape === 'u' && !/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.fail('invalid \\u escape: expected four hex digits');
        }
        this.offset += escape === 'u' ? 6 : 2;
        continue;
      }
      this.offset++;
    }
  }

  number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.offset));
    if (match === null) this.fail('invalid number');
    this.offset += match[0].length;
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'end of text' : `character ${JSON.stringify(c)}`;
}

function locateJsonError(text: string): Found {
  const scanner = new JsonScanner(text);
  try {
    scanner.value();
    scanner.skipSpace();
    if (scanner.offset < text.length) scanner.fail(
      `unexpected ${describe(text[scanner.offset])} after the end of the JSON value`);
  } catch (thrown) {
    if (typeof thrown === 'object' && thrown !== null && 'message' in thrown &&
      'offset' in thrown) return thrown as Found;
    throw thrown;
  }
  // JSON.parse refused text the scanner accepts: report the engine's words at the start.
  return { offset: 0, message: 'invalid JSON' };
}
