// Arbitrary scenario files: a cluster, an eni-config, a workload and a fault schedule composed
// into the document `terway-sim run` reads, with the expectations that are sound for it:
//   - `noLeaks` unless a fault is one Terway is known to leak under (a stuck attach, a daemon
//     restart or a lost node: F13, F15);
//   - `allPodsReady` when the scenario "heals": the config has no mistake, every
//     fault is transient and over in time for Terway's back-offs and inhibits, the workload's peak
//     fits the cluster's IP capacity, kubelet's maxPods never overfills a node, and the pod
//     vSwitches have room. Then a pod that never gets an IP is a bug.
// The invariants (no IP owned twice, placement, accounting, store/cloud/kernel agreement) are
// checked by the runner on every run whatever the expectations say.
//
// When to use: `scenarioArbitrary(options)` in a property (see property/check-scenarios.ts). The
// value carries the document (what a replay file holds) and the facts the expectations came from.
// Gotcha: the document is the scenario file's *input* form (durations as text, probabilities as
// ratios); parse it with `scenarioSchema` or write it out with `scenarioYaml`.

import fc from 'fast-check';
import type { z } from 'zod';
import type { NetworkMode } from '../../scenario/schema/cluster.js';
import type { expectationItem } from '../../scenario/schema/expectations.js';
import type { scenarioSchema } from '../../scenario/schema/index.js';
import { durationMaxMs, durationMinMs, podsMax } from './bounds.js';
import {
  clusterArbitrary, clusterFacts, clusterForMode, composeCloud, composeCluster, groupName,
  type ClusterFacts, type GeneratedCluster,
} from './cluster.js';
import {
  composeEniConf, eniConfigArbitrary, eniConfigForMode, modeEniConf, type GeneratedEniConfig,
} from './eni-config.js';
import {
  allFaultKinds, composeFaults, faultsArbitrary, healedAfterMs, isTransient, transientFaultKinds,
  type FaultKind, type GeneratedFault,
} from './faults.js';
import { fitWorkload, stickyHeld } from './fit-workload.js';
import {
  composeWorkload, peakPods, workloadArbitrary, type GeneratedWorkload,
} from './workload.js';

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ExpectationInput = z.input<typeof expectationItem>;

export interface ScenarioArbitraryOptions {
  /** Network modes to draw from (default: all four, as the runner wires them). */
  readonly modes?: readonly NetworkMode[];
  /** Fault kinds to draw from (default: all); `[]` for fault-free runs. */
  readonly faultKinds?: readonly FaultKind[];
  /** Metadata lag beyond Terway's 10 s metadata waits (default false: it surfaces known races). */
  readonly longMetadataLag?: boolean;
  /** Draw plausibly wrong eni-configs too (default false). */
  readonly configMistakes?: boolean;
  /** Draw centralized IPAM (`ipam_type: crd`) for ENIIP clusters too (default false). */
  readonly centralizedIpam?: boolean;
  readonly latency?: 'fast' | 'realistic';
  /** Longest main phase, ms (default and at most 30 min). */
  readonly durationMaxMs?: number;
  readonly nodesMax?: number;
  readonly workloadItemsMax?: number;
  readonly faultItemsMax?: number;
  /**
   * Scenarios that heal, so that most carry `allPodsReady`: transient faults only
   * (unless `faultKinds` says otherwise), no config mistakes, kubelet maxPods at the node's IP
   * capacity, roomy pod vSwitches, at least 10 minutes, and the workload cut to fit the cluster.
   */
  readonly healing?: boolean;
}

/** The parts a scenario was composed from, before placement in time. */
export interface ScenarioParts {
  readonly seed: number;
  readonly mode: NetworkMode;
  readonly durationMinutes: number;
  readonly cluster: GeneratedCluster;
  readonly eniConfig: GeneratedEniConfig;
  readonly workload: readonly GeneratedWorkload[];
  readonly faults: readonly GeneratedFault[];
}

export interface ScenarioFacts extends ClusterFacts {
  readonly peakPods: number;
  /** Faults Terway leaks under are present (noLeaks is not expected). */
  readonly leakProne: boolean;
  /** Why `allPodsReady` is not expected (empty: it is). */
  readonly notHealedBecause: readonly string[];
}

