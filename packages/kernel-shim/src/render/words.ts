// The words and numbers iproute2 prints for kernel values: table, protocol and scope names (its
// rt_tables, rt_protos and rt_scopes files as Debian ships them), and tc's units for rates, sizes
// and times (tc/tc_util.c), with the kernel's own rounding of a token bucket's burst
// (net/sched/sch_api.c `psched_ratecfg_precompute`, include/net/sch_generic.h `psched_l2t_ns`).
//
// Used by the renderer (render/*.ts) and by the real backend's readers (linux/parse-ip.ts), so
// both directions use one table.

import type { Scope } from '../netlink/address.js';
import type { RouteProtocol } from '../netlink/route.js';

export const tableNames: ReadonlyMap<number, string> = new Map([
  [255, 'local'], [254, 'main'], [253, 'default'],
]);

export function tableWord(table: number): string {
  return tableNames.get(table) ?? String(table);
}

/** iproute2's protocol names (rt_protos) and the numbers behind them. */
export const protocolNumbers: Readonly<Record<string, number>> = {
  redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12,
  dnrouted: 13, xorp: 14, ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186,
  isis: 187, ospf: 188, rip: 189, eigrp: 192,
};

const protocolWords = new Map(
  Object.entries(protocolNumbers).map(([word, number]) => [number, word]),
);

export function protocolWord(protocol: RouteProtocol): string {
  if (typeof protocol !== 'number') return protocol;
  return protocolWords.get(protocol) ?? String(protocol);
}

/** How `ip` names a scope: universe is `global`. */
export function scopeWord(scope: Scope): string {
  return scope === 'universe' ? 'global' : scope;
}

/** tc's `print_rate`: bits per second in decimal units while they divide evenly. */
export function tcRate(bytesPerSecond: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let rate = BigInt(bytesPerSecond) * 8n;
  let unit = 0;
  for (; unit < units.length - 1; unit++) {
    if (rate < 1000n) break;
    if (rate % 1000n !== 0n && rate < 1_000_000n) break;
    rate /= 1000n;
  }
  return `${rate}${units[unit]}bit`;
}

/** tc's `print_size`: bytes, or Kb/Mb when the size is within a little of a whole number. */
export function tcSize(bytes: number): string {
  const size = Math.trunc(bytes);
  const mb = 1024 * 1024;
  const near = (unit: number, slack: number): boolean => (
    size >= unit && Math.abs(unit * Math.round(size / unit) - size) < slack);
  if (near(mb, 1024)) return `${Math.round(size / mb)}Mb`;
  if (near(1024, 16)) return `${Math.round(size / 1024)}Kb`;
  return `${size}b`;
}

/** C's `%.3g` for the values tc prints (no exponent needed below 1000). */
function threeDigits(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** tc's `print_time` of a whole number of microseconds: `10us`, `25ms`, `1.5s`. */
export function tcTime(micros: number): string {
  const time = Math.trunc(micros);
  if (time >= 1_000_000) return `${threeDigits(time / 1_000_000)}s`;
  if (time >= 1000) return `${threeDigits(time / 1000)}ms`;
  return `${time}us`;
}

/** psched ticks per microsecond (/proc/net/psched: 1000 ns per µs over 64 ns per tick). */
const ticksPerMicro = 1000 / 64;

/**
 * The burst a token bucket reports for `burstBytes` at `rateBytesPerSecond`: the kernel turns it
 * into nanoseconds with an integer multiply-shift and reports 64 ns ticks, which tc turns into
 * whole microseconds and back into bytes; the round trip loses a byte or two (`burst 2999b` for
 * 3000 at 3 Mbit). The result is the burst's duration in microseconds, as tc sees it.
 */
export function tbfReportedBurstMicros(rateBytesPerSecond: number, burstBytes: number): number {
  const rate = BigInt(rateBytesPerSecond);
  let factor = 1_000_000_000n;
  let mult = 1n;
  let shift = 0n;
  for (let rounds = 0; rounds < 64 && rate > 0n; rounds++) {
    mult = factor / rate;
    if ((mult & (1n << 31n)) !== 0n || (factor & (1n << 63n)) !== 0n) break;
    factor <<= 1n;
    shift += 1n;
  }
  const nanos = (BigInt(burstBytes) * mult) >> shift;
  const ticks = Number(nanos >> 6n);
  // tc_core_tick2time returns whole microseconds.
  return Math.trunc(ticks / ticksPerMicro);
}
