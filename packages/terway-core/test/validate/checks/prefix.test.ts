import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('prefix mode keys', () => {
  it('need ipam_type crd', () => {
    expect(codes(lint({ ...clean, enable_ip_prefix: true, ipv4_prefix_count: 4 }))).toEqual([
      'ip-prefix-requires-crd', 'ip-prefix-requires-crd']);
    expect(codes(lint({ ...clean, ipam_type: 'crd', enable_ip_prefix: true,
      ipv4_prefix_count: 4 }))).toEqual([]);
    expect(codes(lint({ ...clean, ipam_type: 'crd', enable_ip_prefix: true }))).toEqual([
      'ip-prefix-requires-crd']);
  });

  it('ipv6_prefix_count above 1 is a startup error', () => {
    expect(codes(lint({ ...clean, ipam_type: 'crd', ipv6_prefix_count: 2 }))).toEqual([
      'ipv6-prefix-count']);
  });
});
