// The simulated API server's storage (what etcd and the generic registry give a real one): every
// object of every served resource, one cluster-wide resourceVersion counter, optimistic
// concurrency, two-step deletion, label and field selectors, watches that replay from a
// resourceVersion, admission hooks and checkpoints.
//
// Semantics modelled (k8s.io/apiserver pkg/registry/generic/registry/store.go):
// - create fills uid, resourceVersion and creationTimestamp and refuses an existing name;
// - update replaces the object; when the caller's metadata.resourceVersion is set and stale the
//   update is a `409 Conflict`; `patch` applies an immer recipe to the stored object without a
//   precondition (a merge patch);
// - delete with a grace period, or of an object with finalizers, only sets deletionTimestamp
//   (now + grace) and deletionGracePeriodSeconds; the object goes when a delete with grace 0 comes
//   and no finalizer is left, or when an update removes the last finalizer of a deleting object;
// - every write bumps the one counter; list answers with the current counter; items come in key
//   order (namespace/name), as etcd lists them;
// - for resources that track it (Deployments, StatefulSets), metadata.generation starts at 1 and
//   goes up by one with each write that changes `spec`, whatever the writer put there.
// Objects are immutable: writes store new objects (immer shares the untouched parts), readers
// get the stored objects themselves and must not change them (they are frozen where immer made
// them). Collections are persistent maps, so a checkpoint costs O(number of resources).
//
// Listeners: `onChange` recorders run first (the event log), then each resource's watchers in
// registration order, synchronously inside the write. A watcher that wants to act schedules
// work on the sim clock, as an informer's handler queues a key.

import { Immer, freeze, type Draft } from 'immer';
import {
  PersistentMap, assert, dateAt, err, isoSeconds, ok, type Clock, type Result,
} from '@terway-sim/sim-base';
import {
  checkFields, fieldsMatch, pinnedValue, type FieldExtractors, type FieldSelector,
} from './field-selector.js';
import { labelsMatch, type LabelSelector } from './label-selector.js';
import {
  builtinResources, type KubeObject, type ResourceInfo, type StoredMeta,
} from './resources.js';
import { statusFailure, type StatusFailure } from './status.js';
import { UidCounters } from './uids.js';
import { WatchHistory, type Change, type WatchType } from './watch-history.js';

export type { Change, WatchType } from './watch-history.js';

export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: LabelSelector | undefined;
  readonly fieldSelector?: FieldSelector | undefined;
}

/** A page of a list: the keys after `afterKey` (a continue token's), at most `limit` items. */
export interface PageOptions extends ListOptions {
  readonly afterKey?: string | undefined;
  readonly limit?: number | undefined;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly resourceVersion: number;
  /** Whether more objects match after the page. */
  readonly more: boolean;
  /** How many match after the page, where it is cheap to know (no selectors), as the API says. */
  readonly remaining: number | undefined;
}

export interface WatchOptions extends ListOptions {
  /** Replay the changes after this version first (from the watch cache). */
  readonly resourceVersion?: number | undefined;
}

export type Watcher<T extends KubeObject> = (change: Change<T>) => void;
export type ChangeRecorder = (resource: ResourceInfo, change: Change) => void;

export type AdmissionVerdict<T> = { readonly object: T } | { readonly denied: string };
/** A mutating admission hook for creates of one resource (webhooks run in registration order). */
export type Admission<T extends KubeObject> = (object: T) => AdmissionVerdict<T>;

export interface DeleteOptions {
  /** Seconds until the object may go; 0 (the default) removes it unless finalizers remain. */
  readonly gracePeriodSeconds?: number | undefined;
}

export interface ObjectStoreOptions {
  /** Changes kept per resource for watches from a resourceVersion (default 10,000). */
  readonly historyMax?: number;
  /** Resources served besides the built-in ones (custom resources). */
  readonly resources?: readonly ResourceInfo[];
}

/** An immutable copy of the store's contents at one version; restore with `fromCheckpoint`. */
export interface StoreCheckpoint {
  readonly resourceVersion: number;
  readonly resources: readonly ResourceInfo[];
  readonly objects: ReadonlyMap<string, PersistentMap<KubeObject>>;
  readonly uids: ReadonlyMap<string, number>;
  readonly histories: ReadonlyMap<string, WatchHistory>;
}

/**
 * Contents that load each resource's objects when the store first reads them: a view of a kept
 * checkpoint decodes only the resources its command touches.
 */
export interface LazyStoreContents {
  readonly resourceVersion: number;
  readonly resources: readonly ResourceInfo[];
  readonly load: (resource: string) => PersistentMap<KubeObject>;
}

