// The multi-ip node controller's metrics (Terway's pkg/controller/multi-ip/node/metric.go), on
// the controlplane's registry: per-node GC and OpenAPI-sync counts (gauges that only grow, as
// Terway declares them), per-method reconcile latency in virtual ms, the attach task queue's
// size by status and attach durations.

import { GaugeVec, HistogramVec, type MetricsRegistry } from '../../metrics/registry.js';

export interface MultiIpMetrics {
  readonly gcCount: GaugeVec;
  readonly syncOpenApiCount: GaugeVec;
  readonly reconcileLatency: HistogramVec;
  readonly taskQueueSize: GaugeVec;
  readonly attachDuration: HistogramVec;
}

export function createMultiIpMetrics(registry: MetricsRegistry): MultiIpMetrics {
  return {
    gcCount: registry.register(new GaugeVec({ name: 'gc_count_total',
      help: 'controlplane gc total', labelNames: ['node'] })),
    syncOpenApiCount: registry.register(new GaugeVec({ name: 'sync_openapi_count_total',
      help: 'controlplane sync data with openapi total', labelNames: ['node'] })),
    reconcileLatency: registry.register(new HistogramVec({
      name: 'controlplane_node_reconcile_latency_ms',
      help: 'Latency of node controller reconcile methods in milliseconds',
      labelNames: ['method', 'node'],
      buckets: [10, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000] })),
    taskQueueSize: registry.register(new GaugeVec({ name: 'terway_eni_task_queue_size',
      help: 'Current size of ENI task queue', labelNames: ['status'] })),
    attachDuration: registry.register(new HistogramVec({
      name: 'terway_eni_attach_duration_seconds', help: 'Duration of ENI attach operations',
      labelNames: ['result', 'eni_type'], buckets: [1, 3, 5, 10, 20, 30, 60, 120, 180] })),
  };
}
