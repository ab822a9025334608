// A StatefulSet with the default OrderedReady policy: pod `<name>-<i>` is created only once pods
// 0..i-1 are Running and Ready; scale-down removes the highest ordinal first, one at a time. A
// deleted pod comes back under the same name, which is what Terway's sticky IPs key on.

import type { SimEnv } from '@terway-sim/sim-base';
import type { ApiServer } from '../api/api-server.js';
import { isPodReady } from '../api/objects.js';
import { buildPod, type PodTemplate } from './pod-template.js';
import { ReconcileQueue } from './reconcile-queue.js';

export interface StatefulSetOptions {
  readonly namespace: string;
  readonly name: string;
  readonly template: PodTemplate;
}

export class StatefulSetController {
  private replicas = 0;
  private readonly queue: ReconcileQueue;
  /** Ordinals of the pods that exist, from the watch. */
  private readonly ordinals = new Set<number>();

  constructor(private readonly env: SimEnv, private readonly api: ApiServer, private readonly options: StatefulSetOptions) {
    this.queue = new ReconcileQueue(env.scheduler, () => this.reconcile());
    api.watchPods((type, pod) => {
      const owner = pod.metadata?.ownerReferences?.[0];
      if (pod.metadata?.namespace !== options.namespace || owner?.kind !== 'StatefulSet' || owner.name !== options.name) return;
      const ordinal = Number((pod.metadata?.name ?? '').slice(options.name.length + 1));
      if (type === 'DELETED') this.ordinals.delete(ordinal);
      else this.ordinals.add(ordinal);
      this.queue.trigger();
    });
  }

  get desired(): number {
    return this.replicas;
  }

  scale(replicas: number): void {
    this.replicas = replicas;
    this.api.activity.publish({ type: 'workload.scale', workload: `statefulset/${this.options.namespace}/${this.options.name}`, replicas });
    this.queue.trigger();
  }

  /** Deletes pod `ordinal` (as `kubectl delete pod`); the controller recreates it. */
  deletePod(ordinal: number): void {
    this.api.deletePod(this.key(ordinal));
  }

  podName(ordinal: number): string {
    return `${this.options.name}-${ordinal}`;
  }

  private key(ordinal: number): string {
    return `${this.options.namespace}/${this.podName(ordinal)}`;
  }

  private reconcile(): void {
    // Scale down first, highest ordinal, one pod at a time.
    for (let ordinal = this.highestOrdinal(); ordinal >= this.replicas; ordinal--) {
      const pod = this.api.getPod(this.key(ordinal));
      if (pod === undefined) continue;
      if (pod.metadata?.deletionTimestamp === undefined) this.api.deletePod(this.key(ordinal));
      return;
    }
    for (let ordinal = 0; ordinal < this.replicas; ordinal++) {
      const pod = this.api.getPod(this.key(ordinal));
      if (pod === undefined) {
        this.api.createPod(buildPod({
          namespace: this.options.namespace, name: this.podName(ordinal), template: this.options.template,
          owner: { kind: 'StatefulSet', name: this.options.name }, labels: { app: this.options.name },
        }));
        return;
      }
      if (!isPodReady(pod) || pod.metadata?.deletionTimestamp !== undefined) return;
    }
  }

  private highestOrdinal(): number {
    return Math.max(-1, ...this.ordinals);
  }
}
