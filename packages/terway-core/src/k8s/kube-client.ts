// The daemon's Kubernetes access (Terway's pkg/k8s/k8s.go `k8s` struct) over the KubePort:
//   - `getPod` converts the pod (recording its parse warnings as pod events), hides pods the
//     daemon does not serve (other node, ignore-by-terway label, host network) as "not found", and
//     keeps sticky-IP pods in the node's pod.db; when the API no longer has the pod it answers
//     from pod.db, so a sticky pod stays sticky after deletion;
//   - `cleanPodCache` (every 5 min): pod.db entries whose pod is gone are marked, and removed
//     once marked for over an hour (the mark lives in memory only, as in Terway);
//   - the node condition, annotation and pod-IP patches skip writes that would change nothing
//     (and a condition identical to one written less than 5 minutes ago);
//   - events go out with source `terway-daemon`.

import { err, isoSeconds, ok, parseIso, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { KubePort, NodeCondition, PodObject } from '../ports/kube.js';
import type { NodeStorage } from '../store/node-storage.js';
import {
  annotationPodIps, convertPod, podInfoFromRecord, podInfoToRecord, podKey, shouldHandlePod,
  type ConvertPodOptions,
  type PodInfo,
} from './pod-info.js';

export const eventSource = 'terway-daemon';
export const podCacheCleanPeriodMs = 5 * 60_000;
export const podCacheCleanTimeoutMs = 60 * 60_000;
export const conditionRefreshMs = 5 * 60_000;

export interface KubeClientDeps {
  readonly scheduler: Scheduler;
  readonly kube: KubePort;
  readonly storage: NodeStorage;
}

export interface KubeClientOptions extends ConvertPodOptions {
  readonly nodeName: string;
}

/** Go's apierrors NotFound text for a pod. */
export function podNotFound(name: string): string {
  return `pods "${name}" not found`;
}

export class KubeClient {
  /** pod.db deletion marks (Terway's unexported storageItem.deletionTime): gone with the daemon. */
  private readonly deletionMarks = new Map<string, number>();

  constructor(private readonly deps: KubeClientDeps, readonly options: KubeClientOptions) {}

  get nodeName(): string {
    return this.options.nodeName;
  }

  async getPod(namespace: string, name: string, cached: boolean): Promise<Result<PodInfo, string>> {
    const key = podKey(namespace, name);
    const pod = await this.deps.kube.getPod(namespace, name, { cached });
    if (pod === undefined) {
      const item = this.deps.storage.pods.get(key);
      return item === undefined ? err(podNotFound(name)) : ok(podInfoFromRecord(item.Pod));
    }
    const info = this.convert(pod);
    if (!shouldHandlePod(pod, this.nodeName)) return err(podNotFound(name));
    if (info.ipStickTimeMs > 0) {
      this.deps.storage.pods.put(key, { Pod: podInfoToRecord(info, isoSeconds) });
    }
    return ok(info);
  }

  /** Uncached existence check for GC (a pod the daemon would not serve counts as absent). */
  async podExist(namespace: string, name: string): Promise<boolean> {
    const pod = await this.deps.kube.getPod(namespace, name, { cached: false });
    return pod !== undefined && shouldHandlePod(pod, this.nodeName);
  }

  async getLocalPods(): Promise<PodInfo[]> {
    const pods = await this.deps.kube.listPodsOnNode(this.nodeName);
    return pods.filter((pod) => shouldHandlePod(pod, this.nodeName))
      .map((pod) => this.convert(pod));
  }

  /** Writes `k8s.aliyun.com/pod-ips` unless it already says `ips`. */
  async patchPodIpInfo(info: PodInfo, ips: string): Promise<void> {
    const pod = await this.deps.kube.getPod(info.namespace, info.name, { cached: true });
    if (pod === undefined || pod.metadata?.annotations?.[annotationPodIps] === ips) return;
    const patch = { [annotationPodIps]: ips };
    await this.deps.kube.patchPodAnnotations(info.namespace, info.name, patch);
  }

  /** Terway's PatchNodeIPResCondition for `SufficientIP`. */
  async patchNodeIpResCondition(status: 'True' | 'False', reason: string,
    message: string): Promise<void> {
    const node = await this.deps.kube.getNode(this.nodeName);
    if (node === undefined) return;
    const now = this.deps.scheduler.wallMs();
    let transition: NodeCondition['lastTransitionTime'] = isoSeconds(now);
    for (const condition of node.status?.conditions ?? []) {
      const same = condition.type === 'SufficientIP' && condition.status === status &&
        condition.reason === reason && condition.message === message;
      if (!same) continue;
      const heartbeat = timeMs(condition.lastHeartbeatTime);
      if (heartbeat !== undefined && heartbeat + conditionRefreshMs > now) return;
      transition = condition.lastTransitionTime;
    }
    await this.deps.kube.setNodeCondition(this.nodeName, {
      type: 'SufficientIP', status, reason, message, lastHeartbeatTime: isoSeconds(now),
      lastTransitionTime: transition,
    });
  }

  /** Merge-patches node annotations unless every one already has its value. */
  async patchNodeAnnotations(annotations: { readonly [key: string]: string }): Promise<void> {
    if (Object.keys(annotations).length === 0) return;
    const node = await this.deps.kube.getNode(this.nodeName);
    if (node === undefined) return;
    const current = node.metadata?.annotations ?? {};
    if (Object.entries(annotations).every(([key, value]) => current[key] === value)) return;
    await this.deps.kube.patchNodeAnnotations(this.nodeName, annotations);
  }

  recordNodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    const target = { kind: 'Node' as const, name: this.nodeName };
    this.deps.kube.recordEvent({ target, type, reason, message, source: eventSource });
  }

  recordPodEvent(namespace: string, name: string, type: 'Normal' | 'Warning', reason: string,
    message: string): void {
    const target = { kind: 'Pod' as const, namespace, name };
    this.deps.kube.recordEvent({ target, type, reason, message, source: eventSource });
  }

  /** One pass of Terway's pod.db cleanup (k8s.clean). */
  async cleanPodCache(): Promise<void> {
    const pods = await this.getLocalPods();
    const local = new Set(pods.map((pod) => podKey(pod.namespace, pod.name)));
    const now = this.deps.scheduler.nowMs();
    for (const key of this.deps.storage.pods.keys()) {
      if (local.has(key)) {
        this.deletionMarks.delete(key);
        continue;
      }
      const marked = this.deletionMarks.get(key);
      if (marked === undefined) this.deletionMarks.set(key, now);
      else if (now - marked > podCacheCleanTimeoutMs) {
        this.deps.storage.pods.delete(key);
        this.deletionMarks.delete(key);
      }
    }
  }

  private convert(pod: PodObject): PodInfo {
    const { info, warnings } = convertPod(pod, this.options);
    warnings.forEach((warning) => {
      this.recordPodEvent(info.namespace, info.name, 'Warning', warning.reason, warning.message);
    });
    return info;
  }
}

function timeMs(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? parseIso(value) : value.getTime();
}
