// /metrics in the Prometheus text format: API calls by API and outcome code, a latency
// histogram per API (the sampled response time, in ms), throttled calls and injected faults per
// API, and requests the gateway refused before they reached the cloud (bad signatures, unknown
// actions and the like). Fed by the emulator's call listener and by the HTTP face.

import type { CallRecord } from '../emulator/core.js';

const bucketsMs = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

function labels(record: Readonly<Record<string, string>>): string {
  const text = Object.keys(record).sort().map((key) => `${key}="${record[key]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',');
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
    bump(this.calls, this.callLabel(record.action, record.code));
    if (record.throttled) bump(this.throttled, labels({ api: record.action }));
    if (record.fault !== null) bump(this.faults,
      labels({ api: record.action, kind: record.fault }));
    if (record.latencyMs === null) return;
    let histogram = this.latency.get(record.action);
    if (histogram === undefined) this.latency.set(record.action,
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
    counter('cloud_http_refused_total',
      'Requests refused by the gateway (signature, version, action) before the cloud.', this.refused);
    lines.push('# HELP cloud_api_latency_ms Sampled response time of API calls, in milliseconds.',
      '# TYPE cloud_api_latency_ms histogram');
    for (const api of [...this.latency.keys()].sort()) {
      const histogram = this.latency.get(api)!;
      bucketsMs.forEach((bound,
        index) => lines.push(`cloud_api_latency_ms_bucket${labels({ api, le: String(bound) })} ${histogram.counts[index]!}`));
      lines.push(`cloud_api_latency_ms_bucket${labels({ api, le: '+Inf' })} ${histogram.count}`);
      lines.push(`cloud_api_latency_ms_sum${labels({ api })} ${histogram.sum}`,
        `cloud_api_latency_ms_count${labels({ api })} ${histogram.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
