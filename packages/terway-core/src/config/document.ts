// Reading an eni-config file in the forms users have: the `eni-config` ConfigMap as YAML (what
// `kubectl get cm eni-config -n kube-system -o yaml` prints and what charts ship) or as JSON
// (`-o json`), and the bare `eni_conf` JSON the daemon mounts at /etc/eni/eni.json. Terway itself
// only ever sees the eni_conf string (the kubelet mounts each ConfigMap key as a file); this module
// finds that string and the CNI config beside it, and remembers where they sit in the file so
// errors inside eni_conf point at the right file line.
//
// A file may hold several ConfigMaps (YAML documents separated by `---`, or a `kind: List`):
// `readEniConfigDocuments` gives each, `readEniConfigFile` the one the daemon mounts.
//
// Gotcha: ConfigMap data values are strings. `eni_conf:` written as a YAML mapping (no `|`) is a
// ConfigMap the API server rejects and Terway never reads; it is reported as a shape error.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { isJsonObject, type JsonObject } from './merge-patch.js';
import { parseJsonText, type TextPosition } from './json-text.js';
import type { ConfigIssue } from './config-issue.js';

/** Where an embedded text starts in the file: line of its first content line and its indent. */
export interface EmbeddedOrigin {
  readonly firstLine: number;
  readonly indent: number;
}

export interface EmbeddedText {
  /** The ConfigMap data key (`eni_conf`, `10-terway.conf`, `10-terway.conflist`). */
  readonly key: string;
  readonly text: string;
  /** Set when the text is a YAML block scalar, so positions inside it map to file lines. */
  readonly origin: EmbeddedOrigin | undefined;
}

export interface EniConfigFile {
  readonly form: 'configmap' | 'eni_conf';
  readonly eniConf: EmbeddedText;
  /** `10-terway.conflist` when present (terway-cli prefers it), else `10-terway.conf`. */
  readonly cniConf: EmbeddedText | undefined;
  /** Every ConfigMap data key, as written (strings unless the file is malformed). */
  readonly data: { readonly [key: string]: unknown };
  /** The ConfigMap's metadata.name, when the file is a ConfigMap. */
  readonly name: string | undefined;
}

/** Maps a position inside an embedded text to the file, when the embedding is a block scalar. */
export function filePosition(embedded: EmbeddedText,
  position: TextPosition): TextPosition | undefined {
  if (embedded.origin === undefined) return undefined;
  return { line: embedded.origin.firstLine + position.line - 1,
    column: embedded.origin.indent + position.column };
}

const shapeHint =
  'expected the eni-config ConfigMap (kind: ConfigMap, data.eni_conf holding JSON) or the ' +
  'eni_conf JSON object';

/** One ConfigMap (or bare eni_conf) of a file, and where it sits when the file holds several. */
export interface EniConfigDocument {
  /** Undefined for a file of one document; else `document 2 (kube-system/eni-config)` or
   * `items[1] (…)`, so a diagnostic says which ConfigMap it is about. */
  readonly label: string | undefined;
  readonly file: Result<EniConfigFile, ConfigIssue[]>;
}

/**
 * Aliases a YAML eni-config may expand; a file that needs more is an alias bomb (a few lines that
 * expand to gigabytes), refused as a syntax error instead of exhausting the heap.
 */
const yamlAliasesMax = 100;

/**
 * Every ConfigMap of a file: one document, several YAML documents (`---`), or a `kind: List`
 * (what `kubectl get cm -o yaml` prints for more than one). Fails only when the file as a whole
 * cannot be read; a document that is not an eni-config fails on its own.
 */
export function readEniConfigDocuments(text: string): Result<EniConfigDocument[], ConfigIssue[]> {
  if (text.trimStart().startsWith('{')) return readJsonDocuments(text);
  return readYamlDocuments(text);
}

/**
 * Finds eni_conf (and the CNI config) in a file's text. A file of several ConfigMaps gives the
 * one the daemon mounts, kube-system/eni-config; without exactly one such, it is refused.
 */
