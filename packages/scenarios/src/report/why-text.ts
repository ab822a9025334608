// The "why" section as plain lines, for `terway-sim run`'s console summary and report.md: the
// binding constraint, the others with their evidence, the first occurrence of each error code,
// and what `validate` says about the eni-config. report.html draws the same value (html.ts).

import type { FirstError, Why } from './model.js';
import { formatClock } from './svg-chart.js';

/** "1m02s pool-0 AttachNetworkInterface EniPerInstanceLimitExceeded (x28): message". */
export function firstErrorText(error: FirstError): string {
  return `${formatClock(error.t)} ${error.node ?? '-'} ${error.api} ${error.code} ` +
    `(x${error.count}): ${error.message}`;
}

/** The console's lines (indented by the caller); everything, nothing dropped. */
export function whyLines(why: Why): string[] {
  const lines = [`why: ${why.headline}`];
  why.constraints.forEach((constraint, index) => {
    if (index > 0) lines.push(`  also: ${constraint.summary}`);
    for (const evidence of constraint.evidence) lines.push(`    - ${evidence}`);
  });
  if (why.firstErrors.length > 0) {
    lines.push('  first occurrence of each error code (main phase):');
    for (const error of why.firstErrors) lines.push(`    ${firstErrorText(error)}`);
  }
  if (why.validate.length > 0) {
    lines.push('  terway-sim validate on the eni-config says:');
    for (const d of why.validate) {
      lines.push(`    ${d.severity} ${d.code}: ${d.path}: ${d.message}`);
    }
  }
  return lines;
}
