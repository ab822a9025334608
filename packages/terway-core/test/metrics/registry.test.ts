import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGoFloat } from '../../src/metrics/go-float.js';
import { CounterVec, GaugeVec, HistogramVec, MetricsRegistry } from '../../src/metrics/registry.js';
import { createDaemonMetrics, createControlplaneCloudMetrics
} from '../../src/metrics/terway-metrics.js';

describe('formatGoFloat', () => {
  it('prints numbers as Go strconv.FormatFloat(v, g, -1, 64) does', () => {
    const cases: Array<{ value: number; text: string }> = [
      { value: 0, text: '0' }, { value: 1, text: '1' }, { value: 50, text: '50' },
      { value: 120000, text: '120000' }, { value: 999999, text: '999999' }, { value: 1e6,
        text: '1e+06' },
      { value: 1234567, text: '1.234567e+06' }, { value: 0.0001, text: '0.0001' },
        { value: 0.00001, text: '1e-05' },
      { value: 2.5, text: '2.5' }, { value: 1e21, text: '1e+21' }, { value: -1.5e7,
        text: '-1.5e+07' },
      { value: Number.POSITIVE_INFINITY, text: '+Inf' }, { value: Number.NaN, text: 'NaN' },
    ];
    cases.forEach(({ value, text }) => expect(formatGoFloat(value), String(value)).toBe(text));
  });

  it('round-trips every finite double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
      expect(Object.is(Number(formatGoFloat(value)), value)).toBe(true); // -0 prints "-0", as in Go
    }));
  });
});

describe('MetricsRegistry', () => {
  it('exposes a histogram with cumulative buckets, +Inf, sum and count, series sorted by labels',
    () => {
    const registry = new MetricsRegistry();
    const latency = registry.register(new HistogramVec({ name: 'x_latency', help: 'x latency in ms',
      labelNames: ['error', 'api'], buckets: [50, 100] }));
    latency.labels({ api: 'B', error: 'false' }).observe(75);
    latency.labels({ api: 'A', error: 'true' }).observe(50);
    latency.labels({ api: 'A', error: 'true' }).observe(1_500_000);
    expect(registry.exposition()).toBe([
      '# HELP x_latency x latency in ms',
      '# TYPE x_latency histogram',
      'x_latency_bucket{api="A",error="true",le="50"} 1',
      'x_latency_bucket{api="A",error="true",le="100"} 1',
      'x_latency_bucket{api="A",error="true",le="+Inf"} 2',
      'x_latency_sum{api="A",error="true"} 1.50005e+06',
      'x_latency_count{api="A",error="true"} 2',
      'x_latency_bucket{api="B",error="false",le="50"} 0',
      'x_latency_bucket{api="B",error="false",le="100"} 1',
      'x_latency_bucket{api="B",error="false",le="+Inf"} 1',
      'x_latency_sum{api="B",error="false"} 75',
      'x_latency_count{api="B",error="false"} 1',
      '',
    ].join('\n'));
  });

  it('sorts series by label values with labels in name order, and families by name, skipping ' +
    'empty ones', () => {
    const registry = new MetricsRegistry();
    const gauge = registry.register(new GaugeVec({ name: 'b_gauge', help: 'g', labelNames: ['type',
      'ipStack'] }));
    registry.register(new CounterVec({ name: 'c_never', help: 'never touched' }));
    const counter = registry.register(new CounterVec({ name: 'a_total',
      help: 'line\\break\nhere' }));
    gauge.labels({ type: 'LocalIP', ipStack: 'ipv6' }).set(3);
    gauge.labels({ type: 'RemoteIP', ipStack: 'ipv4' }).set(7);
    gauge.labels({ type: 'LocalIP', ipStack: 'ipv4' }).inc(2);
    gauge.labels({ type: 'LocalIP', ipStack: 'ipv4' }).dec();
    counter.labels().inc(2);
    expect(registry.exposition()).toBe([
      '# HELP a_total line\\\\break\\nhere', '# TYPE a_total counter', 'a_total 2',
      '# HELP b_gauge g', '# TYPE b_gauge gauge',
      'b_gauge{ipStack="ipv4",type="LocalIP"} 1', 'b_gauge{ipStack="ipv4",type="RemoteIP"} 7',
      'b_gauge{ipStack="ipv6",type="LocalIP"} 3', '',
    ].join('\n'));
  });

  it('escapes label values', () => {
    const registry = new MetricsRegistry();
    registry.register(new GaugeVec({ name: 'g', help: 'h',
      labelNames: ['url'] })).labels({ url: 'a"b\\c\nd' }).set(1);
    expect(registry.exposition()).toContain('g{url="a\\"b\\\\c\\nd"} 1');
  });

  it('rejects wrong label sets, duplicate registration, negative counter steps and bad buckets',
    () => {
    const registry = new MetricsRegistry();
    const counter = registry.register(new CounterVec({ name: 'n', help: 'h',
      labelNames: ['api'] }));
    expect(() => counter.labels({})).toThrow(/takes labels \{api\}/);
    expect(() => counter.labels({ api: 'x', extra: 'y' })).toThrow(/takes labels/);
    expect(() => counter.labels({ api: 'x' }).inc(-1)).toThrow(/>= 0/);
    expect(() => registry.register(new CounterVec({ name: 'n',
      help: 'again' }))).toThrow(/already registered/);
    expect(() => new HistogramVec({ name: 'h', help: 'h', buckets: [2, 1] })).toThrow(/increase/);
    expect(() => new CounterVec({ name: 'bad-name', help: 'h' })).toThrow(/not valid/);
  });

  it('bucket counts never decrease and +Inf equals the count (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 60 }),
      (values) => {
      const histogram = new HistogramVec({ name: 'h', help: 'h', buckets: [1, 10, 100, 1000] });
      values.forEach((value) => histogram.labels().observe(value));
      const series = histogram.snapshot().series[0];
      if (values.length === 0) return;
      const counts = series!.buckets!.map((bucket) => bucket.count);
      counts.forEach((count, index) => expect(count).toBeGreaterThanOrEqual(index === 0 ? 0
        : counts[index - 1]!));
      expect(series!.count).toBe(values.length);
      expect(counts.at(-1)).toBe(values.filter((value) => value <= 1000).length);
      expect(series!.sum).toBe(values.reduce((sum, value) => sum + value, 0));
    }));
  });
});

