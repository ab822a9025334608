// Canonical JSON: object keys sorted, no whitespace, `undefined` fields dropped. Two equal values
// always serialize to the same bytes, which is what makes a log digest a fingerprint.
//
// Speed matters (every event of a run goes through here): objects of one shape (the same keys in
// the same order, as events of one kind are) share a cached sorted key order.

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** A shape's keys in sorted order, each with its JSON text (`"key":`). */
type SortedShape = ReadonlyArray<readonly [key: string, prefix: string]>;

const sortedKeysByShape = new Map<string, SortedShape>();
const shapeCacheMax = 10_000;

function sortedKeys(keys: readonly string[]): SortedShape {
  const shape = keys.join('\u0000');
  let sorted = sortedKeysByShape.get(shape);
  if (sorted === undefined) {
    sorted = [...keys].sort().map((key) => [key, `${JSON.stringify(key)}:`] as const);
    if (sortedKeysByShape.size < shapeCacheMax) sortedKeysByShape.set(shape, sorted);
  }
  return sorted;
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`canonicalJson: ${value} is not representable`);
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return value === undefined ? 'null' : scalar(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      const item: unknown = value[index];
      text += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${text}]`;
  }
  return objectJson(value as Record<string, unknown>, Object.keys(value));
}

/** An object's canonical text, given its keys (callers may add keys the object lacks). */
function objectJson(record: Record<string, unknown>, keys: readonly string[]): string {
  let text = '{';
  let first = true;
  for (const [key, prefix] of sortedKeys(keys)) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${prefix}${canonicalJson(item)}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * The canonical line of an event: its fields plus `kind` and `t`, without building a merged
 * object (the log's hot path). Fields named `kind` or `t` are overridden, as a spread would.
 */
export function canonicalEventJson(
  fields: Readonly<Record<string, unknown>>,
  kind: string,
  t: number,
): string {
  const keys = Object.keys(fields);
  if (!('kind' in fields)) keys.push('kind');
  if (!('t' in fields)) keys.push('t');
  let text = '{';
  let first = true;
  for (const [key, prefix] of sortedKeys(keys)) {
    const item = key === 'kind' ? kind : key === 't' ? t : fields[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${prefix}${canonicalJson(item)}`;
    first = false;
  }
  return `${text}}`;
}
