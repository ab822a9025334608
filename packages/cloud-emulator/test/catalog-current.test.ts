// The 8th- and 9th-generation families in the catalog: every family the brief of issue 14 names
// answers DescribeInstanceTypes (with EriQuantity for eRDMA types and ARM for Yitian), the catalog
// stays sorted with one record per id, every new record says which figures are modelled and where
// the rest come from, and a page of 100 still ends with a NextToken now that the catalog is larger.
import { describe, expect, it } from 'vitest';
import { findInstanceType, instanceTypeCatalog } from '../src/index.js';
import { buildTestWorld } from '../src/testing/index.js';
import { caller, runTask } from './helpers.js';

const families = ['g8i', 'c8i', 'r8i', 'g8a', 'c8a', 'r8a', 'g8y', 'c8y', 'r8y', 'g9i', 'c9i',
  'r9i'];

describe('current generations in the catalog', () => {
  it.each(families)('ecs.%s has its sizes, with sources and modelled fields', (family) => {
    const records = instanceTypeCatalog.filter((type) =>
      type.InstanceTypeFamily === `ecs.${family}`);
    expect(records.map((type) => type.InstanceTypeId).sort()).toEqual(
      ['16xlarge', '2xlarge', '4xlarge', '8xlarge', 'large', 'xlarge']
        .map((size) => `ecs.${family}.${size}`).sort());
    for (const type of records) {
      expect(type.source, type.InstanceTypeId).toMatch(/^alibabacloud\.com\/help\//);
      expect(type.modelled).toContain('EniQuantity');
      expect(type.MemorySize / type.CpuCoreCount).toBe(
        { g: 4, c: 2, r: 8 }[family[0] as 'g' | 'c' | 'r']);
    }
  });

  it('keeps one record per id, sorted', () => {
    const ids = instanceTypeCatalog.map((type) => type.InstanceTypeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(findInstanceType('ecs.g8i.xlarge')?.EniQuantity).toBe(4);
  });

  it('answers DescribeInstanceTypes with EriQuantity and the CPU architecture', async () => {
    const world = buildTestWorld({ instances: 0 });
    const call = caller(world.cloud.client());
    await runTask(world.env, async () => {
      const reply = await call('DescribeInstanceTypes',
        { InstanceTypes: ['ecs.g8i.xlarge', 'ecs.g8i.4xlarge', 'ecs.g8y.xlarge'] });
      if (!reply.ok) throw new Error('DescribeInstanceTypes failed');
      const types = (reply.value as { InstanceTypes: { InstanceType: Record<string,
        unknown>[] } }).InstanceTypes.InstanceType;
      expect(types.map((type) => [type.InstanceTypeId, type.EriQuantity, type.CpuArchitecture]))
        .toEqual([['ecs.g8i.4xlarge', 2, 'X86'], ['ecs.g8i.xlarge', 1, 'X86'],
          ['ecs.g8y.xlarge', 0, 'ARM']]);
      const page = await call('DescribeInstanceTypes', { MaxResults: 100 });
      if (!page.ok) throw new Error('DescribeInstanceTypes failed');
      expect((page.value as { NextToken: string }).NextToken).not.toBe('');
    });
  });
});
