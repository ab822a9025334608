// A plausible RunReport built from numbers, for testing the renderers without running a scenario.

import type {
  LatencyQuantiles, RunReport, Series, TerwayMetricSeries,
} from '../report/model.js';
import { histogram, percentiles, timeToIpBoundsMs } from '../report/stats.js';

function ramp(points: number, stepMs: number, value: (i: number) => number): Series {
  return Array.from({ length: points }, (_, i) => [i * stepMs, value(i)] as const);
}

function sampleLatency(scaleMs: number): LatencyQuantiles {
  return { count: ramp(179, 10_000, (i) => (i % 3 === 0 ? 0 : 2)),
    p50: ramp(60, 30_000, () => scaleMs), p90: ramp(60, 30_000, () => scaleMs * 2),
    p99: ramp(60, 30_000, () => scaleMs * 3) };
}

function sampleTerwayMetrics(): TerwayMetricSeries {
  return {
    poolIdle: ramp(180, 10_000, () => 15),
    poolTotal: ramp(180, 10_000, (i) => 15 + Math.min(i, 120)),
    allocIpLatencyMs: { ...sampleLatency(300), failed: ramp(179, 10_000, () => 0) },
    openApiLatencyMs: { CreateNetworkInterface: { false: sampleLatency(150) } },
    rateLimiterLatencyMs: { CreateNetworkInterface: sampleLatency(0) },
  };
}

/** The sampled series of a 30-minute, 120-pod run. */
function sampleSeries(ttip: readonly number[]): RunReport['series'] {
  return {
    podsReady: ramp(180, 10_000, (i) => Math.min(120, i * 2)),
    podsPending: ramp(180, 10_000, (i) => Math.max(0, 120 - i * 2)),
    timeToIpHistogram: histogram(ttip, timeToIpBoundsMs),
    poolIdlePerNode: {
      p50: ramp(180, 10_000, () => 5),
      p90: ramp(180, 10_000, () => 8),
      max: ramp(180, 10_000, () => 10),
    },
    poolUsedPerNode: {
      p50: ramp(180, 10_000, (i) => Math.min(40, i)),
      p90: ramp(180, 10_000, (i) => Math.min(42, i)),
      max: ramp(180, 10_000, (i) => Math.min(45, i)),
    },
    enisPerNode: {
      p50: ramp(180, 10_000, (i) => Math.min(3, Math.floor(i / 20))),
      max: ramp(180, 10_000, (i) => Math.min(3, Math.floor(i / 15))),
    },
    vSwitchFree: {
      'vsw-bp00000000000000001': ramp(180, 10_000, (i) => 4091 - i * 3),
      'vsw-bp00000000000000002': ramp(180, 10_000, () => 252),
    },
    apiPerMinute: Array.from({ length: 30 }, (_, minute) => ({
      minute,
      calls: 14,
      throttled: minute === 3 ? 3 : 0,
      failed: minute === 4 ? 1 : 0,
    })),
    apiByAction: {
      AssignPrivateIpAddresses: { calls: 300, throttled: 3, failed: 0 },
      CreateNetworkInterface: { calls: 120, throttled: 0, failed: 1 },
    },
    terwayMetrics: sampleTerwayMetrics(),
  };
}

/** A drill's grouped events and node conditions. */
function sampleDrillSections(): Pick<RunReport, 'eventGroups' | 'eventGroupsTruncated' |
  'nodeConditions' | 'terwayLog'> {
  return {
    terwayLog: { groups: [{ component: 'terway-daemon', level: 'error', message: 'alloc ip failed',
      count: 4717, firstT: 60_296, lastT: 900_000,
      firstError: 'no eni can handle the allocation' }],
    lines: [{ t: 60_296, level: 'error', component: 'terway-daemon', node: 'pool-a-0',
      message: 'alloc ip failed', error: 'no eni can handle the allocation' }],
    linesTotal: 27_000, warningLinesDropped: 4716 },
    eventGroups: [
      { object: 'Pod/default/web-1', type: 'Normal', reason: 'Scheduled', count: 1,
        firstT: 61_000, lastT: 61_000, message: 'Successfully assigned default/web-1 to pool-a-0',
        combined: false },
      { object: 'Node/pool-a-0', type: 'Warning', reason: 'AllocIPFailed', count: 65,
        firstT: 75_500, lastT: 915_500,
        message: 'errCode: InvalidVSwitchId.IpNotEnough, msg: <vsw>',
        combined: true, node: 'pool-a-0' },
    ],
    eventGroupsTruncated: 0,
    nodeConditions: [{ t: 80_000, node: 'pool-a-0', type: 'SufficientIP', status: 'False',
      reason: 'InsufficientIP' }],
  };
}

export function sampleReport(overrides: Partial<RunReport> = {}): RunReport {
  const ttip = Array.from({ length: 120 }, (_, i) => 200 + ((i * 7919) % 25_000));
  return {
    scenario: 'sample',
    description: 'A report built by hand <for tests> & demos.',
    seed: '42',
    digest: 'ab'.repeat(32),
    scenarioDigest: 'cd'.repeat(32),
    toolVersion: '0.1.0',
    mode: 'eniip',
    simulatedMs: 1_800_000,
    assertions: [
      { name: 'all pods Ready within 2m', ok: true, detail: '120/120 Ready' },
      { name: 'no API call throttled', ok: false, detail: '3 calls throttled' },
    ],
    summary: {
      nodes: 3,
      podsCreated: 120,
      podsReadyAtEnd: 117,
      podsNotReadyAtEnd: 3,
      timeToIpMs: percentiles(ttip),
      apiCalls: 420,
      apiThrottled: 3,
      apiFailed: 1,
      enisCreated: 9,
      leaksAfterTeardown: 0,
      events: { AllocIPFailed: 2, Scheduled: 120 },
      invariantChecks: 5000,
    },
    series: sampleSeries(ttip),
    timeline: [
      {
        t: 61_000,
        object: 'Pod/default/web-1',
        type: 'Normal',
        reason: 'Scheduled',
        message: 'Successfully assigned default/web-1 to pool-a-0',
      },
      {
        t: 75_500,
        object: 'Node/pool-a-0',
        type: 'Warning',
        reason: 'AllocIPFailed',
        message: 'errCode: InvalidVSwitchId.IpNotEnough, msg: <vsw>',
      },
    ],
    timelineTruncated: 0,
    rngDraws: { 'cloud.latency': 812 },
    eventKinds: { 'cloud.api': 420 },
    ...sampleDrillSections(),
    vSwitchDeclaredIds: { 'vsw-bp00000000000000001': 'vsw-pods',
      'vsw-bp00000000000000002': 'vsw-nodes' },
    verdicts: ['pass', 'FAIL'],
    why: {
      status: 'explained',
      headline: 'OpenAPI flow control: 3 calls throttled (Throttling.User), retried with backoff',
      constraints: [{ kind: 'throttling', summary: 'OpenAPI flow control: 3 calls throttled ' +
        '(Throttling.User), retried with backoff', evidence: ['AssignPrivateIpAddresses 3'] }],
      firstErrors: [{ t: 75_400, node: 'pool-a-0', api: 'AssignPrivateIpAddresses',
        code: 'Throttling.User', message: 'Request was denied due to user flow control.',
        count: 3 }],
      validate: [{ code: 'unknown-key', severity: 'warning', path: 'eni_conf.vswitch',
        message: 'Terway does not read "vswitch" and ignores it silently' }],
    },
    ...overrides,
  };
}
