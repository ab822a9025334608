// The API server's printers for the core/v1 resources kube-sim serves (k8s.io/kubernetes
// pkg/printers/internalversion/printers.go: printPod, printNode, printEvent, printConfigMap,
// printNamespace): the same columns, in the same order, with the same cell rules: a pod's READY
// counts ready containers, its STATUS is the phase overridden by a container's waiting or
// terminated reason, then `Terminating` while it is being deleted; a node's STATUS is Ready or
// NotReady plus SchedulingDisabled, its ROLES come from node-role labels.

import type {
  CoreV1Event, V1ConfigMap, V1Namespace, V1Node, V1Pod,
} from '@kubernetes/client-node';
import { ageSince, humanDuration, timestampMs } from './human-duration.js';
import {
  ageColumn, column, nameColumn, type Printer, type TableCell, type TableRowCondition,
} from './table.js';

const podColumns = [
  nameColumn,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column('Restarts', 'string', 'The number of times the containers in this pod have been ' +
    'restarted and when the last container in this pod has restarted.'),
  ageColumn,
  column('IP', 'string', 'IP address allocated to the pod. Routable at least within the ' +
    'cluster. Empty if not yet allocated.', { wide: true }),
  column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.',
    { wide: true }),
  column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts ' +
    'other pods on the node.', { wide: true }),
  column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated ' +
    'for pod readiness.', { wide: true }),
];

const completed = (reason: string, message: string): TableRowCondition[] =>
  [{ type: 'Completed', status: 'True', reason, message }];

/** READY, STATUS and RESTARTS of a pod, by printPod's rules (init containers aside). */
export function podState(pod: V1Pod, nowMs: number): { ready: string; status: string;
  restarts: string } {
  const containers = pod.status?.containerStatuses ?? [];
  let reason = pod.status?.reason ?? pod.status?.phase ?? '';
  let restarts = 0;
  let readyCount = 0;
  let lastRestartMs: number | undefined;
  let running = false;
  for (let index = containers.length - 1; index >= 0; index--) {
    const container = containers[index]!;
    restarts += container.restartCount;
    const finishedMs = timestampMs(container.lastState?.terminated?.finishedAt);
    if (finishedMs !== undefined && (lastRestartMs ?? -Infinity) < finishedMs) {
      lastRestartMs = finishedMs;
    }
    const { waiting, terminated } = container.state ?? {};
    if (waiting?.reason !== undefined && waiting.reason !== '') reason = waiting.reason;
    else if (terminated?.reason !== undefined && terminated.reason !== '') {
      reason = terminated.reason;
    } else if (terminated !== undefined) {
      reason = terminated.signal !== undefined && terminated.signal !== 0
        ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    } else if (container.ready && container.state?.running !== undefined) {
      running = true;
      readyCount++;
    }
  }
  if (reason === 'Completed' && running) {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    reason = ready === true ? 'Running' : 'NotReady';
  }
  const phase = pod.status?.phase;
  if (pod.metadata?.deletionTimestamp !== undefined && pod.status?.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp !== undefined && phase !== 'Succeeded'
    && phase !== 'Failed') {
    reason = 'Terminating';
  }
  const restartText = restarts !== 0 && lastRestartMs !== undefined
    ? `${restarts} (${humanDuration(nowMs - lastRestartMs)} ago)` : String(restarts);
  return { ready: `${readyCount}/${pod.spec?.containers.length ?? 0}`, status: reason,
    restarts: restartText };
}

export const podPrinter: Printer = {
  columns: podColumns,
  row(object, nowMs) {
    const pod = object as V1Pod;
    const state = podState(pod, nowMs);
    const gates = pod.spec?.readinessGates ?? [];
    const trueGates = gates.filter((gate) => pod.status?.conditions?.find((condition) =>
      condition.type === gate.conditionType)?.status === 'True').length;
    const cells: TableCell[] = [
      pod.metadata?.name ?? '', state.ready, state.status, state.restarts,
      ageSince(pod.metadata?.creationTimestamp, nowMs),
      orNone(pod.status?.podIPs?.[0]?.ip), orNone(pod.spec?.nodeName),
      orNone(pod.status?.nominatedNodeName),
      gates.length === 0 ? '<none>' : `${trueGates}/${gates.length}`,
    ];
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') {
      return { cells, conditions: completed('Succeeded', 'The pod has completed successfully.') };
    }
    if (phase === 'Failed') return { cells, conditions: completed('Failed', 'The pod failed.') };
    return { cells };
  },
};

function orNone(value: string | undefined): string {
  return value === undefined || value === '' ? '<none>' : value;
}

