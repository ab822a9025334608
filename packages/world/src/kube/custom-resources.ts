// Terway's custom resources in the simulated cluster's API server (terway-core's CrdPort): PodENI,
// PodNetworking, NetworkInterface and Node CRs of `network.alibabacloud.com/v1beta1`, kept the
// way api-server.ts keeps pods: every write stores a new frozen-by-convention copy, readers get
// copies, watch listeners run synchronously inside the write, in registration order.
//
// API-server semantics modelled: uid / resourceVersion / creationTimestamp on create;
// optimistic concurrency on update (a stale resourceVersion is a `Conflict`, as controllers see
// it); two-step deletion with finalizers (delete sets deletionTimestamp, the object goes when the
// last finalizer is removed); one global resourceVersion counter. Not modelled: a separate status
// subresource (update writes spec and status together), field selectors, admission of CRs.

import type {
  CrdFailure, CrdKind, CrdListener, CrdListOptions, CrdObjectMeta, CrdPort, CrdTypes, CrdWatchType,
  ObjectKey,
} from '@terway-sim/terway-core';
import { crdKeyText } from '@terway-sim/terway-core';
import { err, isoSeconds, ok, type Result, type SimEnv } from '@terway-sim/sim-base';

type AnyObject = CrdTypes[CrdKind];
type AnyListener = CrdListener<AnyObject>;

const clone = <T>(value: T): T => structuredClone(value);

function keyOf(meta: CrdObjectMeta): string {
  return crdKeyText({ namespace: meta.namespace, name: meta.name });
}

function matches(meta: CrdObjectMeta, options: CrdListOptions | undefined): boolean {
  if (options?.namespace !== undefined && meta.namespace !== options.namespace) return false;
  const labels = meta.labels ?? {};
  return Object.entries(options?.labels ?? {}).every(([key, value]) => labels[key] === value);
}

export class CustomResources implements CrdPort {
  private readonly stores = new Map<CrdKind, Map<string, AnyObject>>();
  private readonly listeners = new Map<CrdKind, AnyListener[]>();
  private version = 0;
  private uids = 0;

  constructor(private readonly env: SimEnv) {}

  peek<K extends CrdKind>(kind: K, key: ObjectKey): CrdTypes[K] | undefined {
    const found = this.store(kind).get(crdKeyText(key));
    return found === undefined ? undefined : clone(found) as CrdTypes[K];
  }

  peekList<K extends CrdKind>(kind: K, options?: CrdListOptions): Array<CrdTypes[K]> {
    const store = this.store(kind);
    return [...store.keys()].sort().map((key) => store.get(key)!)
      .filter((object) => matches(object.metadata, options))
      .map((object) => clone(object) as CrdTypes[K]);
  }

  get<K extends CrdKind>(kind: K, key: ObjectKey): Promise<CrdTypes[K] | undefined> {
    return Promise.resolve(this.peek(kind, key));
  }

  list<K extends CrdKind>(kind: K, options?: CrdListOptions): Promise<Array<CrdTypes[K]>> {
    return Promise.resolve(this.peekList(kind, options));
  }

  /** Objects of a kind stored right now (for invariants and reports). */
  count(kind: CrdKind): number {
    return this.store(kind).size;
  }

