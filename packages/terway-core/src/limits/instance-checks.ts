// The daemon's startup feature checks against the instance type (daemon/daemon.go checkInstance,
// and the trunk/eRDMA follow-ups in daemon/builder.go setupENIManager): which requested features
// the instance cannot carry, so Terway silently turns them off and only logs a line. Operators
// discover these only when pods lack IPv6 or trunk pods stay Pending (failure catalog F18), so
// each decision carries Terway's log text and a reason a person can act on.

import type { TerwayConfig } from '../config/terway-config.js';
import type { DaemonMode } from '../config/daemon-mode.js';
import { ipStackFamilies } from '../config/derive.js';
import { erdmaRes, supportIpv6, supportMultiIpIpv6, trunkPod,
  type Limits } from './instance-limits.js';

export type CheckedFeature = 'ipv6' | 'trunking' | 'erdma';

export interface DisabledFeature {
  readonly feature: CheckedFeature;
  /** The line Terway logs. */
  readonly log: string;
  /** Why, with the numbers. */
  readonly reason: string;
}

export interface InstanceCheck {
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  readonly enableTrunking: boolean;
  readonly enableErdma: boolean;
  /** Features requested in the config and turned off, in the order Terway decides. */
  readonly disabled: readonly DisabledFeature[];
}

export interface InstanceCheckInput {
  readonly limits: Limits;
  readonly daemonMode: DaemonMode;
  readonly config: TerwayConfig;
  /** The node's capability file lists erdma (OS support); default true. */
  readonly osSupportsErdma?: boolean;
}

function ipv6Decision(input: InstanceCheckInput, ipv4: boolean): DisabledFeature | undefined {
  const { limits } = input;
  if (!supportIpv6(limits)) {
    return { feature: 'ipv6', log: 'instance is not support ipv6', reason:
      `${limits.instanceTypeId} has EniIpv6AddressQuantity 0` };
  }
  if (input.daemonMode === 'ENIMultiIP' && ipv4 && !supportMultiIpIpv6(limits)) {
    return {
      feature: 'ipv6', log: 'instance is not support multi ipv6',
      reason:
        `${limits.instanceTypeId} has ${limits.ipv6PerAdapter} IPv6 but ` +
        `${limits.ipv4PerAdapter} IPv4 per ENI; dual stack on shared ENIs needs them equal`,
    };
  }
  return undefined;
}

function erdmaDecision(input: InstanceCheckInput): DisabledFeature | undefined {
  if (erdmaRes(input.limits) <= 0) {
    return { feature: 'erdma', log: 'instance is not support erdma', reason:
      `${input.limits.instanceTypeId} has EriQuantity ${input.limits.erdmaAdapters} and ` +
      `EniQuantity ${input.limits.adapters} (eRDMA needs EriQuantity > 0 and more than 2 ENIs)` };
  }
  if (input.osSupportsErdma === false) {
    return { feature: 'erdma', log: 'os is not support erdma', reason:
      'the node capability file does not list erdma' };
  }
  return undefined;
}

/** checkInstance, plus "exclusive eni mode, disable trunking" which the builder applies next. */
export function checkInstance(input: InstanceCheckInput): InstanceCheck {
  const asked = ipStackFamilies(input.config);
  const disabled: DisabledFeature[] = [];
  let enableIpv6 = asked.ipv6;
  if (enableIpv6) {
    const decision = ipv6Decision(input, asked.ipv4);
    if (decision !== undefined) {
      disabled.push(decision);
      enableIpv6 = false;
    }
  }
  let enableTrunking = input.config.enableEniTrunking;
  if (enableTrunking && trunkPod(input.limits) <= 0) {
    disabled.push({ feature: 'trunking', log: 'instance is not support trunk', reason:
      `${input.limits.instanceTypeId} has no trunk member ENIs (EniTrunkSupported false or ` +
      `EniTotalQuantity ≤ EniQuantity)` });
    enableTrunking = false;
  }
  let enableErdma = input.config.enableErdma;
  if (enableErdma) {
    const decision = erdmaDecision(input);
    if (decision !== undefined) {
      disabled.push(decision);
      enableErdma = false;
    }
  }
  if (enableTrunking && input.daemonMode === 'ENIOnly') {
    disabled.push({ feature: 'trunking', log: 'exclusive eni mode, disable trunking', reason:
      'trunking is off on exclusive-ENI (ENIOnly) nodes' });
    enableTrunking = false;
  }
  return { enableIpv4: asked.ipv4, enableIpv6, enableTrunking, enableErdma, disabled };
}

/**
 * The builder's second eRDMA check, once attached ENIs are known: when the free ENI slots cannot
 * hold the eRDMA ENIs and none is attached yet, eRDMA is turned off; otherwise the eRDMA count is
 * cut to the eRDMA ENIs already attached.
 */
export function erdmaSlotCheck(input: {
  limits: Limits; attachedEnis: number; attachedErdmaEnis: number }): {
  enableErdma: boolean; erdmaCount: number; log: string | undefined } {
  const wanted = erdmaRes(input.limits);
  if (input.attachedEnis < input.limits.adapters - 1 - wanted) return { enableErdma: true,
    erdmaCount: wanted, log: undefined };
  const log =
    `node has no enough free eni slot to attach more erdma to achieve erdma res: ${wanted}`;
  return { enableErdma: input.attachedErdmaEnis > 0, erdmaCount: Math.min(wanted,
    input.attachedErdmaEnis), log: input.attachedErdmaEnis > 0 ? undefined : log };
}
