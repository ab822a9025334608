// What the pool reports while it works: log lines, the resource-pool metrics of Terway's
// pkg/metric/resource_pool.go, and node events (pkg/tracing RecordNodeEvent). Declared here as
// narrow structural interfaces so the pool depends on behaviour, not on a particular registry:
// the package's `Logger` (log/) and `DaemonMetrics` (metrics/) satisfy them.

import type { LogFields } from '../log/logger.js';

export interface PoolLogger {
  info(message: string, fields?: LogFields): void;
  error(message: string, error?: string | { readonly message: string }, fields?: LogFields): void;
}

interface GaugeChild {
  inc(amount?: number): void;
  dec(amount?: number): void;
}

interface CounterChild {
  inc(amount?: number): void;
}

interface Labelled<Child> {
  labels(values?: { readonly [label: string]: string }): Child;
}

/** `terway_resource_pool_{total,idle}_count` gauges and the `…_disposed_count` counter. */
export interface PoolMetrics {
  readonly resourcePoolTotal: Labelled<GaugeChild>;
  readonly resourcePoolIdle: Labelled<GaugeChild>;
  readonly resourcePoolDisposed: Labelled<CounterChild>;
}

/**
 * One address family as the pool and its `ipStack` metric label name it; not the eni-config
 * `ip_stack` (controlplane `IpStack`, which also has `dual`).
 */
export type IpFamilyKey = 'ipv4' | 'ipv6';

/** Node events as Terway's tracing.RecordNodeEvent sends them (component `terway-daemon`). */
export type NodeEventSink = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** Gauge bookkeeping of one family, in Terway's words (`LocalIP`, `ipv4`/`ipv6`). */
export class PoolGauges {
  constructor(private readonly metrics: PoolMetrics) {}

  total(stack: IpFamilyKey, delta: number): void {
    this.add(this.metrics.resourcePoolTotal, stack, delta);
  }

  idle(stack: IpFamilyKey, delta: number): void {
    this.add(this.metrics.resourcePoolIdle, stack, delta);
  }

  disposed(stack: IpFamilyKey): void {
    this.metrics.resourcePoolDisposed.labels({ type: 'LocalIP', ipStack: stack }).inc(1);
  }

  private add(vec: Labelled<GaugeChild>, stack: IpFamilyKey, delta: number): void {
    // Created even for a zero delta: Prometheus shows a series once WithLabelValues touched it.
    const child = vec.labels({ type: 'LocalIP', ipStack: stack });
    if (delta >= 0) child.inc(delta);
    else child.dec(-delta);
  }
}
