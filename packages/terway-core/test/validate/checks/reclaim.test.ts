import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('reclaim consistency', () => {
  it('warns when tuning keys are set without idle_ip_reclaim_after', () => {
    expect(codes(lint({ ...clean, idle_ip_reclaim_batch_size: 3 }))).toEqual([
      'reclaim-inconsistent']);
  });

  it('warns when min ≥ max pool leaves nothing to reclaim', () => {
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30m', max_pool_size: 5,
      min_pool_size: 5 }))).toEqual(['reclaim-inconsistent']);
  });

  it(
    'warns when the interval is shorter than the pool sync period, and on a non-positive batch',
      () => {
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30m', idle_ip_reclaim_interval: '30s',
      max_pool_size: 5 }))).toEqual(['reclaim-inconsistent']);
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30m', idle_ip_reclaim_batch_size: 0,
      max_pool_size: 5 }))).toEqual(['reclaim-inconsistent']);
  });

  it('is silent for a sound setup', () => {
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30m', max_pool_size: 5,
      min_pool_size: 1 }))).toEqual([]);
  });
});
