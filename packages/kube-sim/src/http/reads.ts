// The read side of the face: get, list (label and field selectors, `limit`/`continue` pages) and
// watch (a chunked stream of WatchEvent JSON lines), each as a plain object or as a metav1.Table
// when the client asked for one. Everything is read from the object store at the current sim
// instant; ages in tables are measured on the sim clock.
//
// A watch without a resourceVersion (or with "0") starts with an ADDED event per existing
// object, as the API server's watch cache does; one with a version replays the changes after
// it, or answers an ERROR event with a 410 Expired Status when the cache no longer reaches back
// that far. The stream stays open until the client goes (timeoutSeconds is not honoured:
// docs/differences.md).

import type { Clock } from '@terway-sim/sim-base';
import { objectKey, type ObjectStore } from '../store/object-store.js';
import type { Change } from '../store/watch-history.js';
import type { KubeObject } from '../store/resources.js';
import { statusFailure, type StatusFailure } from '../store/status.js';
import { printerFor } from '../printers/printers.js';
import { buildTable } from '../printers/table.js';
import {
  decodeContinue, encodeContinue, type ListQuery, type Target,
} from './request.js';
import { listObject, plain, statusObject, toJson, typed } from './wire.js';

export interface Answer {
  readonly code: number;
  readonly body: unknown;
}

export interface ReadDeps {
  readonly store: ObjectStore;
  readonly clock: Clock;
}

export function failure(status: StatusFailure, target?: Target): Answer {
  return { code: status.code, body: statusObject(status, target?.name === undefined ? undefined
    : { name: target.name, ...(target.info.group === '' ? {} : { group: target.info.group }),
      kind: target.info.plural }) };
}

export function notFound(target: Target & { name: string }): Answer {
  const qualified = target.info.group === '' ? target.info.plural
    : `${target.info.plural}.${target.info.group}`;
  return failure(statusFailure('NotFound', `${qualified} "${target.name}" not found`), target);
}

export function getObject(deps: ReadDeps, target: Target & { name: string },
  table: boolean): Answer {
  const object = deps.store.get(target.info.id, objectKey(target.namespace, target.name));
  if (object === undefined) return notFound(target);
  if (!table) return { code: 200, body: plain(typed(target.info, object)) };
  return { code: 200, body: plain(buildTable(printerFor(target.info), [object], {
    nowMs: deps.clock.wallMs(), resourceVersion: String(deps.store.resourceVersion),
    encode: (item) => typed(target.info, item) })) };
}

export function listObjects(deps: ReadDeps, target: Target, query: ListQuery,
  table: boolean): Answer {
  let afterKey: string | undefined;
  if (query.continueToken !== undefined) {
    const after = decodeContinue(query.continueToken);
    if (!after.ok) return failure(after.error);
    afterKey = after.value;
  }
  const listed = deps.store.listPage(target.info.id, { namespace: target.namespace,
    labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, afterKey,
    limit: query.limit === 0 ? undefined : query.limit });
  if (!listed.ok) return failure(listed.error);
  const { items, more, remaining } = listed.value;
  const continueToken = more ? encodeContinue(keyOf(items[items.length - 1]!)) : undefined;
  const resourceVersion = String(listed.value.resourceVersion);
  if (table) {
    // The face's send writes Dates as RFC 3339 seconds: no plain copy needed on the way.
    return { code: 200, body: buildTable(printerFor(target.info), items, {
      nowMs: deps.clock.wallMs(), resourceVersion, includeObject: query.includeObject,
      ...(continueToken === undefined ? {} : { continueToken }),
      encode: (item) => typed(target.info, item) }) };
  }
  return { code: 200, body: listObject(target.info, items, { resourceVersion,
    ...(continueToken === undefined ? {} : { continue: continueToken,
      ...(remaining === undefined ? {} : { remainingItemCount: remaining }) }) }) };
}

function keyOf(object: KubeObject): string {
  return objectKey(object.metadata?.namespace, object.metadata?.name ?? '');
}

/** Where a watch writes its events; `end` closes the stream. */
export interface WatchSink {
  write(line: string): void;
  end(): void;
}

/**
 * Starts a watch and returns how to stop it. Events are written synchronously from inside the
 * store's writes, in order.
 */
export function startWatch(deps: ReadDeps, target: Target, query: ListQuery, table: boolean,
  sink: WatchSink): () => void {
  const { info } = target;
  let first = true;
  const send = (type: string, object: KubeObject): void => {
    const encoded = table ? buildTable(printerFor(info), [object], {
      nowMs: deps.clock.wallMs(), includeObject: query.includeObject, noColumns: !first,
      encode: (item) => typed(info, item) }) : typed(info, object);
    first = false;
    sink.write(`${toJson({ type, object: encoded })}\n`);
  };
  const options = { namespace: target.namespace, labelSelector: query.labelSelector,
    fieldSelector: query.fieldSelector };
  const fromVersion = query.resourceVersion === undefined || query.resourceVersion === '0'
    || query.resourceVersion === '' ? undefined : Number(query.resourceVersion);
  if (fromVersion !== undefined && !Number.isInteger(fromVersion)) {
    sink.write(`${toJson({ type: 'ERROR', object: statusObject(statusFailure('BadRequest',
      `resourceVersion: Invalid value: "${query.resourceVersion}": must be an integer`)) })}\n`);
    sink.end();
    return () => undefined;
  }
  if (fromVersion === undefined) {
    const listed = deps.store.list(info.id, options);
    if (listed.ok) listed.value.items.forEach((item) => send('ADDED', item));
  }
  const watched = deps.store.watch(info.id, (change: Change) => send(change.type, change.object),
    { ...options, resourceVersion: fromVersion });
  if (!watched.ok) {
    sink.write(`${toJson({ type: 'ERROR', object: statusObject(watched.error) })}\n`);
    sink.end();
    return () => undefined;
  }
  return watched.value;
}
