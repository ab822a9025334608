import { describe, expect, it } from 'vitest';
import { clean, codes, lint, only } from '../helpers.js';

describe('durations', () => {
  it('errors on unparsable reclaim values (the daemon does not start)', () => {
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30',
      idle_ip_reclaim_interval: '10m' }))).toEqual(['reclaim-duration-invalid']);
    expect(only(lint({ ...clean, idle_ip_reclaim_after: '30' }), 'reclaim-duration-invalid')[
      0]!.message).toContain('missing unit');
    expect(codes(lint({ ...clean, idle_ip_reclaim_after: '30m',
      idle_ip_reclaim_jitter_factor: 'ten' }))).toEqual(['reclaim-jitter-invalid']);
  });

  it('warns on an unparsable or non-positive pool sync period', () => {
    expect(only(lint({ ...clean, ip_pool_sync_period: '2 minutes' }), 'pool-sync-period-invalid')[
      0]!.message).toContain('120s');
    expect(codes(lint({ ...clean, ip_pool_sync_period: '0' }))).toEqual([
      'pool-sync-period-invalid']);
    expect(codes(lint({ ...clean, ip_pool_sync_period: '5m' }))).toEqual([]);
  });
});
