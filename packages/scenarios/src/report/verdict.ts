// How a report words its assertions: `pass`, `FAIL`, or `reproduced` where a drill's expected
// failure happened (a vSwitch that ran out, a node condition that turned), so a drill that did
// what it was written to do does not read as a green health check.

import type { RunReport } from './model.js';

export type Verdict = RunReport['verdicts'][number];

/** The verdict of assertion `index`. */
export function verdictAt(report: RunReport, index: number): Verdict {
  return report.verdicts[index] ?? (report.assertions[index]?.ok === true ? 'pass' : 'FAIL');
}

/** The run's one-line verdict: failures first, then reproduced drills, then passes. */
export function overallVerdict(report: RunReport): string {
  const verdicts = report.assertions.map((_, index) => verdictAt(report, index));
  const count = (verdict: Verdict) => verdicts.filter((v) => v === verdict).length;
  if (count('FAIL') > 0) return `${count('FAIL')} of ${verdicts.length} assertions FAILED`;
  if (count('reproduced') > 0) {
    return `reproduced: ${count('reproduced')} expected failure(s) happened, ` +
      `${count('pass')} check(s) passed`;
  }
  return `${verdicts.length} assertions passed`;
}
