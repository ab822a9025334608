// The daemon's NodeRuntime bookkeeping in centralized IPAM (Terway's pkg/eni/crdv2.go
// syncNodeRuntime, syncDeletedPods, removeDeleted, syncBack): pure edits of NodeRuntime's
// status.pods, keyed by pod uid.
// - every 3 s the pods released since the last write get `deleted` = now;
// - every 5 min entries whose latest status is `deleted` and that no Node CR IP still names are
//   removed, and pods the Node CR's IPs name but NodeRuntime lacks are added as `initial` = now.

import type { NodeCr, NodeRuntime, NodeRuntimePod } from '../ports/crd.js';
import { latestCniStatus } from '../controlplane/multi-ip/pod-binding.js';

type Pods = { [uid: string]: NodeRuntimePod };

/** The NodeRuntime of a node that has none yet (label `name=<node>`). */
export function emptyNodeRuntime(nodeName: string): NodeRuntime {
  return { metadata: { name: nodeName, labels: { name: nodeName } }, status: { pods: {} } };
}

/** syncNodeRuntime: marks each released pod `deleted` at `now`. */
export function markDeleted(runtime: NodeRuntime, released: ReadonlyMap<string, string>,
  now: string): NodeRuntime {
  const pods: Pods = { ...runtime.status.pods };
  for (const [uid, podId] of released) {
    const previous = pods[uid];
    pods[uid] = { podID: previous?.podID ?? podId,
      status: { ...previous?.status, deleted: { lastUpdateTime: now } } };
  }
  return { ...runtime, status: { pods } };
}

/** inUsedPodUIDs: the pods the Node CR's IPs name, by uid. */
export function podsInUse(cr: NodeCr): Map<string, string> {
  const out = new Map<string, string>();
  for (const nic of Object.values(cr.status.networkInterfaces)) {
    for (const ip of [...Object.values(nic.ipv4 ?? {}), ...Object.values(nic.ipv6 ?? {})]) {
      if (ip.podUID !== '') out.set(ip.podUID, ip.podID);
    }
  }
  return out;
}

/** syncDeletedPods: removeDeleted, then syncBack. */
export function syncDeletedPods(runtime: NodeRuntime, inUse: ReadonlyMap<string, string>,
  now: string): NodeRuntime {
  const pods: Pods = {};
  for (const [uid, pod] of Object.entries(runtime.status.pods)) {
    if (!inUse.has(uid) && latestCniStatus(pod) === 'deleted') continue;
    pods[uid] = pod;
  }
  for (const [uid, podId] of inUse) {
    pods[uid] ??= { podID: podId, status: { initial: { lastUpdateTime: now } } };
  }
  return { ...runtime, status: { pods } };
}
