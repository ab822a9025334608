import { describe, expect, it } from 'vitest';
import { instanceType } from '../../config/fixtures.js';
import { c6large, clean, codes, g7xlarge, lint, only } from '../helpers.js';

describe('features the instance type cannot carry', () => {
  it('dual stack: IPv6 per ENI must equal IPv4; no IPv6 at all', () => {
    expect(codes(lint({ ...clean, ip_stack: 'dual' }, { instanceTypes: [g7xlarge] }))).toEqual([]);
    const mismatch = lint({ ...clean, ip_stack: 'dual' }, { instanceTypes: [c6large] });
    expect(codes(mismatch)).toEqual(['ipv6-per-eni-mismatch']);
    expect(only(mismatch, 'ipv6-per-eni-mismatch')[0]!.message).toContain(
      'EniIpv6AddressQuantity, EniTotalQuantity, EniTrunkSupported modelled');
    const ic5 = instanceType({ InstanceTypeId: 'ecs.ic5.large', EniQuantity: 2,
      EniPrivateIpAddressQuantity: 6, EniIpv6AddressQuantity: 0, EniTotalQuantity: 2,
      EniTrunkSupported: false });
    expect(codes(lint({ ...clean, ip_stack: 'dual' }, { instanceTypes: [ic5] }))).toEqual([
      'ipv6-unsupported-instance']);
  });

  it('trunking and eRDMA', () => {
    expect(codes(lint({ ...clean, enable_eni_trunking: true }, { instanceTypes: [
      c6large] }))).toEqual(['trunk-unsupported-instance']);
    expect(codes(lint({ ...clean, enable_eni_trunking: true }, { instanceTypes: [
      g7xlarge] }))).toEqual([]);
    expect(codes(lint({ ...clean, enable_erdma: true }, { instanceTypes: [g7xlarge] }))).toEqual([
      'erdma-unsupported-instance']);
  });
});
