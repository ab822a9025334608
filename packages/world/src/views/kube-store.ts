// The API server's objects at a checkpoint's instant, as an object store of their own: what the
// `kubectl` view of `inspect` reads. Built-in resources plus Terway's CRDs (with their printer
// columns), each holding exactly the objects the checkpoint captured, at its resourceVersion.
// A fresh store on a clock stopped at the instant, so ages read as they did then; a resource's
// objects are decoded when the command first reads them.

import { builtinResources, ObjectStore, objectKey, type KubeObject } from '@terway-sim/kube-sim';
import { PersistentMap, type Clock } from '@terway-sim/sim-base';
import type { WorldCheckpoint } from '../checkpoint.js';
import { terwayCrds } from '../kube/crd-port.js';

export function checkpointStore(checkpoint: WorldCheckpoint): ObjectStore {
  const clock: Clock = { nowMs: () => checkpoint.atMs, wallMs: () => checkpoint.wallMs };
  return ObjectStore.fromLazyContents(clock, {
    resourceVersion: checkpoint.header.resourceVersion,
    resources: [...builtinResources, ...Object.values(terwayCrds)],
    load: (resource) => PersistentMap.fromEntries(checkpoint.objects(resource).map(
      (object: KubeObject) => [objectKey(object.metadata?.namespace, object.metadata?.name ?? ''),
        object] as const)),
  });
}
