// Parameter schemas for the RPC actions (zod), and the mapping of a failed parse to the cloud's
// refusal: a required parameter that is absent is `Missing<Param>` ("<Param> is mandatory for
// this action."), anything else that fails is `InvalidParameter` naming the parameter (with its
// wire path, e.g. `Tag.2.Key`) and what is expected.
//
// Values arrive as text from the HTTP face and as numbers/booleans/arrays from in-process
// callers; the helpers accept both and coerce text strictly ("abc" is not a number, "yes" is not a
// boolean, "1.5" is not an integer). Unknown parameters are ignored, as the cloud ignores them.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { invalidParameter, missingParameter, type ApiError } from '../errors/catalog.js';

const stringMax = 1024;

function toText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function toInteger(value: unknown): unknown {
  if (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim()))
    return Number(value.trim());
  return value;
}

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}

function toList(value: unknown): unknown {
  if (value === undefined || Array.isArray(value)) return value;
  return [value];
}

function toJsonList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed;
  } catch {
    return value;
  }
}

export const param = {
  /** Text of `min`–`max` characters. */
  str(options: { min?: number; max?: number } = {}) {
    return z.preprocess(toText, z.string().min(options.min ?? 0).max(options.max ?? stringMax));
  },
  /** One of the listed values. */
  oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.preprocess(toText, z.enum(values));
  },
  int(min: number, max: number) {
    return z.preprocess(toInteger, z.number().int().min(min).max(max));
  },
  bool() {
    return z.preprocess(toBoolean, z.boolean());
  },
  /** `Name.N` list of `min`–`max` items. */
  list<T extends z.ZodType>(item: T, options: { min?: number; max: number }) {
    return z.preprocess(toList, z.array(item).min(options.min ?? 0).max(options.max));
  },
  /** A list the SDK sends as one JSON array string (`InstanceIds='["i-1"]'`). */
  jsonList<T extends z.ZodType>(item: T, max: number) {
    return z.preprocess(toJsonList, z.array(item).max(max));
  },
  /** `Tag.N.Key` / `Tag.N.Value`, at most 20 (the ECS `…RequestTag` models' remarks). */
  tags() {
    return param.list(z.object({ Key: param.str({ min: 1, max: 128 }),
      Value: param.str({ max: 256 }).optional() }), { max: 20 });
  },
};

/** The wire name of a parameter path: list indexes are 1-based (`Tag.1.Key`). */
export function wirePath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => (typeof segment === 'number' ? String(segment + 1) : String(segment)))
    .join('.');
}

function valueAt(params: unknown, path: readonly PropertyKey[]): unknown {
  let node = params;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment as string];
  }
  return node;
}

/** Parses `params` with `schema`; the first problem becomes the cloud's refusal. */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown): Result<T, ApiError> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const name = wirePath(issue.path);
  const raw = valueAt(params, issue.path);
  if (raw === undefined || raw === '') return err(missingParameter(name));
  return err(invalidParameter(name, issue.message));
}
