// The fault plan: seeded, replayable trouble, as data a scenario file can state. Each rule
// matches calls by API, region, target resource and a virtual-time window, fires with an integer
// probability (`"1/20"`) drawn from the `cloud.faults` stream, optionally at most `countMax`
// times, and does one of:
// - `error`: refuse with a catalog code (InternalError, ServiceUnavailable, Throttling,
//   Operation.Conflict, …) and its HTTP status;
// - `timeout`: no reply reaches the client, either after the call took effect (`applied: true`,
//   "reply lost") or before (`applied: false`); the client's own timeout decides when it gives up;
// - `stuckAttaching`: an AttachNetworkInterface succeeds but the ENI stays Attaching forever;
// - `regionOutage`: every call in the region fails with ServiceUnavailable (or the code given);
// - `metadataLag`: changes made in the window reach instance metadata `lagMs` late;
// - `metadataUnreachable`: metadata reads fail (status 0 = no connection, or e.g. 500/429).
// Rules are checked in order; the first that fires wins. Every firing is a `cloud.fault` event.

import { err, ok, parseDuration, type RandomStream, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { isCatalogCode } from '../errors/catalog.js';

const instant = z.union([z.number().int().min(0),
  z.string().refine((text) => parseDuration(text) !== undefined, 'a Go duration such as "90s"')])
  .transform((value) => (typeof value === 'number' ? value : parseDuration(value)!));

const probability = z.union([
  z.literal(0), z.literal(1),
  z.string().regex(/^\d+\/[1-9]\d*$/, 'an integer ratio such as "1/20"'),
  z.object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) }),
]).transform((value) => {
  if (typeof value === 'number') return { numerator: value, denominator: 1 };
  if (typeof value === 'string') {
    const [numerator, denominator] = value.split('/').map(Number);
    return { numerator: numerator!, denominator: denominator! };
  }
  return value;
}).refine((ratio) => ratio.numerator <= ratio.denominator, 'a probability of at most 1');

const matchers = {
  api: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  region: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
  fromMs: instant.optional(),
  untilMs: instant.optional(),
  probability: probability.optional(),
  countMax: z.number().int().min(1).optional(),
};

export const faultRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error'),
    code: z.string().refine(isCatalogCode,
      'an error code of the emulator catalog'), ...matchers }).strict(),
  z.object({ kind: z.literal('timeout'), applied: z.boolean(), ...matchers }).strict(),
  z.object({ kind: z.literal('stuckAttaching'), ...matchers }).strict(),
  z.object({ kind: z.literal('regionOutage'),
    code: z.enum(['ServiceUnavailable', 'InternalError']).optional(), ...matchers }).strict(),
  z.object({ kind: z.literal('metadataLag'), lagMs: instant, ...matchers }).strict(),
  z.object({ kind: z.literal('metadataUnreachable'),
    status: z.number().int().min(0).max(599).optional(), ...matchers }).strict(),
]);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;

/** Parses a list of rules; errors name the rule index and field. */
export function parseFaultPlan(input: unknown): Result<FaultRule[], string[]> {
  const parsed = z.array(faultRuleSchema).safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.map((issue) => `faults.${issue.path.join('.')}: ${issue.message}`),
  );
}

export interface CallFacts {
  readonly action: string;
  readonly region: string;
  /** Resource ids the call names (ENI, instance, vSwitch, trunk). */
  readonly targets: readonly string[];
  readonly nowMs: number;
}

export type CallFault =
  | { readonly kind: 'error'; readonly code: string; readonly rule: number }
  | { readonly kind: 'timeout'; readonly applied: boolean; readonly rule: number }
  | { readonly kind: 'stuckAttaching'; readonly rule: number };

export class FaultPlan {
  private readonly fired: number[];

  constructor(readonly rules: readonly FaultRule[], private readonly stream: RandomStream) {
    this.fired = rules.map(() => 0);
  }

  private inWindow(rule: FaultRule, nowMs: number): boolean {
    return (
      (rule.fromMs === undefined || nowMs >= rule.fromMs) &&
      (rule.untilMs === undefined || nowMs < rule.untilMs)
    );
  }

  private fires(index: number): boolean {
    const rule = this.rules[index]!;
    if (rule.countMax !== undefined && this.fired[index]! >= rule.countMax) return false;
    const chance = rule.probability ?? { numerator: 1, denominator: 1 };
    if (!this.stream.bernoulli(chance.numerator, chance.denominator)) return false;
    this.fired[index]!++;
    return true;
  }

  /** The fault for one API call, if a rule fires. */
  forCall(call: CallFacts): CallFault | null {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index]!;
      if (rule.kind === 'metadataLag' || rule.kind === 'metadataUnreachable') continue;
      if (rule.kind === 'stuckAttaching' && call.action !== 'AttachNetworkInterface') continue;
      const apis =
        rule.api === undefined ? undefined : typeof rule.api === 'string' ? [rule.api] : rule.api;
      if (apis !== undefined && !apis.includes('*') && !apis.includes(call.action)) continue;
      if (rule.region !== undefined && rule.region !== call.region) continue;
      if (rule.target !== undefined && !call.targets.includes(rule.target)) continue;
      if (!this.inWindow(rule, call.nowMs) || !this.fires(index)) continue;
      if (rule.kind === 'error') return { kind: 'error', code: rule.code, rule: index };
      if (rule.kind === 'regionOutage') return { kind: 'error',
        code: rule.code ?? 'ServiceUnavailable', rule: index };
      if (rule.kind === 'timeout') return { kind: 'timeout', applied: rule.applied, rule: index };
      return { kind: 'stuckAttaching', rule: index };
    }
    return null;
  }

  private metadataRule<K extends 'metadataLag' | 'metadataUnreachable'>(kind: K, instanceId: string,
    nowMs: number): { rule: Extract<FaultRule, { kind: K }>; index: number } | null {
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index]!;
      if (rule.kind !== kind) continue;
      if (rule.target !== undefined && rule.target !== instanceId) continue;
      if (this.inWindow(rule, nowMs) && this.fires(index)) return { rule: rule as Extract<FaultRule,
        { kind: K }>, index };
    }
    return null;
  }

  /** Extra metadata lag for a change made now on `instanceId`, if a rule fires. */
  metadataLag(instanceId: string, nowMs: number): { lagMs: number; rule: number } | null {
    const found = this.metadataRule('metadataLag', instanceId, nowMs);
    return found === null ? null : { lagMs: found.rule.lagMs, rule: found.index };
  }

  /**
   * A failed metadata read on `instanceId`, if a rule fires: the status to answer (0 =
   * unreachable).
   */
  metadataFailure(instanceId: string, nowMs: number): { status: number; rule: number } | null {
    const found = this.metadataRule('metadataUnreachable', instanceId, nowMs);
    return found === null ? null : { status: found.rule.status ?? 0, rule: found.index };
  }

  /** How often each rule fired, for snapshots. */
  firedCounts(): number[] {
    return [...this.fired];
  }

  restoreFiredCounts(counts: readonly number[]): void {
    counts.forEach((count, index) => {
      if (index < this.fired.length) this.fired[index] = count;
    });
  }
}