  create<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    const key = keyOf(object.metadata);
    if (object.metadata.name === '') {
      return this.refuse('Invalid', `${kind}: metadata.name is empty`);
    }
    if (this.store(kind).has(key)) {
      return this.refuse('AlreadyExists', `${kind} "${key}" already exists`);
    }
    const stored = { ...clone(object), metadata: {
      ...clone(object.metadata), uid: this.nextUid(), resourceVersion: this.nextVersion(),
      creationTimestamp: isoSeconds(this.env.scheduler.wallMs()), deletionTimestamp: undefined,
    } } as CrdTypes[K];
    this.write(kind, key, stored, undefined);
    return Promise.resolve(ok(clone(stored)));
  }

  update<K extends CrdKind>(kind: K, object: CrdTypes[K]):
    Promise<Result<CrdTypes[K], CrdFailure>> {
    const key = keyOf(object.metadata);
    const current = this.store(kind).get(key);
    if (current === undefined) return this.refuse('NotFound', `${kind} "${key}" not found`);
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion) {
      return this.refuse('Conflict', `Operation cannot be fulfilled on ${kind} "${key}": the ` +
        'object has been modified; please apply your changes to the latest version and try again');
    }
    const stored = { ...clone(object), metadata: {
      ...clone(object.metadata), uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      deletionTimestamp: current.metadata.deletionTimestamp, resourceVersion: this.nextVersion(),
    } } as CrdTypes[K];
    if (stored.metadata.deletionTimestamp !== undefined
      && (stored.metadata.finalizers ?? []).length === 0) {
      this.remove(kind, key, stored);
      return Promise.resolve(ok(clone(stored)));
    }
    this.write(kind, key, stored, current);
    return Promise.resolve(ok(clone(stored)));
  }

  delete<K extends CrdKind>(kind: K, key: ObjectKey): Promise<Result<void, CrdFailure>> {
    const text = crdKeyText(key);
    const current = this.store(kind).get(text);
    if (current === undefined) return this.refuse('NotFound', `${kind} "${text}" not found`);
    if ((current.metadata.finalizers ?? []).length === 0) {
      this.remove(kind, text, { ...current, metadata: { ...current.metadata,
        resourceVersion: this.nextVersion() } } as AnyObject);
      return Promise.resolve(ok(undefined));
    }
    if (current.metadata.deletionTimestamp === undefined) {
      const marked = { ...current, metadata: { ...current.metadata,
        deletionTimestamp: isoSeconds(this.env.scheduler.wallMs()),
        resourceVersion: this.nextVersion() } } as AnyObject;
      this.write(kind, text, marked, current);
    }
    return Promise.resolve(ok(undefined));
  }

  watch<K extends CrdKind>(kind: K, listener: CrdListener<CrdTypes[K]>): () => void {
    const list = this.listeners.get(kind) ?? [];
    this.listeners.set(kind, list);
    const entry = listener as unknown as AnyListener;
    list.push(entry);
    return () => {
      const index = list.indexOf(entry);
      if (index >= 0) list.splice(index, 1);
    };
  }

  private store(kind: CrdKind): Map<string, AnyObject> {
    let store = this.stores.get(kind);
    if (store === undefined) this.stores.set(kind, (store = new Map()));
    return store;
  }

  private write(kind: CrdKind, key: string, object: AnyObject, previous: AnyObject | undefined):
    void {
    this.store(kind).set(key, object);
    this.notify(kind, previous === undefined ? 'ADDED' : 'MODIFIED', object, previous);
  }

  /** The DELETED event carries the object's last state with the deletion's resourceVersion. */
  private remove(kind: CrdKind, key: string, last: AnyObject): void {
    this.store(kind).delete(key);
    this.notify(kind, 'DELETED', last, last);
  }

  private notify(kind: CrdKind, type: CrdWatchType, object: AnyObject,
    previous: AnyObject | undefined): void {
    this.env.log.record('k8s.crd', { kind, type, object: keyOf(object.metadata),
      phase: 'phase' in object.status ? object.status.phase : undefined });
    for (const listener of [...(this.listeners.get(kind) ?? [])]) {
      listener(type, clone(object), previous === undefined ? undefined : clone(previous));
    }
  }

  private refuse<T>(reason: CrdFailure['reason'], message: string):
    Promise<Result<T, CrdFailure>> {
    return Promise.resolve(err({ reason, message }));
  }

  private nextVersion(): string {
    return String(++this.version);
  }

  private nextUid(): string {
    const hex = (++this.uids).toString(16).padStart(12, '0');
    return `c0de0000-0000-4000-8000-${hex}`;
  }
}
