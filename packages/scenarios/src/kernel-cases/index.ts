// Datapath cases for `terway-sim kernel verify` (owned by the CNI/datapath engineer; the command
// itself is kernel-shim's). The command passes its conformance `observe` and the machine's
// kernel release, and runs these beside its own scripts: each returns kernel-shim `VerifyCase`s.

import { datapathCases } from './datapath-cases.js';
import type { CaseOptions, KernelCase } from './observe.js';
import { pingCases } from './ping-cases.js';

export type { CaseObservation, CaseOptions, KernelCase, Observe } from './observe.js';

/** Every datapath's ADD/CHECK/DEL case, then the two-node ping cases. */
export function datapathVerifyCases<S>(options: CaseOptions<S>): Array<KernelCase<S>> {
  return [...datapathCases(options), ...pingCases(options)];
}
