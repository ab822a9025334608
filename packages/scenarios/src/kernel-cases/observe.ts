// What a case hands the verify command: observations in the shape kernel-shim's conformance
// suite compares (a label, an outcome text, a normalized snapshot per namespace). The
// normalization itself is the suite's: the command passes its `observe` in, so model and real
// kernel are put in the same form by the same code.

import type { KernelCapabilities, KernelMachine } from '@terway-sim/kernel-shim';

export interface CaseObservation<S> {
  readonly label: string;
  readonly outcome: string;
  readonly state: Readonly<Record<string, S>>;
}

/** Structurally kernel-shim's `VerifyCase` (conformance/script.ts). */
export interface KernelCase<S> {
  readonly name: string;
  skipReason(capabilities: KernelCapabilities): string | undefined;
  run(kernel: KernelMachine): Promise<ReadonlyArray<CaseObservation<S>>>;
}

export type Observe<S> = (
  kernel: KernelMachine, namespaces: readonly string[],
) => Promise<Readonly<Record<string, S>>>;

export interface CaseOptions<S> {
  /** The suite's observer (normalized snapshots of the named namespaces). */
  readonly observe: Observe<S>;
  /** `uname -r` of the machine, for the plugin's IPVlan ≥ 4.19 check. */
  readonly kernelRelease: string;
}

export interface Needs {
  readonly linkKinds?: readonly KernelCapabilities['linkKinds'][number][];
  readonly qdiscKinds?: readonly KernelCapabilities['qdiscKinds'][number][];
  readonly tcActions?: readonly KernelCapabilities['tcActions'][number][];
  readonly ipv6?: boolean;
}

/** "unsupported by this kernel: …" when the capabilities miss something the case needs. */
export function unsupported(needs: Needs, capabilities: KernelCapabilities): string | undefined {
  const missing = [
    ...(needs.linkKinds ?? []).filter((kind) => !capabilities.linkKinds.includes(kind)).map(
      (kind) => `${kind} links`
    ),
    ...(needs.qdiscKinds ?? []).filter((kind) => !capabilities.qdiscKinds.includes(kind)).map(
      (kind) => `${kind} qdiscs`
    ),
    ...(needs.tcActions ?? []).filter((kind) => !capabilities.tcActions.includes(kind)).map(
      (kind) => `tc ${kind} actions`
    ),
    ...(needs.ipv6 === true && !capabilities.ipv6 ? ['IPv6'] : []),
  ];
  return missing.length === 0 ? undefined : `unsupported by this kernel: no ${missing.join(', ')}`;
}
