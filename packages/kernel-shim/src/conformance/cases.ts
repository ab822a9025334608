// Every conformance case, as `VerifyCase`s: the scripted ones and the real-packet ones. Other
// packages extend a verify run by passing more cases (a datapath's ADD/CHECK/DEL on both backends)
// to `runVerify`.

import { addressingScripts } from './cases-addressing.js';
import { linkScripts } from './cases-links.js';
import { tcScripts } from './cases-tc.js';
import { scriptCase, type Script, type VerifyCase } from './script.js';
import { trafficCases } from './traffic-cases.js';

export const conformanceScripts: readonly Script[] = [
  ...linkScripts,
  ...addressingScripts,
  ...tcScripts,
];

export const conformanceCases: readonly VerifyCase[] = [
  ...conformanceScripts.map(scriptCase),
  ...trafficCases,
];
