import { describe, expect, it } from 'vitest';
import { clean, codes, lint } from '../helpers.js';

describe('ENI tags and the tag filter', () => {
  it('warns when the filter asks for tags created ENIs lack', () => {
    expect(codes(lint({ ...clean, eni_tag_filter: { team: 'net' } }))).toEqual([
      'eni-tag-filter-mismatch']);
    expect(codes(lint({ ...clean, eni_tag_filter: { team: 'net' }, eni_tags: {
      team: 'net' } }))).toEqual([]);
    // creator=terway is added only when eni_tags is set (Q7).
    expect(codes(lint({ ...clean, eni_tag_filter: { creator: 'terway' } }))).toEqual([
      'eni-tag-filter-mismatch']);
    expect(codes(lint({ ...clean, eni_tag_filter: { creator: 'terway' }, eni_tags: {} }))).toEqual(
      []);
  });

  it('notes a creator tag Terway overwrites', () => {
    expect(codes(lint({ ...clean, eni_tags: { creator: 'me' } }))).toEqual(['eni-tags-creator']);
  });
});
