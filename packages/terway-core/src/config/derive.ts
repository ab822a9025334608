// What Terway derives from its config where it uses it: the security group union
// (GetSecurityGroups), the flat vSwitch list (GetVSwitchIDs), the enabled IP families
// (GetIPStack), the effective vSwitch and ENI selection policies (daemon/config.go getENIConfig),
// the ENI tag block list with the built-in entries (MergeENITagBlockList), the pool sync period
// with its 120 s fallback (GetIPPoolSYncPeriod), the idle-reclaim settings (getPoolConfig) and the
// daemon's startup checks (Validate). All pure.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { ConfigIssue } from './config-issue.js';
import type { EniTagBlockListItem, TerwayConfig } from './terway-config.js';
import { parseGoDurationMs, parseGoFloat } from './go-duration.js';
import type { EniSelectionPolicy, IdleIpReclaim } from './pool-config.js';

/**
 * Sorted, de-duplicated union of `security_group` and `security_groups`. Empty: use the primary
 * ENI's.
 */
export function securityGroupIds(config: TerwayConfig): string[] {
  const ids = new Set(config.securityGroups);
  if (config.securityGroup !== '') ids.add(config.securityGroup);
  return [...ids].sort();
}

/** Every vSwitch of every zone, sorted ascending (duplicates kept, as Terway keeps them). */
export function vSwitchIds(config: TerwayConfig): string[] {
  return Object.values(config.vSwitches).flat().sort();
}

/** The vSwitches configured for a zone, or undefined (Terway then uses the instance's vSwitch). */
export function zoneVSwitchIds(config: TerwayConfig,
  zoneId: string): readonly string[] | undefined {
  const ids = config.vSwitches[zoneId];
  return ids !== undefined && ids.length > 0 ? ids : undefined;
}

/** IP families asked for by `ip_stack` (before the instance checks). */
export function ipStackFamilies(config: TerwayConfig): {
  readonly ipv4: boolean; readonly ipv6: boolean } {
  switch (config.ipStack) {
    case 'dual': return { ipv4: true, ipv6: true };
    case 'ipv4': case '': return { ipv4: true, ipv6: false };
    case 'ipv6': return { ipv4: false, ipv6: true };
    default: return { ipv4: false, ipv6: false };
  }
}

/**
 * `vswitch_selection_policy` as the vSwitch pool applies it: "ordered" means most free IPs first.
 */
export function effectiveVSwitchSelectionPolicy(config: TerwayConfig): 'most' | 'random' {
  return config.vSwitchSelectionPolicy === 'ordered' ? 'most' : 'random';
}

/** `eni_selection_policy` as the ENI manager applies it: only "least_ips" spreads. */
export function effectiveEniSelectionPolicy(config: TerwayConfig): EniSelectionPolicy {
  return config.eniSelectionPolicy === 'least_ips' ? 'least_ips' : 'most_ips';
}

/** Tags that always exclude an ENI from Terway (pkg/aliyun/client/eni_filter.go). */
export const defaultEniTagBlockList: readonly EniTagBlockListItem[] = [
  { key: 'creator', value: 'alibabacloud-erdma-controller' },
  { key: 'terway.alibabacloud.com/excluded', value: 'true' },
];

/** Built-in block list plus the configured one, de-duplicated by pair; empty keys dropped. */
export function eniTagBlockList(config: TerwayConfig): EniTagBlockListItem[] {
  const seen = new Set<string>();
  const out: EniTagBlockListItem[] = [];
  for (const item of [...defaultEniTagBlockList, ...config.eniTagBlockList]) {
    const id = JSON.stringify([item.key, item.value]);
    if (item.key === '' || seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

/** Legacy pool sync period: `ip_pool_sync_period` as a Go duration; empty or unparsable = 120 s. */
export function ipPoolSyncPeriodMs(config: TerwayConfig): number {
  const parsed = parseGoDurationMs(config.ipPoolSyncPeriod);
  return parsed.ok ? parsed.value : 120_000;
}

/** Service CIDRs from the comma-separated `service_cidr`. */
export function serviceCidrs(config: TerwayConfig): string[] {
  return config.serviceCidr.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * Idle-IP reclaim settings as getPoolConfig parses them. A parse failure is a startup failure,
 * returned as an issue naming the key. afterMs 0 means the feature is off (key absent).
 */
export function idleIpReclaim(config: TerwayConfig): Result<IdleIpReclaim, ConfigIssue> {
  const interval = parseGoDurationMs(config.idleIpReclaimInterval);
  if (!interval.ok) return err(startupIssue('idle_ip_reclaim_interval', interval.error));
  let afterMs = 0;
  if (config.idleIpReclaimAfter !== undefined) {
    const after = parseGoDurationMs(config.idleIpReclaimAfter);
    if (!after.ok) return err(startupIssue('idle_ip_reclaim_after', after.error));
    afterMs = after.value;
  }
  const factor = parseGoFloat(config.idleIpReclaimJitterFactor);
  if (!factor.ok) return err(startupIssue('idle_ip_reclaim_jitter_factor', factor.error));
  return ok({ afterMs, intervalMs: interval.value, batchSize: config.idleIpReclaimBatchSize,
    jitterFactor: factor.value });
}

function startupIssue(key: string, goError: string): ConfigIssue {
  return { kind: 'value', path: `eni_conf.${key}`, message:
    `${goError}; the daemon does not start (write a Go duration such as "10m" or "30s", or a ` +
    `float such as "0.1" for the jitter factor)` };
}

/**
 * The daemon's Config.Validate(): `ip_stack` must be "", "ipv4" or "dual" (the daemon rejects
 * "ipv6", quirk Q2) and `security_groups` may hold at most 10 entries (`security_group` is not
 * counted here). Terway's own error texts.
 */
export function validateDaemonConfig(config: TerwayConfig): Result<void, ConfigIssue> {
  if (!['', 'ipv4', 'dual'].includes(config.ipStack)) {
    return err({ kind: 'value', path: 'eni_conf.ip_stack', message:
      `unsupported ipStack ${config.ipStack} in configMap: the daemon accepts "ipv4" or "dual"` });
  }
  if (config.securityGroups.length > 10) {
    return err({ kind: 'value', path: 'eni_conf.security_groups', message:
      `security groups should not be more than 10, current ${config.securityGroups.length}` });
  }
  return ok(undefined);
}
