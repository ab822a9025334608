// A scenario's changes (schema/changes.ts) armed on the clock, each applied at its instant as an
// operator's action has effect on ACK: a config change edits the eni-config ConfigMap (or a
// group's dynamic-config ConfigMap) and then rolls the terway DaemonSet over the target nodes
// (world rollOutTerway), since Terway reads its config only at start; a vSwitch is created in
// the VPC (and, if asked, listed in eni_conf, read at the daemons' next start); a quota is
// changed on the account; labels and cordons change the Node objects; a drain cordons and evicts.
// What each change did is kept as a record (applied, refused with the cloud's reason, a rollout
// done or stalled) for `rehearse`, and written to the event log (`change.*`).

import {
  applyMergePatch, isJsonObject, type JsonObject,
} from '@terway-sim/terway-core';
import { rollOutTerway, type RolloutOutcome, type World } from '@terway-sim/world';
import type { ChangeItem, ConfigChange } from '../scenario/schema/index.js';

export type ChangeRecord =
  | { readonly kind: ChangeItem['kind']; readonly atMs: number; readonly result: 'applied' }
  | { readonly kind: ChangeItem['kind']; readonly atMs: number; readonly result: 'refused';
    readonly reason: string }
  | { readonly kind: 'configChange'; readonly atMs: number; readonly result: 'rollout';
    readonly rollout: RolloutOutcome };

/** Arms every change at its instant; `records` receives what each did, in order of time. */
export function armChanges(world: World, changes: readonly ChangeItem[],
  records: ChangeRecord[]): void {
  const { scheduler } = world.env;
  for (const change of changes) {
    scheduler.at(change.at, () => {
      world.env.log.record('change.apply', { kind: change.kind });
      if (change.kind === 'configChange') {
        editConfigMap(world, change);
        scheduler.spawn(`rollout ${change.kind}`, async () => {
          const rollout = await rollOutTerway(world, rolloutOptions(world, change));
          records.push({ kind: change.kind, atMs: change.at, result: 'rollout', rollout });
        });
        return;
      }
      const refusal = applyChange(world, change);
      if (refusal !== undefined) {
        world.env.log.record('change.refused', { kind: change.kind, reason: refusal });
      }
      records.push(refusal === undefined
        ? { kind: change.kind, atMs: change.at, result: 'applied' }
        : { kind: change.kind, atMs: change.at, result: 'refused', reason: refusal });
    });
  }
}

/** The ConfigMap edit: the documents carry declared ids, which the world maps to minted ones. */
function editConfigMap(world: World, change: ConfigChange): void {
  if (change.eniConfig !== undefined) world.setEniConf(change.eniConfig as JsonObject);
  if (change.patch !== undefined) {
    world.setEniConf(asObject(applyMergePatch(world.eniConf, change.patch)));
  }
  if (change.nodeConfig !== undefined && change.group !== undefined) {
    const merged = applyMergePatch(world.groupConfig(change.group) ?? {}, change.nodeConfig);
    world.setGroupEniConf(change.group, asObject(merged));
  }
}

function asObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function rolloutOptions(world: World, change: ConfigChange): Parameters<typeof rollOutTerway>[1] {
  const nodes = [...world.liveNodes().values()]
    .filter((node) => change.group === undefined || node.group.name === change.group)
    .sort((a, b) => compareText(a.group.name, b.group.name) || nodeIndex(a.name) -
      nodeIndex(b.name))
    .map((node) => node.name);
  const { rollout } = change;
  return { change: change.group === undefined ? 'eni-config' : `eni-config (${change.group})`,
    nodes: rollout.order === 'reverse' ? nodes.reverse() : nodes,
    maxUnavailable: rollout.maxUnavailable, minReadyMs: rollout.minReady,
    pauseMs: rollout.pause, progressDeadlineMs: rollout.progressDeadline };
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nodeIndex(name: string): number {
  return Number(name.slice(name.lastIndexOf('-') + 1));
}

/** Applies a change other than a config rollout; returns why the cloud refused it, if it did. */
function applyChange(world: World, change: Exclude<ChangeItem, ConfigChange>): string | undefined {
  switch (change.kind) {
    case 'vSwitchAdd': {
      const made = world.addVSwitch(change);
      if (!made.ok) return `CreateVSwitch ${change.id}: ${made.error}`;
      if (change.addToEniConfig) listVSwitch(world, change.zone, change.id);
      return undefined;
    }
    case 'quotaChange': {
      const set = world.cloud.emulator.setQuotas({
        ...(change.enisPerRegion === undefined ? {} : { enisPerRegion: change.enisPerRegion }),
        ...(change.routeEntryQuota === undefined ? {}
          : { routeEntriesPerTable: change.routeEntryQuota }),
      });
      return set.ok ? undefined : set.error;
    }
    case 'nodeLabel':
      for (const name of targets(world, change)) {
        world.api.updateNode(name, (node) => ({ ...node, metadata: { ...node.metadata,
          labels: withLabels(node.metadata?.labels ?? {}, change.labels) } }));
      }
      return undefined;
    default:
      for (const name of targets(world, change)) cordon(world, name, change.kind);
      return undefined;
  }
}

/** eni_conf `vswitches.<zone>` gains the id (declared; the world maps it). */
function listVSwitch(world: World, zone: string, id: string): void {
  const zones = asObject(world.eniConf['vswitches']);
  const listed = Array.isArray(zones[zone]) ? zones[zone] as unknown[] : [];
  world.setEniConf(asObject(applyMergePatch(world.eniConf,
    { vswitches: { [zone]: [...listed, world.mintedId(id)] } })));
}

function withLabels(labels: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string | null>>): Record<string, string> {
  const result = new Map(Object.entries(labels));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) result.delete(key);
    else result.set(key, value);
  }
  return Object.fromEntries(result);
}

function targets(world: World, change: { node?: string | undefined;
  group?: string | undefined }): string[] {
  return [...world.liveNodes().values()].filter((node) => (change.node !== undefined
    ? node.name === change.node : node.group.name === change.group)).map((node) => node.name);
}

/** `kubectl cordon|uncordon|drain`: drain evicts every pod; its controller makes it anew. */
function cordon(world: World, name: string, kind: 'cordon' | 'uncordon' | 'drain'): void {
  world.api.updateNode(name, (node) => ({ ...node,
    spec: { ...node.spec, unschedulable: kind !== 'uncordon' } }));
  if (kind !== 'drain') return;
  for (const pod of world.api.listPodsOnNode(name)) {
    world.api.deletePod(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
  }
}