const nodeColumns = [
  nameColumn,
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  ageColumn,
  column('Version', 'string', 'Kubelet Version reported by the node.'),
  column('Internal-IP', 'string', 'List of addresses reachable to the node.', { wide: true }),
  column('External-IP', 'string', 'List of addresses reachable to the node.', { wide: true }),
  column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release ' +
    '(e.g. Debian GNU/Linux 7 (wheezy)).', { wide: true }),
  column('Kernel-Version', 'string', 'Kernel Version reported by the node from \'uname -r\' ' +
    '(e.g. 3.16.0-0.bpo.4-amd64).', { wide: true }),
  column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node ' +
    'through runtime remote API (e.g. containerd://1.4.2).', { wide: true }),
];

/** Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, sorted. */
export function nodeRoles(node: V1Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** A node's STATUS cell: Ready / NotReady / Unknown, plus SchedulingDisabled. */
export function nodeStatus(node: V1Node): string {
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  const status = [ready === undefined ? 'Unknown'
    : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: V1Node, type: string): string {
  return node.status?.addresses?.find((address) => address.type === type)?.address ?? '<none>';
}

export const nodePrinter: Printer = {
  columns: nodeColumns,
  row(object, nowMs) {
    const node = object as V1Node;
    const info = node.status?.nodeInfo;
    const roles = nodeRoles(node).join(',');
    const known = (value: string | undefined): string =>
      value === undefined || value === '' ? '<unknown>' : value;
    return { cells: [
      node.metadata?.name ?? '', nodeStatus(node), roles === '' ? '<none>' : roles,
      ageSince(node.metadata?.creationTimestamp, nowMs), info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'), known(info?.osImage),
      known(info?.kernelVersion), known(info?.containerRuntimeVersion),
    ] };
  },
};

const eventColumns = [
  column('Last Seen', 'string', 'The time at which the most recent occurrence of this event ' +
    'was recorded.'),
  column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in ' +
    'the future'),
  column('Reason', 'string', 'This should be a short, machine understandable string that ' +
    'gives the reason for the transition into the object\'s current status.'),
  column('Object', 'string', 'The object that this event is about.'),
  column('Subobject', 'string', 'If referring to a piece of an object instead of an entire ' +
    'object, this string should contain a valid JSON/Go field access statement.',
  { wide: true }),
  column('Source', 'string', 'The component reporting this event. Should be a short machine ' +
    'understandable string.', { wide: true }),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'string', 'The time at which the event was first recorded. (Time of ' +
    'server receipt is in TypeMeta.)', { wide: true }),
  column('Count', 'string', 'The number of times this event has occurred.', { wide: true }),
  { ...nameColumn, priority: 1 },
];

/** `component, host`, each falling back to the reporting controller / instance. */
export function eventSource(event: CoreV1Event): string {
  const component = nonEmpty(event.source?.component, event.reportingComponent);
  const instance = nonEmpty(event.source?.host, event.reportingInstance);
  return instance === '' ? component : `${component}, ${instance}`;
}

function nonEmpty(first: string | undefined, second: string | undefined): string {
  return first !== undefined && first !== '' ? first : second ?? '';
}

export const eventPrinter: Printer = {
  columns: eventColumns,
  row(object, nowMs) {
    const event = object as CoreV1Event;
    const first = event.firstTimestamp === undefined ? ageSince(event.eventTime, nowMs)
      : ageSince(event.firstTimestamp, nowMs);
    const last = event.lastTimestamp === undefined ? first : ageSince(event.lastTimestamp, nowMs);
    const count = event.count === undefined || event.count === 0 ? 1 : event.count;
    const { kind, name } = event.involvedObject;
    const target = name !== undefined && name !== ''
      ? `${(kind ?? '').toLowerCase()}/${name}` : (kind ?? '').toLowerCase();
    return { cells: [
      last, event.type ?? '', event.reason ?? '', target, event.involvedObject.fieldPath ?? '',
      eventSource(event), (event.message ?? '').trim(), first, count, event.metadata.name ?? '',
    ] };
  },
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'integer', 'Number of data in the configmap'), ageColumn],
  row(object, nowMs) {
    const configMap = object as V1ConfigMap;
    const count = Object.keys(configMap.data ?? {}).length
      + Object.keys(configMap.binaryData ?? {}).length;
    return { cells: [configMap.metadata?.name ?? '', count,
      ageSince(configMap.metadata?.creationTimestamp, nowMs)] };
  },
};

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  row(object, nowMs) {
    const namespace = object as V1Namespace;
    return { cells: [namespace.metadata?.name ?? '', namespace.status?.phase ?? '',
      ageSince(namespace.metadata?.creationTimestamp, nowMs)] };
  },
};

