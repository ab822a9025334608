import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('pool bounds', () => {
  it('warns when min pool is above max pool, or min_eni with max pool 0', () => {
    expect(codes(lint({ ...clean, min_pool_size: 8, max_pool_size: 5 }))).toEqual([
      'pool-min-above-max']);
    expect(codes(lint({ ...clean, min_eni: 1 }))).toEqual(['pool-min-above-max']);
    expect(codes(lint({ ...clean, min_pool_size: 2, max_pool_size: 5 }))).toEqual([]);
  });

  it('does not apply with ipam_type crd', () => {
    expect(codes(lint({ ...clean, min_pool_size: 8, max_pool_size: 5, ipam_type: 'crd' }))).toEqual(
      []);
  });
});
