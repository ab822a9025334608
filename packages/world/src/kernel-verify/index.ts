// Datapath cases for `terway-sim kernel verify` (owned by the CNI/datapath engineer; the command
// is kernel-shim's). Each is a kernel-shim `VerifyCase`: the command runs them beside its
// conformance cases, on the model and on the real kernel, and compares the observations.

import type { VerifyCase } from '@terway-sim/kernel-shim';
import { datapathCases } from './datapath-cases.js';
import type { CaseOptions } from './observe.js';
import { pingCases } from './ping-cases.js';

export type { CaseOptions } from './observe.js';

/** Every datapath's ADD/CHECK/DEL case, then the two-node reachability cases. */
export function datapathVerifyCases(options: CaseOptions = {}): VerifyCase[] {
  return [...datapathCases(options), ...pingCases(options)];
}
