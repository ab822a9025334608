// /metrics in the Prometheus text format: API calls by API and outcome code, a latency
// histogram per API (the sampled response time, in seconds), throttled calls and injected
// faults per API, and requests the gateway refused before they reached the cloud (bad
// signatures, unknown actions and the like). Fed by the emulator's call events and the HTTP face.
//
// Label values are client input (the action a request names), so they are escaped as the text
// format requires (backslash, double quote, line feed), and every action the emulator does not
// serve is counted under the one value `unknownActionLabel`: garbage in requests must neither
// inject series nor grow the number of series.

import { findAction } from '../actions/registry.js';
import type { CallRecord } from '../emulator/core.js';

const bucketsMs = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

/** The `api` label of calls to actions the emulator does not serve. */
export const unknownActionLabel = '(unknown)';

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A label value as the exposition format writes it: `\\`, `\"` and `\n` escaped. */
function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function labels(record: Readonly<Record<string, string>>): string {
  const text = Object.keys(record).sort()
    .map((key) => `${key}="${escapeLabelValue(record[key]!)}"`).join(',');
  return `{${text}}`;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export class CloudMetrics {
  private readonly calls = new Map<string, number>();
  private readonly throttled = new Map<string, number>();
  private readonly faults = new Map<string, number>();
  private readonly refused = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();

  /** Label text per API and code, made once: observing runs on every call. */
  private readonly callLabels = new Map<string, Map<string, string>>();

  private callLabel(api: string, code: string): string {
    let byCode = this.callLabels.get(api);
    if (byCode === undefined) this.callLabels.set(api, (byCode = new Map()));
    let text = byCode.get(code);
    if (text === undefined) byCode.set(code, (text = labels({ api, code })));
    return text;
  }

  observe(record: CallRecord): void {
    const api = findAction(record.product, record.action) === undefined
      ? unknownActionLabel : record.action;
    bump(this.calls, this.callLabel(api, record.code));
    if (record.throttled) bump(this.throttled, labels({ api }));
    if (record.fault !== null) bump(this.faults, labels({ api, kind: record.fault }));
    if (record.latencyMs === null) return;
    let histogram = this.latency.get(api);
    if (histogram === undefined) this.latency.set(api,
      (histogram = { counts: bucketsMs.map(() => 0), sum: 0, count: 0 }));
    bucketsMs.forEach((bound, index) => {
      if (record.latencyMs! <= bound) histogram.counts[index]!++;
    });
    histogram.sum += record.latencyMs;
    histogram.count++;
  }

  /** A request the gateway refused before the cloud saw it. */
  refusedAtGateway(code: string): void {
    bump(this.refused, labels({ code }));
  }

  render(): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, values: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      [...values.keys()].sort().forEach((key) => lines.push(`${name}${key} ${values.get(key)!}`));
    };
    counter('cloud_api_requests_total',
      'API calls served by the emulator, by API and outcome code.', this.calls);
    counter('cloud_api_throttled_total', 'API calls refused by flow control, by API.',
      this.throttled);
    counter('cloud_api_faults_total', 'Faults injected by the fault plan, by API and kind.',
      this.faults);
    counter(
      'cloud_http_refused_total',
      'Requests refused by the gateway (signature, version, action) before the cloud.',
      this.refused,
    );
    // Prometheus names carry base units: the histogram is in seconds, its sum kept in ms.
    const family = 'cloud_api_latency_seconds';
    lines.push(`# HELP ${family} Sampled response time of API calls, in seconds.`,
      `# TYPE ${family} histogram`);
    for (const api of [...this.latency.keys()].sort()) {
      const histogram = this.latency.get(api)!;
      bucketsMs.forEach((bound, index) => {
        const le = String(bound / 1000);
        lines.push(`${family}_bucket${labels({ api, le })} ${histogram.counts[index]!}`);
      });
      lines.push(`${family}_bucket${labels({ api, le: '+Inf' })} ${histogram.count}`,
        `${family}_sum${labels({ api })} ${histogram.sum / 1000}`,
        `${family}_count${labels({ api })} ${histogram.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
