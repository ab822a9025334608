// Turning eni-config text into a TerwayConfig the way the daemon does at startup
// (daemon/builder.go LoadDynamicConfig): decode eni_conf, merge the node's dynamic config over it
// (RFC 7396), unmarshal into the Go struct, Populate(), Validate(). Every failure is a value that
// names the key and what is expected; the daemon's own error text is quoted where it has one.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { z } from 'zod';
import { eniConfGoType, eniConfKeys, eniConfSchema } from './eni-conf-schema.js';
import { populateTerwayConfig, type TerwayConfig } from './terway-config.js';
import { applyMergePatch, isJsonObject, type JsonObject } from './merge-patch.js';
import { parseJsonText } from './json-text.js';
import { filePosition, readEniConfigFile, type EmbeddedText,
  type EniConfigFile } from './document.js';
import { formatPath, goJsonTypeName, valueAt, type ConfigIssue,
  type PathSegment } from './config-issue.js';
import { parseCniConf, type CniConfig } from './cni-config.js';

export interface ParsedEniConf {
  /** The decoded document with Populate() applied. */
  readonly config: TerwayConfig;
  /** The eni_conf JSON object as written (after the merge), unknown keys included. */
  readonly raw: JsonObject;
  /** Top-level keys Terway does not read (it ignores them silently). */
  readonly unknownKeys: readonly string[];
}

export interface ParsedEniConfigFile {
  readonly file: EniConfigFile;
  readonly eniConf: ParsedEniConf;
  /** The CNI plugin's config, when the ConfigMap carries one. */
  readonly cni: CniConfig | undefined;
}

const root = 'eni_conf';

/** Decodes eni_conf text (JSON). Positions in issues are relative to `embedded` when given. */
export function parseEniConfText(text: string,
  embedded?: EmbeddedText): Result<JsonObject, ConfigIssue[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const inner = parsed.error;
    const mapped = embedded === undefined ? inner : filePosition(embedded, inner);
    const where = mapped === undefined ?
      ` (line ${inner.line}, column ${inner.column} of eni_conf)` : '';
    return err([{ kind: 'syntax', path: root, message:
      `eni_conf is not valid JSON: ${inner.message}${where}`, line: mapped?.line,
        column: mapped?.column }]);
  }
  if (!isJsonObject(parsed.value)) {
    const type = goJsonTypeName(parsed.value);
    return err([{ kind: 'shape', path: root, message:
      `eni_conf must be a JSON object ({...}); got ` +
      `${type === 'null' ? 'null' : `a JSON ${type}`} (Terway: "json: cannot unmarshal ${type} ` +
      `into Go value of type daemon.Config")` }]);
  }
  return ok(parsed.value);
}

/** Unmarshals a decoded eni_conf object into TerwayConfig (Go types enforced, Populate applied). */
export function decodeEniConf(raw: JsonObject): Result<ParsedEniConf, ConfigIssue[]> {
  const result = eniConfSchema.safeParse(raw);
  if (!result.success) return err(result.error.issues.map((issue) => typeIssue(raw, issue)));
  const known = new Set(eniConfKeys);
  return ok({
    config: populateTerwayConfig(result.data),
    raw,
    unknownKeys: Object.keys(raw).filter((key) => !known.has(key)).sort(),
  });
}

function typeIssue(raw: JsonObject, issue: z.core.$ZodIssue): ConfigIssue {
  const segments = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const key = String(segments[0] ?? '');
  const value = valueAt(raw, segments);
  const got = goJsonTypeName(value);
  const shown = got === 'number' || got === 'bool' || got === 'string' ?
    `${got} ${JSON.stringify(value)}` : got;
  const goType = segments.length === 1 ? eniConfGoType(key) : leafGoType(key, segments);
  const path = formatPath(root, segments);
  if (typeof value === 'number' && Number.isInteger(value) && /int/.test(goType)) {
    return { kind: 'type', path, message: hugeIntegerMessage(value, key, goType) };
  }
  const expected = issue.code === 'invalid_type' ? describeGoType(goType) : issue.message;
  const what = got === 'number' && /int/.test(goType) ? `number ${String(value)}` : got;
  return {
    kind: 'type',
    path,
    message:
      `expected ${expected}, got ${shown}; Terway would not start ("json: cannot unmarshal ` +
      `${what} into Go struct field Config.${key} of type ${goType}")`,
  };
}

/** Go's int is 64-bit: 2^63 and beyond overflow it. */
const goIntMax = 2 ** 63;