describe('Terway metric sets', () => {
  it('registers what the daemon registers, with Terway buckets, and keeps the unregistered ' +
    'ones usable', () => {
    const registry = new MetricsRegistry();
    const metrics = createDaemonMetrics(registry);
    metrics.openApiLatency.labels({ api: 'CreateNetworkInterface', error: 'false' }).observe(120);
    metrics.metadataLatency.labels({ url: 'http://100.100.100.200/latest/meta-data/mac',
      error: 'false' }).observe(3);
    metrics.rateLimiterLatency.labels({ api: 'CreateNetworkInterface' }).observe(0);
    metrics.resourcePoolAllocated.labels({ type: 'LocalIP' }).inc();
    metrics.rpcLatency.labels({ rpc_api: 'AllocIP', error: 'false' }).observe(30);
    const text = registry.exposition();
    expect(text).toContain(
      'aliyun_openapi_latency_bucket{api="CreateNetworkInterface",error="false",le="44800"} 1');
    expect(text).toContain(
      'aliyun_metadata_latency_bucket{error="false",' +
      'url="http://100.100.100.200/latest/meta-data/mac",le="512"} 1');
    expect(text).toContain(
      'terway_rpc_latency_bucket{error="false",rpc_api="AllocIP",le="120000"} 1');
    expect(text).not.toContain('rate_limiter_latency');
    expect(text).not.toContain('terway_resource_pool_allocated_count');
    expect(metrics.metadataLatency.buckets).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(registry.get('terway_eniip_factory_eni_count')).toBeDefined();
    expect(registry.gather().map((family) => family.name)).toEqual(['aliyun_metadata_latency',
      'aliyun_openapi_latency', 'terway_rpc_latency']);
  });

  it('exports the rate limiter histogram from the controlplane', () => {
    const registry = new MetricsRegistry();
    const metrics = createControlplaneCloudMetrics(registry);
    metrics.rateLimiterLatency.labels({ api: 'DescribeNetworkInterfaces' }).observe(6000);
    expect(registry.exposition()).toContain(
      'rate_limiter_latency_bucket{api="DescribeNetworkInterfaces",le="6400"} 1');
  });
});
