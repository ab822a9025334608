// One scrape of every Prometheus registry in the world, as a Prometheus server configured for a
// Terway cluster would take it: each running daemon's `/metrics` (job `terway-daemon`, labelled
// with its node) and terway-controlplane's (job `terway-controlplane`, trunk and exclusive-ENI
// modes). A node whose daemon is down has nothing to scrape at that instant, as in production.
//
// Besides what each registry exports, a daemon source carries what the daemon observes without
// registering (`rate_limiter_latency`, `terway_resource_pool_allocated_count`; see terway-core's
// terway-metrics.ts): a real scrape never shows them, but a report may chart them.
//
// A scrape reads registries and copies numbers; it changes nothing and takes no virtual time.

import type { FamilySnapshot } from '@terway-sim/terway-core';
import { TerwayNode } from '@terway-sim/terway-core';
import type { World } from './world.js';

export const daemonJob = 'terway-daemon';
export const controlplaneJob = 'terway-controlplane';

export interface MetricsSource {
  readonly job: typeof daemonJob | typeof controlplaneJob;
  /** The node a daemon runs on; undefined for the controlplane. */
  readonly node: string | undefined;
  /** What the source's `/metrics` shows: its registry's families with at least one series. */
  readonly exported: readonly FamilySnapshot[];
  /** Families the component observes but does not register (never in a real scrape). */
  readonly unexported: readonly FamilySnapshot[];
}

export interface MetricsScrape {
  /** Virtual ms of the scrape, and the wall-clock instant it stands for (Unix ms). */
  readonly atMs: number;
  readonly wallMs: number;
  /** Daemons by node name, then the controlplane. */
  readonly sources: readonly MetricsSource[];
}

function daemonSource(node: string, terway: TerwayNode): MetricsSource | undefined {
  const process = terway.process;
  if (process === undefined) return undefined;
  const { rateLimiterLatency, resourcePoolAllocated } = process.metrics;
  const unexported = [rateLimiterLatency.snapshot(), resourcePoolAllocated.snapshot()]
    .filter((family) => family.series.length > 0);
  return { job: daemonJob, node, exported: process.registry.gather(), unexported };
}

/** Every registry of the world, now. */
export function scrapeMetrics(world: World): MetricsScrape {
  const { scheduler } = world.env;
  const daemons = [...world.liveNodes().values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((node) => {
      const source = node.terway instanceof TerwayNode
        ? daemonSource(node.name, node.terway) : undefined;
      return source === undefined ? [] : [source];
    });
  const controlplane = world.controlplane === undefined ? [] : [{
    job: controlplaneJob, node: undefined, exported: world.controlplane.runtime.registry.gather(),
    unexported: [],
  } satisfies MetricsSource];
  return { atMs: scheduler.nowMs(), wallMs: scheduler.wallMs(), sources: [...daemons,
    ...controlplane] };
}