/**
 * An integer too large to hold exactly (beyond 2^53 − 1). Beyond Go's int64 Terway refuses it;
 * below, Terway would take it but no setting means anything that large, and this model cannot
 * hold it exactly, so it is refused with what to write instead.
 */
function hugeIntegerMessage(value: number, key: string, goType: string): string {
  const expected = `expected an integer of at most ${Number.MAX_SAFE_INTEGER} in magnitude`;
  if (Math.abs(value) >= goIntMax) {
    return `${expected}, got ${String(value)}, which overflows Go's 64-bit int; Terway would ` +
      `not start ("json: cannot unmarshal number ${String(value)} into Go struct field ` +
      `Config.${key} of type ${goType}")`;
  }
  return `${expected}, got ${String(value)}: no setting is meaningful this large (Terway would ` +
    'take it; this model cannot hold it exactly); write a realistic value';
}

function describeGoType(goType: string): string {
  const bare = goType.replace(/^\*/, '');
  if (bare.startsWith('int')) return 'an integer';
  if (bare.startsWith('float')) return 'a number';
  if (bare === 'bool') return 'true or false';
  if (bare === 'string') return 'a string';
  if (bare === '[]string') return 'an array of strings';
  if (bare.startsWith('[]')) return 'an array of objects';
  if (bare === 'map[string][]string') return 'an object of string arrays';
  if (bare === 'map[string]string') return 'an object of strings';
  if (bare === 'map[string]int') return 'an object of integers';
  return 'an object';
}

function leafGoType(key: string, segments: readonly PathSegment[]): string {
  const goType = eniConfGoType(key);
  const depth = segments.length;
  if (key === 'backoff_override') {
    if (depth === 2) return 'ExtendedBackoff';
    return segments[2] === 'Factor' || segments[2] === 'Jitter' ? 'float64' : 'int64';
  }
  if (goType === 'map[string][]string') return depth === 2 ? '[]string' : 'string';
  if (goType.startsWith('map[string]')) return goType.slice('map[string]'.length);
  if (goType === '[]string') return 'string';
  return depth === 2 ? 'struct' : 'string';
}

/**
 * The daemon's view: base eni_conf with the node's dynamic eni_conf merged over it. An empty or
 * absent node document leaves the base unchanged (Terway: no top config, base as is).
 */
export function mergeEniConf(base: JsonObject, node: JsonObject | undefined): JsonObject {
  if (node === undefined) return base;
  return applyMergePatch(base, node) as JsonObject;
}

/** Decodes eni_conf JSON text, merges an optional node document, unmarshals and populates. */
export function parseEniConf(text: string, options: {
  nodeEniConf?: string | undefined } = {}): Result<ParsedEniConf, ConfigIssue[]> {
  const base = parseEniConfText(text);
  if (!base.ok) return base;
  let node: JsonObject | undefined;
  if (options.nodeEniConf !== undefined && options.nodeEniConf.trim() !== '') {
    const parsed = parseEniConfText(options.nodeEniConf);
    if (!parsed.ok) return err(parsed.error.map((issue) => ({ ...issue,
      path: `node ${issue.path}` })));
    node = parsed.value;
  }
  return decodeEniConf(mergeEniConf(base.value, node));
}

/** Reads a whole eni-config file (ConfigMap YAML/JSON or bare eni_conf JSON). */
export function parseEniConfigFile(text: string, options: {
  nodeEniConf?: string | undefined } = {}): Result<ParsedEniConfigFile, ConfigIssue[]> {
  const file = readEniConfigFile(text);
  if (!file.ok) return file;
  const base = parseEniConfText(file.value.eniConf.text, file.value.eniConf);
  if (!base.ok) return base;
  let merged = base.value;
  if (options.nodeEniConf !== undefined && options.nodeEniConf.trim() !== '') {
    const node = parseEniConfText(options.nodeEniConf);
    if (!node.ok) return err(node.error.map((issue) => ({ ...issue, path: `node ${issue.path}` })));
    merged = mergeEniConf(merged, node.value);
  }
  const decoded = decodeEniConf(merged);
  const cni = file.value.cniConf === undefined ? ok(undefined) : parseCniConf(
    file.value.cniConf.text, { key: file.value.cniConf.key });
  const issues = [...(decoded.ok ? [] : decoded.error), ...(cni.ok ? [] : cni.error)];
  if (!decoded.ok || !cni.ok) return err(issues);
  return ok({ file: file.value, eniConf: decoded.value, cni: cni.value });
}
