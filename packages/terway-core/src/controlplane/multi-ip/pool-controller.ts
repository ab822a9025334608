// terway-controlplane's multi-ip node controller (Terway's pkg/controller/multi-ip/node/pool.go
// Reconcile): the per-node pool of centralized IPAM. One reconcile of a node reads its Node CR
// and pods, then in order: OpenAPI sync when due (sync-api.ts), warm-up set-up, lost attach
// tasks resubmitted, IPs of vanished pods freed and pods bound (pod-binding.ts), finished
// attaches taken in, demand turned into at most one cloud operation (eni-options.ts, eni-ops.ts),
// pods bound again, deletions carried out, warm-up completion, then at most every pool sync
// period the idle-IP reclaim (reclaim.ts). The status is written only when it changed.
//
// Flow control: a node is reconciled at most once a second (else requeued after 1 s); a
// reconcile is requeued after min(pool sync period, time to the next OpenAPI sync), at least
// 1 s. Degradation `l0` skips addIP, OpenAPI sync and reclaim; `l1` skips sync and reclaim.
// Prefix mode (spec.eni.enableIPPrefix) skips syncPods: the pass keeps the node's prefixes
// instead (prefix-ops.ts) and binds no pod.
// Skipped: Node CRs the daemon has not filled yet (spec.pool), exclusive-ENI nodes.

import {
  isoSeconds, parseIso, type Context, type ReconcileError, type ReconcileResult,
} from '@terway-sim/sim-base';
import { parseGoDurationMs } from '../../config/go-duration.js';
import { exclusiveEniModeLabel } from '../../config/daemon-mode.js';
import type { NodeCr, NodePoolSpec } from '../../ports/crd.js';
import type { Runtime } from '../runtime.js';
import type { AttachTaskQueue } from './attach-tasks.js';
import {
  addIpDemand, eniOptionsOf, spreadDemand, validOption, type EniOption,
} from './eni-options.js';
import {
  allocateFromOptions, ensureAsyncTasks, handleStatus, takeFinishedTasks, type OpsContext,
} from './eni-ops.js';
import type { MultiIpMetrics } from './metrics.js';
import { prefixUpkeep } from './prefix-ops.js';
import { updateCrConditions, updateNodeCondition } from './node-condition.js';
import {
  assignFromPool, podRequestsOf, releasePodNotFound, type PodRequest, type RuntimeView,
} from './pod-binding.js';
import {
  draftOf, rdmaKey, secondaryKey, statusOf, totalIdleIps, trunkKey, type StatusDraft,
} from './pool-state.js';
import { calculateToDel, releaseIdle } from './reclaim.js';
import { syncWithApi } from './sync-api.js';
import { checkWarmUpCompletion, initializeWarmUp, warmUpRemaining } from './warm-up.js';

type Outcome = ReconcileResult | ReconcileError;

/** `multiIPGCPeriod`: the pool sync period when the node names none. */
export const defaultPoolSyncPeriodMs = 2 * 60_000;
export const minReconcileGapMs = 1_000;

export type Degradation = '' | 'l0' | 'l1' | 'l2';

/** What the controller keeps per node between reconciles (Terway's NodeStatus cache). */
interface NodeMemo {
  lastReconcileMs: number;
  lastGcMs: number;
  needSync: boolean;
}

interface Pass {
  readonly ctx: Context;
  readonly cr: NodeCr;
  readonly pool: NodePoolSpec;
  readonly status: StatusDraft;
  readonly memo: NodeMemo;
  readonly ops: OpsContext;
  readonly pods: ReadonlyMap<string, PodRequest>;
  readonly errors: string[];
  cloudChanged: boolean;
}

type ReadyNodeCr = NodeCr & { readonly spec: { readonly pool: NodePoolSpec } };

function ready(cr: NodeCr): cr is ReadyNodeCr {
  const meta = cr.spec.nodeMetadata;
  return meta.instanceID !== '' && meta.instanceType !== '' && meta.regionID !== ''
    && meta.zoneID !== '' && cr.spec.pool !== undefined && cr.spec.nodeCap.adapters > 0;
}

