// metrics.om: every scrape of a run (world's scrapeMetrics, one per sample) as one OpenMetrics
// 1.0 text file with timestamps, for `promtool tsdb create-blocks-from openmetrics`, so a team can
// load a run into Prometheus and open it with their own Grafana dashboards.
//
// What the file holds and why:
//   - series keep the names, labels and values of Terway's registries (what a Prometheus scraping
//     the daemons' text exposition stores), plus `job` (`terway-daemon` or `terway-controlplane`)
//     and, for a daemon, `node`; a series' own label of the same name becomes `exported_<name>`,
//     as Prometheus renames it;
//   - timestamps are the scrape's wall-clock instant, in seconds: a run's virtual clock starts at
//     the fixed epoch 2026-01-01T00:00:00Z (sim-base defaultEpochMs), so minute 5 of every run is
//     2026-01-01T00:05:00Z;
//   - OpenMetrics wants a counter's sample named `<family>_total`; Terway's counters are not (e.g.
//     `terway_resource_pool_disposed_count`), so counters are written as type `unknown`, which
//     keeps the name a real scrape stores;
//   - the format forbids interleaving, so a family's series each come whole, in time order. The
//     recorder keeps each series as runs of unchanged values, so a long run costs memory for its
//     changes, not for every scrape; writing expands the runs.

import { closeSync, openSync, writeSync } from 'node:fs';
import { formatGoFloat, type FamilySnapshot, type LabelValues } from '@terway-sim/terway-core';
import type { MetricsScrape, MetricsSource } from '@terway-sim/world';

/** A stretch of consecutive scrapes (indexes `from`..`to`) in which a series kept its values. */
interface Run {
  readonly from: number;
  to: number;
  /** A gauge or counter: [value]; a histogram: bucket counts, then +Inf, sum, count. */
  readonly values: readonly number[];
}

interface RecordedSeries {
  readonly labels: LabelValues;
  readonly runs: Run[];
}

interface RecordedFamily {
  readonly help: string;
  readonly type: FamilySnapshot['type'];
  /** Histogram bucket bounds (without +Inf). */
  readonly bounds: readonly number[];
  readonly series: Map<string, RecordedSeries>;
}

function sourceLabels(source: MetricsSource): LabelValues {
  return source.node === undefined ? { job: source.job } : { job: source.job, node: source.node };
}

/** The series' labels with the scrape's target labels; a clash keeps both, Prometheus-style. */
function targetLabels(own: LabelValues, target: LabelValues): LabelValues {
  const labels: Record<string, string> = {};
  Object.entries(own).forEach(([name, value]) => {
    labels[name in target ? `exported_${name}` : name] = value;
  });
  return { ...labels, ...target };
}

function labelKey(labels: LabelValues): string {
  return Object.keys(labels).sort().map((name) => `${name}=${labels[name]}`).join('\u0000');
}

function valuesOf(family: FamilySnapshot, series: FamilySnapshot['series'][number]): number[] {
  if (family.type !== 'histogram') return [series.value ?? 0];
  return [...(series.buckets ?? []).map((bucket) => bucket.count), series.count ?? 0,
    series.sum ?? 0, series.count ?? 0];
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

export class OpenMetricsRecorder {
  /** Wall-clock ms of every scrape, by index. */
  private readonly instants: number[] = [];
  private readonly families = new Map<string, RecordedFamily>();

  get scrapes(): number {
    return this.instants.length;
  }

  add(scrape: MetricsScrape): void {
    const index = this.instants.length;
    this.instants.push(scrape.wallMs);
    for (const source of scrape.sources) {
      const target = sourceLabels(source);
      for (const family of source.exported) this.addFamily(index, family, target);
    }
  }

  private addFamily(index: number, family: FamilySnapshot, target: LabelValues): void {
    const recorded = this.families.get(family.name) ?? { help: family.help, type: family.type,
      bounds: family.series[0]?.buckets?.map((bucket) => bucket.le) ?? [], series: new Map() };
    this.families.set(family.name, recorded);
    for (const series of family.series) {
      const labels = targetLabels(series.labels, target);
      const key = labelKey(labels);
      const values = valuesOf(family, series);
      const known = recorded.series.get(key) ?? { labels, runs: [] };
      recorded.series.set(key, known);
      const last = known.runs.at(-1);
      if (last !== undefined && last.to === index - 1 && sameValues(last.values, values)) {
        last.to = index;
      } else {
        known.runs.push({ from: index, to: index, values });
      }
    }
  }

  /** Writes the file (families by name, series by labels, each in time order, then `# EOF`). */
  write(path: string): void {
    const fd = openSync(path, 'w');
    try {
      let buffer = '';
      const flush = (force: boolean): void => {
        if (buffer.length === 0 || (!force && buffer.length < 1 << 20)) return;
        writeSync(fd, buffer);
        buffer = '';
      };
      this.render((chunk) => {
        buffer += chunk;
        flush(false);
      });
      flush(true);
    } finally {
      closeSync(fd);
    }
  }

  /** The whole file as text (small runs and tests). */
  text(): string {
    const chunks: string[] = [];
    this.render((chunk) => chunks.push(chunk));
    return chunks.join('');
  }

  private render(emit: (chunk: string) => void): void {
    const names = [...this.families.keys()].sort();
    for (const name of names) {
      const family = this.families.get(name)!;
      const type = family.type === 'counter' ? 'unknown' : family.type;
      emit(`# TYPE ${name} ${type}\n# HELP ${name} ${escapeText(family.help)}\n`);
      const keys = [...family.series.keys()].sort();
      for (const key of keys) emit(this.seriesLines(name, family, family.series.get(key)!));
    }
    emit('# EOF\n');
  }

  private seriesLines(name: string, family: RecordedFamily, series: RecordedSeries): string {
    const lines: string[] = [];
    for (const run of series.runs) {
      for (let index = run.from; index <= run.to; index++) {
        const at = formatTimestamp(this.instants[index]!);
        lines.push(...pointLines(name, family, series.labels, run.values, at));
      }
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

function pointLines(name: string, family: RecordedFamily, labels: LabelValues,
  values: readonly number[], at: string): string[] {
  if (family.type !== 'histogram') {
    return [`${name}${formatLabels(labels)} ${formatGoFloat(values[0]!)} ${at}`];
  }
  const bounds = [...family.bounds.map(formatGoFloat), '+Inf'];
  const buckets = bounds.map((le, index) =>
    `${name}_bucket${formatLabels(labels, le)} ${formatGoFloat(values[index]!)} ${at}`);
  const [sum, count] = values.slice(bounds.length);
  return [...buckets, `${name}_count${formatLabels(labels)} ${formatGoFloat(count!)} ${at}`,
    `${name}_sum${formatLabels(labels)} ${formatGoFloat(sum!)} ${at}`];
}

function formatLabels(labels: LabelValues, le?: string): string {
  const pairs = Object.keys(labels).sort()
    .map((label) => `${label}="${escapeText(labels[label]!)}"`);
  if (le !== undefined) pairs.push(`le="${le}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** OpenMetrics escaping of label values and help: backslash, newline, double quote. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Seconds with milliseconds: `1767225660.500`. */
export function formatTimestamp(unixMs: number): string {
  const seconds = Math.floor(unixMs / 1000);
  return `${seconds}.${String(unixMs - seconds * 1000).padStart(3, '0')}`;
}
