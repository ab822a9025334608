// Fitting a generated workload to a generated cluster, for scenarios meant to heal: the workload's
// peak (plus the sticky IPs deleted StatefulSet pods keep for a while) must fit the cluster's IP
// capacity, or a pod that never gets an IP would be the cluster's fault, not Terway's. The cut is
// a pure function of the parts, so fast-check still shrinks the original values.

import { clusterFacts, clusterForMode, composeCluster } from './cluster.js';
import { composeEniConf, eniConfigForMode, modeEniConf } from './eni-config.js';
import type { ScenarioParts } from './scenario.js';
import { peakPods, type GeneratedWorkload } from './workload.js';

const fitStepsMax = 400;

/**
 * Cuts the workload down one step at a time until it fits: the largest deployment or StatefulSet
 * loses a replica, or the busiest job churn an arrival per minute.
 */
export function fitWorkload(generated: ScenarioParts): GeneratedWorkload[] {
  const parts = { ...generated, cluster: clusterForMode(generated.cluster, generated.mode),
    eniConfig: eniConfigForMode(generated.eniConfig, generated.mode) };
  const eniConf = composeEniConf(parts.eniConfig, parts.cluster.zones, modeEniConf(parts.mode));
  const cluster = composeCluster(parts.cluster, parts.mode, eniConf);
  const capacity = clusterFacts(parts.cluster, cluster, eniConf).capacity ?? 0;
  let items = [...parts.workload];
  for (let step = 0; step < fitStepsMax && demand(items) > capacity; step++) {
    const index = largestIndex(items);
    if (index < 0) break;
    items = items.map((item, i) => (i === index ? shrinkOne(item) : item));
  }
  return items;
}

/** Deleted StatefulSet pods whose IPs stay reserved for them (sticky) until they come back. */
export function stickyHeld(items: readonly GeneratedWorkload[]): number {
  return items.reduce((sum, item) =>
    sum + (item.kind === 'statefulset' ? item.podDeletions.length : 0), 0);
}

function demand(items: readonly GeneratedWorkload[]): number {
  return peakPods(items) + stickyHeld(items);
}

function reducible(item: GeneratedWorkload): boolean {
  if (item.kind === 'jobs') return item.perMinute > 1;
  if (item.kind === 'statefulset') return item.replicas > 1;
  return peakPods([item]) > 0;
}

function largestIndex(items: readonly GeneratedWorkload[]): number {
  let best = -1;
  let bestPeak = 0;
  items.forEach((item, index) => {
    const peak = peakPods([item]);
    if (reducible(item) && peak > bestPeak) {
      best = index;
      bestPeak = peak;
    }
  });
  return best;
}

function shrinkOne(item: GeneratedWorkload): GeneratedWorkload {
  if (item.kind === 'jobs') return { ...item, perMinute: item.perMinute - 1 };
  if (item.kind === 'statefulset') {
    const replicas = item.replicas - 1;
    const podDeletions = item.podDeletions.map((d) => ({ ...d, ordinal: d.ordinal % replicas }));
    return { ...item, replicas, podDeletions };
  }
  const largest = Math.max(item.replicas, ...item.scale.map((step) => step.replicas));
  const cut = (replicas: number): number => (replicas === largest ? replicas - 1 : replicas);
  const scale = item.scale.map((step) => ({ ...step, replicas: cut(step.replicas) }));
  return { ...item, replicas: cut(item.replicas), scale };
}
