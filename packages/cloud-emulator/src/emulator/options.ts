// The emulator's options, their defaults, and a validating parser for options that come from a
// scenario file or a command line (errors name the key path and what is expected).
//
// Defaults worth knowing: one region, cn-hangzhou, with zones h/i/j/k; 1,000 ENIs per account and
// region (the real default lives in the Quota Center); 10 VPCs per region (the
// documented default); 200 custom route entries per table; Terway's own per-API budgets as the
// flow-control thresholds; the `realistic` latency profile; no faults.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import type { CloudQuotas } from '../actions/context.js';
import { faultRuleSchema, type FaultRuleInput } from '../physics/faults.js';
import type { LatencyOverrides, LatencyProfileName } from '../physics/latency.js';
import type { ThrottleCode } from '../physics/throttle.js';

export interface RegionSpec {
  readonly regionId: string;
  readonly zones: readonly string[];
}

export interface CloudEmulatorOptions {
  readonly regions?: readonly RegionSpec[];
  readonly quotas?: Partial<CloudQuotas>;
  /** Calls per minute per API, on top of the defaults (physics/throttle.ts). */
  readonly rateLimits?: Readonly<Record<string, number>>;
  /** Calls per minute for APIs with no entry. */
  readonly rateLimitDefault?: number;
  readonly throttleCode?: ThrottleCode;
  readonly latency?: LatencyProfileName | LatencyOverrides;
  readonly faults?: readonly FaultRuleInput[];
  /** How long a ClientToken is remembered. Default 1 hour (modelled). */
  readonly clientTokenTtlMs?: number;
  /** AccessKeyId → account, for flow control per account. Unlisted keys are their own account. */
  readonly accounts?: Readonly<Record<string, string>>;
  /** Deep-freezes the state after every change: catches mutation bugs in tests (slow). */
  readonly freezeState?: boolean;
}

export const defaultRegions: readonly RegionSpec[] = [
  { regionId: 'cn-hangzhou',
    zones: ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'] },
];

export const defaultQuotas: CloudQuotas = {
  enisPerRegion: 1000,
  routeEntriesPerTable: 200,
  vpcsPerRegion: 10,
  vSwitchesPerVpc: 150,
  securityGroupIpsNormal: 2000,
  securityGroupIpsEnterprise: 65_536,
  securityGroupsPerEni: 5,
  securityGroupRulesPerGroup: 200,
  secondaryIpsPerAvailableEni: 49,
  ipv6PerAvailableEni: 10,
};

export const defaultClientTokenTtlMs = 3_600_000;

const distribution = z
  .object({
    medianMs: z.number().min(0).max(2500),
    sigma: z.number().min(0).max(3),
    minMs: z.number().int().min(0),
    maxMs: z.number().int().min(0).max(2500),
  })
  .strict();
const range = z.object({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0) }).strict()
  .refine((value) => value.minMs <= value.maxMs, 'minMs must not exceed maxMs');
const asyncKinds = z
  .object({
    attach: range,
    detach: range,
    delete: range,
    instanceStart: range,
    routeCreate: range,
    routeDelete: range,
  })
  .partial()
  .strict();

const latencySchema = z.union([
  z.enum(['realistic', 'fast', 'zero']),
  z.object({
    base: z.enum(['realistic', 'fast', 'zero']).optional(), apiDefault: distribution.optional(),
    api: z.record(z.string(),
      distribution).optional(), async: asyncKinds.optional(), metadataLag: range.optional(),
  }).strict(),
]);

const quotasSchema = z
  .object({
    enisPerRegion: z.number().int().min(0),
    routeEntriesPerTable: z.number().int().min(0),
    vpcsPerRegion: z.number().int().min(0),
    vSwitchesPerVpc: z.number().int().min(1),
    securityGroupIpsNormal: z.number().int().min(1),
    securityGroupIpsEnterprise: z.number().int().min(1),
    securityGroupsPerEni: z.number().int().min(1).max(16),
    securityGroupRulesPerGroup: z.number().int().min(1).max(10_000),
    secondaryIpsPerAvailableEni: z.number().int().min(0),
    ipv6PerAvailableEni: z.number().int().min(0),
  })
  .partial()
  .strict();

export const cloudOptionsSchema = z.object({
  regions: z.array(z.object({ regionId: z.string().regex(/^[a-z]{2}-[a-z0-9-]+$/),
    zones: z.array(z.string().min(1)).min(1) }).strict()).min(1).optional(),
  quotas: quotasSchema.optional(),
  rateLimits: z.record(z.string().regex(/^[A-Z][A-Za-z0-9]+$/,
    'an API name such as AssignPrivateIpAddresses'), z.number().int().min(0)).optional(),
  rateLimitDefault: z.number().int().min(0).optional(),
  throttleCode: z.enum(['Throttling', 'Throttling.User', 'Throttling.Api']).optional(),
  latency: latencySchema.optional(),
  faults: z.array(faultRuleSchema).optional(),
  clientTokenTtlMs: z.number().int().min(0).optional(),
  accounts: z.record(z.string(), z.string()).optional(),
  freezeState: z.boolean().optional(),
}).strict();

/** Validates options from a file or flags; each error is `path: what is expected`. */
export function parseCloudOptions(input: unknown,
  prefix = 'cloud'): Result<CloudEmulatorOptions, string[]> {
  const parsed = cloudOptionsSchema.safeParse(input);
  if (parsed.success) return ok(input as CloudEmulatorOptions);
  return err(
    parsed.error.issues.map(
      (issue) => `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`,
    ),
  );
}

