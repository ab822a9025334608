import { describe, expect, it } from 'vitest';
import { scaleUpCalls } from '../../../src/validate/checks/scale-up-rate.js';
import { clean, codes, g7xlarge, lint, only } from '../helpers.js';

describe('API calls for a planned scale-up', () => {
  it('counts create/attach/describe per ENI and one assign per further 10 IPs', () => {
    expect(scaleUpCalls(45, 15, false)).toEqual({ CreateNetworkInterface: 3,
      AttachNetworkInterface: 3, DescribeNetworkInterfaces: 3, AssignPrivateIpAddresses: 3 });
    expect(scaleUpCalls(25, 30, true)).toEqual({ CreateNetworkInterface: 1,
      AttachNetworkInterface: 1, DescribeNetworkInterfaces: 1, AssignPrivateIpAddresses: 2,
      AssignIpv6Addresses: 2 });
    expect(scaleUpCalls(0, 15, false).CreateNetworkInterface).toBe(0);
  });

  it('warns when a node\'s rate_limit cannot sustain its scale-up', () => {
    const report = lint({ ...clean, rate_limit: { CreateNetworkInterface: 1 } }, { instanceTypes: [
      g7xlarge], podsPerNode: 45, scaleUpSeconds: 30 });
    expect(codes(report)).toEqual(['rate-limit-insufficient']);
    expect(only(report, 'rate-limit-insufficient')[0]!.message).toContain(
      'needs 3 CreateNetworkInterface calls');
  });

  it('warns when the cluster\'s scale-up exceeds the account\'s API budget', () => {
    const report = lint(clean, { instanceTypes: [g7xlarge], podsPerNode: 45, nodes: 500,
      scaleUpSeconds: 60 });
    expect(codes(report)).toEqual(['cloud-throttling-risk', 'cloud-throttling-risk',
      'cloud-throttling-risk', 'cloud-throttling-risk']);
    expect(codes(lint(clean, { instanceTypes: [g7xlarge], podsPerNode: 45, nodes: 100,
      scaleUpSeconds: 60 }))).toEqual([]);
  });
});
