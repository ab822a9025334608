// Arbitrary workloads: deployments with scale steps (and sometimes a rolling update), StatefulSets
// whose pods are deleted and come back under the same name (sticky IPs), and job churn (short pods
// arriving as a Poisson process). Instants are generated as per-mille of an "active window" and
// placed by `composeWorkload` once the scenario's duration is known, so a workload shrinks
// independently of the run length.
//
// `peakPods` estimates the most pods the workload wants at once (rollout surge and running jobs
// included): the scenario arbitrary keeps it under `podsMax` and compares it with the cluster's
// capacity before it expects every pod to become Ready.

import fc from 'fast-check';
import type { z } from 'zod';
import type { workloadItem } from '../../scenario/schema/workload.js';
import { podsMax, workloadItemsMax } from './bounds.js';

export type WorkloadInput = z.input<typeof workloadItem>;

/** Per-mille of the active window (0 = its start, 1000 = its end). */
type Permille = number;

export type GeneratedWorkload =
  | {
    readonly kind: 'deployment';
    readonly at: Permille;
    readonly replicas: number;
    readonly scale: ReadonlyArray<{ readonly at: Permille; readonly replicas: number }>;
    readonly rollouts: readonly Permille[];
  }
  | {
    readonly kind: 'statefulset';
    readonly at: Permille;
    readonly replicas: number;
    readonly podDeletions: ReadonlyArray<{ readonly at: Permille; readonly ordinal: number }>;
  }
  | {
    readonly kind: 'jobs';
    readonly from: Permille;
    readonly to: Permille;
    readonly perMinute: number;
    readonly runForSeconds: number;
  };

export interface WorkloadArbitraryOptions {
  readonly itemsMax?: number;
  readonly replicasMax?: number;
}

const permille = fc.integer({ min: 0, max: 1000 });

const byTime = <T extends { readonly at: number }>(steps: readonly T[]): T[] =>
  [...steps].sort((a, b) => a.at - b.at);

function deployment(replicasMax: number): fc.Arbitrary<GeneratedWorkload> {
  return fc.record({
    at: permille,
    replicas: fc.integer({ min: 0, max: replicasMax }),
    scale: fc.array(fc.record({ at: permille, replicas: fc.integer({ min: 0, max: replicasMax }) }),
      { maxLength: 3 }),
    rollouts: fc.array(permille, { maxLength: 1 }),
  }).map((item) => ({
    kind: 'deployment' as const, ...item,
    // A step acts on the workload, so it comes once the workload exists.
    scale: byTime(item.scale.map((step) => ({ ...step, at: Math.max(step.at, item.at) }))),
    rollouts: item.rollouts.map((at) => Math.max(at, item.at)),
  }));
}

function statefulSet(replicasMax: number): fc.Arbitrary<GeneratedWorkload> {
  const max = Math.min(replicasMax, 8);
  return fc.record({
    at: permille,
    replicas: fc.integer({ min: 1, max }),
    podDeletions: fc.array(
      fc.record({ at: permille, ordinal: fc.integer({ min: 0, max: max - 1 }) }), { maxLength: 2 }),
  }).map((item) => ({
    kind: 'statefulset' as const, ...item,
    // Deleting an ordinal the set does not have does nothing: keep deletions meaningful.
    podDeletions: byTime(item.podDeletions.map((deletion) => ({ ...deletion,
      at: Math.max(deletion.at, item.at), ordinal: deletion.ordinal % item.replicas }))),
  }));
}

const jobs: fc.Arbitrary<GeneratedWorkload> = fc.record({
  from: permille,
  span: fc.integer({ min: 50, max: 1000 }),
  perMinute: fc.integer({ min: 1, max: 20 }),
  runForSeconds: fc.integer({ min: 5, max: 60 }),
}).map(({ from, span, ...rest }) =>
  ({ kind: 'jobs' as const, from, to: Math.min(1000, from + span), ...rest }));

export function workloadArbitrary(
  options: WorkloadArbitraryOptions = {},
): fc.Arbitrary<readonly GeneratedWorkload[]> {
  const replicasMax = options.replicasMax ?? 30;
  const item = fc.oneof(deployment(replicasMax), statefulSet(replicasMax), jobs);
  const maxLength = Math.min(options.itemsMax ?? workloadItemsMax, workloadItemsMax);
  return fc.array(item, { minLength: 1, maxLength })
    .filter((items) => peakPods(items) <= podsMax);
}

/** Most pods wanted at once: every item at its largest (surge on rollouts) plus running jobs. */
export function peakPods(items: readonly GeneratedWorkload[]): number {
  return items.reduce((sum, item) => {
    if (item.kind === 'jobs') return sum + jobConcurrency(item.perMinute, item.runForSeconds);
    const steps = item.kind === 'deployment' ? item.scale.map((step) => step.replicas) : [];
    const largest = Math.max(item.replicas, ...steps);
    const rolls = item.kind === 'deployment' && item.rollouts.length > 0;
    const surge = rolls ? Math.ceil(largest / 4) : 0;
    return sum + largest + surge;
  }, 0);
}

/** Jobs running at once, with room for the log-normal tail and the time to start and clean up. */
function jobConcurrency(perMinute: number, runForSeconds: number): number {
  const lifetimeSeconds = runForSeconds * 2 + 45;
  return Math.ceil((perMinute * lifetimeSeconds) / 60) + 2;
}

const names = { deployment: 'web', statefulset: 'db', jobs: 'batch' } as const;

/** The scenario file's workload section: instants placed in `[0, activeMs]`, names by index. */
export function composeWorkload(items: readonly GeneratedWorkload[],
  activeMs: number): WorkloadInput[] {
  const at = (value: Permille): string => `${Math.round((value * activeMs) / 1000 / 1000)}s`;
  return items.map((item, index): WorkloadInput => {
    const name = `${names[item.kind]}-${index}`;
    if (item.kind === 'deployment') {
      return { kind: 'deployment', name, at: at(item.at), replicas: item.replicas,
        ...(item.scale.length === 0 ? {}
          : { scale: item.scale.map((step) => ({ at: at(step.at), replicas: step.replicas })) }),
        ...(item.rollouts.length === 0 ? {}
          : { rollouts: item.rollouts.map((when) => ({ at: at(when) })) }) };
    }
    if (item.kind === 'statefulset') {
      return { kind: 'statefulset', name, at: at(item.at), replicas: item.replicas,
        ...(item.podDeletions.length === 0 ? {}
          : { podDeletions: item.podDeletions.map((d) => ({ at: at(d.at), ordinal: d.ordinal })) }),
      };
    }
    return { kind: 'jobs', name, from: at(item.from), to: at(item.to), perMinute: item.perMinute,
      runFor: { median: `${item.runForSeconds}s` } };
  });
}
