// Numbers as Prometheus' Go client prints them in the text exposition: `strconv.FormatFloat(v,
// 'g', -1, 64)` (the shortest digits that round-trip, exponent form when the exponent is below -4
// or at least 6, with a two-digit exponent: `1e+06`, `1.5e-05`), and `+Inf`, `-Inf`, `NaN`.
// JavaScript's `String(v)` differs from 1e6 to 1e21, which a latency sum in ms easily reaches.

export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // toExponential() without digits gives the shortest round-tripping mantissa.
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}
