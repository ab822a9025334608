import { describe, expect, it } from 'vitest';
import { parseGoDurationMs, parseGoDurationNs, parseGoFloat } from
  '../../src/config/go-duration.js';

describe('Go time.ParseDuration', () => {
  it('reads what Go reads', () => {
    const cases: [string, number][] = [
      ['0', 0], ['10m', 600e9], ['1h30m', 5400e9], ['1.5s', 1.5e9], ['-2s', -2e9], ['+3ms', 3e6],
      ['300ms', 300e6], ['2h45m30.5s', 9930.5e9], ['1µs', 1e3], ['1μs', 1e3], ['100ns', 100], [
        '.5s', 5e8], ['1.s', 1e9],
    ];
    for (const [text, ns] of cases) expect(parseGoDurationNs(text)).toEqual({ ok: true,
      value: ns });
  });

  it('refuses what Go refuses, with Go error text', () => {
    expect(parseGoDurationNs('')).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseGoDurationNs('10')).toEqual({ ok: false, error:
      'time: missing unit in duration "10"' });
    expect(parseGoDurationNs('10x')).toEqual({ ok: false, error:
      'time: unknown unit "x" in duration "10x"' });
    expect(parseGoDurationNs('10 m')).toEqual({ ok: false, error:
      'time: unknown unit " m" in duration "10 m"' });
    expect(parseGoDurationNs('.s').ok).toBe(false);
    expect(parseGoDurationNs('1d').ok).toBe(false);
  });

  it('converts to whole milliseconds', () => {
    expect(parseGoDurationMs('1500us')).toEqual({ ok: true, value: 1 });
    expect(parseGoDurationMs('2m')).toEqual({ ok: true, value: 120_000 });
  });
});

describe('Go strconv.ParseFloat', () => {
  it('reads decimals and exponents, refuses the rest', () => {
    expect(parseGoFloat('0.1')).toEqual({ ok: true, value: 0.1 });
    expect(parseGoFloat('1e-2')).toEqual({ ok: true, value: 0.01 });
    expect(parseGoFloat('-Inf')).toEqual({ ok: true, value: -Infinity });
    expect(parseGoFloat('10%')).toEqual({ ok: false, error:
      'strconv.ParseFloat: parsing "10%": invalid syntax' });
    expect(parseGoFloat('').ok).toBe(false);
  });
});
