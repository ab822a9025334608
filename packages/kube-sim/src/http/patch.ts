// The patch formats kubectl sends (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
// - JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, anything else
//   replaces;
// - strategic merge patch, for the built-in kinds: the same as a merge patch for the maps this
//   face lets a client change (labels, annotations, a ConfigMap's data). `$setElementOrder/…`
//   and `$retainKeys` only order or prune lists, which these writes never touch, and are
//   dropped; other directives (`$patch`, `$deleteFromPrimitiveList/…`) are refused;
// - JSON patch (RFC 6902): add, remove, replace and test, on JSON pointers.
// Server-side apply (`application/apply-patch+yaml`) is refused as an unsupported media type.

import { err, ok, type JsonValue, type Result } from '@terway-sim/sim-base';
import { statusFailure, type StatusFailure } from '../store/status.js';

export type PatchType = 'merge' | 'strategic' | 'json';

const patchTypes: Readonly<Record<string, PatchType>> = {
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

export function patchTypeOf(contentType: string | undefined): Result<PatchType, StatusFailure> {
  const type = (contentType ?? '').split(';')[0]!.trim();
  const known = patchTypes[type];
  if (known !== undefined) return ok(known);
  return err(statusFailure('UnsupportedMediaType', `the body of the request was in an ` +
    `unknown format - accepted media types include: ${Object.keys(patchTypes).join(', ')} ` +
    '(terway-sim does not serve server-side apply)'));
}

type Json = JsonValue;
type JsonObject = { [key: string]: Json | undefined };

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/** A strategic merge patch without its list directives, or the directive it cannot honour. */
function stripDirectives(patch: Json): Result<Json, string> {
  if (Array.isArray(patch)) {
    const items: Json[] = [];
    for (const item of patch) {
      const stripped = stripDirectives(item);
      if (!stripped.ok) return stripped;
      items.push(stripped.value);
    }
    return ok(items);
  }
  if (!isObject(patch)) return ok(patch);
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/') || key === '$retainKeys') continue;
    if (key.startsWith('$')) return err(key);
    const stripped = stripDirectives(value ?? null);
    if (!stripped.ok) return stripped;
    result[key] = stripped.value;
  }
  return ok(result);
}

export function applyPatch(type: PatchType, target: Json,
  patch: Json): Result<Json, StatusFailure> {
  if (type === 'json') return jsonPatch(target, patch);
  if (!isObject(patch)) {
    return err(statusFailure('BadRequest', 'the patch is not a JSON object'));
  }
  if (type === 'merge') return ok(mergePatch(target, patch));
  const stripped = stripDirectives(patch);
  if (!stripped.ok) {
    return err(statusFailure('BadRequest', `strategic merge patch directive ${stripped.error} ` +
      'is not supported by terway-sim (use a JSON merge patch)'));
  }
  return ok(mergePatch(target, stripped.value));
}

function pointer(path: string): string[] {
  return path.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatch(target: Json, patch: Json): Result<Json, StatusFailure> {
  if (!Array.isArray(patch)) {
    return err(statusFailure('BadRequest', 'a JSON patch is a list of operations'));
  }
  let document = structuredClone(target);
  for (const operation of patch) {
    if (!isObject(operation) || typeof operation['path'] !== 'string') {
      return err(statusFailure('BadRequest', 'a JSON patch operation needs op and path'));
    }
    const applied = jsonPatchStep(document, String(operation['op']), pointer(operation['path']),
      operation['value'] ?? null);
    if (!applied.ok) return err(statusFailure('BadRequest', applied.error));
    document = applied.value;
  }
  return ok(document);
}

function jsonPatchStep(document: Json, op: string, path: string[],
  value: Json): Result<Json, string> {
  if (path.length === 0) return op === 'test' ? ok(document) : ok(value);
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  let parent: Json = document;
  for (const part of parentPath) {
    parent = Array.isArray(parent) ? parent[Number(part)] ?? null
      : isObject(parent) ? parent[part] ?? null : null;
  }
  if (!isObject(parent) && !Array.isArray(parent)) {
    return err(`path /${path.join('/')} does not exist`);
  }
  const container = parent as JsonObject & Json[];
  const index = Array.isArray(parent) ? (last === '-' ? parent.length : Number(last)) : -1;
  switch (op) {
    case 'add':
      if (Array.isArray(parent)) parent.splice(index, 0, value);
      else container[last] = value;
      return ok(document);
    case 'replace':
      if (Array.isArray(parent)) parent[index] = value;
      else container[last] = value;
      return ok(document);
    case 'remove':
      if (Array.isArray(parent)) parent.splice(index, 1);
      else delete container[last];
      return ok(document);
    case 'test':
      return JSON.stringify(Array.isArray(parent) ? parent[index] : container[last])
        === JSON.stringify(value) ? ok(document) : err(`test of /${path.join('/')} failed`);
    default:
      return err(`JSON patch operation "${op}" is not supported`);
  }
}
