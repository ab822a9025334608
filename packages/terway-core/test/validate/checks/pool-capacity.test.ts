import { describe, expect, it } from 'vitest';
import { c6large, clean, codes, g7xlarge, lint, only } from '../helpers.js';

describe('pool and ENI settings against the instance type', () => {
  it('needs an instance type', () => {
    expect(codes(lint({ ...clean, max_pool_size: 1000 }))).toEqual([]);
  });

  it('warns when pool sizes exceed capacity (g7.xlarge: 45 IPs)', () => {
    const report = lint({ ...clean, max_pool_size: 100, min_pool_size: 60 }, { instanceTypes: [
      g7xlarge] });
    expect(codes(report)).toEqual(['pool-above-capacity', 'pool-above-capacity']);
    expect(only(report, 'pool-above-capacity')[0]!.message).toContain('clamps it to 45');
    expect(codes(lint({ ...clean, max_pool_size: 100, min_eni: 5 }, { instanceTypes: [
      g7xlarge] }))).toEqual(['pool-above-capacity', 'min-eni-above-capacity']);
  });

  it('errors when the ENI caps leave no ENI; warns when they exceed the instance', () => {
    expect(codes(lint({ ...clean, eni_cap_shift: -1 }, { instanceTypes: [c6large] }))).toEqual([
      'eni-cap-no-eni']);
    expect(codes(lint({ ...clean, eni_cap_ratio: 2 }, { instanceTypes: [g7xlarge] }))).toEqual([
      'eni-cap-over-quota']);
  });

  it('notes a max_eni that caps nothing', () => {
    expect(codes(lint({ ...clean, max_eni: 3 }, { instanceTypes: [g7xlarge] }))).toEqual([
      'max-eni-no-effect']);
    expect(codes(lint({ ...clean, max_eni: 2 }, { instanceTypes: [g7xlarge] }))).toEqual([]);
  });
});
