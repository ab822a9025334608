// What happens in the simulated cluster besides object writes, as typed events: the scheduler
// binding a pod, a kubelet's pod sandbox getting its IP or failing, a workload scaling, an Event
// being recorded. Other packages subscribe to these instead of reading log lines; the event log is
// one subscriber (`logActivity`), which writes each as the line reports and digests have always
// carried (`pod.ip`, `pod.ready`, `k8s.event`, …).

import type { EventLog } from '@terway-sim/sim-base';

export interface KubeEventRecord {
  readonly atMs: number;
  readonly kind: 'Pod' | 'Node';
  readonly namespace: string;
  readonly name: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly source: string;
}

export type KubeActivity =
  | { readonly type: 'pod.scheduled'; readonly pod: string; readonly node: string }
  | { readonly type: 'pod.ip'; readonly pod: string; readonly node: string;
      readonly ips: readonly string[]; readonly ms: number; readonly attempts: number }
  | { readonly type: 'pod.ready'; readonly pod: string; readonly node: string;
      readonly ms: number }
  | { readonly type: 'pod.sandbox.failed'; readonly pod: string; readonly node: string;
      readonly attempt: number }
  | { readonly type: 'pod.sandbox.deleted'; readonly pod: string; readonly node: string }
  | { readonly type: 'pod.sandbox.abandoned'; readonly node: string; readonly sandbox: string;
      readonly attempts: number }
  | { readonly type: 'workload.scale'; readonly workload: string; readonly replicas: number }
  | { readonly type: 'workload.rollout'; readonly workload: string; readonly revision: number }
  | { readonly type: 'k8s.event'; readonly event: KubeEventRecord };

/** Writes every activity to the event log, one line each, in the order it happened. */
export function logActivity(log: EventLog): (activity: KubeActivity) => void {
  return (activity) => {
    if (activity.type === 'k8s.event') {
      const { event } = activity;
      log.record('k8s.event', {
        object: `${event.kind}/${event.kind === 'Pod' ? `${event.namespace}/` : ''}${event.name}`,
        type: event.type, reason: event.reason, message: event.message, source: event.source,
      });
      return;
    }
    const { type, ...fields } = activity;
    log.record(type, fields as Parameters<EventLog['record']>[1]);
  };
}