/** poolSyncPeriod: the node's period when it parses, else the controller's. */
export function poolSyncPeriodMs(text: string): number {
  if (text === '') return defaultPoolSyncPeriodMs;
  const parsed = parseGoDurationMs(text);
  return parsed.ok ? parsed.value : defaultPoolSyncPeriodMs;
}

/** requeueAfter. */
export function requeueAfterMs(periodMs: number, nextSyncMs: number, nowMs: number): number {
  let result = periodMs;
  if (nextSyncMs > nowMs) result = Math.min(result, nextSyncMs - nowMs);
  return Math.max(result, minReconcileGapMs);
}

export class MultiIpNodeController {
  private readonly memos = new Map<string, NodeMemo>();
  private readonly jitterStream;

  constructor(private readonly runtime: Runtime, private readonly tasks: AttachTaskQueue,
    private readonly metrics: MultiIpMetrics, private readonly degradation: Degradation = '') {
    this.jitterStream = runtime.deps.rng.stream('controlplane.multi-ip.jitter');
  }

  async reconcile(ctx: Context, name: string): Promise<Outcome> {
    const cr = await this.runtime.deps.crd.get('Node', { name });
    if (cr === undefined || cr.metadata.deletionTimestamp !== undefined) {
      this.memos.delete(name);
      return {};
    }
    if (!ready(cr)) return {};
    const mode = (cr.metadata.labels?.[exclusiveEniModeLabel] ?? '').toLowerCase();
    if (mode === 'enionly') return {};
    const { scheduler } = this.runtime.deps;
    const memo = this.memos.get(name) ?? { lastReconcileMs: -Infinity, lastGcMs: -Infinity,
      needSync: false };
    this.memos.set(name, memo);
    if (memo.lastReconcileMs + minReconcileGapMs > scheduler.nowMs()) {
      return { requeueAfterMs: minReconcileGapMs };
    }
    try {
      return await this.pass(ctx, cr, memo);
    } finally {
      memo.lastReconcileMs = scheduler.nowMs();
    }
  }

  private async pass(ctx: Context, cr: ReadyNodeCr, memo: NodeMemo): Promise<Outcome> {
    const { kube, scheduler } = this.runtime.deps;
    const name = cr.metadata.name;
    const status = draftOf(cr.status);
    const before = JSON.stringify(statusOf(draftOf(cr.status)));
    const pods = podRequestsOf(await kube.listPodsOnNode(name), cr.spec.eni);
    const nextSyncMs = parseIso(status.nextSyncOpenAPITime ?? '') ?? 0;
    if ((pods.size > 0 && Object.keys(status.networkInterfaces).length === 0)
      || nextSyncMs < scheduler.wallMs()) memo.needSync = true;
    const pass: Pass = { ctx, cr, pool: cr.spec.pool, status, memo, pods, errors: [],
      cloudChanged: false, ops: { runtime: this.runtime, cr, status, tasks: this.tasks,
        forceSync: () => { memo.needSync = true; },
        observe: (method, startMs) => this.observe(method, name, startMs) } };
    initializeWarmUp(status, cr.spec.pool);
    ensureAsyncTasks(pass.ops);
    await this.sync(pass);
    const used = cr.spec.eni.enableIPPrefix === true ? await this.syncPrefixes(pass)
      : await this.syncPods(pass);
    return this.finish(pass, before, used);
  }

  private degraded(): boolean {
    return this.degradation === 'l0' || this.degradation === 'l1';
  }

  private async sync(pass: Pass): Promise<void> {
    if (!pass.memo.needSync || this.degraded()) return;
    const startMs = this.runtime.deps.scheduler.nowMs();
    this.metrics.syncOpenApiCount.labels({ node: pass.cr.metadata.name }).inc();
    const synced = await syncWithApi(pass.ctx, { runtime: this.runtime, cr: pass.cr,
      status: pass.status, jitter: (ms, factor) => this.jitterStream.jitter(ms, factor) });
    this.observe('syncWithAPI', pass.cr.metadata.name, startMs);
    if (!synced.ok) pass.errors.push(synced.error);
    else if (!synced.value) pass.memo.needSync = false;
  }

