// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause, and a packet that
// NetworkPolicy drops as a `filtered` drop naming the policy.
//
// A probe may be narrowed to source and destination pods (a namespace and a label selector each)
// and given an L4 protocol and port; without a port it is an ICMP echo, as it always was.

import type { L4Protocol } from '@terway-sim/kernel-shim';
import { isPodReady, labelsMatch, type LabelSelector } from '@terway-sim/kube-sim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly netns: string;
  readonly namespace: string;
  readonly labels: { readonly [key: string]: string } | undefined;
}

/** What one probe found: delivered or not, and the traffic rules that decided. */
export interface ProbeOutcome {
  readonly from: string;
  readonly to: string;
  readonly delivered: boolean;
  /** The rule (policy namespace/name) that dropped it, for a `filtered` drop. */
  readonly droppedBy?: string;
  /** The rules that let it through on its way. */
  readonly acceptedBy: readonly string[];
}

export interface ReachabilityResult {
  readonly probes: number;
  readonly failures: string[];
  readonly outcomes: readonly ProbeOutcome[];
}

/** Which pods a probe runs between, and with what L4 header. */
export interface ProbeScope {
  readonly from?: PodFilter | undefined;
  readonly to?: PodFilter | undefined;
  readonly l4?: { readonly protocol: L4Protocol; readonly dstPort: number } | undefined;
}

export interface PodFilter {
  readonly namespace?: string | undefined;
  readonly labels?: LabelSelector | undefined;
}

function readyPods(world: World): ProbePod[] {
  const pods: ProbePod[] = [];
  for (const node of world.liveNodes().values()) {
    for (const [key, netns] of node.podNetwork.podNamespace) {
      const pod = world.api.getPod(key);
      const ip = pod?.status?.podIP;
      if (pod !== undefined && isPodReady(pod) && ip !== undefined && ip !== '') {
        pods.push({ key, ip, netns, namespace: pod.metadata?.namespace ?? 'default',
          labels: pod.metadata?.labels });
      }
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function selected(pods: readonly ProbePod[], filter: PodFilter | undefined): ProbePod[] {
  if (filter === undefined) return [...pods];
  return pods.filter((pod) => (filter.namespace === undefined
    || pod.namespace === filter.namespace)
    && (filter.labels === undefined || labelsMatch(filter.labels, pod.labels)));
}

export function probeReachability(world: World, samples: number,
  stream: RandomStream, scope: ProbeScope = {}): ReachabilityResult {
  const pods = readyPods(world);
  const sources = selected(pods, scope.from);
  const targets = selected(pods, scope.to);
  const pairable = targets.length > 1 || sources.some((pod) => pod !== targets[0]);
  if (sources.length === 0 || targets.length === 0 || !pairable) {
    return { probes: 0, outcomes: [],
      failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const failures: string[] = [];
  const outcomes: ProbeOutcome[] = [];
  let sent = 0;
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(sources);
    // A pod is not probed against itself: a source whose only target is itself sends nothing.
    if (targets.length === 1 && targets[0] === from) continue;
    sent++;
    let to = stream.pick(targets);
    while (to === from) to = stream.pick(targets);
    const result = world.trace(from.netns, to.ip, scope.l4);
    const acceptedBy = result.hops.flatMap((hop) => hop.verdicts ?? [])
      .filter((verdict) => verdict.verdict === 'accept' && verdict.rule !== undefined)
      .map((verdict) => verdict.rule!);
    const delivered = result.ok && result.delivered.namespace === to.netns;
    const droppedBy = result.ok ? undefined : result.drop.verdict?.rule;
    outcomes.push({ from: from.key, to: to.key, delivered, acceptedBy,
      ...(droppedBy === undefined ? {} : { droppedBy }) });
    if (delivered) continue;
    failures.push(result.ok
      ? `${from.key} → ${to.key} (${to.ip}) delivered to ${result.delivered.namespace}, not the pod`
      : `${from.key} → ${to.key} (${to.ip}) dropped in ${result.drop.namespace}: ` +
        `${result.drop.reason} (${result.drop.detail})`);
  }
  world.env.log.record('check.reachability', { probes: sent, failures: failures.length });
  return { probes: sent, failures, outcomes };
}
