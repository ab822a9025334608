// The controller's asynchronous ENI attach tasks (Terway's pkg/controller/multi-ip/node/
// eni_task_queue.go): a created ENI is attached in the background so that a reconcile never
// waits for it. A task calls AttachNetworkInterface, sleeps the initial delay (3 s for ECS), then
// describes the ENI with `wait_eni_status` until it is InUse, all within 2 minutes; it ends
// Completed (with the ENI as described), Failed or Timeout and tells the node's reconcile.
// Finished tasks are taken into the Node CR by the next reconcile and then dropped; unclaimed
// finished tasks older than 30 minutes are dropped too. The tasks live in the controlplane's
// memory: a controlplane restart loses them, and the reconcile resubmits an attach for every ENI
// the CR still shows Attaching (assuming one IP per family was asked for).

import type { Context, Scheduler } from '@terway-sim/sim-base';
import { backoffKeys, type BackoffTable } from '../../backoff/named.js';
import type { EcsClient } from '../../cloud/ecs-client.js';
import type { NetworkInterface } from '../../cloud/network-interface.js';
import type { MultiIpMetrics } from './metrics.js';

export const attachTimeoutMs = 2 * 60_000;
export const attachInitialDelayMs = 3_000;
export const finishedTaskTtlMs = 30 * 60_000;

export type TaskStatus = 'Running' | 'Completed' | 'Failed' | 'Timeout';

export interface AttachTask {
  readonly eniId: string;
  readonly nodeName: string;
  readonly instanceId: string;
  readonly requestedIpv4: number;
  readonly requestedIpv6: number;
  /** Prefix mode: what CreateNetworkInterface asked for (the ENI may not list them yet). */
  readonly requestedIpv4Prefixes?: number | undefined;
  readonly requestedIpv6Prefixes?: number | undefined;
  readonly startedMs: number;
  status: TaskStatus;
  doneMs?: number | undefined;
  eni?: NetworkInterface | undefined;
  error?: string | undefined;
}

export interface AttachTaskDeps {
  readonly scheduler: Scheduler;
  readonly ecs: EcsClient;
  readonly backoffs: BackoffTable;
  readonly metrics: MultiIpMetrics;
  /** A task of this node finished: reconcile it. */
  readonly notify: (nodeName: string) => void;
}

export class AttachTaskQueue {
  private readonly tasks = new Map<string, AttachTask>();

  constructor(private readonly deps: AttachTaskDeps, private readonly lifetime: Context) {}

  /** Starts an attach unless one is already running for the ENI. */
  submit(task: Omit<AttachTask, 'status' | 'startedMs'>): void {
    const existing = this.tasks.get(task.eniId);
    if (existing?.status === 'Running') return;
    const record: AttachTask = { ...task, status: 'Running',
      startedMs: this.deps.scheduler.nowMs() };
    this.tasks.set(task.eniId, record);
    this.publishSize();
    this.deps.scheduler.spawn(`multi-ip attach ${task.eniId}`, () => this.run(record));
  }

  get(eniId: string): AttachTask | undefined {
    return this.tasks.get(eniId);
  }

  /** Tasks of a node still attaching. */
  attachingCount(nodeName: string): number {
    return [...this.tasks.values()].filter((task) => task.nodeName === nodeName
      && task.status === 'Running').length;
  }

  /** Finished tasks of a node, in ENI-id order. */
  finished(nodeName: string): AttachTask[] {
    return [...this.tasks.values()].filter((task) => task.nodeName === nodeName
      && task.status !== 'Running').sort((a, b) => (a.eniId < b.eniId ? -1 : 1));
  }

  /** Drops tasks (taken into the CR, or of ENIs the CR no longer has). */
  remove(eniIds: readonly string[]): void {
    eniIds.forEach((id) => this.tasks.delete(id));
    this.publishSize();
  }

  /** Drops the node's finished tasks older than the TTL and tasks of ENIs not in `known`. */
  prune(nodeName: string, known: ReadonlySet<string>): void {
    const now = this.deps.scheduler.nowMs();
    const stale = [...this.tasks.values()].filter((task) => task.nodeName === nodeName
      && (!known.has(task.eniId) || (task.doneMs !== undefined
        && now - task.doneMs > finishedTaskTtlMs))).map((task) => task.eniId);
    if (stale.length > 0) this.remove(stale);
  }

  private async run(task: AttachTask): Promise<void> {
    const { ecs, scheduler, backoffs } = this.deps;
    const { ctx, cancel } = this.lifetime.withTimeout(attachTimeoutMs);
    try {
      const attached = await ecs.attachNetworkInterface(ctx, {
        networkInterfaceId: task.eniId, instanceId: task.instanceId });
      if (!attached.ok) return this.complete(task, 'Failed', attached.error.message);
      try {
        await scheduler.sleep(attachInitialDelayMs, ctx);
      } catch {
        return this.complete(task, 'Timeout', 'context deadline exceeded');
      }
      const waited = await ecs.waitForNetworkInterface(ctx, task.eniId, 'InUse',
        backoffs.get(backoffKeys.waitEniStatus), false);
      if (ctx.err() !== undefined) {
        return this.complete(task, 'Timeout', `attach timeout after ${attachTimeoutMs / 1000}s`);
      }
      if (!waited.ok) return this.complete(task, 'Failed', waited.error.message);
      task.eni = waited.value;
      this.complete(task, 'Completed', undefined);
    } finally {
      cancel();
    }
  }

  private complete(task: AttachTask, status: TaskStatus, error: string | undefined): void {
    if (this.lifetime.err() !== undefined) return;
    task.status = status;
    task.error = error;
    task.doneMs = this.deps.scheduler.nowMs();
    const result = status === 'Completed' ? 'success' : status === 'Failed' ? 'failed'
      : 'timeout';
    this.deps.metrics.attachDuration.labels({ result, eni_type: 'ecs' })
      .observe((task.doneMs - task.startedMs) / 1000);
    this.publishSize();
    this.deps.notify(task.nodeName);
  }

  private publishSize(): void {
    const counts: Record<TaskStatus, number> = { Running: 0, Completed: 0, Failed: 0,
      Timeout: 0 };
    this.tasks.forEach((task) => counts[task.status]++);
    for (const [status, count] of Object.entries(counts)) {
      this.deps.metrics.taskQueueSize.labels({ status }).set(count);
    }
  }
}
