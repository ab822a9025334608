// `kubectl get -o yaml` and `-o json` text. kubectl prints the JSON it received through
// sigs.k8s.io/yaml, i.e. go-yaml v2's emitter, and `-o json` through Go's encoding/json; both
// print maps with sorted keys. What is reproduced here from go-yaml v2 (encode.go, emitterc.go):
// its key order (digit runs compare as numbers, non-letters before letters), a string is
// double-quoted when it would read back as another type (`"True"`, `"110"`, timestamps, `""`),
// single-quoted when it cannot be plain (`'{"a":1}'`), a literal block (`|`, `|-`) when it has
// line breaks, sequences not indented under their key, and long scalars folded at spaces past
// column 80 onto lines indented two more than their key. Go's JSON encoder indents by four and
// escapes <, > and & as \u003c, \u003e, \u0026.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const bestWidth = 80;

const isLetter = (char: string): boolean => /\p{L}/u.test(char);
const isDigit = (char: string): boolean => char >= '0' && char <= '9';

/** go-yaml v2's keyList.Less for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const sortKeys = (keys: string[]): string[] =>
  keys.sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));

const nullWords = new Set(['', '~', 'null', 'Null', 'NULL']);
const boolWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true',
  'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const numberForm = new RegExp('^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+'
  + '|[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|\\.[0-9_]+([eE][-+]?[0-9]+)?'
  + '|\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$');
const timestampForm = new RegExp('^\\d{4}-\\d{1,2}-\\d{1,2}(([Tt]|\\s+)\\d{1,2}:\\d{1,2}'
  + ':\\d{1,2}(\\.\\d+)?(\\s*(Z|[-+]\\d{1,2}(:\\d{2})?))?)?$');
const base60Form = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Whether go-yaml would read `text` back as something other than a string. */
function resolvesToOther(text: string): boolean {
  return nullWords.has(text) || boolWords.has(text) || numberForm.test(text)
    || timestampForm.test(text) || base60Form.test(text);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** go-yaml's scalar analysis, reduced to the style it ends up choosing in block context. */
function styleOf(text: string, isKey: boolean): Style {
  if (resolvesToOther(text)) return 'double';
  const special = [...text].some((char) => {
    const code = char.codePointAt(0)!;
    return (code < 0x20 && char !== '\n' && char !== '\t') || code === 0x7f || code === 0xfeff;
  });
  const spaceBreak = / \n/.test(text);
  const breakSpace = /\n /.test(text);
  if (special || spaceBreak) return 'double';
  if (text.includes('\n')) return isKey || / $/.test(text) ? 'double' : 'literal';
  const first = text[0]!;
  const blank = (index: number): boolean => index >= text.length || text[index] === ' '
    || text[index] === '\t';
  const indicators = '#,[]{}&*!|>\'"%@`'.includes(first)
    || ((first === '?' || first === ':' || first === '-') && blank(1))
    || text.startsWith('---') || text.startsWith('...')
    || /: |:$| #/.test(text) || text.includes(':\t');
  const edgeSpace = /^\s|\s$/.test(text);
  if (!indicators && !edgeSpace && !text.includes('\t')) return 'plain';
  return breakSpace ? 'double' : 'single';
}

function escapeDouble(char: string): string {
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t',
    '\r': '\\r', '\0': '\\0', '\u0007': '\\a', '\b': '\\b', '\u000b': '\\v', '\f': '\\f',
    '\u001b': '\\e', '\u0085': '\\N', '\u00a0': '\\_', '\u2028': '\\L', '\u2029': '\\P' };
  const known = escapes[char];
  if (known !== undefined) return known;
  const code = char.codePointAt(0)!;
  return code < 0x20 || code === 0x7f || code === 0xfeff
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
}

/**
 * Writes a one-line scalar starting at `column`, folding at spaces past the best width as
 * go-yaml's write_plain / write_single_quoted / write_double_quoted do.
 */
function foldedScalar(text: string, style: 'plain' | 'single' | 'double', column: number,
  indent: number, allowBreaks: boolean): string {
  const chars = [...text];
  const quote = style === 'single' ? "'" : style === 'double' ? '"' : '';
  let out = quote;
  let col = column + quote.length;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const nextSpace = chars[i + 1] === ' ';
    const inside = style === 'plain' || (i > 0 && i < chars.length - 1);
    if (char === ' ' && allowBreaks && !spaces && col > bestWidth && inside
      && (style === 'double' || !nextSpace)) {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
      if (style === 'double' && nextSpace) {
        out += '\\';
        col++;
      }
      spaces = true;
      continue;
    }
    const written = style === 'double' ? escapeDouble(char)
      : style === 'single' && char === "'" ? "''" : char;
    out += written;
    col += [...written].length;
    spaces = char === ' ';
  }
  return out + quote;
}

function literal(text: string, indent: number): string {
  const chomp = !text.endsWith('\n') ? '-' : text.endsWith('\n\n') || text === '\n' ? '+' : '';
  const hint = text.startsWith(' ') || text.startsWith('\n') ? '2' : '';
  const body = (chomp === '-' ? text : text.slice(0, -1)).split('\n')
    .map((line) => (line === '' ? '' : `${' '.repeat(indent)}${line}`)).join('\n');
  return `|${hint}${chomp}\n${body}`;
}

/** A scalar as go-yaml writes it after `column` characters, `indent` for continuations. */
function scalar(value: Json, column: number, indent: number, isKey = false): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const style = value === '' ? 'double' : styleOf(value, isKey);
  if (style === 'literal') return literal(value, indent);
  return foldedScalar(value, style, column, indent, !isKey);
}

function goFloat(value: number): string {
  const text = String(value);
  return text.includes('e') ? text.replace(/e([+-])(\d)$/, 'e$10$2') : text;
}

function isMap(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lines of a mapping or sequence at `indent`. */
function block(value: Json, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (isMap(item) && Object.keys(item).length > 0) {
        return `${pad}- ${block(item, indent + 2).slice(indent + 2)}`;
      }
      if (Array.isArray(item) && item.length > 0) {
        return `${pad}- ${block(item, indent + 2).slice(indent + 2)}`;
      }
      return `${pad}- ${inline(item, indent + 2, indent + 2)}\n`;
    }).join('');
  }
  if (!isMap(value)) return `${pad}${inline(value, indent, indent)}\n`;
  return sortKeys(Object.keys(value)).map((key) => {
    const child = value[key]!;
    const keyText = scalar(key, indent, indent + 2, true);
    const head = `${pad}${keyText}:`;
    if (isMap(child) && Object.keys(child).length > 0) {
      return `${head}\n${block(child, indent + 2)}`;
    }
    if (Array.isArray(child) && child.length > 0) return `${head}\n${block(child, indent)}`;
    return `${head} ${inline(child, [...head].length + 1, indent + 2)}\n`;
  }).join('');
}

function inline(value: Json, column: number, indent: number): string {
  if (isMap(value)) return '{}';
  if (Array.isArray(value)) return '[]';
  return scalar(value, column, indent);
}

/** `kubectl … -o yaml` of one JSON document. */
export function toYaml(value: unknown): string {
  return block(JSON.parse(JSON.stringify(value)) as Json, 0);
}

/** `kubectl … -o json` of one JSON document. */
export function toKubectlJson(value: unknown): string {
  const sorted = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sorted);
    if (item === null || typeof item !== 'object') return item;
    return Object.fromEntries(Object.keys(item).sort()
      .map((key) => [key, sorted((item as Record<string, unknown>)[key])]));
  };
  return `${JSON.stringify(sorted(JSON.parse(JSON.stringify(value))), null, 4)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}
