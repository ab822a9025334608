// Compares two backends' observations of one case, step by step: the outcome (ok or errno) and
// every namespace's normalized snapshot. Each difference names the step and what differs.

import { diffSnapshots } from './normalize.js';
import type { Observation } from './script.js';

export interface StepDifference {
  readonly step: number;
  readonly label: string;
  readonly lines: readonly string[];
}

export function compareObservations(model: readonly Observation[], real: readonly Observation[]): StepDifference[] {
  const differences: StepDifference[] = [];
  const steps = Math.max(model.length, real.length);
  for (let index = 0; index < steps; index++) {
    const left = model[index];
    const right = real[index];
    if (left === undefined || right === undefined) {
      differences.push({ step: index, label: (left ?? right)!.label, lines: [`step ran on only one backend`] });
      continue;
    }
    const lines: string[] = [];
    if (left.outcome !== right.outcome) lines.push(`outcome: model ${left.outcome}, linux ${right.outcome}`);
    const namespaces = [...new Set([...Object.keys(left.state), ...Object.keys(right.state)])].sort();
    for (const ns of namespaces) {
      const a = left.state[ns];
      const b = right.state[ns];
      if (a === undefined || b === undefined) {
        lines.push(`namespace ${ns} exists only on ${a === undefined ? 'linux' : 'model'}`);
        continue;
      }
      diffSnapshots(a, b, { a: 'model', b: 'linux' }).forEach((line) => lines.push(`${ns}: ${line}`));
    }
    if (lines.length > 0) differences.push({ step: index, label: left.label, lines });
  }
  return differences;
}
