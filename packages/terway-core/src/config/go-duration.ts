// Go's time.ParseDuration, as Terway applies it to eni-config strings (`idle_ip_reclaim_after`,
// `idle_ip_reclaim_interval`, `ip_pool_sync_period`) and Go's strconv.ParseFloat for
// `idle_ip_reclaim_jitter_factor`. The accepted grammar and the error texts are Go's, because the
// daemon logs them verbatim when it refuses to start, and users search for those lines.
//
// sim-base's parseDuration is a friendlier reader for scenario files; this one is strict: a sign is
// allowed, "0" is the only unit-less value, and the result is in nanoseconds like time.Duration.

import { err, ok, type Result } from '@terway-sim/sim-base';

const nsPerUnit: Readonly<Record<string, number>> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** Largest time.Duration (int64 nanoseconds, about 292 years). */
const durationNsMax = 9_223_372_036_854_775_807;

/**
 * Parses a Go duration ("10m", "1h30m", "1.5s", "-2s", "0") to nanoseconds.
 * Gotchas: "" and "10" (no unit) are errors, as in Go; the error text is Go's.
 */
export function parseGoDurationNs(text: string): Result<number, string> {
  const invalid = err(`time: invalid duration ${JSON.stringify(text)}`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return ok(0);
  if (rest === '') return invalid;
  let totalNs = 0;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const whole = number[1] ?? '';
    const fraction = number[2] ?? '';
    if (whole === '' && fraction === '') return invalid;
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return err(`time: missing unit in duration ${JSON.stringify(text)}`);
    const scale = nsPerUnit[unit];
    if (scale === undefined) {
      return err(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    }
    rest = rest.slice(unit.length);
    const wholeNs = Number(whole === '' ? '0' : whole) * scale;
    const fractionNs = fraction === '' ? 0 : Math.trunc(Number(`0.${fraction}`) * scale);
    totalNs += wholeNs + fractionNs;
    if (totalNs > durationNsMax) return invalid;
  }
  return ok(sign * totalNs);
}

/** The same, in integer milliseconds of virtual time (sub-millisecond parts truncated). */
export function parseGoDurationMs(text: string): Result<number, string> {
  const parsed = parseGoDurationNs(text);
  return parsed.ok ? ok(Math.trunc(parsed.value / 1e6)) : parsed;
}

/**
 * Go's strconv.ParseFloat(s, 64): decimal or exponent notation, "Inf"/"NaN" spellings, hex floats
 * aside. Error text as Go prints it.
 */
export function parseGoFloat(text: string): Result<number, string> {
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const special = /^[+-]?(inf|infinity|nan)$/i;
  if (decimal.test(text)) return ok(Number(text));
  if (special.test(text)) {
    const lower = text.toLowerCase();
    if (lower.includes('nan')) return ok(Number.NaN);
    return ok(lower.startsWith('-') ? -Infinity : Infinity);
  }
  return err(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
}
