// A world's state at one instant, as plain data: every object in the API server, the cloud's
// snapshot, every network namespace of the kernel, and what each node's Terway would show
// (its pool and stored records for terway-cli, its metrics). Views (`terway-sim inspect`, the API
// face paused at an instant) read a checkpoint and never the live world, so looking can never
// change a run; and a checkpoint written to disk lets a later look at the same instant skip the
// replay.
//
// A checkpoint is not a way back into the run: Terway's goroutines (promise chains mid-await)
// cannot be frozen, so a run resumes only by replaying from the start with the same seed.

import type { CloudQuotas, CloudSnapshot } from '@terway-sim/cloud-emulator';
import type { NamespaceSnapshot } from '@terway-sim/kernel-shim';
import type { KubeObject } from '@terway-sim/kube-sim';
import { TerwayNode, type TracingSnapshot } from '@terway-sim/terway-core';
import type { World } from './world.js';

export const worldCheckpointFormat = 'terway-sim.world-checkpoint';

export interface NodeCheckpoint {
  readonly name: string;
  readonly group: string;
  readonly instanceId: string;
  readonly nodeIp: string;
  readonly hostNs: string;
  readonly lost: boolean;
  /** Pod key (namespace/name) → the network namespace of its current sandbox. */
  readonly podNamespaces: Readonly<Record<string, string>>;
  /** Whether Terway's daemon process is up at this instant. */
  readonly terwayRunning: boolean;
  /** The daemon's Prometheus exposition (its /metrics), when a process is up. */
  readonly metrics: string | undefined;
  /** What the daemon's tracing service answers (terway-cli), when a process is up. */
  readonly tracing: TracingSnapshot | undefined;
}

export interface WorldCheckpoint {
  readonly format: typeof worldCheckpointFormat;
  readonly version: 1;
  /** Virtual ms since the start of the run, and the wall instant it stands for. */
  readonly atMs: number;
  readonly wallMs: number;
  readonly mode: World['mode'];
  readonly kube: {
    readonly resourceVersion: number;
    /** Objects by resource id (`pods`, `network.alibabacloud.com/podenis`, …), in key order. */
    readonly objects: Readonly<Record<string, readonly KubeObject[]>>;
  };
  readonly cloud: CloudSnapshot;
  /** The emulator's quotas, so a copy restored from `cloud` refuses what the run's would. */
  readonly cloudQuotas: CloudQuotas;
  readonly kernel: Readonly<Record<string, NamespaceSnapshot>>;
  readonly nodes: readonly NodeCheckpoint[];
  /** terway-controlplane's metrics exposition (trunk and exclusive-ENI modes). */
  readonly controlplaneMetrics: string | undefined;
}

/** Captures the world as it is now; reads only, changes nothing, takes no virtual time. */
export async function captureCheckpoint(world: World): Promise<WorldCheckpoint> {
  const { scheduler } = world.env;
  const objects: Record<string, readonly KubeObject[]> = {};
  for (const resource of world.api.store.resources()) {
    const listed = world.api.store.list(resource.id);
    if (listed.ok) objects[resource.id] = listed.value.items;
  }
  const kernel: Record<string, NamespaceSnapshot> = {};
  const namespaces = await world.kernel.netnsList();
  for (const ns of namespaces.ok ? [...namespaces.value].sort() : []) {
    const snapshot = await world.kernel.snapshot(ns);
    if (snapshot.ok) kernel[ns] = snapshot.value;
  }
  return {
    format: worldCheckpointFormat, version: 1, atMs: scheduler.nowMs(), wallMs: scheduler.wallMs(),
    mode: world.mode,
    kube: { resourceVersion: world.api.store.resourceVersion, objects },
    cloud: world.cloud.emulator.snapshot(),
    cloudQuotas: { ...world.cloud.emulator.quotas },
    kernel,
    nodes: world.allNodes().map((node) => ({
      name: node.name, group: node.group.name, instanceId: node.instanceId, nodeIp: node.nodeIp,
      hostNs: node.hostNs, lost: node.isLost,
      podNamespaces: Object.fromEntries([...node.podNetwork.podNamespace].sort()),
      terwayRunning: node.terway.running,
      metrics: node.terway instanceof TerwayNode
        ? node.terway.process?.registry.exposition() : undefined,
      tracing: node.terway instanceof TerwayNode ? node.terway.tracing() : undefined,
    })),
    controlplaneMetrics: world.controlplane?.runtime.registry.exposition(),
  };
}
