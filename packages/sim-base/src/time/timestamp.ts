// Wall-clock text for virtual instants (the cloud's CreationTime, the SDK's x-acs-date), so that
// no other package needs the Date constructor.

/** `2026-01-01T00:00:00Z` (second precision, UTC), as ECS prints CreationTime. */
export function isoSeconds(unixMs: number): string {
  return new Date(unixMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with milliseconds, for logs and Kubernetes timestamps. */
export function isoMillis(unixMs: number): string {
  return new Date(unixMs).toISOString();
}

/** Go's time.Time String() in UTC, whole seconds (`2006-01-02 15:04:05 +0000 UTC`). */
export function goTimeUtc(unixMs: number): string {
  return `${isoSeconds(unixMs).slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** Parses an ISO-8601 timestamp to Unix ms; undefined if malformed. */
export function parseIso(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

/** A Date for a wall-clock instant (Kubernetes object timestamps are Dates). */
export function dateAt(unixMs: number): Date {
  return new Date(unixMs);
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov',
  'Dec'];

/** Go's time.RFC1123Z in UTC, whole seconds (`Mon, 02 Jan 2006 15:04:05 +0000`). */
export function rfc1123Z(unixMs: number): string {
  const at = new Date(Math.floor(unixMs / 1000) * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${weekdays[at.getUTCDay()]}, ${two(at.getUTCDate())} ${monthNames[at.getUTCMonth()]} ` +
    `${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:` +
    `${two(at.getUTCSeconds())} +0000`;
}