  /** syncPods (non-prefix): free, bind, add, bind again, delete, warm-up, reclaim. */
  private async syncPods(pass: Pass): Promise<string[]> {
    const startMs = this.runtime.deps.scheduler.nowMs();
    const { status, cr, pods } = pass;
    releasePodNotFound(status, pods, await this.runtimeView(cr.metadata.name));
    const touch = (): void => {
      status.lastModifiedTime = isoSeconds(this.runtime.deps.scheduler.wallMs());
    };
    const unsatisfied = assignFromPool(status, pods, cr.spec.eni, touch);
    const used = await this.addIp(pass, unsatisfied, touch);
    assignFromPool(status, pods, cr.spec.eni, touch);
    await handleStatus(pass.ctx, pass.ops);
    checkWarmUpCompletion(status);
    this.adjustPool(pass);
    this.observe('syncPods', cr.metadata.name, startMs);
    return used;
  }

  /** Prefix mode: finished attaches, the prefix upkeep, then handleStatus. */
  private async syncPrefixes(pass: Pass): Promise<string[]> {
    const startMs = this.runtime.deps.scheduler.nowMs();
    const { status, cr } = pass;
    const used = takeFinishedTasks(pass.ops);
    if (this.degradation !== 'l0') {
      const done = await prefixUpkeep(pass.ctx, pass.ops, () => {
        pass.cloudChanged = true;
        status.lastModifiedTime = isoSeconds(this.runtime.deps.scheduler.wallMs());
      });
      if (!done.ok) pass.errors.push(done.error);
    }
    await handleStatus(pass.ctx, pass.ops);
    this.observe('syncPrefixes', cr.metadata.name, startMs);
    return used;
  }

  private async addIp(pass: Pass, unsatisfied: ReturnType<typeof assignFromPool>,
    touch: () => void): Promise<string[]> {
    const startMs = this.runtime.deps.scheduler.nowMs();
    const { status, cr } = pass;
    const used = takeFinishedTasks(pass.ops);
    if (this.degradation === 'l0') return used;
    const demand = addIpDemand({ unsatisfied, totalIdle: totalIdleIps(status, cr.spec.eni),
      minPoolSize: pass.pool.minPoolSize, warmUpRemaining: warmUpRemaining(status) });
    const options = eniOptionsOf(status, cr.spec);
    const hasIp = await this.vSwitchesWithIp(pass.ctx, options);
    const base = { eni: cr.spec.eni, nodeCap: cr.spec.nodeCap,
      requested: (id: string) => {
        const task = this.tasks.get(id);
        return task === undefined ? undefined
          : { ipv4: task.requestedIpv4, ipv6: task.requestedIpv6 };
      } };
    spreadDemand(options, { ...base, toAdd: demand.demand,
      accept: (entry) => validOption(entry, [secondaryKey, trunkKey], hasIp) });
    spreadDemand(options, { ...base, toAdd: demand.rdmaDemand,
      accept: (entry) => validOption(entry, [rdmaKey], hasIp) });
    const done = await allocateFromOptions(pass.ctx, pass.ops, options, () => {
      pass.cloudChanged = true;
      touch();
    });
    const wallMs = this.runtime.deps.scheduler.wallMs();
    await updateNodeCondition(this.runtime.deps.kube, cr.metadata.name, options, wallMs);
    updateCrConditions(options, wallMs);
    if (!done.ok) {
      pass.errors.push(done.error);
      this.runtime.nodeEvent(cr.metadata.name, 'Warning', 'AllocIPFailed', done.error);
    }
    this.observe('addIP', cr.metadata.name, startMs);
    return used;
  }

