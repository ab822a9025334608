// histogramQuantile against PromQL's histogram_quantile (Prometheus promql/quantile.go
// bucketQuantile): linear interpolation inside the bucket holding rank q × total, 0 as the lowest
// bucket's start, the highest finite bound for a rank in +Inf, NaN without observations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramQuantile } from '../../src/report/stats.js';

const inf = Number.POSITIVE_INFINITY;

describe('histogramQuantile', () => {
  const cases: Array<{ name: string; q: number; bounds: number[]; counts: number[];
    value: number }> = [
    { name: 'interpolates in the first bucket from 0', q: 0.5, bounds: [100, 200, inf],
      counts: [10, 10, 10], value: 50 },
    { name: 'interpolates in a middle bucket', q: 0.75, bounds: [100, 200, inf],
      counts: [10, 20, 20], value: 150 },
    { name: 'a rank in +Inf answers the highest finite bound', q: 0.99, bounds: [100, 200, inf],
      counts: [1, 1, 10], value: 200 },
    { name: 'the boundary rank falls in the lower bucket', q: 0.5, bounds: [50, 100, inf],
      counts: [5, 10, 10], value: 50 },
    { name: 'q > 1 is +Inf', q: 1.5, bounds: [1, inf], counts: [1, 1], value: inf },
    { name: 'q < 0 is -Inf', q: -0.1, bounds: [1, inf], counts: [1, 1],
      value: Number.NEGATIVE_INFINITY },
  ];
  it.each(cases)('$name', ({ q, bounds, counts, value }) => {
    expect(histogramQuantile(q, bounds, counts)).toBe(value);
  });

  it('is NaN without observations, without +Inf, or with one bucket', () => {
    expect(histogramQuantile(0.5, [1, inf], [0, 0])).toBeNaN();
    expect(histogramQuantile(0.5, [1, 2], [1, 2])).toBeNaN();
    expect(histogramQuantile(0.5, [inf], [3])).toBeNaN();
  });

  it('q = 0 over an empty first bucket is NaN, as Prometheus\' 0/0 interpolation gives', () => {
    expect(histogramQuantile(0, [50, 100, inf], [0, 0, 1])).toBeNaN();
    expect(histogramQuantile(0, [50, 100, inf], [2, 2, 3])).toBe(0);
  });

  it('never decreases with q and stays within the finite bounds (property)', () => {
    const bounds = [50, 100, 200, 400, 800, inf];
    fc.assert(fc.property(fc.array(fc.nat(20), { minLength: 6, maxLength: 6 }),
      // q = 0 over an empty first bucket is 0/0 in Prometheus too (NaN): see the example below.
      fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
      fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
      (perBucket, a, b) => {
        const counts = perBucket.map((_, index) => perBucket.slice(0, index + 1)
          .reduce((sum, count) => sum + count, 0));
        fc.pre(counts.at(-1)! > 0);
        const [low, high] = a < b ? [a, b] : [b, a];
        const lowValue = histogramQuantile(low, bounds, counts);
        expect(lowValue).toBeLessThanOrEqual(histogramQuantile(high, bounds, counts));
        expect(lowValue).toBeGreaterThanOrEqual(0);
        expect(histogramQuantile(high, bounds, counts)).toBeLessThanOrEqual(800);
      }));
  });
});
