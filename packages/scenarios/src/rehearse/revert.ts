// The rollback a rehearsal also tries: the change list undone, as an operator would undo it. A
// config change is undone by putting the eni_conf (or the group's dynamic config) back as it was
// and rolling the DaemonSet again with the same strategy, since the daemons read config only at
// start; a quota goes back to its value, a label to its value (or away), a cordon or drain is
// undone by uncordoning (evicted pods are not brought back: their controllers made new ones). A
// created vSwitch stays in the VPC, as it would after a real rollback; it is listed as such.

import { applyMergePatch, isJsonObject, type JsonObject } from '@terway-sim/terway-core';
import type { ChangeItem, ConfigChange, Scenario } from '../scenario/schema/index.js';

export interface Rollback {
  /** Changes that undo the list, each `at: 0` (the rollback instant is added by the caller). */
  readonly changes: readonly ChangeItem[];
  /** What is left as it is, and why. */
  readonly notReverted: readonly string[];
}

/** The account ENI quota the emulator has when a scenario sets none (cloud-emulator options). */
const enisPerRegionDefault = 1_000;

export function rollbackOf(scenario: Scenario, baseEniConf: JsonObject,
  changes: readonly ChangeItem[]): Rollback {
  const reverts: ChangeItem[] = [];
  const notReverted: string[] = [];
  const configs = changes.filter((change): change is ConfigChange =>
    change.kind === 'configChange');
  const baseChanges = configs.filter((change) => change.nodeConfig === undefined);
  const listsVSwitch = changes.some((change) => change.kind === 'vSwitchAdd' &&
    change.addToEniConfig);
  const first = baseChanges[0];
  if (first !== undefined || listsVSwitch) {
    const groups = new Set(baseChanges.map((change) => change.group));
    const group = groups.size === 1 && !listsVSwitch ? first?.group : undefined;
    reverts.push(configRevert({ eniConfig: baseEniConf }, group, first));
  }
  for (const group of scenario.cluster.nodeGroups) {
    const patches = configs.filter((change) => change.group === group.name &&
      change.nodeConfig !== undefined);
    if (patches.length === 0) continue;
    const original = (group.config ?? {}) as JsonObject;
    const final = patches.reduce<unknown>((config, change) =>
      applyMergePatch(config, change.nodeConfig), original);
    reverts.push(configRevert({ nodeConfig: mergePatchBetween(final, original) }, group.name,
      patches[0]));
  }
  for (const change of changes) {
    const revert = simpleRevert(scenario, change);
    if (revert !== undefined) reverts.push(revert);
    if (change.kind === 'vSwitchAdd') {
      notReverted.push(`vSwitchAdd ${change.id}: the vSwitch stays in the VPC`);
    }
  }
  return { changes: reverts, notReverted };
}

function configRevert(document: { eniConfig?: JsonObject; nodeConfig?: JsonObject },
  group: string | undefined, like: ConfigChange | undefined): ConfigChange {
  return {
    kind: 'configChange', at: 0, ...document, ...(group === undefined ? {} : { group }),
    rollout: like?.rollout ?? { maxUnavailable: 1, order: 'name', pause: 0, minReady: 0,
      progressDeadline: 600_000 },
  } as ConfigChange;
}

/** The undoing of a change that is not a config rollout, if it has one. */
function simpleRevert(scenario: Scenario, change: ChangeItem): ChangeItem | undefined {
  switch (change.kind) {
    case 'quotaChange':
      return { kind: 'quotaChange', at: 0,
        ...(change.enisPerRegion === undefined ? {}
          : { enisPerRegion: scenario.cloud.quotas.enisPerRegion ?? enisPerRegionDefault }),
        ...(change.routeEntryQuota === undefined ? {}
          : { routeEntryQuota: scenario.cloud.vpc.routeEntryQuota }) };
    case 'nodeLabel': {
      const group = scenario.cluster.nodeGroups.find((candidate) => candidate.name ===
        (change.group ?? change.node?.slice(0, change.node.lastIndexOf('-'))));
      const labels = Object.fromEntries(Object.keys(change.labels).map((key) =>
        [key, group?.labels[key] ?? null]));
      return { ...change, at: 0, labels };
    }
    case 'cordon':
    case 'drain':
      return { ...change, kind: 'uncordon', at: 0 };
    default:
      return undefined;
  }
}

/** A merge patch that turns `from` into `to` (RFC 7396: `null` deletes, objects merge). */
export function mergePatchBetween(from: unknown, to: unknown): JsonObject {
  const source = isJsonObject(from) ? from : {};
  const target = isJsonObject(to) ? to : {};
  const patch = new Map<string, unknown>();
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(target, key)) patch.set(key, null);
  }
  for (const [key, value] of Object.entries(target)) {
    const before = source[key];
    if (JSON.stringify(before) === JSON.stringify(value)) continue;
    patch.set(key, isJsonObject(before) && isJsonObject(value)
      ? mergePatchBetween(before, value) : value);
  }
  return Object.fromEntries(patch);
}
