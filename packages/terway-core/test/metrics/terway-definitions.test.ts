// Every metric the simulated daemon and controlplane define, checked against Terway's own
// definitions (AliyunContainerService/terway at 89aadf8b: pkg/metric/rpc.go, aliyun.go,
// resource_pool.go, factory.go, config.go, pkg/aliyun/metadata/metrics.go) and against what
// daemon/server.go `registerPrometheus` and terway-controlplane.go `init` register. The table is
// transcribed from those files: a renamed metric, a changed help text, label or bucket here is a
// dashboard that no longer matches production, and fails this test.

import { describe, expect, it } from 'vitest';
import { MetricsRegistry, type AnyMetricVec } from '../../src/metrics/registry.js';
import {
  createControlplaneCloudMetrics, createDaemonMetrics,
} from '../../src/metrics/terway-metrics.js';

interface Definition {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
  /** Registered on the daemon's default registry (daemon/server.go). */
  readonly daemon: boolean;
}

const terway: readonly Definition[] = [
  { name: 'terway_rpc_latency', type: 'histogram', help: 'terway rpc latency in ms',
    labels: ['rpc_api', 'error'], daemon: true,
    buckets: [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 26600, 27600, 29600, 33600,
      41600, 57600, 89600, 110000, 120000] },
  { name: 'aliyun_openapi_latency', type: 'histogram', help: 'aliyun openapi latency in ms',
    labels: ['api', 'error'], daemon: true,
    buckets: [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 13800, 14800, 16800, 20800, 28800,
      44800] },
  { name: 'rate_limiter_latency', type: 'histogram', help: 'rate_limiter_latency in ms',
    labels: ['api'], daemon: false,
    buckets: [200, 400, 800, 1600, 3200, 6400, 12800, 13800, 14800, 16800, 20800, 28800, 44800] },
  { name: 'aliyun_metadata_latency', type: 'histogram', help: 'aliyun metadata latency in ms',
    labels: ['url', 'error'], daemon: true, buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] },
  { name: 'terway_resource_pool_total_count', type: 'gauge',
    help: 'terway total resources amount in the pool', labels: ['type', 'ipStack'],
    daemon: true },
  { name: 'terway_resource_pool_idle_count', type: 'gauge',
    help: 'terway amount of idle resources in the pool', labels: ['type', 'ipStack'],
    daemon: true },
  { name: 'terway_resource_pool_disposed_count', type: 'counter',
    help: 'terway resource count of being disposed', labels: ['type', 'ipStack'], daemon: true },
  { name: 'terway_resource_pool_allocated_count', type: 'counter',
    help: 'terway resource allocation count', labels: ['type'], daemon: false },
  { name: 'terway_eniip_factory_eni_count', type: 'gauge',
    help: 'amount of allocated terway multi-ip factory eni', labels: ['name', 'max_eni'],
    daemon: true },
  { name: 'terway_eniip_factory_ip_count', type: 'gauge',
    help: 'amount of allocated terway multi-ip secondary ip', labels: ['name', 'eni', 'max_ip'],
    daemon: true },
  { name: 'terway_eniip_factory_ip_alloc_count', type: 'counter',
    help: 'counter of eniip factory ip allocation', labels: ['eni', 'status'], daemon: true },
];

function described(metric: AnyMetricVec): Omit<Definition, 'daemon'> {
  return { name: metric.name, type: metric.type, help: metric.help, labels: metric.labelNames,
    ...(metric.type === 'histogram' ? { buckets: metric.buckets } : {}) };
}

function definitionOf(name: string): Omit<Definition, 'daemon'> {
  const { daemon: _daemon, ...rest } = terway.find((definition) => definition.name === name)!;
  return rest;
}

describe('Terway\'s metric definitions', () => {
  it('the daemon defines every metric as Terway does and registers the same ones', () => {
    const registry = new MetricsRegistry();
    const metrics = createDaemonMetrics(registry);
    const all = Object.values(metrics) as AnyMetricVec[];
    expect(all.map(described).sort((a, b) => (a.name < b.name ? -1 : 1)))
      .toEqual(terway.map(({ daemon: _daemon, ...rest }) => rest)
        .sort((a, b) => (a.name < b.name ? -1 : 1)));
    const registered = terway.filter((definition) => definition.daemon)
      .map((definition) => definition.name);
    expect(all.filter((metric) => registry.get(metric.name) === metric)
      .map((metric) => metric.name).sort()).toEqual([...registered].sort());
  });

  it('the controlplane registers the OpenAPI and rate-limiter histograms as Terway defines them',
    () => {
    const registry = new MetricsRegistry();
    const metrics = createControlplaneCloudMetrics(registry);
    expect(described(metrics.openApiLatency)).toEqual(definitionOf('aliyun_openapi_latency'));
    expect(described(metrics.rateLimiterLatency)).toEqual(definitionOf('rate_limiter_latency'));
    expect(registry.get('aliyun_openapi_latency')).toBe(metrics.openApiLatency);
    expect(registry.get('rate_limiter_latency')).toBe(metrics.rateLimiterLatency);
  });
});
