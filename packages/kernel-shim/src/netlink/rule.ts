// Policy routing rules (`RTM_NEWRULE`), one ordered list per family. A fresh namespace has three
// per family: 0 `lookup local`, 32766 `lookup main`, 32767 `lookup default`. Terway adds
// 512 `to podIP lookup main` and 2048 `from podIP lookup 1000+ENI` on the host.

import type { IpFamily } from './address.js';

export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

export interface Rule {
  readonly family: IpFamily;
  readonly priority: number;
  readonly action: RuleAction;
  /** The table for `lookup` (0 for other actions). */
  readonly table: number;
  /** Source prefix, canonical; absent means `from all`. */
  readonly src?: string;
  readonly dst?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: number;
  /** Mask for fwmark; 0xffffffff when a mark is given without one. */
  readonly fwmask?: number;
  readonly tos: number;
  /** `not`: the selector is inverted. */
  readonly invert: boolean;
  /** `goto` target priority. */
  readonly gotoPriority?: number;
  /** `suppress_prefixlength`; -1 when unset. */
  readonly suppressPrefixLength: number;
}

export interface RuleSpec {
  readonly family?: IpFamily;
  /**
   * Default as the kernel: one less than the priority of the second rule in the list (32765 in a
   * fresh namespace), or 0 when there is no second rule.
   */
  readonly priority?: number;
  /** Default `lookup`. */
  readonly action?: RuleAction;
  /** For `lookup`; default main (254), as iproute2 sends. */
  readonly table?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: number;
  readonly fwmask?: number;
  readonly tos?: number;
  readonly invert?: boolean;
  readonly gotoPriority?: number;
  readonly suppressPrefixLength?: number;
}

/**
 * Selects rules to list or delete; unset fields match anything. `ruleDel` removes the first
 * match (lowest priority first) and answers ENOENT if none.
 */
export interface RuleFilter {
  readonly family?: IpFamily;
  readonly priority?: number;
  readonly action?: RuleAction;
  readonly table?: number;
  readonly src?: string;
  readonly dst?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: number;
}
