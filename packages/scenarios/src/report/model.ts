// The report of one run: the contract of report.json (docs/reports.md: at least `scenario`, `seed`,
// `digest`, `assertions` with `name`/`ok`/`detail`, and the metric series the report draws).
// report.md and report.html render this same value, so the three never disagree.
//
// report.json holds nothing that depends on the machine or the wall clock: the same seed and
// scenario give the same bytes (CI compares them).

/** A time series: [virtual ms, value] pairs in time order. */
export type Series = ReadonlyArray<readonly [number, number]>;

export interface Assertion {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface ApiMinute {
  /** Minute index since the start of the run. */
  readonly minute: number;
  readonly calls: number;
  readonly throttled: number;
  readonly failed: number;
}

/**
 * A latency histogram over each sample interval: the observations (`count`, every sample) and
 * PromQL `histogram_quantile` of the interval's increase (only where there were observations).
 */
export interface LatencyQuantiles {
  readonly count: Series;
  readonly p50: Series;
  readonly p90: Series;
  readonly p99: Series;
}

/** Cluster-wide series of Terway's own metrics, scraped at every sample (run/metric-series.ts). */
export interface TerwayMetricSeries {
  /** Σ terway_resource_pool_idle_count over the running daemons. */
  readonly poolIdle: Series;
  /** Σ terway_resource_pool_total_count over the running daemons. */
  readonly poolTotal: Series;
  /** terway_rpc_latency{rpc_api="AllocIP"} in ms, every node; `failed`: error="true" calls. */
  readonly allocIpLatencyMs: LatencyQuantiles & { readonly failed: Series };
  /** aliyun_openapi_latency in ms by `api`, then by `error` ("false" / "true"). */
  readonly openApiLatencyMs: Readonly<Record<string, Readonly<Record<string, LatencyQuantiles>>>>;
  /** rate_limiter_latency in ms by `api` (controlplane, and the daemons' unexported one). */
  readonly rateLimiterLatencyMs: Readonly<Record<string, LatencyQuantiles>>;
}

export interface TimelineEntry {
  readonly t: number;
  readonly object: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  /** The node the event is about: a Node event's own, a pod's where it got its IP. */
  readonly node?: string;
}

/**
 * A limit the run ran into, named from its state and events (report/why.ts decides which).
 * `kind` is stable for scripts; `summary` is one sentence for people; `evidence` lists the
 * facts it was derived from (counts, times, nodes, ids as the scenario declares them).
 */
export interface WhyConstraint {
  readonly kind:
    | 'daemonNotStarted' | 'vSwitchExhausted' | 'routeTableQuota' | 'eniStuckAttaching'
    | 'eniQuota' | 'ipCapacity' | 'maxPods' | 'throttling' | 'ignoredConfigKey';
  readonly summary: string;
  readonly evidence: readonly string[];
}

/** The first time the cloud answered with an error code during the main phase. */
export interface FirstError {
  readonly t: number;
  /** The node whose instance or ENI the call named; absent when the call named neither. */
  readonly node?: string;
  readonly api: string;
  readonly code: string;
  readonly message: string;
  /** Calls answered with this code during the main phase. */
  readonly count: number;
}

/** One diagnostic `terway-sim validate` gives for the scenario's eni-config. */
export interface WhyDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly path: string;
  readonly message: string;
}

/** Why the run ended as it did: the binding constraint first, then the others. */
export interface Why {
  /**
   * `clean`: nothing failed and nothing was refused; `explained`: constraints were found;
   * `unexplained`: pods were not Ready or a check failed, and no constraint was found.
   */
  readonly status: 'clean' | 'explained' | 'unexplained';
  /** One line: the binding constraint, or what was looked for and not found. */
  readonly headline: string;
  readonly constraints: readonly WhyConstraint[];
  readonly firstErrors: readonly FirstError[];
  /** What `terway-sim validate` says about the scenario's eni-config (warnings and errors). */
  readonly validate: readonly WhyDiagnostic[];
}

/** Events of one object, type and reason, as kubectl groups them ("x65 over 14m"). */
export interface EventGroup {
  readonly object: string;
  readonly type: string;
  readonly reason: string;
  readonly count: number;
  readonly firstT: number;
  readonly lastT: number;
  /** The latest message; `combined` when the group's messages differed. */
  readonly message: string;
  readonly combined: boolean;
  readonly node?: string;
}

/** A node condition turned (or was first seen other than healthy). */
export interface NodeConditionChange {
  readonly t: number;
  readonly node: string;
  readonly type: string;
  readonly status: string;
  readonly reason: string;
}

