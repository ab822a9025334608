import { describe, expect, it } from 'vitest';
import { clean, codes, lint, only } from '../helpers.js';

describe('backoff_override', () => {
  it('accepts a complete override in nanoseconds', () => {
    expect(codes(lint({ ...clean, backoff_override: { eni_create: { Duration: 5_000_000_000,
      Factor: 2, Jitter: 0.3, Steps: 3 } } }))).toEqual([]);
  });

  it('flags unknown names, Steps 0 and tiny durations', () => {
    expect(codes(lint({ ...clean, backoff_override: { eni_craete: { Duration: 5e9,
      Steps: 2 } } }))).toEqual(['backoff-unknown-key']);
    const report = lint({ ...clean, backoff_override: { eni_ops: { Duration: 2 } } });
    expect(codes(report)).toEqual(['backoff-steps-zero', 'backoff-nanoseconds']);
    expect(only(report, 'backoff-nanoseconds')[0]!.message).toContain('2000000000');
    expect(report.ok).toBe(false);
  });
});