interface Index {
  readonly keyOf: (object: KubeObject) => string | undefined;
  readonly keys: Map<string, Set<string>>;
}

interface Table {
  readonly info: ResourceInfo;
  objects: PersistentMap<KubeObject>;
  sortedKeys: string[] | undefined;
  readonly history: WatchHistory;
  readonly watchers: Array<{
    readonly watcher: Watcher<KubeObject>;
    readonly options: ListOptions;
  }>;
  readonly admissions: Array<Admission<KubeObject>>;
  readonly indexes: Map<string, Index>;
}

const baseFields: FieldExtractors<KubeObject> = {
  'metadata.name': (object) => object.metadata?.name ?? '',
  'metadata.namespace': (object) => object.metadata?.namespace ?? '',
};

/** The index of the first key after `key` in sorted `keys`. */
function firstAfter(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (keys[middle]! <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where `namespace`'s keys end in sorted `keys`, from `from` on (all keys: the end). */
function namespaceEnd(keys: readonly string[], namespace: string | undefined,
  from: number): number {
  if (namespace === undefined) return keys.length;
  // Every `namespace/name` key sorts below `namespace/` followed by the highest code unit.
  return Math.max(from, firstAfter(keys, `${namespace}/\uffff`));
}

/** `namespace/name` for namespaced objects, `name` otherwise. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

export class ObjectStore {
  private readonly tables = new Map<string, Table>();
  private readonly recorders: ChangeRecorder[] = [];
  private readonly immer = new Immer({ autoFreeze: true });
  private readonly uids: UidCounters;
  private version: number;

  constructor(private readonly clock: Clock, private readonly options: ObjectStoreOptions = {},
    restored?: StoreCheckpoint) {
    this.version = restored?.resourceVersion ?? 0;
    this.uids = new UidCounters(restored?.uids);
    const resources = restored?.resources ?? [...builtinResources, ...options.resources ?? []];
    for (const info of resources) {
      this.register(info, restored?.objects.get(info.id), restored?.histories.get(info.id));
    }
  }

  /** A store holding exactly what the checkpoint held; no watchers, recorders or admission. */
  static fromCheckpoint(clock: Clock, checkpoint: StoreCheckpoint,
    options: ObjectStoreOptions = {}): ObjectStore {
    return new ObjectStore(clock, options, checkpoint);
  }

  /** A store over contents loaded resource by resource, on first read. */
  static fromLazyContents(clock: Clock, contents: LazyStoreContents): ObjectStore {
    const store = new ObjectStore(clock, {}, { resourceVersion: contents.resourceVersion,
      resources: [], objects: new Map(), uids: new Map(), histories: new Map() });
    for (const info of contents.resources) store.register(info, () => contents.load(info.id));
    return store;
  }

  /** Serves one more resource (a CRD being installed). Registering an id twice is a bug. */
  register(info: ResourceInfo,
    objects?: PersistentMap<KubeObject> | (() => PersistentMap<KubeObject>),
    history?: WatchHistory): void {
    assert(!this.tables.has(info.id), () => `resource ${info.id} is registered twice`);
    const table: Table = {
      info, objects: PersistentMap.empty(), sortedKeys: undefined,
      history: history?.copy() ?? new WatchHistory(this.options.historyMax ?? 10_000),
      watchers: [], admissions: [], indexes: new Map(),
    };
    if (typeof objects === 'function') {
      let loaded: PersistentMap<KubeObject> | undefined;
      Object.defineProperty(table, 'objects', {
        get: () => (loaded ??= objects()), set: (value: PersistentMap<KubeObject>) => {
          loaded = value;
        },
      });
    } else if (objects !== undefined) {
      table.objects = objects;
    }
    this.tables.set(info.id, table);
  }

  resources(): ResourceInfo[] {
    return [...this.tables.values()].map((table) => table.info);
  }

  resource(id: string): ResourceInfo | undefined {
    return this.tables.get(id)?.info;
  }

  get resourceVersion(): number {
    return this.version;
  }

  get<T extends KubeObject>(id: string, key: string): T | undefined {
    return this.table(id).objects.get(key) as T | undefined;
  }

  count(id: string): number {
    return this.table(id).objects.size;
  }

  /**
   * Every object of a resource, in the store's own (deterministic, unsorted) order: for counts
   * and checks that visit all of them, without listing's sort and copy.
   */
  each<T extends KubeObject>(id: string, visit: (object: T) => void): void {
    this.table(id).objects.forEachValue((object) => visit(object as T));
  }

  /** Objects in key order; an unsupported field is refused as the API server refuses it. */
  list<T extends KubeObject>(id: string, options: ListOptions = {}):
    Result<{ readonly items: T[]; readonly resourceVersion: number }, StatusFailure> {
    const table = this.table(id);
    const fields = this.fieldsOf(table);
    if (options.fieldSelector !== undefined) {
      const checked = checkFields(options.fieldSelector, fields);
      if (!checked.ok) return err(statusFailure('BadRequest', checked.error));
    }
    const items: T[] = [];
    for (const key of this.candidateKeys(table, options)) {
      const object = table.objects.get(key);
      if (object !== undefined && this.matches(table, object, options)) items.push(object as T);
    }
    return ok({ items, resourceVersion: this.version });
  }

  /**
   * One page of a list, walking the sorted keys from the page's start instead of listing all:
   * what makes `kubectl get pods` (pages of 500) cheap on a large cluster.
   */
  listPage<T extends KubeObject>(id: string,
    options: PageOptions): Result<ListPage<T>, StatusFailure> {
    const table = this.table(id);
    if (options.fieldSelector !== undefined) {
      const checked = checkFields(options.fieldSelector, this.fieldsOf(table));
      if (!checked.ok) return err(statusFailure('BadRequest', checked.error));
    }
    const keys = this.candidateKeys(table, options);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: T[] = [];
    let index = options.afterKey === undefined ? 0 : firstAfter(keys, options.afterKey);
    let more = false;
    for (; index < keys.length; index++) {
      const object = table.objects.get(keys[index]!);
      if (object === undefined || !this.matches(table, object, options)) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(object as T);
    }
    const unfiltered = options.labelSelector === undefined && options.fieldSelector === undefined;
    const remaining = !more ? 0 : !unfiltered ? undefined
      : namespaceEnd(keys, options.namespace, index) - index;
    return ok({ items, resourceVersion: this.version, more, remaining });
  }

  /** Keeps a lookup of the resource's objects by `keyOf(object)` (e.g. pods by spec.nodeName). */
  addIndex(id: string, name: string, keyOf: (object: KubeObject) => string | undefined): void {
    const table = this.table(id);
    const index: Index = { keyOf, keys: new Map() };
    for (const [key, object] of table.objects.entries()) indexAdd(index, key, object);
    table.indexes.set(name, index);
  }

  /** Objects whose index value is `value`, in key order. */
  byIndex<T extends KubeObject>(id: string, name: string, value: string): T[] {
    const table = this.table(id);
    const keys = table.indexes.get(name)?.keys.get(value);
    if (keys === undefined) return [];
    return [...keys].sort().map((key) => table.objects.get(key) as T);
  }

  addAdmission<T extends KubeObject>(id: string, admission: Admission<T>): void {
    this.table(id).admissions.push(admission as unknown as Admission<KubeObject>);
  }

  /** Called for every change of every resource before its watchers (the event log). */
  onChange(recorder: ChangeRecorder): () => void {
    this.recorders.push(recorder);
    return () => {
      const index = this.recorders.indexOf(recorder);
      if (index >= 0) this.recorders.splice(index, 1);
    };
  }

  create<T extends KubeObject>(id: string, object: T): Result<T, StatusFailure> {
    const table = this.table(id);
    let admitted: KubeObject = object;
    for (const admission of table.admissions) {
      const verdict = admission(admitted);
      if ('denied' in verdict) return err(statusFailure('Forbidden', verdict.denied));
      admitted = verdict.object;
    }
    const name = admitted.metadata?.name ?? '';
    if (name === '') {
      return err(statusFailure('Invalid', `${table.info.kind}: metadata.name: Required value`));
    }
    const key = this.keyOf(table, admitted.metadata);
    if (table.objects.has(key)) {
      return err(statusFailure('AlreadyExists',
        `${qualified(table.info)} "${name}" already exists`));
    }
    const stored = this.freeze({ ...admitted, metadata: {
      ...admitted.metadata, uid: this.uids.next(table.info.uidSpace),
      resourceVersion: String(++this.version),
      creationTimestamp: this.timestamp(table.info, this.clock.wallMs()),
      deletionTimestamp: undefined,
      ...(table.info.tracksGeneration === true ? { generation: 1 } : {}),
    } });
    this.write(table, key, stored, undefined, 'ADDED');
    return ok(stored as T);
  }

  /** Replaces the stored object; a stale metadata.resourceVersion is a Conflict. */
  update<T extends KubeObject>(id: string, object: T): Result<T, StatusFailure> {
    const table = this.table(id);
    const key = this.keyOf(table, object.metadata);
    const current = table.objects.get(key);
    if (current === undefined) return err(this.notFound(table, object.metadata?.name ?? ''));
    const expected = object.metadata?.resourceVersion;
    if (expected !== undefined && expected !== current.metadata?.resourceVersion) {
      return err(statusFailure('Conflict', 'Operation cannot be fulfilled on ' +
        `${qualified(table.info)} "${object.metadata?.name ?? ''}": the object has been ` +
        'modified; please apply your changes to the latest version and try again'));
    }
    const next = this.freeze({ ...object, metadata: {
      ...object.metadata, uid: current.metadata?.uid,
      creationTimestamp: current.metadata?.creationTimestamp,
      deletionTimestamp: current.metadata?.deletionTimestamp,
      resourceVersion: String(++this.version),
      ...this.generationAfter(table, current, object),
    } });
    return ok(this.commit(table, key, next, current) as T);
  }

  /** Applies `recipe` to the stored object (no precondition); NotFound if it is gone. */
  patch<T extends KubeObject>(id: string, key: string,
    recipe: (draft: Draft<T>) => void): Result<T, StatusFailure> {
    const table = this.table(id);
    const current = table.objects.get(key) as T | undefined;
    if (current === undefined) return err(this.notFound(table, key));
    const changed = this.immer.produce(current, recipe);
    if (changed === current) return ok(current);
    const next = this.freeze({ ...changed, metadata: { ...changed.metadata,
      resourceVersion: String(++this.version),
      ...this.generationAfter(table, current, changed) } });
    return ok(this.commit(table, key, next, current) as T);
  }

  delete<T extends KubeObject>(id: string, key: string,
    options: DeleteOptions = {}): Result<T | undefined, StatusFailure> {
    const table = this.table(id);
    const current = table.objects.get(key);
    if (current === undefined) return err(this.notFound(table, key));
    const graceSeconds = options.gracePeriodSeconds ?? 0;
    const finalizers = current.metadata?.finalizers ?? [];
    if (graceSeconds === 0 && finalizers.length === 0) {
      this.remove(table, key, current);
      return ok(undefined);
    }
    if (current.metadata?.deletionTimestamp !== undefined) return ok(current as T);
    const marked = this.freeze({ ...current, metadata: {
      ...current.metadata, resourceVersion: String(++this.version),
      deletionTimestamp: this.timestamp(table.info, this.clock.wallMs() + graceSeconds * 1000),
      ...(graceSeconds > 0 ? { deletionGracePeriodSeconds: graceSeconds } : {}),
    } });
    this.write(table, key, marked, current, 'MODIFIED');
    return ok(marked as T);
  }

  /**
   * Watches one resource; with `resourceVersion`, first replays the changes after it. A version
   * older than the watch cache is refused with 410 Expired.
   */
  watch<T extends KubeObject>(id: string, watcher: Watcher<T>,
    options: WatchOptions = {}): Result<() => void, StatusFailure> {
    const table = this.table(id);
    if (options.fieldSelector !== undefined) {
      const checked = checkFields(options.fieldSelector, this.fieldsOf(table));
      if (!checked.ok) return err(statusFailure('BadRequest', checked.error));
    }
    if (options.resourceVersion !== undefined) {
      const replay = table.history.since(options.resourceVersion);
      if (replay === undefined) {
        return err(statusFailure('Expired',
          `too old resource version: ${options.resourceVersion} (${this.version})`));
      }
      for (const change of replay) {
        this.deliver(table, watcher as Watcher<KubeObject>, options, change);
      }
    }
    const entry = { watcher: watcher as Watcher<KubeObject>, options };
    table.watchers.push(entry);
    return ok(() => {
      const index = table.watchers.indexOf(entry);
      if (index >= 0) table.watchers.splice(index, 1);
    });
  }

  /** O(number of resources): the maps are persistent and shared with the live store. */
  checkpoint(): StoreCheckpoint {
    const objects = new Map<string, PersistentMap<KubeObject>>();
    const histories = new Map<string, WatchHistory>();
    for (const [id, table] of this.tables) {
      objects.set(id, table.objects);
      histories.set(id, table.history.copy());
    }
    return { resourceVersion: this.version, resources: this.resources(), objects,
      uids: this.uids.snapshot(), histories };
  }

  /** The generation a write leaves: one more when `spec` changed (only where it is tracked). */
  private generationAfter(table: Table, current: KubeObject,
    next: KubeObject): { generation?: number } {
    if (table.info.tracksGeneration !== true) return {};
    const generation = current.metadata?.generation ?? 1;
    const specOf = (object: KubeObject): unknown => (object as { spec?: unknown }).spec;
    const same = specOf(current) === specOf(next)
      || JSON.stringify(specOf(current)) === JSON.stringify(specOf(next));
    return { generation: same ? generation : generation + 1 };
  }

  private commit(table: Table, key: string, next: KubeObject, current: KubeObject): KubeObject {
    const deleting = next.metadata?.deletionTimestamp !== undefined;
    if (deleting && (next.metadata?.finalizers ?? []).length === 0) {
      this.remove(table, key, next);
    } else {
      this.write(table, key, next, current, 'MODIFIED');
    }
    return next;
  }

  /** The DELETED event carries the object's last state with the deletion's version. */
  private remove(table: Table, key: string, last: KubeObject): void {
    const gone = this.freeze({ ...last, metadata: { ...last.metadata,
      resourceVersion: String(++this.version) } });
    table.objects = table.objects.delete(key);
    table.sortedKeys = undefined;
    for (const index of table.indexes.values()) indexRemove(index, key, last);
    this.notify(table, { type: 'DELETED', object: gone, previous: last,
      resourceVersion: this.version });
  }

  private write(table: Table, key: string, object: KubeObject, previous: KubeObject | undefined,
    type: WatchType): void {
    table.objects = table.objects.set(key, object);
    if (previous === undefined) table.sortedKeys = undefined;
    for (const index of table.indexes.values()) {
      if (previous !== undefined) indexRemove(index, key, previous);
      indexAdd(index, key, object);
    }
    this.notify(table, { type, object, previous, resourceVersion: this.version });
  }

  private notify(table: Table, change: Change): void {
    table.history.push(change);
    for (const recorder of this.recorders) recorder(table.info, change);
    for (const { watcher, options } of [...table.watchers]) {
      this.deliver(table, watcher, options, change);
    }
  }

  private deliver(table: Table, watcher: Watcher<KubeObject>, options: ListOptions,
    change: Change): void {
    if (this.matches(table, change.object, options)) watcher(change);
  }

  private matches(table: Table, object: KubeObject, options: ListOptions): boolean {
    const meta = object.metadata;
    if (options.namespace !== undefined && (meta?.namespace ?? '') !== options.namespace) {
      return false;
    }
    if (options.labelSelector !== undefined && !labelsMatch(options.labelSelector, meta?.labels)) {
      return false;
    }
    return options.fieldSelector === undefined
      || fieldsMatch(options.fieldSelector, this.fieldsOf(table), object);
  }

  /** Keys to look at for a list: an index when a pinned field has one, else all, sorted. */
  private candidateKeys(table: Table, options: ListOptions): readonly string[] {
    for (const [name, index] of table.indexes) {
      const pinned = options.fieldSelector === undefined ? undefined
        : pinnedValue(options.fieldSelector, name);
      if (pinned !== undefined) return [...index.keys.get(pinned) ?? []].sort();
    }
    table.sortedKeys ??= table.objects.sortedKeys();
    return table.sortedKeys;
  }

  private fieldsOf(table: Table): FieldExtractors<KubeObject> {
    return { ...baseFields, ...table.info.fields as FieldExtractors<KubeObject> };
  }

  private keyOf(table: Table, meta: StoredMeta | undefined): string {
    return objectKey(table.info.namespaced ? meta?.namespace ?? 'default' : undefined,
      meta?.name ?? '');
  }

  private notFound(table: Table, name: string): StatusFailure {
    const short = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
    return statusFailure('NotFound', `${qualified(table.info)} "${short}" not found`);
  }

  private timestamp(info: ResourceInfo, wallMs: number): Date | string {
    return info.timestamps === 'date' ? dateAt(wallMs) : isoSeconds(wallMs);
  }

  /** Deep-freezes what is new; parts shared with frozen objects are skipped. */
  private freeze<T extends KubeObject>(object: T): T {
    return freeze(object, true);
  }

  private table(id: string): Table {
    const table = this.tables.get(id);
    assert(table !== undefined, () => `resource ${id} is not served`);
    return table;
  }
}

/** `plural.group` (`podenis.network.alibabacloud.com`), as the API server names a resource. */
function qualified(info: ResourceInfo): string {
  return info.group === '' ? info.plural : `${info.plural}.${info.group}`;
}

function indexAdd(index: Index, key: string, object: KubeObject): void {
  const value = index.keyOf(object);
  if (value === undefined) return;
  let keys = index.keys.get(value);
  if (keys === undefined) index.keys.set(value, (keys = new Set()));
  keys.add(key);
}

function indexRemove(index: Index, key: string, object: KubeObject): void {
  const value = index.keyOf(object);
  if (value === undefined) return;
  const keys = index.keys.get(value);
  keys?.delete(key);
  if (keys?.size === 0) index.keys.delete(value);
}
