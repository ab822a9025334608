// The metrics registry and Terway's metric definitions (see registry.ts, terway-metrics.ts).
export {
  MetricsRegistry, CounterVec, GaugeVec, HistogramVec, Counter as MetricCounter,
  Gauge as MetricGauge, Histogram as MetricHistogram, type LabelValues, type MetricOptions,
  type HistogramOptions, type MetricType, type SeriesSnapshot, type FamilySnapshot,
  type AnyMetricVec, expositionOf,
} from './registry.js';
export * from './terway-metrics.js';
export { formatGoFloat } from './go-float.js';
