// A conformance case: a script of kernel requests run from fresh namespaces, observed after every
// step (the outcome and a normalized snapshot of every namespace the script uses). The same
// script runs on the model and on the real kernel; `verify` compares the observations.
//
// `VerifyCase` is the extension point: anything that drives a `KernelMachine` and returns
// observations (a datapath's ADD/CHECK/DEL, a ping between pods) can join the verify run.

import type { KernelCapabilities, KernelMachine } from '../netlink/kernel.js';
import { normalizeSnapshot, symbolsOf, type NormalSnapshot } from './normalize.js';
import { applyOp, describeOp, type Op, type Outcome } from './ops.js';
import { missingFor } from './requirements.js';
import type { NamespaceSnapshot } from '../netlink/kernel.js';
import { liveSnapshots, textsOf, type ViewTexts } from './texts.js';

export interface Observation {
  readonly label: string;
  readonly outcome: string;
  readonly state: Readonly<Record<string, NormalSnapshot>>;
  /**
   * The iproute2 views of every namespace (texts.ts), taken after a case's last step: the model's
   * rendering of its state against the real tools' output for the real kernel's.
   */
  readonly texts?: ViewTexts;
}

export interface VerifyCase {
  readonly name: string;
  /** Why this case cannot run on a backend with these capabilities; undefined if it can. */
  skipReason(capabilities: KernelCapabilities): string | undefined;
  run(kernel: KernelMachine): Promise<readonly Observation[]>;
}

export interface ScriptStep {
  readonly step: Op;
  /** What Linux answers (checked against the model in the unit tests). */
  readonly expect?: Outcome;
}

export interface Script {
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly steps: readonly ScriptStep[];
}

/**
 * Values every script starts from on both backends: no DAD delay, so addresses are usable at once.
 */
export const baselineSysctls: ReadonlyArray<readonly [string, string]> = [
  ['net/ipv6/conf/all/accept_dad', '0'],
  ['net/ipv6/conf/default/accept_dad', '0'],
];

export async function observe(
  kernel: KernelMachine,
  namespaces: readonly string[],
): Promise<Record<string, NormalSnapshot>> {
  return normalized(await liveSnapshots(kernel, namespaces));
}

/** `observe` and `observeTexts` from one snapshot of each namespace. */
export async function observeWithTexts(
  kernel: KernelMachine, namespaces: readonly string[],
): Promise<{ readonly state: Record<string, NormalSnapshot>; readonly texts: ViewTexts }> {
  const snapshots = await liveSnapshots(kernel, namespaces);
  return { state: normalized(snapshots), texts: await textsOf(kernel, snapshots) };
}

function normalized(snapshots: readonly NamespaceSnapshot[]): Record<string, NormalSnapshot> {
  const symbols = symbolsOf(snapshots);
  return Object.fromEntries(
    snapshots.map((snapshot) => [snapshot.namespace, normalizeSnapshot(snapshot, symbols)]),
  );
}

export interface ScriptRun {
  readonly observations: readonly Observation[];
  /** Steps whose outcome differed from `expect`. */
  readonly unexpected: ReadonlyArray<{
    readonly index: number;
    readonly label: string;
    readonly expected: Outcome;
    readonly got: Outcome;
  }>;
}

export interface ScriptOptions {
  /** Observe every step (default), or the last one only. */
  readonly observeEvery?: boolean;
  /** Take the iproute2 texts after the last step (default true). */
  readonly texts?: boolean;
}

export async function runScript(
  kernel: KernelMachine, script: Script, options: ScriptOptions = {},
): Promise<ScriptRun> {
  const namespaces = [
    ...new Set([
      ...script.namespaces,
      ...script.steps.flatMap(({ step }) => ('ns' in step ? [step.ns] : [])),
    ]),
  ];
  for (const ns of script.namespaces) {
    await kernel.netnsAdd(ns);
    for (const [path, value] of baselineSysctls) await kernel.sysctlSet(ns, path, value);
  }
  const observations: Observation[] = [];
  const unexpected: Array<ScriptRun['unexpected'][number]> = [];
  try {
    for (const [index, { step, expect }] of script.steps.entries()) {
      const got = await applyOp(kernel, step);
      const label = describeOp(step);
      if (expect !== undefined && got !== expect)
        unexpected.push({ index, label, expected: expect, got });
      const last = index === script.steps.length - 1;
      if (last && options.texts !== false) {
        observations.push({ label, outcome: got, ...await observeWithTexts(kernel, namespaces) });
        continue;
      }
      const state =
        options.observeEvery === false && !last ? {} : await observe(kernel, namespaces);
      observations.push({ label, outcome: got, state });
    }
  } finally {
    const listed = await kernel.netnsList();
    for (const ns of listed.ok ? listed.value : [])
      if (namespaces.includes(ns)) await kernel.netnsDel(ns);
  }
  return { observations, unexpected };
}

export function scriptCase(script: Script): VerifyCase {
  return {
    name: script.name,
    skipReason: (capabilities) => missingFor(script.steps.map(({ step }) => step), capabilities),
    run: async (kernel) => (await runScript(kernel, script)).observations,
  };
}
