// What the Deployment and StatefulSet controllers keep alike: one state per workload object,
// keyed `namespace/name`, next to the object in the store that is the truth (its spec.replicas
// and template). The object is read afresh at each reconcile, so a write made between two
// reconciles (kubectl scale, a patch) is what the next one acts on.

import type { ObjectStore } from '../store/object-store.js';
import { objectKey } from '../store/object-store.js';
import type { KubeObject } from '../store/resources.js';
import type { Change } from '../store/watch-history.js';

/** A workload object as far as this module reads it. */
type Workload = KubeObject & { spec?: { replicas?: number } };

export class WorkloadStates<S extends { readonly namespace: string; readonly name: string },
  O extends Workload> {
  readonly byKey = new Map<string, S>();

  constructor(private readonly store: ObjectStore, private readonly resource: string) {}

  /** The workload's object as stored now (undefined once it is deleted). */
  object(state: S): O | undefined {
    return this.store.get<O>(this.resource, objectKey(state.namespace, state.name));
  }

  /** The pods every workload wants right now (spec.replicas summed). */
  get desired(): number {
    let total = 0;
    for (const state of this.byKey.values()) total += this.object(state)?.spec?.replicas ?? 0;
    return total;
  }

  /** The key of a changed object; a deleted one's state is dropped and the answer undefined. */
  changed(change: Change<O>): string | undefined {
    const { object } = change;
    const key = objectKey(object.metadata?.namespace, object.metadata?.name ?? '');
    if (change.type !== 'DELETED') return key;
    this.byKey.delete(key);
    return undefined;
  }

  /** The state and object to reconcile, when both still exist. */
  target(key: string): { state: S; object: O } | undefined {
    const state = this.byKey.get(key);
    const object = state === undefined ? undefined : this.object(state);
    return state === undefined || object === undefined ? undefined : { state, object };
  }
}
