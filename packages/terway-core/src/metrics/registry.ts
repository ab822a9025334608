// A small Prometheus-style metrics registry: counters, gauges and histograms with named labels,
// and the text exposition format (0.0.4) that Terway's daemon serves on its debug `/metrics`
// endpoint through client_golang. Each simulated daemon owns one registry, as each real daemon
// owns one process-wide registry.
//
// Why our own: the project has no Prometheus client dependency, and a run must be deterministic.
// Families are printed sorted by name and series sorted by label values, as client_golang's
// `Gather` does, and numbers are printed the way Go's `strconv.FormatFloat(v, 'g', -1, 64)` does,
// so a scrape of the simulator reads like a scrape of a real node.
//
// When to use: create a metric (`new HistogramVec({...})`), register it where the real component
// registers it, and observe through `labels({...})`. A metric that is observed but never
// registered (Terway has a few) works the same and is simply absent from the exposition.
// Gotcha: label names are fixed at creation; `labels()` must name every one, no more.

import { assert } from '@terway-sim/sim-base';
import { formatGoFloat } from './go-float.js';

export type LabelValues = { readonly [name: string]: string };

export interface MetricOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

export interface HistogramOptions extends MetricOptions {
  /** Upper bounds, strictly increasing; `+Inf` is implicit. */
  readonly buckets: readonly number[];
}

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One series as `gather()` reports it; histogram buckets are cumulative, as exposed. */
export interface SeriesSnapshot {
  readonly labels: LabelValues;
  readonly value?: number;
  readonly buckets?: ReadonlyArray<{ readonly le: number; readonly count: number }>;
  readonly sum?: number;
  readonly count?: number;
}

