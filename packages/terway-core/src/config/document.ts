// Reading an eni-config file in the forms users have: the `eni-config` ConfigMap as YAML (what
// `kubectl get cm eni-config -n kube-system -o yaml` prints and what charts ship) or as JSON
// (`-o json`), and the bare `eni_conf` JSON the daemon mounts at /etc/eni/eni.json. Terway itself
// only ever sees the eni_conf string (the kubelet mounts each ConfigMap key as a file); this module
// finds that string and the CNI config beside it, and remembers where they sit in the file so
// errors inside eni_conf point at the right file line.
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

/** Finds eni_conf (and the CNI config) in a file's text. */
export function readEniConfigFile(text: string): Result<EniConfigFile, ConfigIssue[]> {
  if (text.trimStart().startsWith('{')) return readJsonFile(text);
  return readYamlFile(text);
}

function readJsonFile(text: string): Result<EniConfigFile, ConfigIssue[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return err([{ kind: 'syntax', path: '(document)', message: `invalid JSON: ${message}`, line,
      column }]);
  }
  const value = parsed.value;
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

function describeJson(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function readYamlFile(text: string): Result<EniConfigFile, ConfigIssue[]> {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  const errors = list.flatMap((document) => document.errors);
  if (errors.length > 0) {
    return err(errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return { kind: 'syntax', path: '(document)', message:
        `invalid YAML: ${error.message}`, line: position.line, column: position.col };
    }));
  }
  const hasData = (document: Document) => {
    const js: unknown = document.toJS();
    return isJsonObject(js) && isJsonObject(js.data);
  };
  const chosen = list.find(hasData) ?? list[0];
  const value: unknown = chosen?.toJS();
  if (chosen === undefined || !isJsonObject(value)) {
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
  return fromConfigMap(value, (key) => blockOrigin(chosen, lineCounter, text, key));
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
  key: string): EmbeddedOrigin | undefined {
  const node = document.getIn(['data', key], true);
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
