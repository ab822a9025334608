// A world's state at one instant, as plain data in sections: every resource's objects in the API
// server, the cloud's snapshot, each network namespace of the kernel, and what each node's Terway
// would show (its metrics; its pool and stored records for terway-cli). Views (`terway-sim
// inspect`, the API face paused at an instant) read a checkpoint and never the live world, so
// looking can never change a run; and a checkpoint kept on disk (checkpoint-pack.ts) lets a
// later look at the same instant skip the replay.
//
// Why sections: at a thousand nodes the whole state is hundreds of megabytes of JSON, and a view
// needs a sliver of it (`ip NODE route` reads one namespace). A checkpoint answers each section
// on demand, so a view read from disk decodes only what it asks for.
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
}

/** What one node's Terway daemon shows, when its process is up. */
export interface DaemonCheckpoint {
  /** The daemon's Prometheus exposition (its /metrics). */
  readonly metrics: string | undefined;
  /** What the daemon's tracing service answers (terway-cli). */
  readonly tracing: TracingSnapshot | undefined;
}

/** The small part every view reads: the instant, the nodes, what sections exist. */
export interface CheckpointHeader {
  readonly format: typeof worldCheckpointFormat;
  readonly version: 2;
  /** Virtual ms since the start of the run, and the wall instant it stands for. */
  readonly atMs: number;
  readonly wallMs: number;
  readonly mode: World['mode'];
  /** The API server's resourceVersion at the instant. */
  readonly resourceVersion: number;
  /** Resource ids (`pods`, `network.alibabacloud.com/podenis`, …) whose objects are kept. */
  readonly resources: readonly string[];
  /** Every network namespace of the kernel model, sorted. */
  readonly namespaces: readonly string[];
  /** The emulator's quotas, so a copy restored from the cloud refuses what the run's would. */
  readonly cloudQuotas: CloudQuotas;
  readonly nodes: readonly NodeCheckpoint[];
  /** terway-controlplane's metrics exposition (trunk and exclusive-ENI modes). */
  readonly controlplaneMetrics: string | undefined;
}

/** A section's name: what a reader asks for and what a pack file indexes. */
export type SectionName = 'cloud' | `kube/${string}` | `kernel/${string}` | `daemon/${string}`;

/** Where sections come from: captured values in memory, or a pack file decoded on demand. */
export type SectionSource = (name: SectionName) => unknown;

/** One instant of a world; each accessor reads (and remembers) only its own section. */
export class WorldCheckpoint {
  private readonly read = new Map<SectionName, unknown>();

  constructor(readonly header: CheckpointHeader, private readonly source: SectionSource) {}

  get atMs(): number { return this.header.atMs; }
  get wallMs(): number { return this.header.wallMs; }
  get mode(): World['mode'] { return this.header.mode; }
  get nodes(): readonly NodeCheckpoint[] { return this.header.nodes; }

  /** The objects of one resource, in key order (none when the resource is not served). */
  objects(resource: string): readonly KubeObject[] {
    if (!this.header.resources.includes(resource)) return [];
    return this.section(`kube/${resource}`) as readonly KubeObject[];
  }

  cloud(): CloudSnapshot {
    return this.section('cloud') as CloudSnapshot;
  }

  namespace(name: string): NamespaceSnapshot | undefined {
    if (!this.header.namespaces.includes(name)) return undefined;
    return this.section(`kernel/${name}`) as NamespaceSnapshot;
  }

  /** The node's daemon, when its process is up at this instant. */
  daemon(node: string): DaemonCheckpoint | undefined {
    const found = this.header.nodes.find((candidate) => candidate.name === node);
    if (found === undefined || !found.terwayRunning) return undefined;
    return this.section(`daemon/${node}`) as DaemonCheckpoint | undefined;
  }

  /** Every section's name, in a fixed order (what a pack file holds). */
  sectionNames(): SectionName[] {
    return [
      ...this.header.resources.map((id): SectionName => `kube/${id}`),
      'cloud',
      ...this.header.namespaces.map((ns): SectionName => `kernel/${ns}`),
      ...this.header.nodes.filter((node) => node.terwayRunning)
        .map((node): SectionName => `daemon/${node.name}`),
    ];
  }

  section(name: SectionName): unknown {
    if (!this.read.has(name)) this.read.set(name, this.source(name));
    return this.read.get(name);
  }
}

/** Captures the world as it is now; reads only, changes nothing, takes no virtual time. */
export async function captureCheckpoint(world: World): Promise<WorldCheckpoint> {
  const { scheduler } = world.env;
  const sections = new Map<SectionName, unknown>();
  const resources: string[] = [];
  for (const resource of world.api.store.resources()) {
    const listed = world.api.store.list(resource.id);
    if (!listed.ok) continue;
    resources.push(resource.id);
    sections.set(`kube/${resource.id}`, listed.value.items);
  }
  const namespaces: string[] = [];
  const listed = await world.kernel.netnsList();
  for (const ns of listed.ok ? [...listed.value].sort() : []) {
    const snapshot = await world.kernel.snapshot(ns);
    if (!snapshot.ok) continue;
    namespaces.push(ns);
    sections.set(`kernel/${ns}`, snapshot.value);
  }
  sections.set('cloud', world.cloud.emulator.snapshot());
  const nodes = world.allNodes().map((node): NodeCheckpoint => {
    const terway = node.terway;
    if (terway instanceof TerwayNode && terway.running) {
      sections.set(`daemon/${node.name}`, { metrics: terway.process?.registry.exposition(),
        tracing: terway.tracing() } satisfies DaemonCheckpoint);
    }
    return { name: node.name, group: node.group.name, instanceId: node.instanceId,
      nodeIp: node.nodeIp, hostNs: node.hostNs, lost: node.isLost,
      podNamespaces: Object.fromEntries([...node.podNetwork.podNamespace].sort()),
      terwayRunning: terway.running };
  });
  const header: CheckpointHeader = {
    format: worldCheckpointFormat, version: 2, atMs: scheduler.nowMs(),
    wallMs: scheduler.wallMs(), mode: world.mode,
    resourceVersion: world.api.store.resourceVersion, resources, namespaces,
    cloudQuotas: { ...world.cloud.emulator.quotas }, nodes,
    controlplaneMetrics: world.controlplane?.runtime.registry.exposition(),
  };
  return new WorldCheckpoint(header, (name) => sections.get(name));
}
