// JSON as the aliyun CLI prints an API response (aliyun-cli openapi/commando.go `sortJSON`): the
// body is decoded into Go maps and encoded again with `json.Encoder`, indent "\t", HTML escaping
// off, so object keys come out sorted (Go sorts map keys bytewise), whatever order the API sent
// them in; empty objects and lists stay `{}` and `[]`; numbers keep their text; and Go's string
// escaping applies (U+2028 and U+2029 escaped, `<`, `>` and `&` not). The CLI prints the result
// with one newline.

function goString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const inner = `${indent}\t`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${encode(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const record = value as Readonly<Record<string, unknown>>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  const members = keys.map((key) => `${inner}${goString(key)}: ${encode(record[key], inner)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}

/** What `aliyun <product> <Action> …` prints for a response body. */
export function formatAliyunCliJson(body: unknown): string {
  return `${encode(body, '')}\n`;
}