export function readEniConfigFile(text: string): Result<EniConfigFile, ConfigIssue[]> {
  const documents = readEniConfigDocuments(text);
  if (!documents.ok) return documents;
  const [only] = documents.value;
  if (only !== undefined && documents.value.length === 1) return only.file;
  const named = documents.value.filter((document) => document.file.ok &&
    document.file.value.name === 'eni-config');
  if (named.length === 1) return named[0]!.file;
  return err([{ kind: 'shape', path: '(document)', message:
    `the file holds ${documents.value.length} documents ` +
    `(${documents.value.map((document) => document.label).join(', ')}) and ` +
    `${named.length === 0 ? 'none' : 'more than one'} is the ConfigMap eni-config the daemon ` +
    'mounts; give one ConfigMap, or name one eni-config' }]);
}

function readJsonDocuments(text: string): Result<EniConfigDocument[], ConfigIssue[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return err([{ kind: 'syntax', path: '(document)', message: `invalid JSON: ${message}`, line,
      column }]);
  }
  const value = parsed.value;
  if (isList(value)) return ok(listDocuments(value, 'items', () => undefined));
  return ok([{ label: undefined, file: readJsonValue(text, value) }]);
}

function readJsonValue(text: string, value: unknown): Result<EniConfigFile, ConfigIssue[]> {
  if (isJsonObject(value) && looksLikeConfigMap(value)) return fromConfigMap(value, undefined);
  if (!isJsonObject(value)) return err([{ kind: 'shape', path: '(document)', message:
    `the document is a JSON ${describeJson(value)}; ${shapeHint}` }]);
  return ok({ form: 'eni_conf', eniConf: { key: 'eni_conf', text, origin: { firstLine: 1,
    indent: 0 } }, cniConf: undefined, data: {}, name: undefined });
}

function looksLikeConfigMap(value: JsonObject): boolean {
  return value.kind === 'ConfigMap' || (isJsonObject(value.data) && ('apiVersion' in value ||
    'metadata' in value || 'kind' in value));
}

/** A Kubernetes List (`kind: List` or `…List`, with `items`). */
function isList(value: unknown): value is JsonObject & { items: unknown[] } {
  return isJsonObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') &&
    Array.isArray(value.items);
}

function describeJson(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** `document 2 (kube-system/eni-config)`: where a ConfigMap sits, for messages. */
function labelOf(where: string, value: unknown): string {
  if (!isJsonObject(value) || !isJsonObject(value.metadata)) return where;
  const { name, namespace } = value.metadata;
  if (typeof name !== 'string') return where;
  return `${where} (${typeof namespace === 'string' ? `${namespace}/` : ''}${name})`;
}

/** Each item of a List as its own document; items that are not ConfigMaps are refused alone. */
function listDocuments(list: { items: unknown[] }, where: string,
  originOf: (index: number) => OriginOf | undefined): EniConfigDocument[] {
  if (list.items.length === 0) {
    return [{ label: where, file: err([{ kind: 'shape', path: 'items', message:
      `the List holds no items; ${shapeHint}` }]) }];
  }
  return list.items.map((item, index) => {
    const label = labelOf(`${where}[${index}]`, item);
    if (isJsonObject(item) && looksLikeConfigMap(item)) {
      return { label, file: fromConfigMap(item, originOf(index)) };
    }
    const kind = isJsonObject(item) && typeof item.kind === 'string' ? `a ${item.kind}` :
      `a ${describeJson(item)}`;
    return { label, file: err([{ kind: 'shape', path: '(document)', message:
      `${label} is ${kind}, not a ConfigMap; ${shapeHint}` }]) };
  });
}

function readYamlDocuments(text: string): Result<EniConfigDocument[], ConfigIssue[]> {
  const lineCounter = new LineCounter();
  const parsedAll = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(parsedAll) ? parsedAll : [];
  const errors = list.flatMap((document) => document.errors);
  if (errors.length > 0) {
    return err(errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return { kind: 'syntax', path: '(document)', message:
        `invalid YAML: ${error.message.split('\n')[0]}`, line: position.line,
        column: position.col };
    }));
  }
  const values: { document: Document; value: unknown }[] = [];
  for (const document of list) {
    const value = yamlValue(document);
    if (!value.ok) return value;
    if (value.value !== null && value.value !== undefined) values.push({ document,
      value: value.value });
  }
  const origins = (document: Document, prefix: readonly (string | number)[]): OriginOf =>
    (key) => blockOrigin(document, lineCounter, text, [...prefix, 'data', key]);
  const [first] = values;
  if (first === undefined) return ok([{ label: undefined, file: readYamlValue(undefined,
    undefined) }]);
  if (values.length === 1) {
    if (isList(first.value)) return ok(listDocuments(first.value, 'items',
      (index) => origins(first.document, ['items', index])));
    return ok([{ label: undefined, file: readYamlValue(first.value, origins(first.document, [])) }]);
  }
  return ok(values.flatMap(({ document, value }, index) => {
    const where = `document ${index + 1}`;
    if (isList(value)) return listDocuments(value, `${where} items`,
      (item) => origins(document, ['items', item]));
    const file = isJsonObject(value) && looksLikeConfigMap(value) ? readYamlValue(value,
      origins(document, [])) : err<ConfigIssue[]>([{ kind: 'shape', path: '(document)', message:
      `${where} is ${isJsonObject(value) && typeof value.kind === 'string' ? `a ${value.kind}` :
        `a YAML ${describeJson(value)}`}, not a ConfigMap; ${shapeHint}` }]);
    return [{ label: labelOf(where, value), file }];
  }));
}