export interface GeneratedScenario {
  readonly document: ScenarioInput;
  readonly facts: ScenarioFacts;
}

/** Share of the run in which workload changes and faults happen; the rest lets things settle. */
const activeShare = 0.6;
export const allModes: readonly NetworkMode[] = ['eniip', 'trunk', 'eni', 'vpc'];
const leakProneKinds: readonly FaultKind[] = ['eniStuckAttaching', 'daemonRestart', 'nodeLoss'];

export function scenarioPartsArbitrary(
  options: ScenarioArbitraryOptions = {},
): fc.Arbitrary<ScenarioParts> {
  const healing = options.healing ?? false;
  const longest = Math.min(options.durationMaxMs ?? durationMaxMs, durationMaxMs);
  const maxMinutes = Math.floor(longest / 60_000);
  const minMinutes = Math.min(maxMinutes, healing ? healingMinutesMin : durationMinMs / 60_000);
  const itemsMax = (max: number | undefined): { itemsMax?: number } =>
    (max === undefined ? {} : { itemsMax: max });
  // fast-check shrinks a record's fields in order: the workload and the faults first, so that a
  // failure sheds items before anything else changes.
  return fc.record({
    workload: workloadArbitrary(itemsMax(options.workloadItemsMax)),
    faults: faultsArbitrary({
      kinds: options.faultKinds ?? (healing ? transientFaultKinds : allFaultKinds),
      longMetadataLag: options.longMetadataLag ?? false, ...itemsMax(options.faultItemsMax),
    }),
    seed: fc.noShrink(fc.integer({ min: 1, max: 999_999 })),
    mode: fc.constantFrom(...(options.modes ?? allModes)),
    durationMinutes: fc.integer({ min: minMinutes, max: maxMinutes }),
    cluster: clusterArbitrary({
      ...(options.nodesMax === undefined ? {} : { nodesMax: options.nodesMax }), healing,
    }),
    eniConfig: eniConfigArbitrary({ mistakes: !healing && (options.configMistakes ?? false),
      centralizedIpam: options.centralizedIpam ?? false }),
  }).map((parts) => (healing ? { ...parts, workload: fitWorkload(parts) } : parts));
}

export function scenarioArbitrary(
  options: ScenarioArbitraryOptions = {},
): fc.Arbitrary<GeneratedScenario> {
  return scenarioPartsArbitrary(options)
    .map((parts) => composeScenario(parts, options.latency ?? 'fast'));
}

const healingMinutesMin = 10;

/** Places the parts in time and derives the sound expectations. */
export function composeScenario(generated: ScenarioParts,
  latency: 'fast' | 'realistic' = 'fast'): GeneratedScenario {
  const parts = { ...generated, cluster: clusterForMode(generated.cluster, generated.mode),
    eniConfig: eniConfigForMode(generated.eniConfig, generated.mode) };
  const durationMs = parts.durationMinutes * 60_000;
  const activeMs = Math.round((durationMs * activeShare) / 1000) * 1000;
  const eniConf = composeEniConf(parts.eniConfig, parts.cluster.zones, modeEniConf(parts.mode));
  const faults = survivable(parts.faults, parts.cluster);
  const cluster = composeCluster(parts.cluster, parts.mode, eniConf);
  const groups = cluster.nodeGroups
    .map((group, index) => ({ name: group.name ?? groupName(index), count: group.count }));
  const clusterFactsOf = clusterFacts(parts.cluster, cluster, eniConf);
  const facts = scenarioFacts({ ...parts, faults }, clusterFactsOf, durationMs, activeMs);
  const expect: ExpectationInput[] = [];
  if (!facts.leakProne) expect.push({ kind: 'noLeaks' });
  if (facts.notHealedBecause.length === 0) {
    expect.push({ kind: 'allPodsReady', within: `${parts.durationMinutes}m` });
  }
  const document: ScenarioInput = {
    name: 'generated',
    description: describe(parts, facts),
    seed: parts.seed,
    duration: `${parts.durationMinutes}m`,
    cloud: composeCloud(parts.cluster, latency),
    cluster,
    eniConfig: { inline: eniConf },
    workload: composeWorkload(parts.workload, activeMs),
    faults: composeFaults(faults, activeMs, { groups, mode: parts.mode }),
    expect,
  };
  return { document, facts };
}

