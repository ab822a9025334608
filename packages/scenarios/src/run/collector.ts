// Collects what the report draws: samples of cluster, pool and cloud state every `sampleEvery` of
// virtual time, plus per-call and per-pod observations as they happen. It reads narrow views the
// runner provides, so it neither knows nor changes how the world is wired.

import type { MetricsScrape } from '@terway-sim/world';
import type { ApiMinute } from '../report/model.js';
import { percentile } from '../report/stats.js';
import { MetricSeriesBuilder } from './metric-series.js';

export interface NodeSample {
  readonly idle: number;
  readonly used: number;
  readonly enis: number;
}

export interface SampleSource {
  podCounts(): { ready: number; pending: number };
  nodeSamples(): readonly NodeSample[];
  /** Free addresses per vSwitch id. */
  vSwitchFree(): Readonly<Record<string, number>>;
}

export type ApiOutcome = 'ok' | 'throttled' | 'failed';

type MutableSeries = Array<[number, number]>;

export class Collector {
  readonly podsReady: MutableSeries = [];
  readonly podsPending: MutableSeries = [];
  readonly poolIdle = {
    p50: [] as MutableSeries,
    p90: [] as MutableSeries,
    max: [] as MutableSeries,
  };
  readonly poolUsed = {
    p50: [] as MutableSeries,
    p90: [] as MutableSeries,
    max: [] as MutableSeries,
  };
  readonly enis = { p50: [] as MutableSeries, max: [] as MutableSeries };
  readonly vSwitchFree: Record<string, MutableSeries> = {};
  readonly timeToIpMs: number[] = [];
  private readonly minutes = new Map<
    number,
    { calls: number; throttled: number; failed: number }
  >();
  private readonly byAction = new Map<
    string,
    { calls: number; throttled: number; failed: number }
  >();
  private samplesTaken = 0;
  /** Terway's own metrics, cluster-wide, from the scrape taken with every sample. */
  readonly terwayMetrics = new MetricSeriesBuilder();

  constructor(private readonly source: SampleSource) {}

  /** One scrape of every registry, taken at the same instant as a sample. */
  scrape(scrape: MetricsScrape): void {
    this.terwayMetrics.add(scrape);
  }

  sample(atMs: number): void {
    this.samplesTaken++;
    const pods = this.source.podCounts();
    this.podsReady.push([atMs, pods.ready]);
    this.podsPending.push([atMs, pods.pending]);
    const nodes = this.source.nodeSamples();
    pushPercentiles(
      this.poolIdle,
      atMs,
      nodes.map((node) => node.idle),
    );
    pushPercentiles(
      this.poolUsed,
      atMs,
      nodes.map((node) => node.used),
    );
    const enis = [...nodes.map((node) => node.enis)].sort((a, b) => a - b);
    this.enis.p50.push([atMs, percentile(enis, 50)]);
    this.enis.max.push([atMs, enis.length === 0 ? 0 : enis[enis.length - 1]!]);
    for (const [id, free] of Object.entries(this.source.vSwitchFree()))
      (this.vSwitchFree[id] ??= []).push([atMs, free]);
  }

  get samples(): number {
    return this.samplesTaken;
  }

  recordApiCall(atMs: number, action: string, outcome: ApiOutcome): void {
    const minute = Math.floor(atMs / 60_000);
    const bucket = this.minutes.get(minute) ?? { calls: 0, throttled: 0, failed: 0 };
    const perAction = this.byAction.get(action) ?? { calls: 0, throttled: 0, failed: 0 };
    for (const counts of [bucket, perAction]) {
      counts.calls++;
      if (outcome === 'throttled') counts.throttled++;
      if (outcome === 'failed') counts.failed++;
    }
    this.minutes.set(minute, bucket);
    this.byAction.set(action, perAction);
  }

  recordTimeToIp(ms: number): void {
    this.timeToIpMs.push(ms);
  }

  /** Calls per minute from minute 0 to the last minute with calls (empty minutes included). */
  apiPerMinute(): ApiMinute[] {
    const last = Math.max(-1, ...this.minutes.keys());
    return Array.from({ length: last + 1 }, (_, minute) => ({
      minute,
      ...(this.minutes.get(minute) ?? { calls: 0, throttled: 0, failed: 0 }),
    }));
  }

  apiByAction(): Record<string, { calls: number; throttled: number; failed: number }> {
    return Object.fromEntries([...this.byAction.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  totals(): { calls: number; throttled: number; failed: number } {
    let calls = 0;
    let throttled = 0;
    let failed = 0;
    this.byAction.forEach((counts) => {
      calls += counts.calls;
      throttled += counts.throttled;
      failed += counts.failed;
    });
    return { calls, throttled, failed };
  }
}

function pushPercentiles(
  target: { p50: MutableSeries; p90: MutableSeries; max: MutableSeries },
  atMs: number,
  values: number[],
): void {
  const sorted = values.sort((a, b) => a - b);
  target.p50.push([atMs, percentile(sorted, 50)]);
  target.p90.push([atMs, percentile(sorted, 90)]);
  target.max.push([atMs, sorted.length === 0 ? 0 : sorted[sorted.length - 1]!]);
}

