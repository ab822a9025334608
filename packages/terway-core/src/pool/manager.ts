// The daemon's resource manager (Terway's pkg/eni/manager.go `Manager`): it owns the backends (one
// Local per ENI slot in ENIIP mode; other modes add theirs through the same interface), offers each
// allocation to them in priority order, routes releases to the backend that owns the resource,
// keeps the pool between min_pool_size and max_pool_size with a periodic `syncPool`, and drives
// the `SufficientIP` node condition.
//
// When to use: one per daemon instance; `run` once after construction, then `allocate` /
// `release` from the RPC handlers. Gotcha: `allocate` resolves only when every accepted request
// answered or `ctx` ended; the caller bounds it (the RPC's 118 s, the pre-warm's 2 min).

import { ok, type Context, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { EniSelectionPolicy, PoolConfig } from '../config/pool-config.js';
import { Mutations } from '../mutations/mutations.js';
import type { PodResources } from '../store/records.js';
import { calculateToDel } from './calculate-to-del.js';
import type { SufficientIpCondition } from './node-condition.js';
import { sortForAllocation, sortForDisposal } from './priority.js';
import type { PoolLogger } from './telemetry.js';
import {
  LocalIpRequest, prewarmCni, type AllocResponse, type BackendStatus, type CniContext,
  type NetworkInterfaceBackend,
  type NetworkResource, type ResourceRequest, type Trace,
} from './types.js';

export const prewarmTimeoutMs = 2 * 60_000;
export const errNoEniCanHandle = 'no eni can handle the allocation';

export interface ManagerDeps {
  readonly scheduler: Scheduler;
  readonly logger: PoolLogger;
  readonly condition: SufficientIpCondition;
  /** wait.Jitter for the pool-sync period and the reclaim interval (a named rng stream). */
  readonly jitter: (durationMs: number, factor: number) => number;
  /** The node's test-only broken variants (mutations/mutations.ts); absent = none. */
  readonly mutations?: Mutations | undefined;
}

export type ManagerPoolOptions =
  Pick<PoolConfig, 'minPoolSize' | 'maxPoolSize' | 'capacity' | 'reclaim' | 'poolSyncPeriodMs'> & {
  readonly eniSelectionPolicy: EniSelectionPolicy;
};

export interface AllocateResult {
  readonly resources: readonly NetworkResource[];
  /** Terway's error text when the allocation failed (`resources` may hold partial results). */
  readonly error?: string | undefined;
}

export class Manager {
  private readonly backends: NetworkInterfaceBackend[];
  private readonly mutations: Mutations;
  private lastModifiedMs: number;
  private nextReclaimMs: number | null = null;

  constructor(private readonly deps: ManagerDeps, private readonly pool: ManagerPoolOptions,
    backends: readonly NetworkInterfaceBackend[]) {
    this.backends = [...backends];
    this.mutations = deps.mutations ?? Mutations.none;
    this.lastModifiedMs = deps.scheduler.nowMs();
  }

  /** Loads every backend (stops at the first failure), then starts the condition and pool sync. */
  async run(ctx: Context, podResources: readonly PodResources[]): Promise<Result<void, string>> {
    for (const backend of this.backends) {
      const started = await backend.run(ctx, podResources);
      if (!started.ok) return started;
    }
    this.deps.condition.start(ctx);
    if (this.pool.poolSyncPeriodMs > 0) {
      this.deps.scheduler.spawn('manager.syncPool', () => this.syncLoop(ctx));
    }
    return ok(undefined);
  }

  async allocate(parent: Context, cni: CniContext,
    requests: readonly ResourceRequest[]): Promise<AllocateResult> {
    const { ctx, cancel } = parent.withCancel();
    try {
      const policy = this.pool.eniSelectionPolicy;
      sortForAllocation(this.backends, (backend) => backend.priority(), policy);
      const traces: Trace[] = [];
      const replies: Array<Promise<AllocResponse | undefined>> = [];
      for (const request of requests) {
        if (request.type === 'LocalIP') this.lastModifiedMs = this.deps.scheduler.nowMs();
        const reply = this.offer(ctx, cni, request, traces);
        if (reply === undefined) {
          const exhausted = traces.some((trace) => trace.condition === 'InsufficientVSwitchIP');
          if (exhausted) await this.deps.condition.setIpExhaustive();
          return { resources: [], error: errNoEniCanHandle };
        }
        replies.push(reply);
      }
      return await this.collect(ctx, cancel, replies);
    } finally {
      cancel();
    }
  }

  private offer(ctx: Context, cni: CniContext, request: ResourceRequest,
    traces: Trace[]): Promise<AllocResponse | undefined> | undefined {
    for (const backend of this.backends) {
      const offer = backend.allocate(ctx, cni, request);
      if (offer.accepted) return offer.reply;
      traces.push(...offer.traces);
    }
    return undefined;
  }

  private async collect(ctx: Context, cancel: () => void,
    replies: ReadonlyArray<Promise<AllocResponse | undefined>>): Promise<AllocateResult> {
    const resources: NetworkResource[] = [];
    let error: string | undefined;
    await Promise.all(replies.map(async (reply) => {
      let response: AllocResponse | undefined;
      try {
        response = await ctx.race(reply);
      } catch {
        return; // the context ended first
      }
      if (response === undefined || response.error !== undefined) {
        error = response?.error ?? 'ctx done';
        cancel();
        return;
      }
      if (ctx.err() === undefined) resources.push(...response.resources);
    }));
    if (error === undefined && ctx.err() !== undefined) error = ctx.err()!.message;
    return { resources, error };
  }

  /** Hands resources back to the backend that owns each; unknown ones count as released. */
  release(ctx: Context, cni: CniContext, resources: readonly NetworkResource[]): void {
    for (const resource of resources) {
      for (const backend of this.backends) {
        if (!backend.release(ctx, cni, resource)) continue;
        if (resource.type === 'LocalIP') {
          this.lastModifiedMs = this.deps.scheduler.nowMs();
          this.deps.condition.unsetIpExhaustive();
        }
        break;
      }
    }
  }

  private async syncLoop(ctx: Context): Promise<void> {
    for (;;) {
      await this.syncPool(ctx);
      if (ctx.err() !== undefined) return;
      try {
        await this.deps.scheduler.sleep(this.deps.jitter(this.pool.poolSyncPeriodMs, 1.0), ctx);
      } catch {
        return;
      }
    }
  }

  /** One pool maintenance pass: shrink to max_pool_size (plus idle reclaim), pre-warm to min. */
  async syncPool(ctx: Context): Promise<void> {
    if (ctx.err() !== undefined) return;
    sortForDisposal(this.backends, (backend) => backend.priority(), this.pool.eniSelectionPolicy);
    let idle = 0;
    let inUse = 0;
    for (const backend of this.backends) {
      const usage = backend.usage?.();
      idle += usage?.idle ?? 0;
      inUse += usage?.inUse ?? 0;
    }
    this.shrink(idle);
    if (idle + inUse >= this.pool.capacity) return;
    const toAdd = this.pool.minPoolSize - idle;
    if (toAdd <= 0) return;
    const { ctx: warm, cancel } = ctx.withTimeout(prewarmTimeoutMs);
    this.deps.logger.info('sync pool', { toAdd });
    await Promise.all(Array.from({ length: toAdd }, async () => {
      const request = new LocalIpRequest();
      request.noCache = true;
      const result = await this.allocate(warm, prewarmCni, [request]);
      if (result.error !== undefined) this.deps.logger.error('sync pool error', result.error);
      else this.deps.logger.info('add ip done');
    }));
    cancel();
  }

  private shrink(idle: number): void {
    const decision = calculateToDel({
      idle, maxPoolSize: this.pool.maxPoolSize, minPoolSize: this.pool.minPoolSize,
      reclaim: this.pool.reclaim, lastModifiedMs: this.lastModifiedMs,
      nextReclaimMs: this.nextReclaimMs, nowMs: this.deps.scheduler.nowMs(),
      jitter: this.deps.jitter, mutations: this.mutations,
    });
    this.nextReclaimMs = decision.nextReclaimMs;
    let toDel = decision.toDel;
    // Mutation site `pool-never-disposes` (mutations/mutations.ts; never on outside tests): the
    // sync decides what to give back and never gives it.
    if (toDel <= 0 || this.mutations.has('pool-never-disposes')) return;
    this.deps.logger.info('sync pool', { toDel });
    for (const backend of this.backends) {
      if (toDel <= 0) break;
      toDel -= backend.dispose(toDel);
    }
  }

  /** The backends' debug rows (Terway's Manager.Status), in the current backend order. */
  status(): BackendStatus[] {
    return this.backends.flatMap((backend) =>
      (backend.status === undefined ? [] : [backend.status()]));
  }

  /** The backends in their current order (read-only view for invariant checks and reports). */
  get backendList(): readonly NetworkInterfaceBackend[] {
    return this.backends;
  }
}
