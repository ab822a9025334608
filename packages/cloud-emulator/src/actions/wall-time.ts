// CreationTime-style text for a wall instant, memoized: Describe calls print the same creation
// instants over and over, and formatting a date is a measurable share of a describe call.
// The memo is bounded (cleared when full), so it never grows with the run.

import { isoSeconds } from '@terway-sim/sim-base';

const memoMax = 8192;
const memo = new Map<number, string>();

/** `2026-01-01T00:00:00Z` for a Unix-ms instant. */
export function wallText(unixMs: number): string {
  let text = memo.get(unixMs);
  if (text === undefined) {
    if (memo.size >= memoMax) memo.clear();
    text = isoSeconds(unixMs);
    memo.set(unixMs, text);
  }
  return text;
}
