// Checks of the changes in a scenario or a change file against the scenario they change. Each
// catches a change that would act on nothing or that Terway would not read as the author meant:
// a group, node or vSwitch that does not exist, an eni_conf key Terway does not know (a typo such
// as `max_pool_sise` would be ignored by the daemon and the rehearsal would pass untested), a
// change after the run's end. Each problem names the key and what exists.

import { eniConfKeys, suggestKey } from '@terway-sim/terway-core';
import { nameList, type NodeTimeline } from './node-timeline.js';
import { quoted } from './printable.js';
import type { ChangeItem, Scenario } from './schema/index.js';
import { afterEnd, checkTarget, type Add, type Path } from './semantics.js';

export interface ChangeList {
  readonly changes: readonly ChangeItem[];
  /** The instant the list is applied: 0 in a scenario, `--at` for a change file. */
  readonly offsetMs: number;
  /** Where the list is in its file, e.g. ['changes']. */
  readonly path: Path;
}

export function checkChanges(scenario: Scenario, timeline: NodeTimeline, list: ChangeList,
  add: Add): void {
  const groups = scenario.cluster.nodeGroups.map((group) => group.name);
  // vSwitches a change may name: those declared, and those added by an earlier change.
  const vSwitches = new Set(scenario.cloud.vSwitches.flatMap((vSwitch) =>
    (vSwitch.id === undefined ? [] : [vSwitch.id])));
  const zones = [...new Set([...scenario.cloud.vSwitches.map((vSwitch) => vSwitch.zone),
    ...scenario.cluster.nodeGroups.map((group) => group.zone)])].sort();
  const ordered = list.changes.map((change, index) => ({ change, index }))
    .sort((a, b) => a.change.at - b.change.at || a.index - b.index);
  for (const { change, index } of ordered) {
    const path = [...list.path, index];
    const atMs = list.offsetMs + change.at;
    afterEnd(scenario, atMs, [...path, 'at'], add);
    switch (change.kind) {
      case 'configChange':
        if (change.group !== undefined && !groups.includes(change.group)) {
          add([...path, 'group'], `no node group ${quoted(change.group)}; the groups are ` +
            `${nameList(groups)}`);
        }
        for (const key of ['eniConfig', 'patch', 'nodeConfig'] as const) {
          const document = change[key];
          if (document !== undefined) checkEniConf(document, [...path, key], vSwitches, add);
        }
        break;
      case 'vSwitchAdd':
        if (vSwitches.has(change.id)) {
          add([...path, 'id'], `vSwitch ${quoted(change.id)} already exists; pick a new id`);
        }
        if (!zones.includes(change.zone)) {
          add([...path, 'zone'], `no zone ${quoted(change.zone)} in this cluster's region; ` +
            `the zones are ${nameList(zones)}`);
        }
        vSwitches.add(change.id);
        break;
      case 'quotaChange':
        break;
      default:
        checkTarget(scenario, timeline, { ...change, at: atMs }, path, add);
    }
  }
}

/** Top-level keys Terway reads, and every vSwitch id under `vswitches`. */
function checkEniConf(document: Readonly<Record<string, unknown>>, path: Path,
  vSwitches: ReadonlySet<string>, add: Add): void {
  const known = new Set<string>(eniConfKeys);
  for (const key of Object.keys(document).sort()) {
    if (known.has(key)) continue;
    const hint = suggestKey(key, eniConfKeys);
    add([...path, key], `eni_conf has no key ${quoted(key)}: Terway would ignore it; ` +
      (hint === undefined ? `the keys are ${[...known].sort().join(', ')}`
        : `did you mean ${quoted(hint.key)}?`));
  }
  const zones = document['vswitches'];
  if (zones === null || typeof zones !== 'object' || Array.isArray(zones)) return;
  for (const [zone, ids] of Object.entries(zones)) {
    for (const id of Array.isArray(ids) ? ids : []) {
      if (typeof id === 'string' && !vSwitches.has(id)) {
        add([...path, 'vswitches', zone], `no vSwitch ${quoted(id)} is declared in ` +
          `cloud.vSwitches or added by an earlier vSwitchAdd; the vSwitches are ` +
          `${nameList([...vSwitches].sort())}`);
      }
    }
  }
}
