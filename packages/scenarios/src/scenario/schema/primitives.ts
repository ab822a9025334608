// Value types shared by every part of a scenario file: bounded integers, durations, integer-ratio
// probabilities, CIDRs, names. Each parses to the canonical form the runner uses (ms,
// {numerator, denominator}), and each refusal says what is expected, the bound and its reason,
// and what the file holds ("got true (a boolean)"), never zod's bare "Invalid input".

import { parseDuration, parseIpv4Cidr, parseIpv6Cidr } from '@terway-sim/sim-base';
import { z } from 'zod';
import { formatSpan } from '../../report/svg-chart.js';
import { quoted } from '../printable.js';
import { bounds, type Bound } from './bounds.js';

/** What a value in the file is, for messages: `true (a boolean)`, `"10 minutes"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return `${value} (a boolean)`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quoted(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value instanceof Uint8Array) return 'binary data (a !!binary value)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map || value instanceof Set) return 'a YAML map or set with complex keys';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** An integer within `bound`: every refusal names the range, its reason and the value given. */
export function boundedInt(bound: Bound) {
  const error = (issue: { input?: unknown }) => `expected an integer from ${formatNumber(
    bound.min)} to ${formatNumber(bound.max)} (${bound.why}), got ${describeValue(issue.input)}`;
  return z.number({ error }).int({ error }).min(bound.min, { error }).max(bound.max, { error });
}

/** A number (fractions allowed) within `bound`. */
export function boundedNumber(bound: Bound, options: { exclusiveMin?: boolean } = {}) {
  const range = options.exclusiveMin === true
    ? `above ${formatNumber(bound.min)} and at most ${formatNumber(bound.max)}`
    : `from ${formatNumber(bound.min)} to ${formatNumber(bound.max)}`;
  const error = (issue: { input?: unknown }) => `expected a number ${range} (${bound.why}), ` +
    `got ${describeValue(issue.input)}`;
  const base = z.number({ error });
  const low = options.exclusiveMin === true ? base.gt(bound.min, { error }) :
    base.min(bound.min, { error });
  return low.max(bound.max, { error });
}

/** A list of at most `bounds.listItems` entries. */
export function boundedList<T extends z.ZodType>(item: T, min = 0, empty?: string) {
  const { max, why } = bounds.listItems;
  return z.array(item, { error: (issue) => `expected a list, got ${describeValue(issue.input)}` })
    .min(min, { error: empty ?? `expected at least ${min} item(s)` })
    .max(max, { error: `expected at most ${formatNumber(max)} items (${why})` });
}

/**
 * A Go-style duration ("90s", "10m", "1h30m") or integer milliseconds, parsed to ms and bounded
 * (every duration by `bounds.durationMs`, the run's by `bounds.runDurationMs`).
 */
export function durationWithin(bound: Bound) {
  const expected = 'a duration like "30s", "10m" or "1h30m", or integer milliseconds';
  const error = (issue: { input?: unknown }) => `expected ${expected}, got ${describeValue(
    issue.input)}`;
  return z.union([z.number(), z.string()], { error }).transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : parseDuration(value);
    if (ms === undefined || !Number.isInteger(ms) || ms < 0) {
      ctx.addIssue({ code: 'custom', message: error({ input: value }) });
      return z.NEVER;
    }
    if (ms < bound.min || ms > bound.max) {
      ctx.addIssue({ code: 'custom', message: `expected a duration from ${formatSpan(bound.min)} ` +
        `to ${formatSpan(bound.max)} (${bound.why}), got ${describeValue(value)}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** Any duration in a scenario file (faults, timeouts, times of workload steps). */
export const duration = durationWithin(bounds.durationMs);

export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * A probability as an integer ratio ("1/20"), or 0 / 1. Floats are refused: they do not replay
 * exactly on every machine, and "1/20" says the same thing exactly.
 */
export const probability = z.union([z.literal(0), z.literal(1), z.string()], {
  error: (issue) => probabilityMessage(issue.input),
}).transform((value, ctx): Ratio => {
  if (value === 0 || value === 1) return { numerator: value, denominator: 1 };
  const match = /^\s*(\d{1,10})\s*\/\s*(\d{1,10})\s*$/.exec(value);
  const numerator = Number(match?.[1]);
  const denominator = Number(match?.[2]);
  if (match === null || denominator === 0 || denominator > bounds.denominator.max ||
    numerator > denominator) {
    ctx.addIssue({ code: 'custom', message: probabilityMessage(value) });
    return z.NEVER;
  }
  return { numerator, denominator };
});

function probabilityMessage(value: unknown): string {
  const hint = typeof value === 'number' ? ` (as a ratio: "${ratioHint(value)}")` : '';
  return 'expected a probability as an integer ratio like "1/20" (numerator ≤ denominator ≤ ' +
    `${formatNumber(bounds.denominator.max)}), or 0 or 1, got ${describeValue(value)}${hint}`;
}

/** "1/2" for 0.5: the hint a user who wrote a float needs. */
function ratioHint(value: number): string {
  if (!Number.isFinite(value) || value < 0 || value > 1) return 'n/d with n ≤ d';
  for (const denominator of [2, 4, 5, 10, 20, 100, 1000, 10_000]) {
    const numerator = value * denominator;
    if (Number.isInteger(numerator)) return `${numerator}/${denominator}`;
  }
  return `${Math.round(value * 1_000_000)}/1000000`;
}

export const ipv4Cidr = z.string().refine((value) => parseIpv4Cidr(value, { strict: true }) !== undefined, {
  error: (issue) => `expected an IPv4 CIDR with host bits zero (like 192.168.0.0/16), got ${describeValue(issue.input)}`,
});

export const ipv6Cidr = z.string().refine((value) => parseIpv6Cidr(value, { strict: true }) !== undefined, {
  error: (issue) => `expected an IPv6 CIDR with host bits zero (like 2408:4004:1::/64), got ${describeValue(issue.input)}`,
});

/** Kubernetes-style labels / annotations. */
export const stringMap = z.record(z.string(), z.string());

/** A DNS-1123 label, as Kubernetes names workloads and node groups. */
export const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a lowercase DNS-1123 name (a-z, 0-9, "-")').max(63);

/** Short free text on one line (a scenario name, a seed): no control characters. */
export function shortText(what: string) {
  const { max, why } = bounds.nameChars;
  return z.string({ error: (issue) => `expected ${what} as text, got ${describeValue(issue.input)}` })
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(max, { error: `expected at most ${max} characters (${why})` })
    .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/u, {
      error: (issue) => `expected ${what} on one line without control characters, got ` +
        `${describeValue(issue.input)}`,
    });
}

/** Free text of a few paragraphs (a description): lines and tabs, no other control character. */
export const paragraph = z.string({ error: (issue) => `expected text, got ${describeValue(
  issue.input)}` })
  .max(10_000, { error: 'expected at most 10,000 characters (a paragraph or two)' })
  .regex(/^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$/u, {
    error: 'expected text without control characters other than line breaks and tabs',
  });
