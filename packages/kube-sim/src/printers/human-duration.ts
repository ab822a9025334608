// Ages as kubectl and the API server's printers write them (k8s.io/apimachinery
// pkg/util/duration: HumanDuration, ShortHumanDuration), with about two significant figures:
// `45s`, `3m20s`, `14m`, `5h12m`, `2d3h`, `400d`, `2y5d`. Durations are integer milliseconds of
// the sim clock; a timestamp up to two seconds in the future still reads as `0s`, a later one as
// `<invalid>`, a missing one as `<unknown>`.

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** Go's `int(d.Seconds())`: truncation toward zero. */
function wholeSeconds(ms: number): number {
  return Math.trunc(ms / second);
}

export function humanDuration(ms: number): string {
  const seconds = wholeSeconds(ms);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(ms / minute);
  if (minutes < 10) {
    const rest = seconds % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(ms / hour);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const rest = hours % 24;
    return rest === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${rest}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

export function shortHumanDuration(ms: number): string {
  const seconds = wholeSeconds(ms);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  if (ms < hour) return `${Math.floor(ms / minute)}m`;
  if (ms < day) return `${Math.floor(ms / hour)}h`;
  if (ms < 365 * day) return `${Math.floor(ms / day)}d`;
  return `${Math.floor(ms / day / 365)}y`;
}

/** Unix ms of a Kubernetes timestamp (a Date, or RFC 3339 text as custom resources carry). */
export function timestampMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The printers' `translateTimestampSince`: the age of `value` at `nowMs`. */
export function ageSince(value: Date | string | undefined | null, nowMs: number): string {
  const at = timestampMs(value);
  if (at === undefined) return '<unknown>';
  // Timestamps go over the wire with whole seconds; an age is measured from that.
  return humanDuration(nowMs - Math.floor(at / second) * second);
}
