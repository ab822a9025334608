// What every setup planner reads: the datapath config, the two namespaces, the host links as they
// are before setup (the ENI is looked up there by ifindex, as Terway's LinkByIndex does), and the
// random `vethXXXXXXXX` names the Go code would draw (drawn by the caller from a seeded stream so
// planning stays a pure function).

import { ok, type Result } from '@terway-sim/sim-base';
import type { Link } from '@terway-sim/kernel-shim';
import { failure, linkNotFoundText, type DatapathError } from '../errors.js';
import type { Namespaces, SetupConfig } from '../types.js';

export interface RandomNames {
  /** The name a new veth's pod end (or ExclusiveENI's host veth end) is created with. */
  readonly veth: string;
  /** ExclusiveENI: the name the ENI is moved into the pod under. */
  readonly eniMove: string;
  /** ExclusiveENI rollback: the name the ENI is given before it goes back to the host. */
  readonly eniRollback: string;
}

export interface PlanInput {
  readonly cfg: SetupConfig;
  readonly ns: Namespaces;
  /** Host namespace links before setup. */
  readonly hostLinks: readonly Link[];
  readonly random: RandomNames;
}

/** LinkByIndex(cfg.eniIndex) over the host links, with Terway's error text (prefixed if given). */
export function eniOf(input: PlanInput, prefix?: string): Result<Link, DatapathError> {
  const eni = input.hostLinks.find((link) => link.index === input.cfg.eniIndex);
  if (eni !== undefined) return ok(eni);
  return failure(
    prefix === undefined ? linkNotFoundText : `${prefix}, ${linkNotFoundText}`, 'ENODEV',
  );
}

/** The pod's addresses as /32 and /128, v4 first (NewIPNetToMaxMask). */
export function podIps(
  cfg: {
    readonly containerIpNet: {
      readonly ipv4?: string | undefined; readonly ipv6?: string | undefined
    } | undefined
  }
): string[] {
  const set = cfg.containerIpNet;
  if (set === undefined) return [];
  return [set.ipv4, set.ipv6].filter((ip): ip is string => ip !== undefined);
}