export interface FamilySnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly series: readonly SeriesSnapshot[];
}

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The shared part of every vector: label checking and the child map. */
abstract class MetricVec<Child> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  abstract readonly type: MetricType;
  private readonly children = new Map<string, { labels: LabelValues; child: Child }>();

  constructor(options: MetricOptions) {
    assert(metricNamePattern.test(options.name), () =>
      `metric name ${JSON.stringify(options.name)} is not valid`);
    const labelNames = options.labelNames ?? [];
    labelNames.forEach((label) => assert(labelNamePattern.test(label) && !label.startsWith('__'),
      () => `label name ${JSON.stringify(label)} of ${options.name} is not valid`));
    assert(new Set(labelNames).size === labelNames.length, () =>
      `duplicate label names on ${options.name}`);
    this.name = options.name;
    this.help = options.help;
    this.labelNames = [...labelNames];
  }

  /** The series with these label values, created at zero on first use. */
  labels(values: LabelValues = {}): Child {
    const keys = Object.keys(values);
    assert(keys.length === this.labelNames.length && this.labelNames.every((label) =>
      typeof values[label] === 'string'),
      () => `${this.name} takes labels {${this.labelNames.join(', ')}}, got {${keys.join(', ')}}`);
    const key = this.labelNames.map((label) => values[label]).join('\u0000');
    let entry = this.children.get(key);
    if (entry === undefined) {
      const labels = Object.fromEntries(this.labelNames.map((label) => [label, values[label]!]));
      entry = { labels, child: this.newChild() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  /** Drops every series (client_golang's `Reset`). */
  reset(): void {
    this.children.clear();
  }

  /**
   * Series in exposition order: by label values, labels taken in name order (as Go sorts pairs).
   */
  protected sortedChildren(): Array<{ labels: LabelValues; child: Child }> {
    const names = [...this.labelNames].sort();
    return [...this.children.values()].sort((a, b) => compareLabels(names, a.labels, b.labels));
  }

  protected abstract newChild(): Child;
  abstract snapshot(): FamilySnapshot;
}

function compareLabels(names: readonly string[], a: LabelValues, b: LabelValues): number {
  for (const name of names) {
    const left = a[name]!;
    const right = b[name]!;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

export class Counter {
  private current = 0;

  get value(): number {
    return this.current;
  }

  inc(amount = 1): void {
    assert(amount >= 0 && Number.isFinite(amount), () =>
      `counter increment ${amount} must be finite and >= 0`);
    this.current += amount;
  }
}

export class Gauge {
  private current = 0;

  get value(): number {
    return this.current;
  }

  set(value: number): void {
    this.current = value;
  }

  inc(amount = 1): void {
    this.current += amount;
  }

  dec(amount = 1): void {
    this.current -= amount;
  }
}

export class Histogram {
  private readonly counts: number[];
  private total = 0;
  private observations = 0;

  constructor(readonly upperBounds: readonly number[]) {
    this.counts = new Array<number>(upperBounds.length).fill(0);
  }

  /** Records one value; it lands in the first bucket whose bound is >= value. */
  observe(value: number): void {
    assert(!Number.isNaN(value), 'histogram observation is NaN');
    const index = this.upperBounds.findIndex((bound) => value <= bound);
    if (index >= 0) this.counts[index]!++;
    this.total += value;
    this.observations++;
  }

  get sum(): number {
    return this.total;
  }

  get count(): number {
    return this.observations;
  }

  /** Cumulative counts per bound, as the exposition shows them (without `+Inf`). */
  cumulative(): Array<{ le: number; count: number }> {
    let running = 0;
    return this.upperBounds.map((le, index) => {
      running += this.counts[index]!;
      return { le, count: running };
    });
  }
}

export class CounterVec extends MetricVec<Counter> {
  readonly type = 'counter';

  protected newChild(): Counter {
    return new Counter();
  }

  snapshot(): FamilySnapshot {
    const series = this.sortedChildren().map(({ labels, child }) => ({ labels,
      value: child.value }));
    return { name: this.name, help: this.help, type: this.type, series };
  }
}

export class GaugeVec extends MetricVec<Gauge> {
  readonly type = 'gauge';

  protected newChild(): Gauge {
    return new Gauge();
  }

  snapshot(): FamilySnapshot {
    const series = this.sortedChildren().map(({ labels, child }) => ({ labels,
      value: child.value }));
    return { name: this.name, help: this.help, type: this.type, series };
  }
}

export class HistogramVec extends MetricVec<Histogram> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(options: HistogramOptions) {
    super(options);
    assert(options.buckets.length > 0, () => `histogram ${options.name} needs at least one bucket`);
    options.buckets.forEach((bound, index) => assert(index === 0
      || bound > options.buckets[index - 1]!,
      () => `histogram ${options.name} buckets must increase strictly`));
    assert(!this.labelNames.includes('le'), () =>
      `histogram ${options.name} may not use the label "le"`);
    this.buckets = options.buckets.filter((bound) => bound !== Number.POSITIVE_INFINITY);
  }

  protected newChild(): Histogram {
    return new Histogram(this.buckets);
  }

  snapshot(): FamilySnapshot {
    const series = this.sortedChildren().map(({ labels, child }) => ({
      labels, buckets: child.cumulative(), sum: child.sum, count: child.count,
    }));
    return { name: this.name, help: this.help, type: this.type, series };
  }
}

export type AnyMetricVec = CounterVec | GaugeVec | HistogramVec;

export class MetricsRegistry {
  private readonly metrics = new Map<string, AnyMetricVec>();

  /** Registers a metric; a second metric with the same name is a bug (client_golang panics too). */
  register<M extends AnyMetricVec>(metric: M): M {
    assert(!this.metrics.has(metric.name), () => `metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  get(name: string): AnyMetricVec | undefined {
    return this.metrics.get(name);
  }

  /** Every family with at least one series, sorted by name. */
  gather(): FamilySnapshot[] {
    return [...this.metrics.keys()].sort()
      .map((name) => this.metrics.get(name)!.snapshot())
      .filter((family) => family.series.length > 0);
  }

  /** The Prometheus text exposition (version 0.0.4) of every registered family. */
  exposition(): string {
    return this.gather().map(formatFamily).join('');
  }
}

/** The text exposition of families gathered elsewhere (several registries federated, say). */
export function expositionOf(families: readonly FamilySnapshot[]): string {
  return families.map(formatFamily).join('');
}

function formatFamily(family: FamilySnapshot): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`,
    `# TYPE ${family.name} ${family.type}`];
  family.series.forEach((series) => {
    if (family.type !== 'histogram') {
      lines.push(
        `${family.name}${formatLabels(series.labels)} ${formatGoFloat(series.value ?? 0)}`);
      return;
    }
    (series.buckets ?? []).forEach(({ le, count }) => {
      lines.push(
        `${family.name}_bucket${formatLabels(series.labels, formatGoFloat(le))} ` +
          `${formatGoFloat(count)}`);
    });
    lines.push(
      `${family.name}_bucket${formatLabels(series.labels, '+Inf')} ` +
        `${formatGoFloat(series.count ?? 0)}`);
    lines.push(
      `${family.name}_sum${formatLabels(series.labels)} ${formatGoFloat(series.sum ?? 0)}`);
    lines.push(
      `${family.name}_count${formatLabels(series.labels)} ${formatGoFloat(series.count ?? 0)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** `{a="x",b="y"}` with names sorted, as client_golang sorts label pairs; `le` goes last. */
function formatLabels(labels: LabelValues, le?: string): string {
  const pairs = Object.keys(labels).sort().map((name) =>
    `${name}="${escapeLabelValue(labels[name]!)}"`);
  if (le !== undefined) pairs.push(`le="${le}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
