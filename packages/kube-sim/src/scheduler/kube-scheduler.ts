// The default kube-scheduler, reduced to what decides where pods land in a networking study:
// node readiness, nodeSelector, the node's pod count against allocatable `pods`, and extended
// resources (`aliyun/eni`, `aliyun/member-eni`) that Terway's device plugin advertises. Among
// feasible nodes it prefers the least loaded, breaking ties with a seeded pick (the real scheduler
// samples ties at random). Unschedulable pods wait and are retried when the cluster changes, and
// at least every 60 s, with a `FailedScheduling` event.
//
// Finding the least loaded feasible node walks the nodes by load (node-load-index.ts), lowest
// first, instead of filtering every node for every pod: a pod without a nodeSelector or extended
// requests fits every candidate, so its choice costs a lookup at any cluster size. The choice is
// the same as scoring every feasible node.

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { SimEnv } from '@terway-sim/sim-base';
import { podKey, type ApiServer } from '../api/api-server.js';
import {
  createdAtMs,
  isNodeReady,
  isPodTerminal,
  podRequests,
  resourceQuantity,
} from '../api/objects.js';
import { NodeLoadIndex } from './node-load-index.js';

const retryEveryMs = 60_000;

export class KubeScheduler {
  private readonly waiting = new Set<string>();
  /** What each node's bound, unfinished pods request (`pods` counts them), kept from the watch. */
  private readonly load = new Map<string, Map<string, number>>();
  /** The node and requests each counted pod added to `load`, so it is subtracted exactly once. */
  private readonly counted = new Map<string, { node: string; requests: Map<string, number> }>();
  /** Ready, schedulable nodes with room, by the pods they run. */
  private readonly index = new NodeLoadIndex();
  private passArmed = false;
  private retryArmed = false;

  constructor(
    private readonly env: SimEnv,
    private readonly api: ApiServer,
  ) {
    api.watchPods((type, pod, previous) => {
      const key = podKey(pod);
      this.account(
        key,
        type === 'DELETED' || isPodTerminal(pod) ? undefined : pod.spec?.nodeName,
        pod,
      );
      if (type === 'DELETED') {
        this.waiting.delete(key);
        if (pod.spec?.nodeName !== undefined) this.armPass(); // room freed
        return;
      }
      if (
        pod.spec?.nodeName === undefined &&
        pod.metadata?.deletionTimestamp === undefined &&
        !this.waiting.has(key)
      ) {
        this.waiting.add(key);
        this.armPass();
      } else if (isPodTerminal(pod) && previous !== undefined && !isPodTerminal(previous)) {
        this.armPass(); // a finished pod no longer counts against its node
      }
    });
    for (const node of api.listNodes()) this.index.setNode(node.metadata!.name!, node);
    api.watchNodes((type, node, previous) => {
      this.index.setNode(node.metadata!.name!, type === 'DELETED' ? undefined : node);
      // Readiness, allocatable and labels (nodeSelector) decide where pods fit.
      const changed =
        type !== 'MODIFIED' ||
        previous === undefined ||
        isNodeReady(node) !== isNodeReady(previous) ||
        JSON.stringify(node.status?.allocatable) !== JSON.stringify(previous.status?.allocatable) ||
        JSON.stringify(node.metadata?.labels) !== JSON.stringify(previous.metadata?.labels);
      if (changed) this.armPass();
    });
  }

  /** Pods waiting for a node. */
  get pendingCount(): number {
    return this.waiting.size;
  }

  private armPass(): void {
    if (this.passArmed || this.waiting.size === 0) return;
    this.passArmed = true;
    this.env.scheduler.after(0, () => {
      this.passArmed = false;
      this.schedulePass();
    });
  }

  /** Keeps `load` in step with where a pod counts (undefined: it no longer counts anywhere). */
  private account(key: string, node: string | undefined, pod: V1Pod): void {
    const before = this.counted.get(key);
    if (before?.node === node) return;
    if (before !== undefined) {
      this.counted.delete(key);
      const nodeLoad = this.load.get(before.node)!;
      nodeLoad.set('pods', nodeLoad.get('pods')! - 1);
      before.requests.forEach((quantity, resource) =>
        nodeLoad.set(resource, nodeLoad.get(resource)! - quantity),
      );
      this.index.setPods(before.node, nodeLoad.get('pods')!);
    }
    if (node === undefined) return;
    const requests = podRequests(pod);
    this.counted.set(key, { node, requests });
    let nodeLoad = this.load.get(node);
    if (nodeLoad === undefined) this.load.set(node, (nodeLoad = new Map()));
    nodeLoad.set('pods', (nodeLoad.get('pods') ?? 0) + 1);
    requests.forEach((quantity, resource) =>
      nodeLoad.set(resource, (nodeLoad.get(resource) ?? 0) + quantity),
    );
    this.index.setPods(node, nodeLoad.get('pods')!);
  }

  private loadOf(nodeName: string): Map<string, number> {
    let nodeLoad = this.load.get(nodeName);
    if (nodeLoad === undefined) this.load.set(nodeName, (nodeLoad = new Map()));
    return nodeLoad;
  }