/**
 * Node loss of one node at a time, never of the first node: a cluster that loses every node
 * leaves pods no teardown can finish (job pods wait for a node forever), which says nothing
 * about Terway.
 */
function survivable(faults: readonly GeneratedFault[],
  cluster: GeneratedCluster): GeneratedFault[] {
  const nodes = cluster.groups.reduce((sum, group) => sum + group.count, 0);
  return faults.flatMap((fault): GeneratedFault[] => {
    if (fault.kind !== 'nodeLoss') return [fault];
    if (nodes < 2) return [];
    const group = fault.target.group % cluster.groups.length;
    const count = cluster.groups[group]?.count ?? 1;
    const node = (fault.target.node ?? 0) % count;
    if (group === 0 && node === 0) {
      return count > 1 ? [{ ...fault, target: { group, node: 1 } }] : [];
    }
    return [{ ...fault, target: { group, node } }];
  });
}

function scenarioFacts(parts: ScenarioParts, cluster: ClusterFacts, durationMs: number,
  activeMs: number): ScenarioFacts {
  const peak = peakPods(parts.workload);
  const reasons: string[] = [];
  if (parts.eniConfig.mistakes.length > 0) reasons.push('the eni-config has a mistake');
  if (!isTransient(parts.faults)) reasons.push('a fault Terway does not recover from');
  if (healedAfterMs(parts.faults, activeMs, parts.mode) > durationMs) {
    reasons.push('faults end too late to recover before the end');
  }
  if (cluster.capacity === undefined || peak + stickyHeld(parts.workload) > cluster.capacity) {
    reasons.push('the workload peak exceeds IP capacity');
  }
  if (!cluster.maxPodsWithinCapacity) reasons.push('kubelet maxPods above a node\'s IP capacity');
  if (!cluster.vSwitchesRoomy) reasons.push('a pod vSwitch smaller than its nodes\' capacity');
  if (peak > podsMax) reasons.push(`more than ${podsMax} pods`);
  return { ...cluster, peakPods: peak, leakProne: leakProne(parts), notHealedBecause: reasons };
}

/**
 * Faults under which Terway is known to leak: stuck attaches, restarts and node loss (F13, F15);
 * and in trunk mode any cloud error or outage, because an ADD stalled on the cloud holds the
 * daemon's lock, the GC drops the record of a pod deleted meanwhile, and the pod's DEL then finds
 * nothing to tear down: PodENI resources are not stored, so the GC cannot clean their policy
 * rules either (docs/ci.md, "What the kit found").
 */
function leakProne(parts: ScenarioParts): boolean {
  return parts.faults.some((fault) => leakProneKinds.includes(fault.kind) ||
    (parts.mode === 'trunk' && (fault.kind === 'apiError' || fault.kind === 'regionOutage')));
}

function describe(parts: ScenarioParts, facts: ScenarioFacts): string {
  const mistakes = parts.eniConfig.mistakes.map((mistake) => mistake.kind).join(', ');
  const healed = facts.notHealedBecause.length === 0
    ? '; every pod must become Ready' : `; not healed: ${facts.notHealedBecause.join('; ')}`;
  return `Generated by the property kit: ${facts.nodes} node(s), capacity ` +
    `${facts.capacity ?? 'unknown'}, peak ${facts.peakPods} pods, ${parts.workload.length} ` +
    `workload item(s), ${parts.faults.length} fault(s)` +
    `${mistakes === '' ? '' : `, config mistakes: ${mistakes}`}${healed}.`;
}

/** Workload and fault items, with the steps inside them (scale steps, rollouts, pod deletions). */
export function scenarioSize(document: ScenarioInput): { items: number; steps: number } {
  const workload = document.workload ?? [];
  const steps = workload.reduce((sum, item) => {
    const scale = 'scale' in item ? item.scale?.length ?? 0 : 0;
    if (item.kind === 'deployment') return sum + scale + (item.rollouts?.length ?? 0);
    if (item.kind === 'statefulset') return sum + scale + (item.podDeletions?.length ?? 0);
    return sum;
  }, 0);
  return { items: workload.length + (document.faults?.length ?? 0), steps };
}
