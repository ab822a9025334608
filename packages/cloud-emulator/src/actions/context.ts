// What an action sees while it runs: the region's working copy, the instant, the id counters,
// the quotas, seeded durations for the asynchronous changes it starts, and a place to report
// ENI state changes and timers to arm. Actions are pure over this context: the same state, the
// same parameters and the same draws give the same result, and a refused action leaves nothing
// behind (its draft is dropped).

import type { IdGenerator, Result } from '@terway-sim/sim-base';
import type { z } from 'zod';
import type { ApiError } from '../errors/catalog.js';
import type { RegionDraft } from '../state/region-draft.js';
import type { CloudState, EniStatus } from '../state/types.js';

export type CloudProduct = 'ecs' | 'vpc';

/** Asynchronous changes whose durations are seeded draws (physics/latency.ts). */
export type AsyncKind =
  'attach' | 'detach' | 'delete' | 'instanceStart' | 'routeCreate' | 'routeDelete';

export type TransitionKind = 'eni' | 'instance' | 'route';

export interface CloudQuotas {
  /** Secondary, trunk and member ENIs per account and region (MaxEniCountExceeded). */
  readonly enisPerRegion: number;
  /** Custom route entries per route table (QuotaExceeded). */
  readonly routeEntriesPerTable: number;
  /** VPCs per account and region (QuotaExceeded.Vpc). */
  readonly vpcsPerRegion: number;
  readonly vSwitchesPerVpc: number;
  /** Private IPv4 addresses in a basic (normal) / advanced (enterprise) security group. */
  readonly securityGroupIpsNormal: number;
  readonly securityGroupIpsEnterprise: number;
  readonly securityGroupsPerEni: number;
  /** Inbound plus outbound rules in one security group (AuthorizationLimitExceed). */
  readonly securityGroupRulesPerGroup: number;
  /** Secondary private IPs an unattached (Available) ENI may hold. */
  readonly secondaryIpsPerAvailableEni: number;
  /** IPv6 addresses an unattached (Available) ENI may hold. */
  readonly ipv6PerAvailableEni: number;
}

export interface ActionContext {
  readonly nowMs: number;
  /** Unix ms of `nowMs`, for CreationTime fields. */
  readonly wallMs: number;
  readonly ids: IdGenerator;
  readonly quotas: CloudQuotas;
  readonly draft: RegionDraft;
  /** Every region of the cloud, in id order (DescribeRegions); the draft is one of them. */
  readonly regionIds: readonly string[];
  /** The call's own latency: an IP operation holds its ENI this long (Operation.Conflict). */
  readonly holdMs: number;
  /** The fault plan asked for this attach to never complete. */
  readonly stuckAttaching: boolean;
  /** A seeded duration for an asynchronous change started now. */
  duration(kind: AsyncKind): number;
  /** How long the metadata service of `instanceId` takes to show a change made now. */
  metadataLagMs(instanceId: string): number;
  /**
   * Reports an ENI status change for the event log; `instanceId` when the record no longer says.
   */
  eniStateChanged(eniId: string, from: EniStatus | 'None', to: EniStatus | 'Gone',
    instanceId?: string): void;
  armTransition(kind: TransitionKind, id: string): void;
}

export type ResponseBody = Readonly<Record<string, unknown>>;

/**
 * Where an action takes its region from: `required`, the `RegionId` parameter (absent is
 * MissingRegionId); `optional`, that parameter or else the endpoint's region; `endpoint`, the
 * region of the endpoint the client talks to (APIs without a RegionId parameter).
 */
export type RegionSource = 'required' | 'optional' | 'endpoint';

export interface ActionSpec<P> {
  readonly product: CloudProduct;
  readonly name: string;
  readonly schema: z.ZodType<P>;
  readonly region: RegionSource;
  /** True when the action honours ClientToken (same token + same params = same result). */
  readonly idempotent: boolean;
  /** True for actions that only read; they never commit a new state. */
  readonly readOnly: boolean;
  /** For `endpoint` actions on a resource: the region that holds it (raw, unvalidated params). */
  readonly locate?: (state: CloudState, params: Readonly<Record<string,
    unknown>>) => string | undefined;
  run(ctx: ActionContext, params: P): Result<ResponseBody, ApiError>;
}

/** Defines an action with its parameter type inferred from the schema. */
export function defineAction<S extends z.ZodType>(
  spec: ActionSpec<z.output<S>> & { readonly schema: S },
): ActionSpec<unknown> {
  return spec as unknown as ActionSpec<unknown>;
}
