// ENI tags against the tag filter: with eni_tag_filter set, Terway manages only ENIs carrying all
// those tags, and the ENIs it creates carry only eni_tags (plus creator=terway when eni_tags is
// set, quirk Q7). A filter tag missing from eni_tags makes Terway lose track of its own ENIs
// after a restart; a `creator` tag is overwritten.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';

export const tagsCheck: Check = (context) => {
  const { config } = context;
  const out: Diagnostic[] = [];
  const created: Record<string, string> = config.eniTags === undefined ? {} : { ...config.eniTags,
    creator: 'terway' };
  for (const [key, value] of Object.entries(config.eniTagFilter).sort(([a], [b]) => a.localeCompare(
    b))) {
    const tag = Object.hasOwn(created, key) ? created[key] : undefined;
    if (tag !== value) {
      out.push(atKey(context, 'eni-tag-filter-mismatch', ['eni_tag_filter', key],
        `eni_tag_filter requires ${key}=${value}, but ENIs Terway creates carry ` +
        `${tag === undefined ? `no "${key}" tag` : `${key}=${tag}`}: after a ` +
        `restart Terway does not find its own ENIs. Add "${key}": "${value}" to eni_tags`));
    }
  }
  if (config.eniTags?.creator !== undefined && config.eniTags.creator !== 'terway') {
    out.push(atKey(context, 'eni-tags-creator', ['eni_tags', 'creator'],
      `Terway sets creator=terway on the ENIs it creates, replacing ` +
      `creator=${config.eniTags.creator}; use another tag key`));
  }
  return out;
};
