import { describe, expect, it } from 'vitest';
import { clean, codes, lint, only } from '../helpers.js';

describe('selection policies', () => {
  it('accepts the documented values', () => {
    expect(codes(lint({ ...clean, vswitch_selection_policy: 'ordered',
      eni_selection_policy: 'least_ips' }))).toEqual([]);
  });

  it('warns about values Terway maps to the default', () => {
    const report = lint({ ...clean, vswitch_selection_policy: 'most',
      eni_selection_policy: 'spread' });
    expect(codes(report)).toEqual(['vswitch-selection-policy', 'eni-selection-policy']);
    expect(only(report, 'vswitch-selection-policy')[0]!.message).toContain('"ordered"');
  });
});
