// How long things take: every API call's response time (a seeded log-normal sample per API) and
// the durations of the asynchronous changes (attach, detach, delete, instance start, route
// entries) and of the metadata service's lag (seeded uniform ranges). No official figures exist
// (none in the API docs); the `realistic` defaults fit inside every Terway budget and stay far
// below the Node SDK's 3 s timeout; `fast` keeps everything within tens of milliseconds; `zero`
// answers at once (benchmarks). Draws come from the streams `cloud.latency` (responses),
// `cloud.async` (durations) and `cloud.metadata` (lag), so one never shifts another.

import type { RandomStream } from '@terway-sim/sim-base';
import type { AsyncKind } from '../actions/context.js';
import { ownValue } from '../state/own.js';

export interface LatencyDistribution {
  readonly medianMs: number;
  readonly sigma: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface DurationRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export interface LatencyProfile {
  readonly name: string;
  /** Response time of APIs without their own entry. */
  readonly apiDefault: LatencyDistribution;
  readonly api: Readonly<Record<string, LatencyDistribution>>;
  readonly async: Readonly<Record<AsyncKind, DurationRange>>;
  readonly metadataLag: DurationRange;
  /** One metadata read (a local HTTP GET to 100.100.100.200). */
  readonly metadataReadMs: number;
}

export type LatencyProfileName = 'realistic' | 'fast' | 'zero';

const dist = (medianMs: number, sigma = 0.35, minMs = Math.round(medianMs / 4),
  maxMs = 2000): LatencyDistribution =>
  ({ medianMs, sigma, minMs, maxMs });

const realistic: LatencyProfile = {
  name: 'realistic',
  apiDefault: dist(150),
  api: {
    CreateNetworkInterface: dist(350),
    AttachNetworkInterface: dist(200),
    DetachNetworkInterface: dist(200),
    DeleteNetworkInterface: dist(200),
    DescribeNetworkInterfaces: dist(90),
    DescribeNetworkInterfaceAttribute: dist(60),
    AssignPrivateIpAddresses: dist(180),
    UnassignPrivateIpAddresses: dist(150),
    AssignIpv6Addresses: dist(180),
    UnassignIpv6Addresses: dist(150),
    DescribeInstanceTypes: dist(150),
    RunInstances: dist(600),
    DescribeInstances: dist(120),
    DescribeVSwitches: dist(80),
    DescribeVSwitchAttributes: dist(60),
    CreateRouteEntry: dist(200),
    DeleteRouteEntry: dist(200),
  },
  async: {
    attach: { minMs: 2000, maxMs: 3000 },
    detach: { minMs: 2000, maxMs: 3000 },
    delete: { minMs: 1000, maxMs: 2000 },
    instanceStart: { minMs: 15_000, maxMs: 30_000 },
    routeCreate: { minMs: 1000, maxMs: 3000 },
    routeDelete: { minMs: 1000, maxMs: 2000 },
  },
  metadataLag: { minMs: 500, maxMs: 2000 },
  metadataReadMs: 1,
};

const fast: LatencyProfile = {
  name: 'fast',
  apiDefault: { medianMs: 2, sigma: 0.3, minMs: 1, maxMs: 5 },
  api: {},
  async: {
    attach: { minMs: 20, maxMs: 50 }, detach: { minMs: 20, maxMs: 50 }, delete: { minMs: 10,
      maxMs: 20 },
    instanceStart: { minMs: 20, maxMs: 50 }, routeCreate: { minMs: 10,
      maxMs: 30 }, routeDelete: { minMs: 10, maxMs: 20 },
  },
  metadataLag: { minMs: 5, maxMs: 20 },
  metadataReadMs: 1,
};

const zero: LatencyProfile = {
  name: 'zero',
  apiDefault: { medianMs: 0, sigma: 0, minMs: 0, maxMs: 0 },
  api: {},
  async: {
    attach: { minMs: 1, maxMs: 1 }, detach: { minMs: 1, maxMs: 1 }, delete: { minMs: 1, maxMs: 1 },
    instanceStart: { minMs: 1, maxMs: 1 }, routeCreate: { minMs: 1,
      maxMs: 1 }, routeDelete: { minMs: 1, maxMs: 1 },
  },
  metadataLag: { minMs: 0, maxMs: 0 },
  metadataReadMs: 0,
};

export const latencyProfiles: Readonly<Record<LatencyProfileName, LatencyProfile>> = { realistic,
  fast, zero };

/** Overrides on top of a named profile (the `explicit` form of the options). */
export interface LatencyOverrides {
  readonly base?: LatencyProfileName;
  readonly apiDefault?: LatencyDistribution;
  readonly api?: Readonly<Record<string, LatencyDistribution>>;
  readonly async?: Partial<Record<AsyncKind, DurationRange>>;
  readonly metadataLag?: DurationRange;
}

export function resolveLatencyProfile(
  choice: LatencyProfileName | LatencyOverrides | undefined,
): LatencyProfile {
  if (choice === undefined) return realistic;
  if (typeof choice === 'string') return latencyProfiles[choice];
  const base = latencyProfiles[choice.base ?? 'realistic'];
  return {
    name: `${base.name}+overrides`,
    apiDefault: choice.apiDefault ?? base.apiDefault,
    api: { ...base.api, ...choice.api },
    async: { ...base.async, ...choice.async },
    metadataLag: choice.metadataLag ?? base.metadataLag,
    metadataReadMs: base.metadataReadMs,
  };
}

/** A response time for `action`: no draw at all when the distribution is a constant. */
export function sampleApiLatency(profile: LatencyProfile, action: string,
  stream: RandomStream): number {
  // `action` is whatever a client asked for: only the profile's own entries count.
  const d = ownValue(profile.api, action) ?? profile.apiDefault;
  if (d.sigma === 0 || d.minMs === d.maxMs) return Math.min(Math.max(d.medianMs, d.minMs), d.maxMs);
  return stream.lognormalInt({ medianMs: d.medianMs, sigma: d.sigma, min: d.minMs, max: d.maxMs });
}

export function sampleRange(range: DurationRange, stream: RandomStream): number {
  return range.minMs === range.maxMs ? range.minMs : stream.intBetween(range.minMs, range.maxMs);
}
