import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('rate_limit', () => {
  it('accepts known APIs with positive limits', () => {
    expect(codes(lint({ ...clean, rate_limit: { CreateNetworkInterface: 100,
      AssignPrivateIpAddresses: 200 } }))).toEqual([]);
  });

  it('flags unknown API names and non-positive limits', () => {
    expect(codes(lint({ ...clean, rate_limit: { createNetworkInterface: 100 } }))).toEqual([
      'rate-limit-unknown-api']);
    const zero = lint({ ...clean, rate_limit: { CreateNetworkInterface: 0 } });
    expect(codes(zero)).toEqual(['rate-limit-non-positive']);
    expect(zero.ok).toBe(false);
  });
});
