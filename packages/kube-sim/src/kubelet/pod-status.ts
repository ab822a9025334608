// The pod status a kubelet reports at each stage of a pod's life, as kubelet's status manager
// writes it (k8s.io/kubernetes pkg/kubelet/kubelet_pods.go, generateAPIPodStatus, and
// pkg/kubelet/status/generate.go): phase, hostIP, startTime, the five pod conditions in the
// kubelet's order, and one container status per container of the spec. This is what
// `kubectl get pods` reads for READY and STATUS (`0/1 ContainerCreating`, `1/1 Running`,
// `0/1 Completed`) and what `kubectl describe pod` prints.
//
// A condition keeps its lastTransitionTime while its status stays the same.

import type {
  V1ContainerStatus, V1Pod, V1PodCondition, V1PodStatus,
} from '@kubernetes/client-node';

/** How far the kubelet has got with a pod. */
export type PodStage =
  | { readonly stage: 'creating' }
  | { readonly stage: 'running'; readonly ips: readonly string[]; readonly containerId: string }
  | { readonly stage: 'ready' }
  | { readonly stage: 'succeeded' };

type ConditionStatus = 'True' | 'False';

interface Conditions {
  readonly sandbox: ConditionStatus;
  readonly ready: ConditionStatus;
  readonly readyReason?: string;
}

const conditionOrder = [
  'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled',
] as const;

/** The status after `stage`, built on the pod's current status. */
export function podStatusAt(pod: V1Pod, stage: PodStage, now: Date,
  hostIP: string | undefined): V1PodStatus {
  const current = pod.status ?? {};
  const base: V1PodStatus = {
    ...current,
    ...(hostIP === undefined ? {} : { hostIP, hostIPs: [{ ip: hostIP }] }),
    startTime: current.startTime ?? now,
  };
  switch (stage.stage) {
    case 'creating':
      return { ...base, phase: 'Pending',
        conditions: conditions(pod, { sandbox: 'False', ready: 'False' }, now),
        containerStatuses: containers(pod, () => ({ ready: false, started: false,
          state: { waiting: { reason: 'ContainerCreating' } } })) };
    case 'running':
      return { ...base, phase: 'Running', podIP: stage.ips[0] ?? '',
        podIPs: stage.ips.map((ip) => ({ ip })),
        conditions: conditions(pod, { sandbox: 'True', ready: 'False' }, now),
        containerStatuses: containers(pod, () => ({ ready: false, started: true,
          containerID: stage.containerId, state: { running: { startedAt: now } } })) };
    case 'ready':
      return { ...base,
        conditions: conditions(pod, { sandbox: 'True', ready: 'True' }, now),
        containerStatuses: (current.containerStatuses ?? [])
          .map((status) => ({ ...status, ready: true })) };
    case 'succeeded':
      return { ...base, phase: 'Succeeded',
        conditions: conditions(pod, { sandbox: 'False', ready: 'False',
          readyReason: 'PodCompleted' }, now),
        containerStatuses: (current.containerStatuses ?? []).map((status) => ({
          ...status, ready: false, started: false,
          state: { terminated: { exitCode: 0, reason: 'Completed',
            startedAt: status.state?.running?.startedAt ?? now, finishedAt: now,
            ...(status.containerID === undefined ? {} : { containerID: status.containerID }) } },
        })) };
  }
}

function containers(pod: V1Pod,
  fill: () => Omit<V1ContainerStatus, 'name' | 'image' | 'imageID' | 'restartCount'>):
  V1ContainerStatus[] {
  return (pod.spec?.containers ?? []).map((container) => ({
    name: container.name, image: container.image ?? '', imageID: '', restartCount: 0,
    ...fill(),
  }));
}

function conditions(pod: V1Pod, wanted: Conditions, now: Date): V1PodCondition[] {
  const previous = new Map((pod.status?.conditions ?? [])
    .map((condition) => [condition.type, condition]));
  const notReady = wanted.readyReason ?? 'ContainersNotReady';
  const names = (pod.spec?.containers ?? []).map((container) => container.name).join(' ');
  const detail = wanted.ready === 'False' && wanted.readyReason === undefined
    ? { reason: notReady, message: `containers with unready status: [${names}]` }
    : wanted.ready === 'False' ? { reason: notReady } : {};
  const statuses: Record<(typeof conditionOrder)[number], [ConditionStatus, object]> = {
    PodReadyToStartContainers: [wanted.sandbox, {}],
    Initialized: ['True', {}],
    Ready: [wanted.ready, detail],
    ContainersReady: [wanted.ready, detail],
    PodScheduled: ['True', {}],
  };
  return conditionOrder.map((type) => {
    const [status, extra] = statuses[type];
    const before = previous.get(type);
    const since = before?.status === status ? before.lastTransitionTime ?? now : now;
    return { type, status, lastTransitionTime: since, ...extra };
  });
}
