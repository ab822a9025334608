// `kubectl describe pod` and `kubectl describe node` as kubectl prints them (k8s.io/kubectl
// pkg/describe/describe.go: describePod, describeContainers, describeNode,
// describeNodeResource), from the objects kubectl would fetch: the pod or node, the events
// about it, and for a node the pods on it that have not finished. The layout is the
// describer's: one tabwriter (describe-writer.ts), the same labels, the same order, the same
// trailing spaces. Parts of a pod this simulation never sets (init and ephemeral containers,
// probes, environment, volumes, tolerations) print as kubectl prints them when absent.
//
// Node Leases are not objects here, so the Lease line says what kubectl says when it cannot
// read one.

import type {
  CoreV1Event, V1Container, V1ContainerStatus, V1Node, V1Pod,
} from '@kubernetes/client-node';
import { ageSince, humanDuration, timestampMs } from '../printers/human-duration.js';
import { nodeRoles } from '../printers/core.js';
import {
  DescribeWriter, rfc1123, writeAnnotations, writeEvents, writeLabels,
} from './describe-writer.js';

export const leaseMissing = 'Failed to get lease: the server could not find the requested ' +
  'resource';

export function describePod(pod: V1Pod, events: readonly CoreV1Event[], nowMs: number): string {
  const w = new DescribeWriter();
  const { metadata, spec, status } = pod;
  w.write(0, `Name:\t${metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${metadata?.namespace ?? ''}\n`);
  if (spec?.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if ((spec?.serviceAccountName ?? '') !== '') {
    w.write(0, `Service Account:\t${spec?.serviceAccountName}\n`);
  }
  w.write(0, `Node:\t${spec?.nodeName === undefined || spec.nodeName === '' ? '<none>'
    : `${spec.nodeName}/${status?.hostIP ?? ''}`}\n`);
  if (status?.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123(status.startTime)}\n`);
  writeLabels(w, 'Labels', metadata?.labels);
  writeAnnotations(w, 'Annotations', metadata?.annotations);
  const phase = status?.phase ?? '';
  if (metadata?.deletionTimestamp !== undefined && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${untilText(metadata.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${phase}\n`);
  }
  if ((status?.reason ?? '') !== '') w.write(0, `Reason:\t${status?.reason}\n`);
  if ((status?.message ?? '') !== '') w.write(0, `Message:\t${status?.message}\n`);
  w.write(0, `IP:\t${status?.podIP ?? ''}\n`);
  const ips = status?.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    ips.forEach((ip) => w.write(1, `IP:\t${ip.ip}\n`));
  }
  const owner = metadata?.ownerReferences?.find((reference) => reference.controller === true);
  if (owner !== undefined) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if ((status?.nominatedNodeName ?? '') !== '') {
    w.write(0, `NominatedNodeName:\t${status?.nominatedNodeName}\n`);
  }
  writeContainers(w, spec?.containers ?? [], status?.containerStatuses ?? []);
  const conditions = status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    conditions.forEach((condition) => w.write(1, `${condition.type} \t${condition.status} \n`));
  }
  w.write(0, 'Volumes:\t<none>\n');
  w.write(0, `QoS Class:\t${status?.qosClass ?? 'BestEffort'}\n`);
  writeLabels(w, 'Node-Selectors', spec?.nodeSelector);
  w.write(0, 'Tolerations:\t<none>\n');
  writeEvents(w, events, nowMs);
  return w.text();
}

/** translateTimestampUntil: how long until a timestamp (deletion grace), as an age. */
function untilText(value: Date | string, nowMs: number): string {
  return humanDuration((timestampMs(value) ?? nowMs) - nowMs);
}

