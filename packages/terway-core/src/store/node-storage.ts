// The node's local disk as far as the Terway daemon uses it: /var/lib/cni/terway/ResRelation.db
// (bucket `relation`: pod key → PodResources, Terway's resource DB) and /var/lib/cni/terway/pod.db
// (bucket `pods`: pod key → PodInfo of sticky-IP pods). The storage belongs to the node, not to a
// daemon instance: a scenario that restarts the daemon hands the same object to the new one, and
// that is how allocations survive a crash (Terway's startup recovery reads it back).
//
// When to use: one per simulated node; `snapshot()` / `restore()` move it through JSON (a saved
// world, a report). Gotcha: there is no partial write; each put is atomic, as a bbolt transaction.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { Bucket } from './bucket.js';
import {
  podCacheItemSchema, podResourcesSchema, type PodCacheItem, type PodResources,
} from './records.js';

export const resourceDbPath = '/var/lib/cni/terway/ResRelation.db';
export const podDbPath = '/var/lib/cni/terway/pod.db';

export interface NodeStorageSnapshot {
  readonly [resourceDbPath]: { readonly relation: Record<string, unknown> };
  readonly [podDbPath]: { readonly pods: Record<string, unknown> };
}

export class NodeStorage {
  /** ResRelation.db, bucket `relation`. */
  readonly relation = new Bucket<PodResources>('relation', podResourcesSchema);
  /** pod.db, bucket `pods`. */
  readonly pods = new Bucket<PodCacheItem>('pods', podCacheItemSchema);

  snapshot(): NodeStorageSnapshot {
    return {
      [resourceDbPath]: { relation: this.relation.snapshot() },
      [podDbPath]: { pods: this.pods.snapshot() },
    };
  }

  toJson(): string {
    return JSON.stringify(this.snapshot());
  }

  /** Reads a snapshot (object or JSON text); `where` names its source in error messages. */
  static restore(input: unknown, where = 'node storage'): Result<NodeStorage, string> {
    let data = input;
    if (typeof input === 'string') {
      try {
        data = JSON.parse(input) as unknown;
      } catch (error) {
        return err(`${where}: not JSON (${(error as Error).message})`);
      }
    }
    if (typeof data !== 'object' || data === null) {
      return err(`${where}: expected an object with ${resourceDbPath} and ${podDbPath}`);
    }
    const files = data as Record<string, { relation?: unknown; pods?: unknown } | undefined>;
    const storage = new NodeStorage();
    const relationEntries = files[resourceDbPath]?.relation ?? {};
    const relation = storage.relation.restore(relationEntries, `${where}: ${resourceDbPath}`);
    if (!relation.ok) return relation;
    const pods = storage.pods.restore(files[podDbPath]?.pods ?? {}, `${where}: ${podDbPath}`);
    if (!pods.ok) return pods;
    return ok(storage);
  }
}
