// The daemon's pool configuration, as Terway's types.PoolConfig after getPoolConfig
// (daemon/config.go): the numbers the pool sizes itself by, derived from eni-config and the
// instance's limits. The computation lives beside this type; the pool only reads it.
//
// getPoolConfig also folds in getENIConfig (zone, vSwitch options, security groups, tags, policies)
// because the pool's slots and the factory read both. The tests work through examples like those of
// Terway's daemon/config_test.go. Gotchas: the ENI count uses Go's int() truncation of Adapters ×
// eni_cap_ratio, then adds eni_cap_shift and removes the primary ENI, and can go to zero or below
// with odd ratios (Terway does not guard it; `validate` does); ENIOnly computes and then discards
// the pool bounds; crd forces them to 0 but keeps Capacity.

import { ok, type Result } from '@terway-sim/sim-base';
import type { TerwayConfig } from './terway-config.js';
import type { DaemonMode } from './daemon-mode.js';
import type { ConfigIssue } from './config-issue.js';
import {
  effectiveEniSelectionPolicy, effectiveVSwitchSelectionPolicy, idleIpReclaim, ipPoolSyncPeriodMs,
  securityGroupIds, zoneVSwitchIds,
} from './derive.js';
import { erdmaRes, type Limits } from '../limits/instance-limits.js';

export type EniSelectionPolicy = 'most_ips' | 'least_ips';
/** Internal vSwitch policy: config "ordered" means `most` (most available IPs first). */
export type VSwitchSelectionPolicy = 'random' | 'most' | 'ordered';

export interface IdleIpReclaim {
  /** Quiet time after the last pool change before extra reclaim starts; 0 = feature off. */
  readonly afterMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly jitterFactor: number;
}

export interface PoolConfig {
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  /** Most pod IPs this node can hold (multi-IP: maxENI × IPv4 per ENI; exclusive: maxENI). */
  readonly capacity: number;
  /** Secondary ENIs the pool may use (primary excluded, after max_eni / cap ratio / shift). */
  readonly maxEni: number;
  readonly maxMemberEni: number;
  readonly erdmaCapacity: number;
  /** IPs per ENI (1 in exclusive mode). */
  readonly maxIpPerEni: number;
  /** IPs per API call, at most (10). */
  readonly batchSize: number;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  readonly zoneId: string;
  readonly vSwitchOptions: readonly string[];
  readonly vSwitchSelectionPolicy: VSwitchSelectionPolicy;
  readonly eniSelectionPolicy: EniSelectionPolicy;
  readonly eniTags: { readonly [key: string]: string };
  readonly securityGroupIds: readonly string[];
  readonly resourceGroupId: string;
  readonly instanceId: string;
  readonly poolSyncPeriodMs: number;
  readonly reclaim: IdleIpReclaim;
}

/** IPs per Terway API call (create with IPs, assign), at most. */
export const poolBatchSize = 10;

/** Which key bounds the ENI count after config. */
export type EniCountLimitedBy = 'EniQuantity' | 'eni_cap_ratio' | 'eni_cap_shift' | 'max_eni';

export interface EniCount {
  /** Secondary ENIs usable (primary excluded); may be ≤ 0 with odd ratios/shifts. */
  readonly maxEni: number;
  readonly limitedBy: EniCountLimitedBy;
  /** The arithmetic, for reports. */
  readonly formula: string;
}

/**
 * maxENI = trunc(Adapters × eni_cap_ratio) + eni_cap_shift − 1; then max_eni when 0 < max_eni <
 * maxENI.
 */
export function eniCountAfterConfig(config: TerwayConfig, adapters: number): EniCount {
  const scaled = Math.trunc(adapters * config.eniCapRatio);
  const computed = scaled + config.eniCapShift - 1;
  let formula =
    `trunc(EniQuantity ${adapters} × eni_cap_ratio ${config.eniCapRatio}) + eni_cap_shift ` +
    `${config.eniCapShift} − 1 = ${computed}`;
  if (config.maxEni > 0 && config.maxEni < computed) {
    formula += `; max_eni ${config.maxEni} < ${computed} ⇒ ${config.maxEni}`;
    return { maxEni: config.maxEni, limitedBy: 'max_eni', formula };
  }
  let limitedBy: EniCountLimitedBy = 'EniQuantity';
  if (config.eniCapShift < 0) limitedBy = 'eni_cap_shift';
  else if (scaled < adapters) limitedBy = 'eni_cap_ratio';
  return { maxEni: computed, limitedBy, formula };
}

/** The sizing half of PoolConfig: what getPoolConfig computes from config and limits. */
export interface PoolSizing {
  readonly capacity: number;
  readonly maxEni: number;
  readonly maxMemberEni: number;
  readonly erdmaCapacity: number;
  readonly maxIpPerEni: number;
  readonly batchSize: number;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  readonly reclaim: IdleIpReclaim;
  readonly poolSyncPeriodMs: number;
  readonly eniCount: EniCount;
}

