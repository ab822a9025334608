import { describe, expect, it } from 'vitest';
import { nodesPerZone } from '../../../src/validate/checks/plan-demand.js';
import { clean, codes, g7xlarge, lint, only } from '../helpers.js';

const plan = { zones: ['cn-hangzhou-i'], instanceTypes: [g7xlarge] };

describe('vswitch sizes against the plan', () => {
  it('splits nodes evenly over zones, remainder first', () => {
    expect([...nodesPerZone(['b', 'a', 'c'], 10)]).toEqual([['a', 4], ['b', 3], ['c', 3]]);
  });

  it('errors when the pods do not fit (a /24 keeps 252 addresses)', () => {
    const report = lint(clean, { ...plan, nodes: 10, podsPerNode: 30, vSwitches: { 'vsw-pod1': {
      cidr: '10.0.0.0/24' } } });
    expect(codes(report)).toEqual(['vswitch-too-small']);
    expect(only(report, 'vswitch-too-small')[0]!.message).toContain('10 nodes × 30 pod IPs = 300');
    expect(codes(lint(clean, { ...plan, nodes: 8, podsPerNode: 30, vSwitches: { 'vsw-pod1': {
      cidr: '10.0.0.0/24' } } }))).toEqual([]);
  });

  it('warns when pods fit but the warm pools do not', () => {
    const report = lint({ ...clean, max_pool_size: 10 }, { ...plan, nodes: 8, podsPerNode: 30,
      vSwitches: { 'vsw-pod1': { availableIpCount: 252 } } });
    expect(codes(report)).toEqual(['vswitch-pool-headroom']);
  });

  it('caps pod IPs at the node capacity and skips vSwitches of unknown size', () => {
    // The plan's excess is its own finding (plan-pods-above-capacity); the sizes count what fits.
    expect(codes(lint(clean, { ...plan, nodes: 5, podsPerNode: 100, vSwitches: { 'vsw-pod1': {
      cidr: '10.0.0.0/24' } } }))).toEqual(['plan-pods-above-capacity']);
    expect(codes(lint(clean, { ...plan, nodes: 1000, podsPerNode: 30,
      scaleUpSeconds: 3600 }))).toEqual([]);
  });
});
