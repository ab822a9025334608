// Scrapes built by hand for the metric-series and OpenMetrics tests: a daemon source with the
// families Terway's daemon exports, its unexported rate-limiter wait, and a controlplane source.

import type { FamilySnapshot } from '@terway-sim/terway-core';
import type { MetricsScrape, MetricsSource } from '@terway-sim/world';

export const rpcBounds = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 26600, 27600,
  29600, 33600, 41600, 57600, 89600, 110000, 120000];

/** A histogram series from raw observations (buckets cumulative, as gather() reports). */
export function histogramSeries(bounds: readonly number[], labels: Record<string, string>,
  values: readonly number[]): FamilySnapshot['series'][number] {
  return { labels, count: values.length, sum: values.reduce((sum, value) => sum + value, 0),
    buckets: bounds.map((le) => ({ le, count: values.filter((value) => value <= le).length })) };
}

export interface DaemonNumbers {
  readonly node: string;
  readonly idle: number;
  readonly total: number;
  readonly allocMs: readonly number[];
  readonly allocFailedMs?: readonly number[];
  readonly limiterMs?: readonly number[];
}

export function daemonSource(numbers: DaemonNumbers): MetricsSource {
  const pool = (name: string, value: number): FamilySnapshot => ({ name, help: `${name} help`,
    type: 'gauge', series: [{ labels: { type: 'LocalIP', ipStack: 'ipv4' }, value }] });
  const rpc: FamilySnapshot = { name: 'terway_rpc_latency', help: 'terway rpc latency in ms',
    type: 'histogram', series: [
      histogramSeries(rpcBounds, { rpc_api: 'AllocIP', error: 'false' }, numbers.allocMs),
      ...(numbers.allocFailedMs === undefined ? [] : [histogramSeries(rpcBounds,
        { rpc_api: 'AllocIP', error: 'true' }, numbers.allocFailedMs)]),
    ] };
  const limiter: FamilySnapshot = { name: 'rate_limiter_latency',
    help: 'rate_limiter_latency in ms', type: 'histogram', series: numbers.limiterMs === undefined
      ? [] : [histogramSeries([200, 400], { api: 'CreateNetworkInterface' }, numbers.limiterMs)] };
  return { job: 'terway-daemon', node: numbers.node,
    exported: [pool('terway_resource_pool_idle_count', numbers.idle),
      pool('terway_resource_pool_total_count', numbers.total), rpc],
    unexported: limiter.series.length === 0 ? [] : [limiter] };
}

export function scrape(atMs: number, sources: readonly MetricsSource[]): MetricsScrape {
  return { atMs, wallMs: 1_767_225_600_000 + atMs, sources };
}

/** What `promtool check metrics` says of Terway's own metric names (kept as Terway has them). */
export const terwayNamingFindings = new Set([
  ...['terway_resource_pool_idle_count', 'terway_resource_pool_total_count',
    'terway_resource_pool_disposed_count'].flatMap((name) => [
    `${name} label names should be written in 'snake_case' not 'camelCase'`,
    `${name} non-histogram and non-summary metrics should not have "_count" suffix`]),
  'terway_resource_pool_disposed_count counter metrics should have "_total" suffix',
]);