export interface PoolSizingInput {
  readonly config: TerwayConfig;
  readonly daemonMode: DaemonMode;
  readonly limits: Limits;
  /** Windows nodes do not hand out an ENI's primary IP (IPs per ENI − 1). */
  readonly windows?: boolean;
}

function clampPool(config: TerwayConfig, bound: number, minOverride: number): {
  max: number; min: number } {
  const max = config.maxPoolSize > bound ? bound : config.maxPoolSize;
  let min = config.minPoolSize;
  if (config.minEni > 0) min = minOverride;
  return { max, min: min > max ? max : min };
}

/** getPoolConfig's numbers. Fails only when an idle-reclaim value does not parse (as Terway). */
export function computePoolSizing(input: PoolSizingInput): Result<PoolSizing, ConfigIssue> {
  const { config, limits } = input;
  const reclaim = idleIpReclaim(config);
  if (!reclaim.ok) return reclaim;
  const eniCount = eniCountAfterConfig(config, limits.adapters);
  const maxEni = eniCount.maxEni;
  let sizing: Omit<PoolSizing,
    'reclaim' | 'poolSyncPeriodMs' | 'eniCount' | 'maxEni' | 'batchSize'>;
  if (input.daemonMode === 'ENIOnly') {
    // Terway clamps max/min pool to maxENI here and then sets both to 0: only 0 matters.
    sizing = {
      capacity: maxEni, maxMemberEni: 0, maxIpPerEni: 1, maxPoolSize: 0, minPoolSize: 0,
      erdmaCapacity: config.enableErdma ? limits.erdmaAdapters : 0,
    };
  } else {
    const ipPerEni = limits.ipv4PerAdapter - (input.windows === true ? 1 : 0);
    const capacity = maxEni * ipPerEni;
    const pool = clampPool(config, capacity, config.minEni * ipPerEni);
    sizing = {
      capacity, maxMemberEni: limits.memberAdapterLimit, maxIpPerEni: ipPerEni,
      maxPoolSize: pool.max, minPoolSize: pool.min,
      erdmaCapacity: config.enableErdma ? erdmaRes(limits) * limits.ipv4PerAdapter : 0,
    };
  }
  if (config.ipamType === 'crd') sizing = { ...sizing, maxPoolSize: 0, minPoolSize: 0 };
  return ok({ ...sizing, maxEni, batchSize: poolBatchSize, reclaim: reclaim.value,
    poolSyncPeriodMs: ipPoolSyncPeriodMs(config), eniCount });
}

/** What the node tells getENIConfig / getPoolConfig: metadata and the startup checks. */
export interface PoolNodeFacts {
  readonly zoneId: string;
  readonly instanceId: string;
  /** The instance's own vSwitch (metadata), used when the zone has no configured vSwitches. */
  readonly instanceVSwitchId: string;
  /** The primary ENI's security groups, used when the config names none. */
  readonly primaryEniSecurityGroupIds: readonly string[];
  /** From checkInstance. */
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
}

/**
 * getENIConfig + getPoolConfig for one node. Tags: `creator=terway` joins `eni_tags` only when
 * the config has an `eni_tags` object (quirk Q7: Terway adds it to a map shared by reference).
 */
export function getPoolConfig(input: PoolSizingInput & {
  readonly node: PoolNodeFacts }): Result<PoolConfig, ConfigIssue> {
  const sizing = computePoolSizing(input);
  if (!sizing.ok) return sizing;
  const { config, node } = input;
  const configuredGroups = securityGroupIds(config);
  const s = sizing.value;
  return ok({
    enableIpv4: node.enableIpv4, enableIpv6: node.enableIpv6,
    capacity: s.capacity, maxEni: s.maxEni, maxMemberEni: s.maxMemberEni,
      erdmaCapacity: s.erdmaCapacity,
    maxIpPerEni: s.maxIpPerEni, batchSize: s.batchSize, maxPoolSize: s.maxPoolSize,
      minPoolSize: s.minPoolSize,
    zoneId: node.zoneId,
    vSwitchOptions: [...(zoneVSwitchIds(config, node.zoneId) ?? [node.instanceVSwitchId])],
    vSwitchSelectionPolicy: effectiveVSwitchSelectionPolicy(config),
    eniSelectionPolicy: effectiveEniSelectionPolicy(config),
    eniTags: config.eniTags === undefined ? {} : { ...config.eniTags, creator: 'terway' },
    securityGroupIds: configuredGroups.length > 0 ? configuredGroups : [
      ...node.primaryEniSecurityGroupIds],
    resourceGroupId: config.resourceGroupId,
    instanceId: node.instanceId,
    poolSyncPeriodMs: s.poolSyncPeriodMs,
    reclaim: s.reclaim,
  });
}
