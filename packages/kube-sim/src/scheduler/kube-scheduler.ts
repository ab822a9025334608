// The default kube-scheduler, reduced to what decides where pods land in a networking study:
// node readiness, nodeSelector, the node's pod count against allocatable `pods`, and extended
// resources (`aliyun/eni`, `aliyun/member-eni`) that Terway's device plugin advertises. Among
// feasible nodes it prefers the least loaded, breaking ties with a seeded pick (the real scheduler
// samples ties at random). Unschedulable pods wait and are retried when the cluster changes, and
// at least every 60 s, with a `FailedScheduling` event.

import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { SimEnv } from '@terway-sim/sim-base';
import { podKey, type ApiServer } from '../api/api-server.js';
import { createdAtMs, isNodeReady, isPodTerminal, podRequests, resourceQuantity } from '../api/objects.js';

const retryEveryMs = 60_000;

export class KubeScheduler {
  private readonly waiting = new Set<string>();
  /** What each node's bound, unfinished pods request (`pods` counts them), kept from the watch. */
  private readonly load = new Map<string, Map<string, number>>();
  /** The node and requests each counted pod added to `load`, so it is subtracted exactly once. */
  private readonly counted = new Map<string, { node: string; requests: Map<string, number> }>();
  private passArmed = false;
  private retryArmed = false;

