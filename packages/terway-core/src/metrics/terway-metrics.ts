// Terway's own metrics, with the names, help texts, labels and buckets of pkg/metric/*.go and
// pkg/aliyun/metadata/metrics.go, registered the way daemon/server.go and the controlplane's
// main register them. Dashboards and alert rules written for production read the simulator's
// `/metrics` unchanged.
//
// Gotchas kept from Terway: the daemon observes `rate_limiter_latency` but does not register it
// (only the controlplane exports it), and it increments `terway_resource_pool_allocated_count`
// without registering it; the three `terway_eniip_factory_*` metrics are registered and never
// updated, so they never appear in a scrape. Both unregistered metrics stay readable here, for
// reports.

import { CounterVec, GaugeVec, HistogramVec, type MetricsRegistry } from './registry.js';

export const rpcLatencyBucketsMs: readonly number[] = [50, 100, 200, 400, 800, 1600, 3200, 6400,
  12800, 25600,
  26600, 27600, 29600, 33600, 41600, 57600, 89600, 110000, 120000];
export const openApiLatencyBucketsMs: readonly number[] = [50, 100, 200, 400, 800, 1600, 3200,
  6400, 12800,
  13800, 14800, 16800, 20800, 28800, 44800];
export const rateLimiterLatencyBucketsMs: readonly number[] = [200, 400, 800, 1600, 3200, 6400,
  12800, 13800,
  14800, 16800, 20800, 28800, 44800];
/** prometheus.ExponentialBuckets(1, 2, 10): 1, 2, 4, …, 512. */
export const metadataLatencyBucketsMs: readonly number[] = Array.from({ length: 10 }, (_, index) =>
  2 ** index);

/** `type` label values of the resource-pool metrics. */
export const resourcePoolTypeLocal = 'LocalIP';
export const resourcePoolTypeRemote = 'RemoteIP';

/** What the cloud client layer observes: OpenAPI call latency and client-side rate-limit waits. */
export interface CloudMetrics {
  /** `aliyun_openapi_latency{api, error}` in ms; `error` is "true" or "false". */
  readonly openApiLatency: HistogramVec;
  /** `rate_limiter_latency{api}` in ms. */
  readonly rateLimiterLatency: HistogramVec;
}

export interface MetadataMetrics {
  /** `aliyun_metadata_latency{url, error}` in ms. */
  readonly metadataLatency: HistogramVec;
}

export interface DaemonMetrics extends CloudMetrics, MetadataMetrics {
  /** `terway_rpc_latency{rpc_api, error}` in ms, for AllocIP and ReleaseIP. */
  readonly rpcLatency: HistogramVec;
  /** `terway_resource_pool_total_count{type, ipStack}`. */
  readonly resourcePoolTotal: GaugeVec;
  /** `terway_resource_pool_idle_count{type, ipStack}`. */
  readonly resourcePoolIdle: GaugeVec;
  /** `terway_resource_pool_disposed_count{type, ipStack}`. */
  readonly resourcePoolDisposed: CounterVec;
  /** `terway_resource_pool_allocated_count{type}`: incremented, never exported by the daemon. */
  readonly resourcePoolAllocated: CounterVec;
  readonly eniipFactoryEniCount: GaugeVec;
  readonly eniipFactoryIpCount: GaugeVec;
  readonly eniipFactoryIpAllocCount: CounterVec;
}

export function newOpenApiLatency(): HistogramVec {
  return new HistogramVec({ name: 'aliyun_openapi_latency', help: 'aliyun openapi latency in ms',
    labelNames: ['api', 'error'], buckets: openApiLatencyBucketsMs });
}

export function newRateLimiterLatency(): HistogramVec {
  return new HistogramVec({ name: 'rate_limiter_latency', help: 'rate_limiter_latency in ms',
    labelNames: ['api'], buckets: rateLimiterLatencyBucketsMs });
}

export function newMetadataLatency(): HistogramVec {
  return new HistogramVec({ name: 'aliyun_metadata_latency', help: 'aliyun metadata latency in ms',
    labelNames: ['url', 'error'], buckets: metadataLatencyBucketsMs });
}

/** Cloud metrics for tests and tools that do not run a whole daemon (nothing registered). */
export function createCloudMetrics(): CloudMetrics & MetadataMetrics {
  return { openApiLatency: newOpenApiLatency(), rateLimiterLatency: newRateLimiterLatency(),
    metadataLatency: newMetadataLatency() };
}

/** Creates the daemon's metrics and registers those daemon/server.go registers. */
export function createDaemonMetrics(registry: MetricsRegistry): DaemonMetrics {
  const poolLabels = ['type', 'ipStack'];
  const metrics: DaemonMetrics = {
    rpcLatency: new HistogramVec({ name: 'terway_rpc_latency', help: 'terway rpc latency in ms',
      labelNames: ['rpc_api', 'error'], buckets: rpcLatencyBucketsMs }),
    openApiLatency: newOpenApiLatency(),
    metadataLatency: newMetadataLatency(),
    rateLimiterLatency: newRateLimiterLatency(),
    resourcePoolTotal: new GaugeVec({ name: 'terway_resource_pool_total_count',
      help: 'terway total resources amount in the pool', labelNames: poolLabels }),
    resourcePoolIdle: new GaugeVec({ name: 'terway_resource_pool_idle_count',
      help: 'terway amount of idle resources in the pool', labelNames: poolLabels }),
    resourcePoolDisposed: new CounterVec({ name: 'terway_resource_pool_disposed_count',
      help: 'terway resource count of being disposed', labelNames: poolLabels }),
    resourcePoolAllocated: new CounterVec({ name: 'terway_resource_pool_allocated_count',
      help: 'terway resource allocation count', labelNames: ['type'] }),
    eniipFactoryEniCount: new GaugeVec({ name: 'terway_eniip_factory_eni_count',
      help: 'amount of allocated terway multi-ip factory eni', labelNames: ['name', 'max_eni'] }),
    eniipFactoryIpCount: new GaugeVec({ name: 'terway_eniip_factory_ip_count',
      help: 'amount of allocated terway multi-ip secondary ip', labelNames: ['name', 'eni',
        'max_ip'] }),
    eniipFactoryIpAllocCount: new CounterVec({ name: 'terway_eniip_factory_ip_alloc_count',
      help: 'counter of eniip factory ip allocation', labelNames: ['eni', 'status'] }),
  };
  [metrics.rpcLatency, metrics.openApiLatency, metrics.metadataLatency, metrics.resourcePoolTotal,
    metrics.resourcePoolIdle, metrics.resourcePoolDisposed, metrics.eniipFactoryIpCount,
    metrics.eniipFactoryEniCount, metrics.eniipFactoryIpAllocCount].forEach((metric) =>
      registry.register(metric));
  return metrics;
}

/** The controlplane registers the OpenAPI latency and the rate-limiter wait histogram. */
export function createControlplaneCloudMetrics(registry: MetricsRegistry): CloudMetrics {
  return {
    openApiLatency: registry.register(newOpenApiLatency()),
    rateLimiterLatency: registry.register(newRateLimiterLatency()),
  };
}
