// Centralized IPAM inside terway-controlplane: the multi-ip node controller on its own work
// queue (500 concurrent reconciles; failed reconciles back off per node from 1 s doubling to
// 300 s), its attach task queue and metrics, and what queues a node: Node CR and NodeRuntime
// changes, pods that still need an IP or have finished or gone, and finished attach tasks.
// The global 500 qps / 1000 burst bucket of Terway's rate limiter is not modelled
// (docs/differences.md).

import type { Context, Reconciler, WorkQueue, WorkQueueOptions } from '@terway-sim/sim-base';
import type { PodObject, WatchType } from '../../ports/kube.js';
import type { Runtime } from '../runtime.js';
import { AttachTaskQueue } from './attach-tasks.js';
import { createMultiIpMetrics, type MultiIpMetrics } from './metrics.js';
import { MultiIpNodeController } from './pool-controller.js';

export const multiIpConcurrency = 500;
export const multiIpFailureDelay = { baseMs: 1_000, maxMs: 300_000 } as const;

type QueueFactory = (name: string, maxConcurrent: number, reconcile: Reconciler,
  failureDelay?: WorkQueueOptions['failureDelay']) => WorkQueue;

/** Pods whose change may need the pool: no IP yet, finished, or deleted. */
export function podNeedsPool(type: WatchType, pod: PodObject): boolean {
  if (pod.spec?.nodeName === undefined || pod.spec.nodeName === '') return false;
  if (pod.spec.hostNetwork === true) return false;
  const phase = pod.status?.phase ?? '';
  return type === 'DELETED' || phase === 'Succeeded' || phase === 'Failed'
    || (pod.status?.podIP ?? '') === '';
}

export class CentralizedIpam {
  readonly queue: WorkQueue;
  private readonly metrics: MultiIpMetrics;
  private controller: MultiIpNodeController | undefined;

  constructor(private readonly runtime: Runtime, makeQueue: QueueFactory) {
    this.metrics = createMultiIpMetrics(runtime.registry);
    this.queue = makeQueue('multi-ip-node', multiIpConcurrency,
      (ctx, key) => this.controller?.reconcile(ctx, key) ?? Promise.resolve({}),
      multiIpFailureDelay);
  }

  /** Builds the controller for this controlplane process; returns the watches to stop. */
  start(ctx: Context): Array<() => void> {
    const { scheduler, crd } = this.runtime.deps;
    const tasks = new AttachTaskQueue({ scheduler, ecs: this.runtime.ecs,
      backoffs: this.runtime.backoffs, metrics: this.metrics,
      notify: (node) => this.queue.add(node) }, ctx);
    this.controller = new MultiIpNodeController(this.runtime, tasks, this.metrics,
      this.runtime.options.degradation ?? '');
    crd.peekList('Node').forEach((cr) => this.queue.add(cr.metadata.name));
    return [
      crd.watch('Node', (type, cr) => {
        if (type !== 'DELETED') this.queue.add(cr.metadata.name);
      }),
      crd.watch('NodeRuntime', (_type, runtime) => this.queue.add(runtime.metadata.name)),
    ];
  }

  podEvent(type: WatchType, pod: PodObject): void {
    if (podNeedsPool(type, pod)) this.queue.add(pod.spec!.nodeName!);
  }
}
