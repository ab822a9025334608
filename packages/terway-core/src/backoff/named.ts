// Terway's named backoffs (pkg/backoff/backoff.go): the retry and wait schedules every cloud
// operation looks up by key, with the `backoff_override` rule the daemon applies at startup (and
// the controlplane's `backoffOverride`). Numbers are those of backoff.go.
//
// Terway keeps one process-wide map; here each daemon or controlplane instance owns a table, so
// two simulated nodes may run with different overrides, as two real nodes with different
// dynamic configs do.
//
// Override rule: an entry replaces the stored one wholesale, except that an InitialDelay of 0
// keeps the stored InitialDelay when the key already exists. Unknown keys are added. `get` of a
// key that is not in the table returns the default (`""`) entry.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { BackoffOverride } from '../config/terway-config.js';
import { backoffProblem, type ExtendedBackoff } from '@terway-sim/sim-base';

export const backoffKeys = {
  default: '',
  eniCreate: 'eni_create',
  eniOps: 'eni_ops',
  eniRelease: 'eni_release',
  eniIpOps: 'eni_ip_ops',
  eniDeleteConfirm: 'eni_delete_confirm',
  waitEniIpRemoved: 'wait_eni_ip_removed',
  waitEniStatus: 'wait_eni_status',
  waitMemberEniStatus: 'wait_member_eni_status',
  waitLeniStatus: 'wait_leni_status',
  waitHdeniStatus: 'wait_hdeni_status',
  waitEcsLeniStatus: 'wait_ecs_leni_status',
  waitEcsHdeniStatus: 'wait_ecs_hdeni_status',
  waitPodEniStatus: 'wait_podeni_status',
  waitNetworkInterfaceStatus: 'wait_networkinterface_status',
  metaAssignPrivateIp: 'meta_assign_private_ip',
  metaUnassignPrivateIp: 'meta_unassign_private_ip',
  waitStsTokenReady: 'wait_sts_token_ready',
  waitNodeStatus: 'wait_node_status',
} as const;

function entry(initialDelayMs: number, durationMs: number, factor: number, jitter: number,
  steps: number,
  capMs = 0): ExtendedBackoff {
  return { initialDelayMs, durationMs, factor, jitter, steps, capMs };
}

/** The built-in table, key → backoff (ms). */
export const defaultBackoffs: ReadonlyMap<string, ExtendedBackoff> = new Map([
  [backoffKeys.default, entry(0, 2_000, 1.5, 0.3, 6)],
  [backoffKeys.eniCreate, entry(0, 10_000, 2, 0.3, 2)],
  [backoffKeys.eniOps, entry(0, 5_000, 2, 0.3, 6)],
  [backoffKeys.eniRelease, entry(0, 4_000, 2, 0.5, 8)],
  [backoffKeys.eniDeleteConfirm, entry(1_000, 2_000, 1.5, 0, 4, 4_000)],
  [backoffKeys.eniIpOps, entry(0, 5_000, 1, 1.3, 6)],
  [backoffKeys.waitEniIpRemoved, entry(1_000, 2_000, 1.5, 0.5, 4)],
  [backoffKeys.waitEniStatus, entry(3_000, 3_000, 1.5, 0.5, 8)],
  [backoffKeys.waitMemberEniStatus, entry(2_000, 1_000, 1.5, 0.5, 8)],
  [backoffKeys.waitLeniStatus, entry(18_000, 5_000, 1.5, 0.5, 8)],
  [backoffKeys.waitHdeniStatus, entry(18_000, 5_000, 1.5, 0.5, 8)],
  [backoffKeys.waitEcsLeniStatus, entry(4_000, 3_000, 1.5, 0.5, 8)],
  [backoffKeys.waitEcsHdeniStatus, entry(4_000, 3_000, 1.5, 0.5, 8)],
  [backoffKeys.waitPodEniStatus, entry(2_000, 1_000, 1, 0.3, 100)],
  [backoffKeys.waitNetworkInterfaceStatus, entry(2_000, 1_000, 1, 0.3, 120)],
  [backoffKeys.metaAssignPrivateIp, entry(0, 1_100, 1, 0.2, 10)],
  [backoffKeys.metaUnassignPrivateIp, entry(0, 1_100, 1, 0.2, 10)],
  [backoffKeys.waitStsTokenReady, entry(0, 1_000, 1, 0.2, 60)],
  [backoffKeys.waitNodeStatus, entry(0, 1_000, 1, 0.3, 90)],
]);

/** One `backoff_override` value as eni-config writes it: Go durations in nanoseconds. */
export interface GoBackoffJson {
  readonly InitialDelay?: number;
  readonly Duration?: number;
  readonly Factor?: number;
  readonly Jitter?: number;
  readonly Steps?: number;
  readonly Cap?: number;
}

/** Converts a `backoff_override` value (ns, Go field names, absent = zero) to milliseconds. */
export function backoffFromGoJson(value: GoBackoffJson): ExtendedBackoff {
  const ms = (ns: number | undefined): number => (ns ?? 0) / 1e6;
  return { initialDelayMs: ms(value.InitialDelay), durationMs: ms(value.Duration),
    factor: value.Factor ?? 0,
    jitter: value.Jitter ?? 0, steps: value.Steps ?? 0, capMs: ms(value.Cap) };
}

/** Converts the config layer's `backoff_override` entry (TerwayConfig.backoffOverride) to ms. */
export function backoffFromConfig(entry: BackoffOverride): ExtendedBackoff {
  return { initialDelayMs: entry.initialDelayNs / 1e6, durationMs: entry.durationNs / 1e6,
    factor: entry.factor,
    jitter: entry.jitter, steps: entry.steps, capMs: entry.capNs / 1e6 };
}

/** Every entry of TerwayConfig.backoffOverride converted, for BackoffTable.override. */
export function backoffOverridesFromConfig(entries: { readonly [key: string]: BackoffOverride }):
  Record<string, ExtendedBackoff> {
  return Object.fromEntries(Object.keys(entries).sort().map((key) => [key,
    backoffFromConfig(entries[key]!)]));
}

export class BackoffTable {
  private readonly entries = new Map<string, ExtendedBackoff>(defaultBackoffs);

  /** The backoff for `key`, or the default entry for an unknown key. */
  get(key: string): ExtendedBackoff {
    return this.entries.get(key) ?? this.entries.get(backoffKeys.default)!;
  }

  /**
   * Applies `backoff_override` (Terway's OverrideBackoff). Nothing is applied when any entry is
   * malformed; the error names the key and the field.
   */
  override(overrides: { readonly [key: string]: ExtendedBackoff }): Result<void, string> {
    const keys = Object.keys(overrides).sort();
    for (const key of keys) {
      const problem = backoffProblem(overrides[key]!);
      if (problem !== undefined) return err(
        `backoff_override.${key === '' ? '""' : key}: ${problem}`);
    }
    keys.forEach((key) => {
      const value = overrides[key]!;
      const previous = this.entries.get(key);
      const initialDelayMs = value.initialDelayMs === 0 && previous !== undefined
        ? previous.initialDelayMs : value.initialDelayMs;
      this.entries.set(key, { ...value, initialDelayMs });
    });
    return ok(undefined);
  }
}
