import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

const groups = (n: number) => Array.from({ length: n }, (_, i) => `sg-${i}a`);

describe('security groups', () => {
  it('errors above 10, warns above 5', () => {
    expect(codes(lint({ ...clean, security_groups: groups(11) }))).toEqual([
      'security-groups-over-10']);
    expect(codes(lint({ ...clean, security_groups: groups(10), security_group: 'sg-x' }))).toEqual([
      'security-groups-over-10']);
    expect(codes(lint({ ...clean, security_groups: groups(6) }))).toEqual([
      'security-groups-over-5']);
    expect(codes(lint({ ...clean, security_groups: groups(5) }))).toEqual([]);
  });

  it('flags ids that are not sg-… and mentions the empty fallback', () => {
    expect(codes(lint({ ...clean, security_groups: ['sg-1', 'default'] }))).toEqual([
      'security-group-format']);
    expect(codes(lint({ ...clean, security_groups: [] }))).toEqual(['security-groups-empty']);
  });
});
