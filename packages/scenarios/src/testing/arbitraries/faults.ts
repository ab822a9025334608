// Arbitrary fault schedules: cloud API errors on the calls Terway makes (Throttling,
// InternalError, Operation.Conflict, IpNotEnough, lost replies before or after the call took
// effect), ENIs stuck Attaching, region outages, metadata lag, daemon restarts and node loss.
// Windows and instants are per-mille of the active window, placed by `composeFaults`.
//
// Fault kinds are grouped by what a run may still promise under them (`isTransient`):
//   - transient: the cloud misbehaves for a while and then recovers; once the window has passed
//     (plus the time Terway's back-offs and inhibits need, `healedAfterMs`), every pod that fits
//     gets an IP;
//   - lasting: stuck attaches, daemon restarts, node loss: Terway loses capacity or leaks
//     resources the way production does (F13, F15), so only the invariants are promised.

import { failureDelayMs } from '@terway-sim/sim-base';
import {
  controlplaneVSwitchPool, daemonVSwitchPool, inhibitIpShortageMs, metadataWaitTimeoutMs,
} from '@terway-sim/terway-core';
import fc from 'fast-check';
import type { z } from 'zod';
import type { NetworkMode } from '../../scenario/schema/cluster.js';
import type { faultItem } from '../../scenario/schema/faults.js';
import { faultItemsMax } from './bounds.js';

export type FaultInput = z.input<typeof faultItem>;

type Permille = number;

/** The API error codes a scenario may inject (the schema's enum). */
export type ApiErrorCode = Extract<FaultInput, { kind: 'apiError' }>['code'];

interface Window {
  readonly from: Permille;
  readonly to: Permille;
}

export type GeneratedFault =
  | ({ readonly kind: 'apiError'; readonly action: string; readonly code: ApiErrorCode;
    readonly oneIn: number } & Window)
  | ({ readonly kind: 'eniStuckAttaching'; readonly oneIn: number } & Window)
  | { readonly kind: 'regionOutage'; readonly from: Permille; readonly seconds: number }
  | ({ readonly kind: 'metadata'; readonly lagSeconds: number } & Window)
  | { readonly kind: 'daemonRestart'; readonly at: Permille; readonly target: Target }
  | { readonly kind: 'nodeLoss'; readonly at: Permille; readonly target: Target };

/** A node group (by index) or one node of it. */
export interface Target {
  readonly group: number;
  readonly node?: number | undefined;
}

export type FaultKind = GeneratedFault['kind'];
export const transientFaultKinds: readonly FaultKind[] = ['apiError', 'regionOutage', 'metadata'];
export const lastingFaultKinds: readonly FaultKind[] = [
  'eniStuckAttaching', 'daemonRestart', 'nodeLoss',
];
export const allFaultKinds: readonly FaultKind[] = [...transientFaultKinds, ...lastingFaultKinds];

/** The calls Terway's pool and daemon make (ENIIP), where injected errors bite. */
export const terwayActions: readonly string[] = [
  'CreateNetworkInterface', 'AttachNetworkInterface', 'AssignPrivateIpAddresses',
  'UnassignPrivateIpAddresses', 'DetachNetworkInterface', 'DeleteNetworkInterface',
  'DescribeNetworkInterfaces',
];

/** The calls of VPC route mode (the route controller's), where ENI calls never happen. */
export const routeActions: readonly string[] = [
  'CreateRouteEntry', 'DeleteRouteEntry', 'DescribeRouteEntryList',
];

/** The action an error aimed at `action` hits in `mode`: ENI calls become route calls in vpc. */
export function actionInMode(action: string, mode: NetworkMode): string {
  if (mode !== 'vpc') return action;
  return routeActions[Math.max(0, terwayActions.indexOf(action)) % routeActions.length]!;
}

export const apiErrorCodes: readonly ApiErrorCode[] = [
  'Throttling', 'InternalError', 'ServiceUnavailable', 'Operation.Conflict',
  'InvalidVSwitchId.IpNotEnough', 'Timeout', 'TimeoutApplied',
];

/** Codes of an IP shortage: the slot is inhibited 10 min, the vSwitch cached as empty. */
export const longInhibitCodes: readonly ApiErrorCode[] = [
  'InvalidVSwitchId.IpNotEnough', 'QuotaExceeded.PrivateIpAddress',
];

