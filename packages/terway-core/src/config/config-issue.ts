// Why a configuration could not be read, as a value: which key (a path from the document root,
// e.g. `eni_conf.vswitches.cn-hangzhou-a[0]`), what is wrong and what is expected, and where in the
// file when the reader knows. `validate` turns these into diagnostics; the daemon model turns them
// into its startup failure.

export type ConfigIssueKind =
  /** The text is not JSON / YAML. */
  | 'syntax'
  /** The document is readable but not an eni-config (no eni_conf, wrong top-level type). */
  | 'shape'
  /** A key holds a value of the wrong JSON type for the Go field (Terway refuses to start). */
  | 'type'
  /** A value Terway rejects when it uses it (unparsable duration, unsupported ip_stack, …). */
  | 'value';

export interface ConfigIssue {
  readonly kind: ConfigIssueKind;
  readonly path: string;
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number | undefined;
  /** 1-based column in the file, when known. */
  readonly column?: number | undefined;
}

export type PathSegment = string | number;

/** `root` followed by `.key`, `["odd key"]` or `[index]` segments. */
export function formatPath(root: string, segments: readonly PathSegment[]): string {
  let path = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (/^[A-Za-z0-9_-]+$/.test(segment)) {
      path += path === '' ? segment : `.${segment}`;
    } else {
      path += `[${JSON.stringify(segment)}]`;
    }
  }
  return path;
}

/** The JSON type name Go's encoding/json uses in its errors. */
export function goJsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** Reads the value at a path of segments, or undefined. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
