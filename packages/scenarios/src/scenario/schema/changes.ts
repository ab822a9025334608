// Changes an operator makes to a running cluster, each an event on the timeline (issue 13): an
// eni-config rolled out to the terway pods, a vSwitch created, an account quota changed, a node
// labelled, cordoned or drained. Each has the effect it has on a real ACK cluster: Terway reads
// its eni-config only when its daemon starts, so a config change is a ConfigMap edit followed by
// a DaemonSet rolling update (`rollout`); a label or a cordon changes the Node object only.
// docs/scenarios.md documents each kind. In a scenario `at` is the run's instant; in a change
// file (`rehearse --changes`, a drill's fix) it is the time after the instant the list is applied.

import { z } from 'zod';
import { bounds } from './bounds.js';
import { hasOneTarget, nodeTarget, oneTargetError } from './faults.js';
import { boundedInt, duration, ipv4Cidr, objectName } from './primitives.js';

/** How the terway DaemonSet's pods are replaced (updateStrategy RollingUpdate). */
export const rolloutSpec = z.strictObject({
  maxUnavailable: boundedInt(bounds.rolloutMaxUnavailable).default(1),
  /** `name`: nodes by name; `reverse`: the last first. */
  order: z.enum(['name', 'reverse']).default('name'),
  /** Time between batches (a staged rollout). */
  pause: duration.default(0),
  /** Time each batch must stay up before the next (minReadySeconds). */
  minReady: duration.default(0),
  /** How long a batch may stay down before the rollout is declared stalled. */
  progressDeadline: duration.default(600_000),
});

const jsonDocument = z.record(z.string(), z.unknown());

/**
 * A new eni_conf for the cluster (`eniConfig`, the whole document, or `patch`, an RFC 7396 merge
 * patch of it), or a merge patch of one group's dynamic config (`nodeConfig`, the ConfigMap its
 * `terway-config` label names; `null` deletes a key). Then the rollout restarts the daemons of
 * `group` (default: every group) so that they read it.
 */
export const configChange = z
  .strictObject({
    kind: z.literal('configChange'),
    at: duration.default(0),
    group: objectName.optional(),
    eniConfig: jsonDocument.optional(),
    patch: jsonDocument.optional(),
    nodeConfig: jsonDocument.optional(),
    rollout: rolloutSpec.prefault({}),
  })
  .refine((change) => [change.eniConfig, change.patch, change.nodeConfig]
    .filter((part) => part !== undefined).length === 1, {
    path: ['patch'],
    message: 'name exactly one of `eniConfig` (the new eni_conf), `patch` (a merge patch of ' +
      'it) or `nodeConfig` (a merge patch of the group\'s dynamic config)',
  })
  .refine((change) => change.nodeConfig === undefined || change.group !== undefined, {
    path: ['group'],
    message: '`nodeConfig` changes one group\'s dynamic config: name the `group`',
  });

/** A vSwitch created in the VPC; `addToEniConfig` also lists it in eni_conf `vswitches`. */
export const vSwitchAdd = z.strictObject({
  kind: z.literal('vSwitchAdd'),
  at: duration.default(0),
  /** The id the eni-config and later changes use for it (mapped to the minted id). */
  id: z.string().min(1),
  zone: z.string().min(1),
  cidr: ipv4Cidr,
  addToEniConfig: z.boolean().default(false),
});

/** The account's quotas raised or lowered (never below what is held: refused then). */
export const quotaChange = z
  .strictObject({
    kind: z.literal('quotaChange'),
    at: duration.default(0),
    enisPerRegion: boundedInt(bounds.enisPerRegion).optional(),
    routeEntryQuota: boundedInt(bounds.routeEntries).optional(),
  })
  .refine((change) => change.enisPerRegion !== undefined ||
    change.routeEntryQuota !== undefined, {
    path: ['enisPerRegion'],
    message: 'name `enisPerRegion`, `routeEntryQuota` or both; this change does nothing',
  });

/** Labels set on nodes (`null` removes one), as `kubectl label node`. */
export const nodeLabel = z
  .strictObject({
    kind: z.literal('nodeLabel'),
    at: duration.default(0),
    ...nodeTarget,
    labels: z.record(z.string().min(1), z.string().nullable()),
  })
  .refine(hasOneTarget, oneTargetError);

/** `kubectl cordon` / `uncordon` / `drain` (cordon, then evict every pod). */
export const nodeCordon = z
  .strictObject({
    kind: z.enum(['cordon', 'uncordon', 'drain']),
    at: duration.default(0),
    ...nodeTarget,
  })
  .refine(hasOneTarget, oneTargetError);

export const changeItem = z.discriminatedUnion('kind', [
  configChange, vSwitchAdd, quotaChange, nodeLabel, nodeCordon,
]);
export type ChangeItem = z.output<typeof changeItem>;
export type ConfigChange = z.output<typeof configChange>;
