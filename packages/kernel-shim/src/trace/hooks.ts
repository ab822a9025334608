// Asks the trace's traffic-rule hooks (NetworkPolicy and the like, supplied by whoever wires the
// trace) about the packet at one point of its path. Every answer is kept on a `filter` hop so
// that a trace shows which rules let the packet through, and the first `drop` ends the trace
// naming the rule. The kernel model itself has no such rules: these live in agents (Cilium,
// felix) and in the cloud, which the kernel shim must not know.

import type { StepResult, TraceContext } from './trace-context.js';
import type { TraceHookPoint, TraceVerdict } from './trace-types.js';

/** Asks the hooks; a drop verdict becomes the step's result, else undefined (go on). */
export function askHooks(ctx: TraceContext, point: TraceHookPoint): StepResult | undefined {
  if (ctx.hooks.length === 0) return undefined;
  const packet = ctx.packet;
  const view = {
    family: packet.family, src: packet.src, dst: packet.dst,
    protocol: packet.protocol, port: packet.port,
  };
  const verdicts: TraceVerdict[] = [];
  for (const hook of ctx.hooks) {
    const verdict = hook(point, ctx.pos.ns.name, view);
    if (verdict === undefined) continue;
    verdicts.push(verdict);
    if (verdict.verdict === 'drop') break;
  }
  if (verdicts.length === 0) return undefined;
  const dropped = verdicts.find((verdict) => verdict.verdict === 'drop');
  ctx.hops.push({
    namespace: ctx.pos.ns.name, action: 'filter',
    detail: verdicts.map((verdict) => `${verdict.by}: ${verdict.detail}`).join('; '),
    verdicts,
  });
  if (dropped === undefined) return undefined;
  return { kind: 'drop', reason: 'filtered', detail: `${dropped.by}: ${dropped.detail}`,
    ...(dropped.because !== undefined ? { because: dropped.because } : {}) };
}