  constructor(private readonly env: SimEnv, private readonly api: ApiServer) {
    api.watchPods((type, pod, previous) => {
      const key = podKey(pod);
      this.account(key, type === 'DELETED' || isPodTerminal(pod) ? undefined : pod.spec?.nodeName, pod);
      if (type === 'DELETED') {
        this.waiting.delete(key);
        if (pod.spec?.nodeName !== undefined) this.armPass(); // room freed
        return;
      }
      if (pod.spec?.nodeName === undefined && pod.metadata?.deletionTimestamp === undefined && !this.waiting.has(key)) {
        this.waiting.add(key);
        this.armPass();
      } else if (isPodTerminal(pod) && previous !== undefined && !isPodTerminal(previous)) {
        this.armPass(); // a finished pod no longer counts against its node
      }
    });
    api.watchNodes((type, node, previous) => {
      // Readiness, allocatable and labels (nodeSelector) decide where pods fit.
      const changed = type !== 'MODIFIED' || previous === undefined
        || isNodeReady(node) !== isNodeReady(previous)
        || JSON.stringify(node.status?.allocatable) !== JSON.stringify(previous.status?.allocatable)
        || JSON.stringify(node.metadata?.labels) !== JSON.stringify(previous.metadata?.labels);
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
      before.requests.forEach((quantity, resource) => nodeLoad.set(resource, nodeLoad.get(resource)! - quantity));
    }
    if (node === undefined) return;
    const requests = podRequests(pod);
    this.counted.set(key, { node, requests });
    let nodeLoad = this.load.get(node);
    if (nodeLoad === undefined) this.load.set(node, (nodeLoad = new Map()));
    nodeLoad.set('pods', (nodeLoad.get('pods') ?? 0) + 1);
    requests.forEach((quantity, resource) => nodeLoad.set(resource, (nodeLoad.get(resource) ?? 0) + quantity));
  }

  private loadOf(nodeName: string): Map<string, number> {
    let nodeLoad = this.load.get(nodeName);
    if (nodeLoad === undefined) this.load.set(nodeName, (nodeLoad = new Map()));
    return nodeLoad;
  }

  private schedulePass(): void {
    const nodes = this.api.listNodes().filter((node) => isNodeReady(node) && node.spec?.unschedulable !== true);
    const load = new Map(nodes.map((node) => [node.metadata!.name!, this.loadOf(node.metadata!.name!)]));
    const createdAt = (key: string): number => { const pod = this.api.getPod(key); return pod === undefined ? 0 : createdAtMs(pod); };
    const keys = [...this.waiting].sort((a, b) => createdAt(a) - createdAt(b) || (a < b ? -1 : 1));
    for (const key of keys) {
      const pod = this.api.getPod(key);
      if (pod === undefined) { this.waiting.delete(key); continue; }
      const feasible = nodes.filter((node) => this.fits(pod, node, load.get(node.metadata!.name!)!));
      if (feasible.length === 0) {
        this.reportUnschedulable(pod, nodes, load);
        continue;
      }
      const chosen = this.pickLeastLoaded(feasible, load);
      this.bind(pod, chosen);
    }
    if (this.waiting.size > 0 && !this.retryArmed) {
      this.retryArmed = true;
      this.env.scheduler.after(retryEveryMs, () => { this.retryArmed = false; this.armPass(); });
    }
  }

  private bind(pod: V1Pod, node: V1Node): void {
    const key = podKey(pod);
    const nodeName = node.metadata!.name!;
    this.waiting.delete(key);
    // The watch sees the binding and adds the pod to `load` (the same map the pass reads).
    this.api.updatePod(key, (current) => ({ ...current, spec: { ...current.spec!, nodeName } }));
    this.api.activity.publish({ type: 'pod.scheduled', pod: key, node: nodeName });
    this.api.recordEvent({ kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, type: 'Normal', reason: 'Scheduled',
      message: `Successfully assigned ${key} to ${nodeName}`, source: 'default-scheduler' });
  }

  private fits(pod: V1Pod, node: V1Node, nodeLoad: Map<string, number>): boolean {
    const labels = node.metadata?.labels ?? {};
    const selector = pod.spec?.nodeSelector ?? {};
    if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
    const allocatable = node.status?.allocatable ?? {};
    if ((nodeLoad.get('pods') ?? 0) + 1 > resourceQuantity(allocatable['pods'])) return false;
    for (const [resource, quantity] of podRequests(pod)) {
      if ((nodeLoad.get(resource) ?? 0) + quantity > resourceQuantity(allocatable[resource])) return false;
    }
    return true;
  }

  private pickLeastLoaded(nodes: V1Node[], load: Map<string, Map<string, number>>): V1Node {
    const podsOn = (node: V1Node): number => load.get(node.metadata!.name!)!.get('pods') ?? 0;
    const least = Math.min(...nodes.map(podsOn));
    const ties = nodes.filter((node) => podsOn(node) === least);
    return ties.length === 1 ? ties[0]! : this.env.rng.stream('kube-scheduler.ties').pick(ties);
  }

  private reportUnschedulable(pod: V1Pod, nodes: V1Node[], load: Map<string, Map<string, number>>): void {
    const reasons = new Map<string, number>();
    const total = this.api.listNodes().length;
    const notReady = total - nodes.length;
    if (notReady > 0) reasons.set('node(s) had untolerated taint {node.kubernetes.io/not-ready: }', notReady);
    for (const node of nodes) {
      const reason = this.misfit(pod, node, load.get(node.metadata!.name!)!);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const detail = [...reasons.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, count]) => `${count} ${reason}`).join(', ');
    const message = `0/${total} nodes are available: ${detail}.`;
    if (pod.status?.conditions?.[0]?.message === message) return; // unchanged: Kubernetes dedups too
    this.api.updatePod(podKey(pod), (current) => ({
      ...current, status: { ...current.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] },
    }));
    this.api.recordEvent({ kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, type: 'Warning', reason: 'FailedScheduling', message, source: 'default-scheduler' });
  }

  private misfit(pod: V1Pod, node: V1Node, nodeLoad: Map<string, number>): string {
    const labels = node.metadata?.labels ?? {};
    if (!Object.entries(pod.spec?.nodeSelector ?? {}).every(([key, value]) => labels[key] === value)) return "node(s) didn't match Pod's node affinity/selector";
    const allocatable = node.status?.allocatable ?? {};
    if ((nodeLoad.get('pods') ?? 0) + 1 > resourceQuantity(allocatable['pods'])) return 'Too many pods';
    for (const [resource, quantity] of podRequests(pod)) {
      if ((nodeLoad.get(resource) ?? 0) + quantity > resourceQuantity(allocatable[resource])) return `Insufficient ${resource}`;
    }
    return 'node(s) were unschedulable';
  }
}
