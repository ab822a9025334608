import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('zones', () => {
  it('is silent without planned zones or when they match', () => {
    expect(codes(lint(clean))).toEqual([]);
    expect(codes(lint(clean, { zones: ['cn-hangzhou-i'] }))).toEqual([]);
  });

  it('warns about vSwitch zones without nodes and node zones without vSwitches', () => {
    const report = lint({ ...clean, vswitches: { 'cn-hangzhou-i': ['vsw-1'], 'cn-hangzhou-k': [
      'vsw-2'] } }, { zones: ['cn-hangzhou-i', 'cn-hangzhou-j'] });
    expect(report.diagnostics.map((d) => [d.code, d.message.includes('cn-hangzhou-k') ||
      d.message.includes('cn-hangzhou-j')])).toEqual([
      ['vswitch-zone-without-nodes', true], ['zone-without-vswitches', true],
    ]);
    expect(report.ok).toBe(true);
  });
});
