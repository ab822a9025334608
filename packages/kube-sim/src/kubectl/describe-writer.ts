// The pieces kubectl's describers share (k8s.io/kubectl pkg/describe/describe.go): a prefix
// writer that indents by two spaces per level into one tabwriter (minimum width 0, padding 2),
// flushed where the describer flushes it; RFC 1123 dates as Go prints them; multi-line labels,
// annotations and taints; and the Events section with its `5m (x65 over 14m)` ages.

import type { CoreV1Event } from '@kubernetes/client-node';
import { rfc1123Z } from '@terway-sim/sim-base';
import { ageSince, timestampMs } from '../printers/human-duration.js';
import { describeLayout, TabWriter } from './tabwriter.js';

export class DescribeWriter {
  private readonly tabs = new TabWriter(describeLayout);
  private done = '';

  /** Writes `text` at `level` (two spaces each); cells are separated by tabs. */
  write(level: number, text: string): void {
    this.tabs.write('  '.repeat(level) + text);
  }

  flush(): void {
    this.done += this.tabs.flush();
  }

  text(): string {
    this.flush();
    return this.done;
  }
}

/** Go's time.RFC1123Z in UTC (`Mon, 02 Jan 2006 15:04:05 +0000`); Go's zero time when unset. */
export function rfc1123(value: Date | string | undefined | null): string {
  const ms = timestampMs(value);
  if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  return rfc1123Z(ms);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `Labels:  a=b` then one `key=value` per line, sorted; `<none>` when empty. */
export function writeLabels(w: DescribeWriter, title: string,
  labels: Readonly<Record<string, string>> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) {
    w.write(0, `${title}:\t<none>\n`);
    return;
  }
  keys.forEach((key, index) => w.write(0, `${index === 0 ? `${title}:` : ''}\t` +
    `${key}=${labels![key]}\n`));
}

const annotationLengthMax = 140;
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotations as kubectl prints them: long or multi-line values under their key, cut at 140. */
export function writeAnnotations(w: DescribeWriter, title: string,
  annotations: Readonly<Record<string, string>> | undefined): void {
  const keys = Object.keys(annotations ?? {}).filter((key) => key !== lastApplied)
    .sort(byteOrder);
  if (keys.length === 0) {
    w.write(0, `${title}:\t<none>\n`);
    return;
  }
  keys.forEach((key, index) => {
    const prefix = index === 0 ? `${title}:\t` : '\t';
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > annotationLengthMax || value.includes('\n')) {
      w.write(0, `${prefix}${key}:\n`);
      for (const line of value.split('\n')) {
        const cut = line.length > annotationLengthMax - 2
          ? `${line.slice(0, annotationLengthMax - 2)}...` : line;
        w.write(0, `\t  ${cut}\n`);
      }
    } else {
      w.write(0, `${prefix}${key}: ${value}\n`);
    }
  });
}

/** The Events section: sorted by last time seen, repeats as `age (xN over first-age)`. */
export function writeEvents(w: DescribeWriter, events: readonly CoreV1Event[],
  nowMs: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => (timestampMs(a.lastTimestamp) ?? 0)
    - (timestampMs(b.lastTimestamp) ?? 0));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const first = event.eventTime === undefined ? ageSince(event.firstTimestamp, nowMs)
      : ageSince(event.eventTime, nowMs);
    const count = event.count ?? 0;
    const interval = count > 1
      ? `${ageSince(event.lastTimestamp, nowMs)} (x${count} over ${first})` : first;
    const source = event.source?.component !== undefined && event.source.component !== ''
      ? event.source.component : event.reportingComponent ?? '';
    w.write(1, `${event.type ?? ''}\t${event.reason ?? ''}\t${interval}\t${source}\t` +
      `${(event.message ?? '').trim()}\n`);
  }
}
