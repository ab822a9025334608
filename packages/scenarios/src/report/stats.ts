// Percentiles and histograms for report figures. Nearest-rank percentiles: the value reported is
// one that occurred, which keeps figures exact and integer for integer inputs.

import type { Percentiles } from './model.js';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
  };
}

/** Counts per bucket; each value goes to the first bucket whose upper bound is ≥ it (last = +∞). */
export function histogram(
  values: readonly number[],
  bounds: readonly number[],
): Array<{ leMs: number; count: number }> {
  const counts = bounds.map((leMs) => ({ leMs, count: 0 }));
  const overflow = { leMs: Number.MAX_SAFE_INTEGER, count: 0 };
  for (const value of values) {
    const bucket = counts.find((entry) => value <= entry.leMs) ?? overflow;
    bucket.count++;
  }
  return overflow.count > 0 ? [...counts, overflow] : counts;
}

/** Time-to-IP bucket bounds: sub-second warm pools to multi-minute backoffs. */
export const timeToIpBoundsMs = [
  250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000,
];

/**
 * PromQL's `histogram_quantile(q, …)` over one classic histogram (Prometheus
 * promql/quantile.go): `upperBounds` ascending with +Inf last, `counts` cumulative. The rank
 * q × total is found by linear interpolation inside its bucket, the lowest bucket starting at 0;
 * a rank in the +Inf bucket answers the highest finite bound. NaN when there are no
 * observations, fewer than two buckets or no +Inf bucket.
 */
export function histogramQuantile(q: number, upperBounds: readonly number[],
  counts: readonly number[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const last = upperBounds.length - 1;
  if (last < 1 || upperBounds[last] !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Prometheus repairs counts that decrease (ensureMonotonic) before it interpolates.
  const cumulative = counts.map((_, index) => Math.max(...counts.slice(0, index + 1)));
  const total = cumulative[last]!;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  const bucket = cumulative.findIndex((count, index) => index === last || count >= rank);
  if (bucket === last) return upperBounds[last - 1]!;
  const end = upperBounds[bucket]!;
  if (bucket === 0 && end <= 0) return end;
  const start = bucket === 0 ? 0 : upperBounds[bucket - 1]!;
  const below = bucket === 0 ? 0 : cumulative[bucket - 1]!;
  return start + (end - start) * ((rank - below) / (cumulative[bucket]! - below));
}