  private schedulePass(): void {
    const createdAt = new Map<string, number>();
    for (const key of this.waiting) {
      const pod = this.api.getPod(key);
      createdAt.set(key, pod === undefined ? 0 : createdAtMs(pod));
    }
    const keys = [...this.waiting]
      .sort((a, b) => createdAt.get(a)! - createdAt.get(b)! || (a < b ? -1 : 1));
    for (const key of keys) {
      const pod = this.api.getPod(key);
      if (pod === undefined) {
        this.waiting.delete(key);
        continue;
      }
      const chosen = this.leastLoadedFeasible(pod);
      if (chosen === undefined) this.reportUnschedulable(pod);
      else this.bind(pod, chosen);
    }
    if (this.waiting.size > 0 && !this.retryArmed) {
      this.retryArmed = true;
      this.env.scheduler.after(retryEveryMs, () => {
        this.retryArmed = false;
        this.armPass();
      });
    }
  }

  private bind(pod: V1Pod, node: V1Node): void {
    const key = podKey(pod);
    const nodeName = node.metadata!.name!;
    this.waiting.delete(key);
    // The watch sees the binding and adds the pod to `load` (the same map the pass reads).
    this.api.updatePod(key, (current) => ({ ...current, spec: { ...current.spec!, nodeName } }));
    this.api.activity.publish({ type: 'pod.scheduled', pod: key, node: nodeName });
    this.api.recordEvent({
      kind: 'Pod',
      namespace: pod.metadata!.namespace!,
      name: pod.metadata!.name!,
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${key} to ${nodeName}`,
      source: 'default-scheduler',
    });
  }

  /**
   * The least loaded node the pod fits, ties broken by a seeded pick in name order: the lowest
   * load with a feasible node decides, so higher loads are never looked at.
   */
  private leastLoadedFeasible(pod: V1Pod): V1Node | undefined {
    const selector = Object.entries(pod.spec?.nodeSelector ?? {});
    const requests = podRequests(pod);
    for (const names of this.index.loads()) {
      // Every candidate has room for one more pod; only a selector or requests can rule it out.
      const ties = selector.length === 0 && requests.size === 0 ? names
        : names.filter((name) => this.fits(selector, requests, this.index.node(name)!,
          this.loadOf(name)));
      if (ties.length === 0) continue;
      const chosen = ties.length === 1 ? ties[0]!
        : this.env.rng.stream('kube-scheduler.ties').pick(ties);
      return this.index.node(chosen)!;
    }
    return undefined;
  }

  private fits(selector: ReadonlyArray<readonly [string, string]>,
    requests: ReadonlyMap<string, number>, node: V1Node, nodeLoad: Map<string, number>): boolean {
    const labels = node.metadata?.labels ?? {};
    if (!selector.every(([key, value]) => labels[key] === value)) return false;
    const allocatable = node.status?.allocatable ?? {};
    if ((nodeLoad.get('pods') ?? 0) + 1 > resourceQuantity(allocatable['pods'])) return false;
    for (const [resource, quantity] of requests) {
      if ((nodeLoad.get(resource) ?? 0) + quantity > resourceQuantity(allocatable[resource]))
        return false;
    }
    return true;
  }

  private reportUnschedulable(pod: V1Pod): void {
    const reasons = new Map<string, number>();
    const all = this.api.listNodes();
    const nodes = all.filter((node) => isNodeReady(node) && node.spec?.unschedulable !== true);
    const total = all.length;
    const notReady = total - nodes.length;
    if (notReady > 0)
      reasons.set('node(s) had untolerated taint {node.kubernetes.io/not-ready: }', notReady);
    for (const node of nodes) {
      const reason = this.misfit(pod, node, this.loadOf(node.metadata!.name!));
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const detail = [...reasons.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    const message = `0/${total} nodes are available: ${detail}.`;
    // Unchanged: Kubernetes does not write the same condition twice either.
    if (pod.status?.conditions?.[0]?.message === message) return;
    this.api.updatePod(podKey(pod), (current) => ({
      ...current,
      status: {
        ...current.status,
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
      },
    }));
    this.api.recordEvent({
      kind: 'Pod',
      namespace: pod.metadata!.namespace!,
      name: pod.metadata!.name!,
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      source: 'default-scheduler',
    });
  }

  private misfit(pod: V1Pod, node: V1Node, nodeLoad: Map<string, number>): string {
    const labels = node.metadata?.labels ?? {};
    if (
      !Object.entries(pod.spec?.nodeSelector ?? {}).every(([key, value]) => labels[key] === value)
    )
      return "node(s) didn't match Pod's node affinity/selector";
    const allocatable = node.status?.allocatable ?? {};
    if ((nodeLoad.get('pods') ?? 0) + 1 > resourceQuantity(allocatable['pods']))
      return 'Too many pods';
    for (const [resource, quantity] of podRequests(pod)) {
      if ((nodeLoad.get(resource) ?? 0) + quantity > resourceQuantity(allocatable[resource]))
        return `Insufficient ${resource}`;
    }
    return 'node(s) were unschedulable';
  }
}
