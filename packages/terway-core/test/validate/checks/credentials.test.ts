import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('credentials', () => {
  it('notes plaintext AccessKeys', () => {
    expect(codes(lint({ ...clean, access_key: 'LTAI…', access_secret: 'x' }))).toEqual([
      'plaintext-credentials']);
    expect(codes(lint({ ...clean, access_key: '', access_secret: '' }))).toEqual([]);
  });
});
