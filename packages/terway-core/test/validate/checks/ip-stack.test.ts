import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('ip-stack', () => {
  it('accepts ipv4 and dual, rejects ipv6 and anything else', () => {
    expect(codes(lint({ ...clean, ip_stack: 'dual' }))).toEqual([]);
    expect(codes(lint({ ...clean, ip_stack: 'ipv6' }))).toEqual(['ip-stack-ipv6']);
    const report = lint({ ...clean, ip_stack: 'IPv4' });
    expect(codes(report)).toEqual(['ip-stack-invalid']);
    expect(report.ok).toBe(false);
  });
});