const permille = fc.integer({ min: 0, max: 1000 });
const window: fc.Arbitrary<Window> = fc.tuple(permille, fc.integer({ min: 20, max: 600 }))
  .map(([from, span]) => ({ from, to: Math.min(1000, from + span) }));
const oneIn = fc.integer({ min: 1, max: 10 });
const target: fc.Arbitrary<Target> = fc.record({
  group: fc.integer({ min: 0, max: 1 }),
  node: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
});

/**
 * Metadata lag under Terway's 10 s metadata waits, or (`long`) up to 30 s: long lags fail those
 * waits and surface the known races of docs/ci.md ("What the kit found"), so they are opt-in.
 */
function metadataFault(long: boolean): fc.Arbitrary<GeneratedFault> {
  const shortLag = fc.integer({ min: 1, max: Math.floor(metadataWaitTimeoutMs / 1000) - 1 });
  const longLag = fc.integer({ min: 10, max: 30 });
  const lag = long
    ? fc.oneof({ weight: 2, arbitrary: shortLag }, { weight: 1, arbitrary: longLag })
    : shortLag;
  return fc.record({ lagSeconds: lag, window })
    .map(({ window: w, lagSeconds }) => ({ kind: 'metadata' as const, lagSeconds, ...w }));
}

const generators: Readonly<Record<FaultKind, fc.Arbitrary<GeneratedFault>>> = {
  apiError: fc.record({
    action: fc.constantFrom(...terwayActions), code: fc.constantFrom(...apiErrorCodes), oneIn,
    window,
  }).map(({ window: w, ...rest }) => ({ kind: 'apiError' as const, ...rest, ...w })),
  eniStuckAttaching: fc.record({ oneIn, window })
    .map(({ window: w, ...rest }) => ({ kind: 'eniStuckAttaching' as const, ...rest, ...w })),
  regionOutage: fc.record({ from: permille, seconds: fc.integer({ min: 5, max: 180 }) })
    .map((rest) => ({ kind: 'regionOutage' as const, ...rest })),
  metadata: metadataFault(false),
  daemonRestart: fc.record({ at: permille, target })
    .map((rest) => ({ kind: 'daemonRestart' as const, ...rest })),
  nodeLoss: fc.record({ at: permille, target })
    .map((rest) => ({ kind: 'nodeLoss' as const, ...rest })),
};

export interface FaultArbitraryOptions {
  /** Fault kinds to draw from (default: every kind). */
  readonly kinds?: readonly FaultKind[];
  readonly itemsMax?: number;
  /** Metadata lag beyond Terway's 10 s waits too (default false). */
  readonly longMetadataLag?: boolean;
}

export function faultsArbitrary(
  options: FaultArbitraryOptions = {},
): fc.Arbitrary<readonly GeneratedFault[]> {
  const kinds = options.kinds ?? allFaultKinds;
  if (kinds.length === 0) return fc.constant([]);
  const pick = (kind: FaultKind): fc.Arbitrary<GeneratedFault> =>
    (kind === 'metadata' && options.longMetadataLag === true
      ? metadataFault(true) : generators[kind]);
  const item = fc.oneof(...kinds.map(pick));
  return fc.array(item, { maxLength: Math.min(options.itemsMax ?? faultItemsMax, faultItemsMax) });
}

/**
 * Whether a schedule holds only faults the cluster recovers from once they stop. Metadata lag is
 * transient only while it stays under Terway's 10 s metadata waits: a longer lag fails the waits
 * after an assign or unassign, and the slot's view of its addresses can part from the cloud's for
 * good (see docs/ci.md, "What the kit found").
 */
export function isTransient(faults: readonly GeneratedFault[]): boolean {
  return faults.every((fault) => transientFaultKinds.includes(fault.kind) &&
    !(fault.kind === 'metadata' && fault.lagSeconds * 1000 >= metadataWaitTimeoutMs));
}

/**
 * terway-controlplane retries a failing pod with the controller work queue's back-off, which
 * doubles up to 1,000 s: after a sustained fault, a trunk or exclusive-ENI pod may wait that long.
 */
const controllerBackoffMaxMs = failureDelayMs(64);
const settleMs = 2 * 60_000;
const daemonRecoveryMs = 4 * 60_000;

