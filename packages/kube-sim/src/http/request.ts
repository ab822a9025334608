// Reading a Kubernetes REST request: which resource, namespace, name and subresource a path
// names (`/api/v1/namespaces/default/pods/web-0`, `/apis/apps/v1/deployments`,
// `/apis/apps/v1/namespaces/default/deployments/web/scale`), the list options in its query, and
// whether the client asked for a Table. Bad input is a Status failure naming what is wrong.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { parseFieldSelector, type FieldSelector } from '../store/field-selector.js';
import { parseLabelSelector, type LabelSelector } from '../store/label-selector.js';
import type { ObjectStore } from '../store/object-store.js';
import { apiVersionOf, type ResourceInfo } from '../store/resources.js';
import { statusFailure, type StatusFailure } from '../store/status.js';
import type { IncludeObject } from '../printers/table.js';

export interface Target {
  readonly info: ResourceInfo;
  /** Set for namespaced requests (`/namespaces/<ns>/…`). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

export const notFoundPath = statusFailure('NotFound',
  'the server could not find the requested resource');

/** Resolves `segments` (the path after `/api/v1` or `/apis/<group>/<version>`). */
export function resolveTarget(store: ObjectStore, groupVersion: string,
  segments: readonly string[]): Result<Target, StatusFailure> {
  let namespace: string | undefined;
  let rest = segments;
  if (segments[0] === 'namespaces' && segments.length >= 3) {
    namespace = segments[1];
    rest = segments.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const info = store.resources().find((candidate) => candidate.plural === plural
    && apiVersionOf(candidate) === groupVersion);
  if (info === undefined || extra.length > 0 || (namespace !== undefined && !info.namespaced)) {
    return err(notFoundPath);
  }
  return ok({ info, namespace, name, subresource });
}

export interface ListQuery {
  readonly labelSelector: LabelSelector | undefined;
  readonly fieldSelector: FieldSelector | undefined;
  readonly limit: number | undefined;
  readonly continueToken: string | undefined;
  readonly watch: boolean;
  readonly resourceVersion: string | undefined;
  readonly includeObject: IncludeObject;
}

type Query = Readonly<Record<string, string | undefined>>;

export function parseListQuery(query: Query): Result<ListQuery, StatusFailure> {
  const labels = query['labelSelector'] === undefined ? ok(undefined)
    : parseLabelSelector(query['labelSelector']);
  if (!labels.ok) return err(statusFailure('BadRequest', `labelSelector: ${labels.error}`));
  const fields = query['fieldSelector'] === undefined ? ok(undefined)
    : parseFieldSelector(query['fieldSelector']);
  if (!fields.ok) return err(statusFailure('BadRequest', `fieldSelector: ${fields.error}`));
  const limitText = query['limit'];
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    return err(statusFailure('BadRequest',
      `limit: Invalid value: "${limitText}": must be a non-negative integer`));
  }
  const include = query['includeObject'] ?? 'Metadata';
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
    return err(statusFailure('BadRequest',
      `includeObject: Unsupported value: "${include}": supported values: "None", "Metadata", ` +
      '"Object"'));
  }
  return ok({ labelSelector: labels.value, fieldSelector: fields.value,
    limit: limit === 0 ? undefined : limit, continueToken: query['continue'],
    watch: query['watch'] === 'true' || query['watch'] === '1',
    resourceVersion: query['resourceVersion'], includeObject: include });
}

/** Whether the Accept header asks for a metav1.Table (before any other form it accepts). */
export function wantsTable(accept: string | undefined): boolean {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((param) => param.trim());
    if (params.includes('as=Table')) return true;
    if (params[0] === 'application/json' || params[0] === '*/*') return false;
  }
  return false;
}

/** A continue token: the last key a page ended at, as base64 JSON. */
export function encodeContinue(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey })).toString('base64');
}

export function decodeContinue(token: string): Result<string, StatusFailure> {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as
      { after?: unknown };
    if (typeof decoded.after === 'string') return ok(decoded.after);
  } catch {
    // Falls through to the refusal below.
  }
  return err(statusFailure('BadRequest', `continue: Invalid value: "${token}": ` +
    'the continue token is not one this server gave out'));
}
