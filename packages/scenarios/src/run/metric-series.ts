// The cluster-wide series report.json draws from Terway's own metrics, built from the scrape
// taken at every sample (world's scrapeMetrics), the way a dashboard would chart a Prometheus
// that scraped the same registries at the same instants:
//   - pool idle / total: `sum(terway_resource_pool_idle_count)` and `…_total_count` over the
//     running daemons (every type and IP stack);
//   - AllocIP latency: `histogram_quantile(q, sum by (le) (increase(terway_rpc_latency_bucket
//     {rpc_api="AllocIP"}[interval])))` for q = 0.5, 0.9, 0.99, with the calls and failed calls
//     of each interval;
//   - `aliyun_openapi_latency` the same way by `api` and `error`, daemons and controlplane
//     together;
//   - `rate_limiter_latency` by `api`: the controlplane's, and the daemons', which Terway's daemon
//     observes but does not export (a real Prometheus has only the controlplane's).
// An interval is the time since the previous sample. A series whose counts fell since the last
// scrape belongs to a restarted daemon; as Prometheus does for a counter reset, its new counts
// are all new. A series seen for the first time counts from zero. Quantiles are left out of
// intervals without observations (PromQL gives NaN there).

import type { FamilySnapshot, SeriesSnapshot } from '@terway-sim/terway-core';
import type { MetricsScrape, MetricsSource } from '@terway-sim/world';
import type { LatencyQuantiles, Series, TerwayMetricSeries } from '../report/model.js';
import { histogramQuantile } from '../report/stats.js';

type MutableSeries = Array<[number, number]>;

/** Increases of one group of histogram series over an interval, buckets summed. */
interface Increase {
  readonly upperBounds: number[];
  readonly counts: number[];
}

class QuantileSeries {
  readonly count: MutableSeries = [];
  readonly p50: MutableSeries = [];
  readonly p90: MutableSeries = [];
  readonly p99: MutableSeries = [];

  push(atMs: number, increase: Increase): void {
    const total = increase.counts.at(-1) ?? 0;
    this.count.push([atMs, total]);
    if (total === 0) return;
    const at = (q: number): number => Math.round(histogramQuantile(q, increase.upperBounds,
      increase.counts) * 1000) / 1000;
    this.p50.push([atMs, at(0.5)]);
    this.p90.push([atMs, at(0.9)]);
    this.p99.push([atMs, at(0.99)]);
  }

  result(): LatencyQuantiles {
    return { count: this.count, p50: this.p50, p90: this.p90, p99: this.p99 };
  }
}

/** Cumulative counts of a histogram series, `+Inf` last. */
function cumulativeOf(series: SeriesSnapshot): Increase {
  const buckets = series.buckets ?? [];
  return { upperBounds: [...buckets.map((bucket) => bucket.le), Number.POSITIVE_INFINITY],
    counts: [...buckets.map((bucket) => bucket.count), series.count ?? 0] };
}

function labelKey(series: SeriesSnapshot): string {
  return Object.keys(series.labels).sort().map((name) => `${name}=${series.labels[name]}`)
    .join(',');
}