/**
 * After an IP shortage the vSwitch is cached as empty (10 min in the daemon, 20 in the
 * controlplane) and the daemon's slot is inhibited for 10 min: nothing is retried for that long.
 */
function shortageRecoveryMs(controlplane: boolean): number {
  return controlplane
    ? controlplaneVSwitchPool.ttlMs + controllerBackoffMaxMs + settleMs
    : Math.max(daemonVSwitchPool.ttlMs, inhibitIpShortageMs) + settleMs;
}

/**
 * When the last fault stops plus how long Terway may need after it, ms (`activeMs` = 1000‰):
 * the daemon's back-offs, the IP-shortage caches and inhibits, and the controller back-off in the
 * modes terway-controlplane serves (trunk, exclusive ENI).
 */
export function healedAfterMs(faults: readonly GeneratedFault[], activeMs: number,
  mode: NetworkMode = 'eniip'): number {
  const toMs = (value: Permille): number => Math.round((value * activeMs) / 1000);
  const controlplane = mode === 'trunk' || mode === 'eni';
  const ordinary = controlplane ? controllerBackoffMaxMs + settleMs : daemonRecoveryMs;
  return faults.reduce((latest, fault) => {
    const end = fault.kind === 'regionOutage' ? outageMs(fault, activeMs).toMs
      : 'to' in fault ? toMs(fault.to) : toMs(fault.at);
    const shortage = fault.kind === 'apiError' && longInhibitCodes.includes(fault.code);
    return Math.max(latest, end + (shortage ? shortageRecoveryMs(controlplane) : ordinary));
  }, 0);
}

export interface FaultTargets {
  /** Node group names with their node counts, in order. */
  readonly groups: ReadonlyArray<{ readonly name: string; readonly count: number }>;
  readonly mode: NetworkMode;
}

/** The scenario file's faults section: instants placed in `[0, activeMs]`, targets resolved. */
export function composeFaults(faults: readonly GeneratedFault[], activeMs: number,
  targets: FaultTargets): FaultInput[] {
  const seconds = (value: Permille): string => `${Math.round((value * activeMs) / 1000 / 1000)}s`;
  const ratio = (n: number): 1 | string => (n === 1 ? 1 : `1/${n}`);
  return faults.map((fault): FaultInput => {
    switch (fault.kind) {
      case 'apiError':
        return { kind: 'apiError', action: actionInMode(fault.action, targets.mode),
          code: fault.code, probability: ratio(fault.oneIn), from: seconds(fault.from),
          to: seconds(fault.to) };
      case 'eniStuckAttaching':
        return { kind: 'eniStuckAttaching', probability: ratio(fault.oneIn),
          from: seconds(fault.from), to: seconds(fault.to) };
      case 'regionOutage': {
        const outage = outageMs(fault, activeMs);
        return { kind: 'regionOutage', from: `${outage.fromMs / 1000}s`,
          to: `${outage.toMs / 1000}s` };
      }
      case 'metadata':
        return { kind: 'metadata', lag: `${fault.lagSeconds}s`, from: seconds(fault.from),
          to: seconds(fault.to) };
      case 'daemonRestart':
      case 'nodeLoss':
        return { kind: fault.kind, at: seconds(fault.at), ...resolveTarget(fault.target, targets) };
    }
  });
}

/** An outage starts early enough to end within the active window (whole seconds). */
function outageMs(fault: Extract<GeneratedFault, { kind: 'regionOutage' }>,
  activeMs: number): { fromMs: number; toMs: number } {
  const activeS = Math.floor(activeMs / 1000);
  const seconds = Math.min(fault.seconds, activeS);
  const fromS = Math.min(Math.round((fault.from * activeS) / 1000), activeS - seconds);
  return { fromMs: fromS * 1000, toMs: (fromS + seconds) * 1000 };
}

function resolveTarget(target: Target,
  targets: FaultTargets): { node: string } | { group: string } {
  const group = targets.groups[target.group % Math.max(1, targets.groups.length)];
  const name = group?.name ?? 'pool-a';
  if (target.node === undefined) return { group: name };
  return { node: `${name}-${target.node % Math.max(1, group?.count ?? 1)}` };
}
