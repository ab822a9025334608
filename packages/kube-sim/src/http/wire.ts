// How objects go on the wire, as the API server's JSON serializer writes them: timestamps as
// RFC 3339 with whole seconds (metav1.Time), a Status object for every refusal
// (k8s.io/apimachinery pkg/apis/meta/v1 Status: kind, apiVersion, status Failure, message,
// reason, details, code), lists with their resourceVersion and continue token, and watch events
// as one JSON document per line.

import { isoSeconds } from '@terway-sim/sim-base';
import type { KubeObject, ResourceInfo } from '../store/resources.js';
import { apiVersionOf } from '../store/resources.js';
import type { StatusFailure } from '../store/status.js';

/** JSON text with Dates as RFC 3339 seconds. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, encoded) {
    const raw = this[key];
    return raw instanceof Date ? isoSeconds(raw.getTime()) : encoded as unknown;
  });
}

/** A plain JSON copy (Dates as text), for embedding in other documents. */
export function plain(value: unknown): unknown {
  return JSON.parse(toJson(value)) as unknown;
}

/** The object with the apiVersion and kind of its resource, as a single GET returns it. */
export function typed(info: ResourceInfo, object: KubeObject): KubeObject {
  return { ...object, apiVersion: apiVersionOf(info), kind: info.kind };
}

/** An item of a built-in list carries no apiVersion/kind (the list says them); a CR's does. */
export function listItem(info: ResourceInfo, object: KubeObject): KubeObject {
  if (info.timestamps === 'rfc3339') return typed(info, object);
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
}

export function statusObject(failure: StatusFailure, details?: StatusDetails): unknown {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: failure.message, reason: failure.reason,
    ...(details === undefined ? {} : { details }), code: failure.code,
  };
}

export function listObject(info: ResourceInfo, items: readonly KubeObject[],
  meta: { readonly resourceVersion: string; readonly continue?: string;
    readonly remainingItemCount?: number }): unknown {
  return {
    kind: `${info.kind}List`, apiVersion: apiVersionOf(info),
    metadata: meta, items: items.map((item) => listItem(info, item)),
  };
}