function sortedRecord<T>(entries: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries([...entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export class MetricSeriesBuilder {
  private readonly poolIdle: MutableSeries = [];
  private readonly poolTotal: MutableSeries = [];
  private readonly allocIp = new QuantileSeries();
  private readonly allocIpFailed: MutableSeries = [];
  private readonly openApi = new Map<string, Map<string, QuantileSeries>>();
  private readonly rateLimiter = new Map<string, QuantileSeries>();
  /** The last cumulative counts of every histogram series, by source, family and labels. */
  private readonly previous = new Map<string, Increase>();
  private scrapes = 0;

  add(scrape: MetricsScrape): void {
    const { atMs } = scrape;
    this.poolIdle.push([atMs, this.gaugeSum(scrape, 'terway_resource_pool_idle_count')]);
    this.poolTotal.push([atMs, this.gaugeSum(scrape, 'terway_resource_pool_total_count')]);
    const alloc = this.increases(scrape, 'terway_rpc_latency',
      (labels) => (labels['rpc_api'] === 'AllocIP' ? labels['error']! : undefined), false);
    const openApi = this.increases(scrape, 'aliyun_openapi_latency',
      (labels) => `${labels['api']}\u0000${labels['error']}`, false);
    const limiter = this.increases(scrape, 'rate_limiter_latency', (labels) => labels['api'], true);
    this.scrapes++;
    if (this.scrapes === 1) return; // no interval before the first scrape
    const failed = alloc.get('true');
    const allAlloc = merge([...alloc.values()]);
    if (allAlloc !== undefined) {
      this.allocIp.push(atMs, allAlloc);
      this.allocIpFailed.push([atMs, failed?.counts.at(-1) ?? 0]);
    }
    openApi.forEach((increase, key) => {
      const [api = '', error = ''] = key.split('\u0000');
      const byError = this.openApi.get(api) ?? new Map<string, QuantileSeries>();
      this.openApi.set(api, byError);
      const series = byError.get(error) ?? new QuantileSeries();
      byError.set(error, series);
      series.push(atMs, increase);
    });
    limiter.forEach((increase, api) => {
      const series = this.rateLimiter.get(api) ?? new QuantileSeries();
      this.rateLimiter.set(api, series);
      series.push(atMs, increase);
    });
  }

  private gaugeSum(scrape: MetricsScrape, name: string): number {
    return scrape.sources.flatMap((source) => source.exported)
      .filter((family) => family.name === name)
      .reduce((sum, family) => sum + family.series.reduce((total, series) =>
        total + (series.value ?? 0), 0), 0);
  }

  /**
   * The increase of every series of a histogram family since the previous scrape, summed per
   * group (`groupOf` returns undefined for series left out).
   */
  private increases(scrape: MetricsScrape, name: string,
    groupOf: (labels: SeriesSnapshot['labels']) => string | undefined,
    withUnexported: boolean): Map<string, Increase> {
    const groups = new Map<string, Increase[]>();
    for (const source of scrape.sources) {
      for (const family of familiesOf(source, name, withUnexported)) {
        for (const series of family.series) {
          const group = groupOf(series.labels);
          if (group === undefined) continue;
          const key = `${source.job}/${source.node ?? ''}/${family.name}/${labelKey(series)}`;
          const now = cumulativeOf(series);
          const list = groups.get(group) ?? [];
          groups.set(group, list);
          list.push(this.since(key, now));
        }
      }
    }
    return new Map([...groups.entries()].map(([group, list]) => [group, merge(list)!]));
  }

  /** The increase since the previous scrape of `key`; a drop means a restart (all new). */
  private since(key: string, now: Increase): Increase {
    const before = this.previous.get(key);
    this.previous.set(key, now);
    const reset = before === undefined || before.counts.length !== now.counts.length
      || now.counts.some((count, index) => count < before.counts[index]!);
    if (reset) return now;
    return { upperBounds: now.upperBounds,
      counts: now.counts.map((count, index) => count - before.counts[index]!) };
  }

  result(): TerwayMetricSeries {
    const openApi = new Map([...this.openApi.entries()].map(([api, byError]) => [api,
      sortedRecord(new Map([...byError.entries()].map(([error, series]) => [error,
        series.result()])))]));
    return {
      poolIdle: this.poolIdle, poolTotal: this.poolTotal,
      allocIpLatencyMs: { ...this.allocIp.result(), failed: this.allocIpFailed as Series },
      openApiLatencyMs: sortedRecord(openApi),
      rateLimiterLatencyMs: sortedRecord(new Map([...this.rateLimiter.entries()]
        .map(([api, series]) => [api, series.result()]))),
    };
  }
}

function familiesOf(source: MetricsSource, name: string,
  withUnexported: boolean): FamilySnapshot[] {
  const families = withUnexported ? [...source.exported, ...source.unexported] : source.exported;
  return families.filter((family) => family.name === name);
}

/** Bucket-wise sum of increases with the same bounds. */
function merge(list: readonly Increase[]): Increase | undefined {
  const [first, ...rest] = list;
  if (first === undefined) return undefined;
  const counts = [...first.counts];
  rest.forEach((increase) => increase.counts.forEach((count, index) => {
    counts[index] = (counts[index] ?? 0) + count;
  }));
  return { upperBounds: first.upperBounds, counts };
}
