// u32 selector keys for a source address (pkg/tc/u32.go): one key at offset 12 for IPv4, up to
// four at offsets 8/12/16/20 for IPv6 (words whose mask is zero are skipped), and the look-ups
// Terway does over listed filters (FilterBySrcIP, Contain).

import type { Filter, U32Key } from '@terway-sim/kernel-shim';
import { familyOf, maskWords, u32Words, withMaxMask } from '../ip.js';

/** U32MatchSrc: the keys matching source address `cidr` (a pod IP becomes /32 or /128). */
export function srcKeys(cidr: string): U32Key[] {
  const prefixed = cidr.includes('/') ? cidr : withMaxMask(cidr);
  const values = u32Words(prefixed);
  const masks = maskWords(prefixed);
  if (familyOf(prefixed) === 4) return [{
    value: ((values[0] ?? 0) & (masks[0] ?? 0)) >>> 0, mask: masks[0] ?? 0, offset: 12,
  }];
  const keys: U32Key[] = [];
  masks.forEach((mask, i) => {
    if (mask !== 0) keys.push({ value: ((values[i] ?? 0) & mask) >>> 0, mask, offset: 8 + 4 * i });
  });
  return keys;
}

/** Destination-address key (offset 16) for an IPv4 prefix, as IPVlan's redirect rule builds it. */
export function dstKeyV4(cidr: string): U32Key {
  const value = u32Words(cidr)[0] ?? 0;
  const mask = maskWords(cidr)[0] ?? 0;
  return { value: (value & mask) >>> 0, mask, offset: 16 };
}

function sameKey(a: U32Key, b: U32Key): boolean {
  return a.offset === b.offset && a.value === b.value && a.mask === b.mask;
}

/** tc.Contain: every key of `sub` is among `keys`. */
export function containsKeys(keys: readonly U32Key[], sub: readonly U32Key[]): boolean {
  return sub.every((wanted) => keys.some((key) => sameKey(key, wanted)));
}

/**
 * FilterBySrcIP over a listed set: the first u32 filter on the link whose keys hold the source
 * keys.
 */
export function filterBySrcIp(
  filters: readonly Filter[], linkIndex: number, cidr: string,
): Filter | undefined {
  const wanted = srcKeys(cidr);
  if (wanted.length === 0) return undefined;
  return filters.find(
    (filter) => filter.linkIndex === linkIndex && containsKeys(filter.keys, wanted)
  );
}

/** `1:2` → [1, 2]; `1:` → [1, 0]; anything else → undefined. */
export function majorMinor(handle: string): [number, number] | undefined {
  const match = /^([0-9a-f]+):([0-9a-f]*)$/i.exec(handle);
  if (match === null) return undefined;
  return [parseInt(match[1] ?? '0', 16), match[2] === '' ? 0 : parseInt(match[2] ?? '0', 16)];
}
