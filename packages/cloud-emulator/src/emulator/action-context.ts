// Builds the context one action runs in, and collects what the action asked for on the side: ENI
// state changes to publish, timers to arm, and metadata-lag faults that fired. World building
// gets a context where every asynchronous change is instant and metadata has no lag. The context
// is a class (methods on the prototype) because one is made for every call.

import type { IdGenerator } from '@terway-sim/sim-base';
import type { ActionContext, AsyncKind, CloudQuotas, TransitionKind } from '../actions/context.js';
import { sampleRange } from '../physics/latency.js';
import type { RegionDraft } from '../state/region-draft.js';
import type { EniStatus } from '../state/types.js';
import type { CloudCore } from './core.js';

export interface ActionEffects {
  readonly eniChanges: {
    eni: string;
    from: EniStatus | 'None';
    to: EniStatus | 'Gone';
    instanceId: string | undefined;
  }[];
  readonly transitions: { kind: TransitionKind; id: string }[];
  readonly lagFaults: { instanceId: string; lagMs: number; rule: number }[];
}

export interface ContextOptions {
  readonly holdMs: number;
  readonly stuckAttaching: boolean;
  /** World building: async changes complete at once, metadata has no lag. */
  readonly instant: boolean;
}

class CallContext implements ActionContext {
  readonly nowMs: number;
  readonly wallMs: number;
  readonly ids: IdGenerator;
  readonly quotas: CloudQuotas;
  readonly holdMs: number;
  readonly stuckAttaching: boolean;
  readonly effects: ActionEffects = { eniChanges: [], transitions: [], lagFaults: [] };

  constructor(private readonly core: CloudCore, readonly draft: RegionDraft,
    private readonly options: ContextOptions) {
    this.nowMs = core.deps.scheduler.nowMs();
    this.wallMs = core.deps.scheduler.wallMs();
    this.ids = core.deps.ids;
    this.quotas = core.quotas;
    this.holdMs = options.holdMs;
    this.stuckAttaching = options.stuckAttaching;
  }

  duration(kind: AsyncKind): number {
    if (this.options.instant) return kind === 'instanceStart' ? 0 : 1;
    return sampleRange(this.core.latency.async[kind], this.core.streams.async);
  }

  metadataLagMs(instanceId: string): number {
    if (this.options.instant) return 0;
    const fault = this.core.faults.metadataLag(instanceId, this.nowMs);
    if (fault !== null) {
      this.effects.lagFaults.push({ instanceId, lagMs: fault.lagMs, rule: fault.rule });
      return fault.lagMs;
    }
    return sampleRange(this.core.latency.metadataLag, this.core.streams.metadata);
  }

  get regionIds(): readonly string[] {
    return Object.keys(this.core.currentState().regions).sort();
  }

  eniStateChanged(eni: string, from: EniStatus | 'None', to: EniStatus | 'Gone',
    instanceId?: string): void {
    this.effects.eniChanges.push({ eni, from, to, instanceId });
  }

  armTransition(kind: TransitionKind, id: string): void {
    this.effects.transitions.push({ kind, id });
  }
}

export function makeActionContext(core: CloudCore, draft: RegionDraft,
  options: ContextOptions): { ctx: ActionContext; effects: ActionEffects } {
  const ctx = new CallContext(core, draft, options);
  return { ctx, effects: ctx.effects };
}

/** After a commit: arms the timers, publishes the ENI changes and lag faults the call made. */
export function applyEffects(core: CloudCore, regionId: string, effects: ActionEffects,
  requestId: string | null): void {
  for (const { kind, id } of effects.transitions) core.armTransition(kind, regionId, id);
  const enis = core.currentState().regions[regionId]?.enis;
  for (const change of effects.eniChanges) {
    const instanceId = change.instanceId ?? enis?.get(change.eni)?.attachment?.instanceId;
    core.publish({ type: 'eni.state', eniId: change.eni, from: change.from, to: change.to,
      instanceId: instanceId ?? null });
  }
  for (const fault of effects.lagFaults) {
    core.publish({ type: 'fault', kind: 'metadataLag', rule: fault.rule,
      instanceId: fault.instanceId, lagMs: fault.lagMs, requestId });
  }
}
