// What the datapath cases share with kernel-shim's conformance suite: its `VerifyCase` and
// `Observation` shapes and its `observe` (normalized snapshots of the named namespaces), so the
// model and the real kernel are put in the same form by the same code; and the skip rule: a
// datapath this kernel cannot build is "unsupported by this kernel", never passed silently.

import type { KernelCapabilities } from '@terway-sim/kernel-shim';

export interface CaseOptions {
  /** `uname -r` of the machine, for the plugin's IPVlan ≥ 4.19 check. Default: os.release(). */
  readonly kernelRelease?: string;
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
    ...(needs.linkKinds ?? []).filter((kind) => !capabilities.linkKinds.includes(kind))
      .map((kind) => `${kind} links`),
    ...(needs.qdiscKinds ?? []).filter((kind) => !capabilities.qdiscKinds.includes(kind))
      .map((kind) => `${kind} qdiscs`),
    ...(needs.tcActions ?? []).filter((kind) => !capabilities.tcActions.includes(kind))
      .map((kind) => `tc ${kind} actions`),
    ...(needs.ipv6 === true && !capabilities.ipv6 ? ['IPv6'] : []),
  ];
  return missing.length === 0 ? undefined : `unsupported by this kernel: no ${missing.join(', ')}`;
}