/** One warning or error line of Terway's log. */
export interface TerwayLogLine {
  readonly t: number;
  readonly level: string;
  readonly component: string;
  readonly node?: string;
  readonly message: string;
  readonly error?: string;
}

/** Terway's log: every line counted by component, level and message; first warnings kept. */
export interface TerwayLog {
  readonly groups: ReadonlyArray<{ readonly component: string; readonly level: string;
    readonly message: string; readonly count: number; readonly firstT: number;
    readonly lastT: number; readonly firstError?: string }>;
  /** The first warning and error lines, verbatim. */
  readonly lines: readonly TerwayLogLine[];
  readonly linesTotal: number;
  /** Warning and error lines not kept in `lines` (all are in events.jsonl with --events). */
  readonly warningLinesDropped: number;
}

export interface RunReport {
  readonly scenario: string;
  readonly description: string;
  readonly seed: string;
  /** sha256 of the run's canonical event log. */
  readonly digest: string;
  /** sha256 of the scenario file's text. */
  readonly scenarioDigest: string;
  /** The terway-sim version that wrote the report (`terway-sim --version`). */
  readonly toolVersion: string;
  readonly mode: string;
  /** Virtual time simulated, ms (teardown included). */
  readonly simulatedMs: number;
  readonly assertions: readonly Assertion[];
  readonly summary: {
    readonly nodes: number;
    readonly podsCreated: number;
    readonly podsReadyAtEnd: number;
    readonly podsNotReadyAtEnd: number;
    readonly timeToIpMs: Percentiles;
    readonly apiCalls: number;
    readonly apiThrottled: number;
    readonly apiFailed: number;
    readonly enisCreated: number;
    /** Leaks found after teardown; null when teardown did not run. */
    readonly leaksAfterTeardown: number | null;
    readonly events: Readonly<Record<string, number>>;
    readonly invariantChecks: number;
  };
  readonly series: {
    readonly podsReady: Series;
    readonly podsPending: Series;
    /** Time-to-IP histogram: bucket upper bounds (ms) and counts. */
    readonly timeToIpHistogram: ReadonlyArray<{ readonly leMs: number; readonly count: number }>;
    readonly poolIdlePerNode: { readonly p50: Series; readonly p90: Series; readonly max: Series };
    readonly poolUsedPerNode: { readonly p50: Series; readonly p90: Series; readonly max: Series };
    readonly enisPerNode: { readonly p50: Series; readonly max: Series };
    /** Free addresses per vSwitch id. */
    readonly vSwitchFree: Readonly<Record<string, Series>>;
    readonly apiPerMinute: readonly ApiMinute[];
    /** Calls per API over the whole run, with throttled and failed. */
    readonly apiByAction: Readonly<
      Record<
        string,
        { readonly calls: number; readonly throttled: number; readonly failed: number }
      >
    >;
    /** Terway's own metrics, cluster-wide (scraped from every daemon and the controlplane). */
    readonly terwayMetrics: TerwayMetricSeries;
  };
  /** Kubernetes events in time order (capped; `timelineTruncated` says how many were left out). */
  readonly timeline: readonly TimelineEntry[];
  readonly timelineTruncated: number;
  /** Draws per random stream: part of the fingerprint (two runs that agree here drew alike). */
  readonly rngDraws: Readonly<Record<string, number>>;
  /** Event counts by kind in the log. */
  readonly eventKinds: Readonly<Record<string, number>>;
  /**
   * Every Kubernetes event of the run, grouped by object, type and reason in order of first
   * occurrence; at most `eventGroupsMax` groups, `eventGroupsTruncated` says how many more.
   */
  readonly eventGroups: readonly EventGroup[];
  readonly eventGroupsTruncated: number;
  /** Terway's log lines with their levels (run/terway-log.ts). */
  readonly terwayLog: TerwayLog;
  /** Node condition changes in time order (SufficientIP, NetworkUnavailable, Ready, …). */
  readonly nodeConditions: readonly NodeConditionChange[];
  /** The id each vSwitch was declared with in the scenario, by the id the cloud minted. */
  readonly vSwitchDeclaredIds: Readonly<Record<string, string>>;
  /**
   * Per assertion, in the same order: `pass`, `FAIL`, or `reproduced` for an expectation that a
   * failure happens (a drill's) which held.
   */
  readonly verdicts: ReadonlyArray<'pass' | 'reproduced' | 'FAIL'>;
  /** Why the run ended as it did (report/why.ts). */
  readonly why: Why;
}