function writeContainers(w: DescribeWriter, containers: readonly V1Container[],
  statuses: readonly V1ContainerStatus[]): void {
  if (containers.length === 0) {
    w.write(0, 'Containers: <none>\n');
    return;
  }
  w.write(0, 'Containers:\n');
  for (const container of containers) {
    const status = statuses.find((candidate) => candidate.name === container.name);
    w.write(1, `${container.name}:\n`);
    if (status !== undefined) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${container.image ?? ''}\n`);
    if (status !== undefined) w.write(2, `Image ID:\t${status.imageID}\n`);
    w.write(2, 'Port:\t<none>\n');
    w.write(2, 'Host Port:\t<none>\n');
    if (status !== undefined) writeContainerState(w, status);
    writeQuantities(w, 'Limits', container.resources?.limits);
    writeQuantities(w, 'Requests', container.resources?.requests);
    w.write(2, 'Environment:\t<none>\n');
    w.write(2, 'Mounts:\t<none>\n');
  }
}

function writeContainerState(w: DescribeWriter, status: V1ContainerStatus): void {
  const { running, waiting, terminated } = status.state ?? {};
  if (running !== undefined) {
    w.write(2, 'State:\tRunning\n');
    w.write(3, `Started:\t${rfc1123(running.startedAt)}\n`);
  } else if (terminated !== undefined) {
    w.write(2, 'State:\tTerminated\n');
    if ((terminated.reason ?? '') !== '') w.write(3, `Reason:\t${terminated.reason}\n`);
    if ((terminated.message ?? '') !== '') w.write(3, `Message:\t${terminated.message}\n`);
    w.write(3, `Exit Code:\t${terminated.exitCode}\n`);
    if ((terminated.signal ?? 0) > 0) w.write(3, `Signal:\t${terminated.signal}\n`);
    w.write(3, `Started:\t${rfc1123(terminated.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123(terminated.finishedAt)}\n`);
  } else {
    w.write(2, 'State:\tWaiting\n');
    if ((waiting?.reason ?? '') !== '') w.write(3, `Reason:\t${waiting?.reason}\n`);
  }
  w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
  w.write(2, `Restart Count:\t${status.restartCount}\n`);
}

function writeQuantities(w: DescribeWriter, title: string,
  quantities: Readonly<Record<string, string>> | undefined): void {
  const names = Object.keys(quantities ?? {}).sort();
  if (names.length === 0) return;
  w.write(2, `${title}:\n`);
  names.forEach((name) => w.write(3, `${name}:\t${quantities![name]}\n`));
}

export interface NodeDescription {
  readonly node: V1Node;
  /** Pods bound to the node whose phase is neither Succeeded nor Failed, in list order. */
  readonly pods: readonly V1Pod[];
  readonly events: readonly CoreV1Event[];
  readonly nowMs: number;
}

export function describeNode(description: NodeDescription): string {
  const { node, nowMs } = description;
  const w = new DescribeWriter();
  const roles = nodeRoles(node);
  w.write(0, `Name:\t${node.metadata?.name ?? ''}\n`);
  w.write(0, `Roles:\t${roles.length === 0 ? '<none>' : roles.join(',')}\n`);
  writeLabels(w, 'Labels', node.metadata?.labels);
  writeAnnotations(w, 'Annotations', node.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123(node.metadata?.creationTimestamp)}\n`);
  writeTaints(w, node);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  w.write(0, `Lease:\t${leaseMissing}\n`);
  const conditions = node.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\t' +
      'Message\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123(c.lastHeartbeatTime)} \t` +
        `${rfc1123(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  (node.status?.addresses ?? []).forEach((a) => w.write(1, `${a.type}:\t${a.address}\n`));
  for (const [title, list] of [['Capacity', node.status?.capacity],
    ['Allocatable', node.status?.allocatable]] as const) {
    if (list === undefined || Object.keys(list).length === 0) continue;
    w.write(0, `${title}:\n`);
    Object.keys(list).sort().forEach((name) => w.write(0, `  ${name}:\t${list[name]}\n`));
  }
  writeSystemInfo(w, node);
  writeNodePods(w, description);
  writeEvents(w, description.events, nowMs);
  return w.text();
}

function writeTaints(w: DescribeWriter, node: V1Node): void {
  const taints = [...node.spec?.taints ?? []].sort((a, b) => (a.key < b.key ? -1 : 1));
  if (taints.length === 0) {
    w.write(0, 'Taints:\t<none>\n');
    return;
  }
  taints.forEach((taint, index) => w.write(0, `${index === 0 ? 'Taints:' : ''}\t${taint.key}` +
    `${taint.value === undefined || taint.value === '' ? '' : `=${taint.value}`}:` +
    `${taint.effect}\n`));
}

function writeSystemInfo(w: DescribeWriter, node: V1Node): void {
  const info = node.status?.nodeInfo;
  w.write(0, 'System Info:\n');
  const rows: Array<[string, string | undefined]> = [
    ['Machine ID', info?.machineID], ['System UUID', info?.systemUUID],
    ['Boot ID', info?.bootID], ['Kernel Version', info?.kernelVersion],
    ['OS Image', info?.osImage], ['Operating System', info?.operatingSystem],
    ['Architecture', info?.architecture],
    ['Container Runtime Version', info?.containerRuntimeVersion],
    ['Kubelet Version', info?.kubeletVersion], ['Kube-Proxy Version', info?.kubeProxyVersion],
  ];
  rows.forEach(([title, value]) => w.write(0, `  ${title}:\t${value ?? ''}\n`));
  if ((node.spec?.podCIDR ?? '') !== '') w.write(0, `PodCIDR:\t${node.spec?.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) {
    w.write(0, `PodCIDRs:\t${node.spec?.podCIDRs?.join(',')}\n`);
  }
  if ((node.spec?.providerID ?? '') !== '') w.write(0, `ProviderID:\t${node.spec?.providerID}\n`);
}

/** Sums of a resource's requests or limits over pods (integer quantities, as scenarios use). */
function podTotal(pods: readonly V1Pod[], kind: 'requests' | 'limits', name: string): number {
  return pods.flatMap((pod) => pod.spec?.containers ?? [])
    .reduce((sum, container) => sum + Number(container.resources?.[kind]?.[name] ?? 0), 0);
}

function writeNodePods(w: DescribeWriter, description: NodeDescription): void {
  const { node, pods, nowMs } = description;
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\t' +
    'Age\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t' +
    '---\n');
  for (const pod of pods) {
    w.write(1, `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t0 (0%)\t` +
      `0 (0%)\t0 (0%)\t0 (0%)\t${ageSince(pod.metadata?.creationTimestamp, nowMs)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., ' +
    'overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    w.write(1, `${name}\t0 (0%)\t0 (0%)\n`);
  }
  const allocatable = node.status?.allocatable ?? node.status?.capacity ?? {};
  const extended = Object.keys(allocatable).filter((name) => name.includes('/')
    && !name.startsWith('hugepages-') && !name.startsWith('kubernetes.io/')).sort();
  for (const name of extended) {
    w.write(1, `${name}\t${podTotal(pods, 'requests', name)}\t${podTotal(pods, 'limits', name)}\n`);
  }
}
