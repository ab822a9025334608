// Value types shared by every part of a scenario file: durations, integer-ratio probabilities,
// CIDRs. Each parses to the canonical form the runner uses (ms, {numerator, denominator}).

import { parseDuration, parseIpv4Cidr, parseIpv6Cidr } from '@terway-sim/sim-base';
import { z } from 'zod';

/** A Go-style duration ("90s", "10m", "1h30m") or integer milliseconds; parsed to ms. */
export const duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like "30s", "10m" or "1h30m", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** A probability as an integer ratio ("1/20"), or 0 / 1. Floats are refused: they do not replay exactly. */
export const probability = z.union([z.literal(0), z.literal(1), z.string()]).transform((value, ctx): Ratio => {
  if (value === 0 || value === 1) return { numerator: value, denominator: 1 };
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const numerator = Number(match?.[1]);
  const denominator = Number(match?.[2]);
  if (match === null || denominator === 0 || numerator > denominator) {
    ctx.addIssue({ code: 'custom', message: `expected a probability as an integer ratio like "1/20" (or 0 or 1), got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return { numerator, denominator };
});

export const ipv4Cidr = z.string().refine((value) => parseIpv4Cidr(value, { strict: true }) !== undefined, {
  error: (issue) => `expected an IPv4 CIDR with host bits zero (like 192.168.0.0/16), got ${JSON.stringify(issue.input)}`,
});

export const ipv6Cidr = z.string().refine((value) => parseIpv6Cidr(value, { strict: true }) !== undefined, {
  error: (issue) => `expected an IPv6 CIDR with host bits zero (like 2408:4004:1::/64), got ${JSON.stringify(issue.input)}`,
});

/** Kubernetes-style labels / annotations. */
export const stringMap = z.record(z.string(), z.string());

/** A DNS-1123 label, as Kubernetes names workloads and node groups. */
export const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a lowercase DNS-1123 name (a-z, 0-9, "-")').max(63);
