// The cluster-wide series report.json draws from scrapes: sums of the pool gauges, and PromQL
// histogram quantiles of each interval's increase, with a restarted daemon's counts taken as new.

import { describe, expect, it } from 'vitest';
import { MetricSeriesBuilder } from '../../src/run/metric-series.js';
import { daemonSource, scrape } from './fixtures.js';

describe('MetricSeriesBuilder', () => {
  it('sums the pool gauges over the daemons at every scrape', () => {
    const builder = new MetricSeriesBuilder();
    builder.add(scrape(0, []));
    builder.add(scrape(10_000, [daemonSource({ node: 'a', idle: 5, total: 5, allocMs: [] }),
      daemonSource({ node: 'b', idle: 3, total: 7, allocMs: [] })]));
    const result = builder.result();
    expect(result.poolIdle).toEqual([[0, 0], [10_000, 8]]);
    expect(result.poolTotal).toEqual([[0, 0], [10_000, 12]]);
  });

  it('takes AllocIP quantiles of each interval\'s increase over every node', () => {
    const builder = new MetricSeriesBuilder();
    builder.add(scrape(0, [daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [30] })]));
    builder.add(scrape(10_000, [
      daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [30, 70, 70] }),
      daemonSource({ node: 'b', idle: 0, total: 0, allocMs: [150, 150], allocFailedMs: [90] })]));
    builder.add(scrape(20_000, [
      daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [30, 70, 70] }),
      daemonSource({ node: 'b', idle: 0, total: 0, allocMs: [150, 150], allocFailedMs: [90] })]));
    const alloc = builder.result().allocIpLatencyMs;
    // Interval 2: 70, 70 (a), 150, 150 and a failed 90 (b): five calls, one failed.
    expect(alloc.count).toEqual([[10_000, 5], [20_000, 0]]);
    expect(alloc.failed).toEqual([[10_000, 1], [20_000, 0]]);
    // Rank 2.5 of 5 lies in (50, 100] (3 there, 0 below): 50 + 50 × 2.5 / 3.
    expect(alloc.p50).toEqual([[10_000, 91.667]]);
    // Rank 4.95 lies in (100, 200] (2 there, 3 below): 100 + 100 × 1.95 / 2.
    expect(alloc.p99).toEqual([[10_000, 197.5]]);
  });

  it('treats a series whose counts fell as a restarted daemon\'s: its counts are all new', () => {
    const builder = new MetricSeriesBuilder();
    builder.add(scrape(0, [daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [] })]));
    builder.add(scrape(10_000, [daemonSource({ node: 'a', idle: 0, total: 0,
      allocMs: [10, 10, 10] })]));
    builder.add(scrape(20_000, [daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [60] })]));
    expect(builder.result().allocIpLatencyMs.count).toEqual([[10_000, 3], [20_000, 1]]);
  });

  it('includes the daemons\' unexported rate-limiter waits by API', () => {
    const builder = new MetricSeriesBuilder();
    builder.add(scrape(0, []));
    builder.add(scrape(10_000, [daemonSource({ node: 'a', idle: 0, total: 0, allocMs: [],
      limiterMs: [0, 300] })]));
    const limiter = builder.result().rateLimiterLatencyMs['CreateNetworkInterface']!;
    expect(limiter.count).toEqual([[10_000, 2]]);
    expect(limiter.p50).toEqual([[10_000, 200]]);
  });
});
