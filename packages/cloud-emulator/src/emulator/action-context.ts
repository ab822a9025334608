// Builds the context one action runs in, and collects what the action asked for on the side: ENI
// state changes to log, timers to arm, and metadata-lag faults that fired. World building gets a
// context where every asynchronous change is instant and metadata has no lag.

import type { ActionContext, AsyncKind, TransitionKind } from '../actions/context.js';
import { sampleRange } from '../physics/latency.js';
import type { RegionDraft } from '../state/region-draft.js';
import type { EniStatus } from '../state/types.js';
import type { CloudCore } from './core.js';

export interface ActionEffects {
  readonly eniChanges: { eni: string; from: EniStatus | 'None'; to: EniStatus | 'Gone' }[];
  readonly transitions: { kind: TransitionKind; id: string }[];
  readonly lagFaults: { instanceId: string; lagMs: number; rule: number }[];
}

export interface ContextOptions {
  readonly holdMs: number;
  readonly stuckAttaching: boolean;
  /** World building: async changes complete at once, metadata has no lag. */
  readonly instant: boolean;
}

export function makeActionContext(core: CloudCore, draft: RegionDraft, options: ContextOptions): { ctx: ActionContext; effects: ActionEffects } {
  const { scheduler, ids } = core.deps;
  const nowMs = scheduler.nowMs();
  const effects: ActionEffects = { eniChanges: [], transitions: [], lagFaults: [] };
  const ctx: ActionContext = {
    nowMs, wallMs: scheduler.wallMs(), ids, quotas: core.quotas, draft,
    holdMs: options.holdMs, stuckAttaching: options.stuckAttaching,
    duration(kind: AsyncKind): number {
      if (options.instant) return kind === 'instanceStart' ? 0 : 1;
      return sampleRange(core.latency.async[kind], core.streams.async);
    },
    metadataLagMs(instanceId: string): number {
      if (options.instant) return 0;
      const fault = core.faults.metadataLag(instanceId, nowMs);
      if (fault !== null) {
        effects.lagFaults.push({ instanceId, lagMs: fault.lagMs, rule: fault.rule });
        return fault.lagMs;
      }
      return sampleRange(core.latency.metadataLag, core.streams.metadata);
    },
    eniStateChanged(eni, from, to) {
      effects.eniChanges.push({ eni, from, to });
    },
    armTransition(kind, id) {
      effects.transitions.push({ kind, id });
    },
  };
  return { ctx, effects };
}

/** After a commit: arms the timers and logs the ENI changes and lag faults the action reported. */
export function applyEffects(core: CloudCore, regionId: string, effects: ActionEffects, requestId: string | null): void {
  const { log } = core.deps;
  for (const { kind, id } of effects.transitions) core.armTransition(kind, regionId, id);
  for (const change of effects.eniChanges) log.record('cloud.eni.state', { eni: change.eni, from: change.from, to: change.to });
  for (const fault of effects.lagFaults) {
    log.record('cloud.fault', { fault: 'metadataLag', i: fault.instanceId, lagMs: fault.lagMs, rule: fault.rule, rid: requestId ?? undefined });
  }
}
