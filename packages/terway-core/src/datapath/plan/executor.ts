// The one executor every datapath plan goes through: it resolves the references a step carries
// (a veth's MAC, a pod interface's table), calls Terway's Ensure* helper for the step, and stops
// at the first failure with Terway's error text (wrapped in the step's context). A step with
// `undo` pushes it on success; a later failure unwinds those newest first. Undo failures are not
// reported: Terway's deferred rollback overwrites its own error and returns the original one.

import type { Kernel } from '@terway-sim/kernel-shim';
import { wrapError, type DatapathError } from '../errors.js';
import { newExecContext, type ExecContext } from '../ensure/exec-context.js';
import type { DpResult } from '../ensure/link.js';
import { runStep } from './run-step.js';
import type { Plan, Step } from './step.js';

export interface PlanOutcome {
  /** Mutating commands issued, in order (`[ns] ip link set eth0 up`). */
  readonly changes: readonly string[];
}

export type PlanResult = { ok: true; value: PlanOutcome } | {
  ok: false; error: DatapathError & { readonly changes: readonly string[] }
};

/** Runs one step; its error carries the step's context. */
export async function applyStep(ctx: ExecContext, step: Step): Promise<DpResult<void>> {
  const done = await runStep(ctx, step);
  if (done.ok) return done;
  return { ok: false, error: wrapError(step.context, done.error) };
}

/**
 * Applies a plan in order. When to use: for every setup and teardown plan. Gotcha: a failure
 * leaves what earlier steps did in place unless they pushed an undo, exactly as Terway does;
 * the CNI's own rollback (ReleaseIP) and the next DEL clean the rest.
 */
export async function applyPlan(
  kernel: Kernel, plan: Plan, ctx: ExecContext = newExecContext(kernel),
): Promise<PlanResult> {
  const undo: Step[][] = [];
  for (const step of plan.steps) {
    const done = await applyStep(ctx, step);
    if (!done.ok) {
      for (const steps of undo.reverse()) {
        for (const undoStep of steps) {
          if (!(await applyStep(ctx, undoStep)).ok) break;
        }
      }
      return { ok: false, error: { ...done.error, changes: [...ctx.changes] } };
    }
    if (step.undo !== undefined) undo.push([...step.undo]);
  }
  return { ok: true, value: { changes: [...ctx.changes] } };
}
