import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('legacy-only and crd-only keys', () => {
  it('warns that ip_warm_up_size needs crd', () => {
    expect(codes(lint({ ...clean, ip_warm_up_size: 10 }))).toEqual(['ip-warm-up-size-legacy']);
    expect(codes(lint({ ...clean, ip_warm_up_size: 10, ipam_type: 'crd' }))).toEqual([]);
    expect(codes(lint({ ...clean, ip_warm_up_size: 10 }, { daemonMode: 'ENIOnly' }))).toEqual([]);
  });

  it('warns that crd ignores the ENI limits, and about unknown ipam types', () => {
    expect(codes(lint({ ...clean, ipam_type: 'crd', max_eni: 2, eni_cap_ratio: 0.5 }))).toEqual([
      'crd-ignores-eni-limits', 'crd-ignores-eni-limits']);
    expect(codes(lint({ ...clean, ipam_type: 'preferCRD' }))).toEqual(['crd-ignores-eni-limits']);
  });
});
