// FakeCrd: an in-memory CrdPort for terway-core's unit tests (the scenario runner uses the fuller
// CustomResources in packages/scenarios). Same contract as the port: copies out, uid and
// resourceVersion on create, Conflict on a stale resourceVersion, finalizers delaying deletion,
// synchronous watch listeners. Every write is also kept in `writes`, so a test can assert the
// order in which a controller moved an object through its phases.

import { err, isoSeconds, ok, type Result, type Scheduler } from '@terway-sim/sim-base';
import {
  crdKeyText, type CrdFailure, type CrdKind, type CrdListener, type CrdListOptions, type CrdPort,
  type CrdTypes, type CrdWatchType, type ObjectKey,
} from '../ports/crd.js';

type AnyObject = CrdTypes[CrdKind];

export interface CrdWrite {
  readonly t: number;
  readonly kind: CrdKind;
  readonly type: CrdWatchType;
  readonly key: string;
  /** `status.phase` after the write, where the kind has one. */
  readonly phase?: string | undefined;
}

const clone = <T>(value: T): T => structuredClone(value);

export class FakeCrd implements CrdPort {
  readonly writes: CrdWrite[] = [];
  private readonly stores = new Map<CrdKind, Map<string, AnyObject>>();
  private readonly listeners = new Map<CrdKind, Array<CrdListener<AnyObject>>>();
  private version = 0;

  constructor(private readonly scheduler: Scheduler) {}

  peek<K extends CrdKind>(kind: K, key: ObjectKey): CrdTypes[K] | undefined {
    const found = this.store(kind).get(crdKeyText(key));
    return found === undefined ? undefined : clone(found) as CrdTypes[K];
  }

  peekList<K extends CrdKind>(kind: K, options?: CrdListOptions): Array<CrdTypes[K]> {
    const store = this.store(kind);
    return [...store.keys()].sort().map((key) => clone(store.get(key)!) as CrdTypes[K])
      .filter((object) => (options?.namespace === undefined
        || object.metadata.namespace === options.namespace)
        && Object.entries(options?.labels ?? {})
          .every(([key, value]) => object.metadata.labels?.[key] === value));
  }

  get<K extends CrdKind>(kind: K, key: ObjectKey): Promise<CrdTypes[K] | undefined> {
    return Promise.resolve(this.peek(kind, key));
  }

  list<K extends CrdKind>(kind: K, options?: CrdListOptions): Promise<Array<CrdTypes[K]>> {
    return Promise.resolve(this.peekList(kind, options));
  }

  create<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    const key = crdKeyText(object.metadata);
    if (this.store(kind).has(key)) return Promise.resolve(err({ reason: 'AlreadyExists',
      message: `${kind} "${key}" already exists` }));
    const stored = { ...clone(object), metadata: { ...clone(object.metadata),
      uid: `uid-${kind}-${key}`, resourceVersion: String(++this.version),
      creationTimestamp: isoSeconds(this.scheduler.wallMs()) } } as CrdTypes[K];
    this.put(kind, key, stored, undefined);
    return Promise.resolve(ok(clone(stored)));
  }

  update<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    const key = crdKeyText(object.metadata);
    const current = this.store(kind).get(key);
    if (current === undefined) {
      return Promise.resolve(err({ reason: 'NotFound', message: `${kind} "${key}" not found` }));
    }
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion) {
      return Promise.resolve(err({ reason: 'Conflict', message: `${kind} "${key}" conflict` }));
    }
    const stored = { ...clone(object), metadata: { ...clone(object.metadata),
      deletionTimestamp: current.metadata.deletionTimestamp,
      resourceVersion: String(++this.version) } } as CrdTypes[K];
    if (stored.metadata.deletionTimestamp !== undefined
      && (stored.metadata.finalizers ?? []).length === 0) this.drop(kind, key, stored);
    else this.put(kind, key, stored, current);
    return Promise.resolve(ok(clone(stored)));
  }

  delete<K extends CrdKind>(kind: K, key: ObjectKey): Promise<Result<void, CrdFailure>> {
    const text = crdKeyText(key);
    const current = this.store(kind).get(text);
    if (current === undefined) {
      return Promise.resolve(err({ reason: 'NotFound', message: `${kind} "${text}" not found` }));
    }
    if ((current.metadata.finalizers ?? []).length === 0) {
      this.drop(kind, text, { ...current, metadata: { ...current.metadata,
        resourceVersion: String(++this.version) } } as AnyObject);
    }
    else if (current.metadata.deletionTimestamp === undefined) {
      this.put(kind, text, { ...current, metadata: { ...current.metadata,
        deletionTimestamp: isoSeconds(this.scheduler.wallMs()),
        resourceVersion: String(++this.version) } } as AnyObject, current);
    }
    return Promise.resolve(ok(undefined));
  }

  watch<K extends CrdKind>(kind: K, listener: CrdListener<CrdTypes[K]>): () => void {
    const list = this.listeners.get(kind) ?? [];
    this.listeners.set(kind, list);
    const entry = listener as unknown as CrdListener<AnyObject>;
    list.push(entry);
    return () => list.splice(list.indexOf(entry), 1);
  }

  private store(kind: CrdKind): Map<string, AnyObject> {
    let store = this.stores.get(kind);
    if (store === undefined) this.stores.set(kind, (store = new Map()));
    return store;
  }

  private put(kind: CrdKind, key: string, object: AnyObject, previous: AnyObject | undefined):
    void {
    this.store(kind).set(key, object);
    this.emit(kind, previous === undefined ? 'ADDED' : 'MODIFIED', key, object, previous);
  }

  private drop(kind: CrdKind, key: string, current: AnyObject): void {
    this.store(kind).delete(key);
    this.emit(kind, 'DELETED', key, current, current);
  }

  private emit(kind: CrdKind, type: CrdWatchType, key: string, object: AnyObject,
    previous: AnyObject | undefined): void {
    const phase = 'phase' in object.status ? object.status.phase : undefined;
    this.writes.push({ t: this.scheduler.nowMs(), kind, type, key, phase });
    for (const listener of [...(this.listeners.get(kind) ?? [])]) {
      listener(type, clone(object), previous === undefined ? undefined : clone(previous));
    }
  }
}
