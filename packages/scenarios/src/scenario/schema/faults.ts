// Faults a scenario injects: cloud API errors (throttling among them), stuck ENIs, outages and
// metadata lag (handed to the cloud emulator's fault plan), plus daemon restarts and node loss.
// Steady flow-control limits are `cloud.rateLimits`, not faults.

import { z } from 'zod';
import { duration, objectName, probability } from './primitives.js';

const window = { from: duration.default(0), to: duration.optional() };

/** Targets a node by name (`<group>-<index>`) or every node of a group: exactly one of the two. */
export const nodeTarget = {
  node: z.string().min(1).optional(),
  group: objectName.optional(),
};

export function hasOneTarget(fault: { node?: string | undefined;
  group?: string | undefined }): boolean {
  return (fault.node === undefined) !== (fault.group === undefined);
}
export const oneTargetError = {
  path: ['node'],
  message: 'name exactly one of `node` (e.g. "pool-a-0") or `group`',
};

export const apiErrorFault = z.strictObject({
  kind: z.literal('apiError'),
  action: z.string().min(1),
  code: z.enum([
    'InternalError',
    'ServiceUnavailable',
    'Throttling',
    'Throttling.User',
    'Throttling.Api',
    'Operation.Conflict',
    'InvalidVSwitchId.IpNotEnough',
    'QuotaExceeded.PrivateIpAddress',
    'Forbidden.RAM',
    'Timeout',
    'TimeoutApplied',
  ]),
  probability: probability.prefault(1),
  ...window,
});

export const eniStuckFault = z.strictObject({
  kind: z.literal('eniStuckAttaching'),
  probability: probability.prefault(1),
  ...window,
});

export const outageFault = z.strictObject({
  kind: z.literal('regionOutage'),
  from: duration,
  to: duration,
});

export const metadataFault = z.strictObject({
  kind: z.literal('metadata'),
  /** Extra delay before API changes show in metadata, or `unreachable`. */
  lag: duration.optional(),
  unreachable: z.boolean().default(false),
  ...window,
});

export const daemonRestartFault = z
  .strictObject({ kind: z.literal('daemonRestart'), at: duration, ...nodeTarget })
  .refine(hasOneTarget, oneTargetError);

export const nodeLossFault = z
  .strictObject({ kind: z.literal('nodeLoss'), at: duration, ...nodeTarget })
  .refine(hasOneTarget, oneTargetError);

export const faultItem = z.discriminatedUnion('kind', [
  apiErrorFault,
  eniStuckFault,
  outageFault,
  metadataFault,
  daemonRestartFault,
  nodeLossFault,
]);
export type FaultItem = z.output<typeof faultItem>;
