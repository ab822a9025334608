import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('service_cidr', () => {
  it('accepts IPv4 and IPv6 network CIDRs', () => {
    expect(codes(lint({ ...clean, service_cidr: '172.21.0.0/20,fd00::/120' }))).toEqual([]);
  });

  it('errors on entries that are not network CIDRs, notes the empty case', () => {
    expect(codes(lint({ ...clean, service_cidr: '172.21.0.1/20' }))).toEqual([
      'service-cidr-invalid']);
    expect(codes(lint({ ...clean, service_cidr: '172.21.0.0' }))).toEqual(['service-cidr-invalid']);
    expect(codes(lint({ ...clean, service_cidr: '' }))).toEqual(['service-cidr-empty']);
  });
});
