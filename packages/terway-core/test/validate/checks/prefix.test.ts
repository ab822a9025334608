import { describe, expect, it } from 'vitest';
import { c6large, clean, codes, lint, only } from '../helpers.js';

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

  const prefixMode = { ...clean, ipam_type: 'crd', enable_ip_prefix: true };

  it('ipv4_prefix_count above what a planned type\'s ENIs hold is never reached', () => {
    // ecs.c6.large: one secondary ENI of 6 slots = the primary and five /28s.
    const within = lint({ ...prefixMode, ipv4_prefix_count: 5 }, { instanceTypes: [c6large] });
    expect(codes(within)).toEqual([]);
    const above = lint({ ...prefixMode, ipv4_prefix_count: 6 }, { instanceTypes: [c6large] });
    expect(only(above, 'ip-prefix-count-above-capacity').map((d) => [d.severity, d.path,
      d.message])).toEqual([['warning', 'eni_conf.ipv4_prefix_count', 'on ecs.c6.large: ' +
      'ipv4_prefix_count 6 is above the 5 /28 prefixes the type holds (secondary ENIs 1 × 5 ' +
      'slots beside each primary IP); the node stops at 5 × 16 = 80 pod IPs']]);
  });

  it('ipv6_prefix_count is not read in dual stack', () => {
    expect(codes(lint({ ...prefixMode, ipv4_prefix_count: 2, ip_stack: 'dual',
      ipv6_prefix_count: 1 }))).toEqual(['ipv6-prefix-count-dual-stack']);
  });
});