  /** The vSwitches of existing ENIs: whether each still has IPs (undefined: not readable). */
  private async vSwitchesWithIp(ctx: Context, options: readonly EniOption[]):
    Promise<(id: string) => boolean | undefined> {
    const known = new Map<string, boolean>();
    const ids = new Set(options.flatMap((entry) => entry.nic?.vSwitchID ?? []));
    for (const id of [...ids].sort()) {
      const found = await this.runtime.vSwitchPool.getById(ctx, id);
      if (found.ok) known.set(id, found.value.availableIpCount > 0);
    }
    return (id) => known.get(id);
  }

  /** adjustPool: at most once per pool sync period. */
  private adjustPool(pass: Pass): void {
    const { scheduler } = this.runtime.deps;
    const period = poolSyncPeriodMs(pass.pool.poolSyncPeriod);
    if (pass.memo.lastGcMs + period > scheduler.nowMs() || this.degraded()) return;
    const startMs = scheduler.nowMs();
    this.metrics.gcCount.labels({ node: pass.cr.metadata.name }).inc();
    pass.memo.lastGcMs = startMs;
    const reclaim = pass.pool.reclaim;
    const duration = (text: string | undefined): number => {
      const parsed = parseGoDurationMs(text ?? '');
      return parsed.ok ? parsed.value : 0;
    };
    const wallMs = scheduler.wallMs();
    const decided = calculateToDel(pass.status, { eni: pass.cr.spec.eni, pool: pass.pool }, {
      nowMs: wallMs, lastModifiedMs: parseIso(pass.status.lastModifiedTime ?? '') ?? 0,
      nextReclaimMs: parseIso(pass.status.nextIdleIPReclaimTime ?? '') ?? 0,
      afterMs: duration(reclaim?.after), intervalMs: duration(reclaim?.interval),
      jitter: (ms, factor) => this.jitterStream.jitter(ms, factor) });
    if (decided.nextReclaimMs !== undefined) {
      if (decided.nextReclaimMs === 0) delete pass.status.nextIdleIPReclaimTime;
      else pass.status.nextIdleIPReclaimTime = isoSeconds(decided.nextReclaimMs);
    }
    if (decided.toDel > 0) {
      const released = releaseIdle(pass.status, pass.cr.spec.eni, decided.toDel);
      this.runtime.logger.info('to delete ip', { node: pass.cr.metadata.name,
        toDel: decided.toDel, released });
    }
    this.observe('adjustPool', pass.cr.metadata.name, startMs);
  }

  /** The node's NodeRuntime, read as releasePodNotFound needs it. */
  private async runtimeView(name: string): Promise<RuntimeView> {
    const found = await this.runtime.deps.crd.get('NodeRuntime', { name });
    // Without a NodeRuntime the controller asks whether the node's daemon is too old to write
    // one; the simulated daemon always writes it, so the answer is always "supported".
    return found === undefined ? { kind: 'missing', daemonSupports: true }
      : { kind: 'present', runtime: found };
  }

  private async finish(pass: Pass, before: string, used: readonly string[]):
    Promise<Outcome> {
    const { scheduler, crd } = this.runtime.deps;
    const status = statusOf(pass.status);
    const nextSyncMs = parseIso(status.nextSyncOpenAPITime ?? '') ?? 0;
    const requeue = requeueAfterMs(poolSyncPeriodMs(pass.pool.poolSyncPeriod), nextSyncMs,
      scheduler.wallMs());
    if (JSON.stringify(status) !== before) {
      const written = await crd.update('Node', { ...pass.cr, status });
      if (!written.ok) {
        if (pass.cloudChanged) pass.memo.needSync = true;
        return { message: `update node cr: ${written.error.message}` };
      }
      this.tasks.remove(used);
      return { requeueAfterMs: requeue };
    }
    if (pass.errors.length > 0) return { message: pass.errors.join('; ') };
    return { requeueAfterMs: requeue };
  }

  private observe(method: string, node: string, startMs: number): void {
    this.metrics.reconcileLatency.labels({ method, node })
      .observe(this.runtime.deps.scheduler.nowMs() - startMs);
  }
}

