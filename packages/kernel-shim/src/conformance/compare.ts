// Compares two backends' observations of one case, step by step: the outcome (ok or errno) and
// every namespace's normalized snapshot. Each difference names the step and what differs.

import { diffSnapshots } from './normalize.js';
import type { Observation } from './script.js';
import { diffTexts, type ViewTexts } from './texts.js';

export interface StepDifference {
  readonly step: number;
  readonly label: string;
  readonly lines: readonly string[];
}

export function compareObservations(
  model: readonly Observation[],
  real: readonly Observation[],
): StepDifference[] {
  const differences: StepDifference[] = [];
  const steps = Math.max(model.length, real.length);
  for (let index = 0; index < steps; index++) {
    const left = model[index];
    const right = real[index];
    if (left === undefined || right === undefined) {
      differences.push({
        step: index,
        label: (left ?? right)!.label,
        lines: [`step ran on only one backend`],
      });
      continue;
    }
    const lines: string[] = [];
    if (left.outcome !== right.outcome)
      lines.push(`outcome: model ${left.outcome}, linux ${right.outcome}`);
    const namespaces = [
      ...new Set([...Object.keys(left.state), ...Object.keys(right.state)]),
    ].sort();
    for (const ns of namespaces) {
      const a = left.state[ns];
      const b = right.state[ns];
      if (a === undefined || b === undefined) {
        lines.push(`namespace ${ns} exists only on ${a === undefined ? 'linux' : 'model'}`);
        continue;
      }
      diffSnapshots(a, b, { a: 'model', b: 'linux' }).forEach((line) =>
        lines.push(`${ns}: ${line}`),
      );
    }
    lines.push(...compareTexts(left.texts, right.texts));
    if (lines.length > 0) differences.push({ step: index, label: left.label, lines });
  }
  return differences;
}

/** Every view whose text differs, with a line diff; a view printed on one side only is named. */
function compareTexts(model: ViewTexts | undefined, linux: ViewTexts | undefined): string[] {
  if (model === undefined && linux === undefined) return [];
  if (model === undefined || linux === undefined) {
    return [`iproute2 texts taken on ${model === undefined ? 'linux' : 'model'} only`];
  }
  const lines: string[] = [];
  for (const ns of [...new Set([...Object.keys(model), ...Object.keys(linux)])].sort()) {
    const a = model[ns] ?? {};
    const b = linux[ns] ?? {};
    for (const command of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const left = a[command];
      const right = b[command];
      if (left === right) continue;
      if (left === undefined || right === undefined) {
        const side = left === undefined ? 'linux' : 'model';
        lines.push(`${ns}: \`${command}\` printed on ${side} only`);
        continue;
      }
      const diff = diffTexts(left, right).map((line) => `  ${line}`);
      lines.push(`${ns}: \`${command}\` prints differently:`, ...diff);
    }
  }
  return lines;
}