function yamlValue(document: Document): Result<unknown, ConfigIssue[]> {
  try {
    return ok(document.toJS({ maxAliasCount: yamlAliasesMax }));
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return err([{ kind: 'syntax', path: '(document)', message:
      `invalid YAML: the aliases (*name) expand beyond ${yamlAliasesMax} copies (an alias ` +
      'bomb?); write the values out' }]);
  }
}

function readYamlValue(value: unknown,
  originOf: OriginOf | undefined): Result<EniConfigFile, ConfigIssue[]> {
  if (!isJsonObject(value)) {
    return err([{ kind: 'shape', path: '(document)', message:
      `the document is ` +
      `${value === undefined || value === null ? 'empty' : `a YAML ${describeJson(value)}`}; ` +
      `${shapeHint}` }]);
  }
  if (!isJsonObject(value.data)) {
    const eniConfLike = ['vswitches', 'security_groups', 'max_pool_size', 'ip_stack']
      .some((key) => key in value);
    const hint = eniConfLike ?
      'this looks like eni_conf written as YAML, but Terway reads eni_conf as JSON: put it ' +
      'under data.eni_conf as a JSON string' : shapeHint;
    return err([{ kind: 'shape', path: 'data', message:
      `the ConfigMap has no data section; ${hint}` }]);
  }
  return fromConfigMap(value, originOf);
}

type OriginOf = (key: string) => EmbeddedOrigin | undefined;

function fromConfigMap(
  value: JsonObject, originOf: OriginOf | undefined,
): Result<EniConfigFile, ConfigIssue[]> {
  const data = isJsonObject(value.data) ? value.data : {};
  const eniConf = data.eni_conf;
  if (eniConf === undefined || eniConf === null || eniConf === '') {
    // Terway's own wording (types/daemon/dynamicconfig.go), typo included.
    return err([{ kind: 'shape', path: 'data.eni_conf', message:
      'terway configmap has no eni_conf filed: add data.eni_conf holding the eni_conf JSON' }]);
  }
  if (typeof eniConf !== 'string') {
    return err([{ kind: 'shape', path: 'data.eni_conf', message:
      'data.eni_conf must be a string holding JSON (in YAML write `eni_conf: |` and the JSON ' +
      'below it); ConfigMap data values are strings' }]);
  }
  const cniKey = typeof data['10-terway.conflist'] === 'string' ?
    '10-terway.conflist' : typeof data['10-terway.conf'] === 'string' ?
    '10-terway.conf' : undefined;
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  return ok({
    form: 'configmap',
    eniConf: { key: 'eni_conf', text: eniConf, origin: originOf?.('eni_conf') },
    cniConf: cniKey === undefined ? undefined : { key: cniKey, text: data[cniKey] as string,
      origin: originOf?.(cniKey) },
    data,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
  });
}

function blockOrigin(document: Document, lineCounter: LineCounter, text: string,
  path: readonly (string | number)[]): EmbeddedOrigin | undefined {
  const node = document.getIn(path, true);
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  const headerLine = lineCounter.linePos(node.range[0]).line;
  const lines = text.split('\n');
  for (let index = headerLine; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    return { firstLine: headerLine + 1, indent: line.length - line.trimStart().length };
  }
  return undefined;
}
