// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause; a security group that
// drops a probe is named as a value (`because`). Probes may be limited to pods whose labels match
// (`from`, `to`), to check that two apps are isolated from each other and not within themselves.

import { isPodReady } from '@terway-sim/kube-sim';
import type { DropCause, DropReason } from '@terway-sim/kernel-shim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly netns: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Why one probe failed, as values: the trace's drop reason and rule, if one dropped it. */
export interface ProbeDrop {
  readonly reason: DropReason | 'wrong-namespace';
  readonly because?: DropCause;
}

export interface ReachabilityResult {
  readonly probes: number;
  readonly failures: string[];
  /** One per failure, in the same order. */
  readonly drops: ProbeDrop[];
}

/** Which pods send and which receive: all Ready pods, or those whose labels match. */
export interface ProbeSelection {
  readonly from?: Readonly<Record<string, string>> | undefined;
  readonly to?: Readonly<Record<string, string>> | undefined;
  /** One address outside the cluster instead of pods: delivered anywhere counts as reached. */
  readonly toAddress?: string | undefined;
}

function matches(pod: ProbePod, labels: Readonly<Record<string, string>> | undefined): boolean {
  return labels === undefined ||
    Object.entries(labels).every(([key, value]) => pod.labels[key] === value);
}

function readyPods(world: World): ProbePod[] {
  const pods: ProbePod[] = [];
  for (const node of world.liveNodes().values()) {
    for (const [key, netns] of node.podNetwork.podNamespace) {
      const pod = world.api.getPod(key);
      const ip = pod?.status?.podIP;
      if (pod !== undefined && isPodReady(pod) && ip !== undefined && ip !== '') {
        pods.push({ key, ip, netns, labels: pod.metadata?.labels ?? {} });
      }
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function probeReachability(world: World, samples: number,
  stream: RandomStream, selection: ProbeSelection = {}): ReachabilityResult {
  const pods = readyPods(world);
  if (selection.toAddress !== undefined) {
    return probeAddress(world, samples, stream,
      pods.filter((pod) => matches(pod, selection.from)), selection.toAddress);
  }
  const senders = pods.filter((pod) => matches(pod, selection.from));
  const receivers = pods.filter((pod) => matches(pod, selection.to));
  const paired = senders.some((from) => receivers.some((to) => to !== from));
  if (!paired) {
    return { probes: 0, drops: [],
      failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const failures: string[] = [];
  const drops: ProbeDrop[] = [];
  for (let probe = 0; probe < samples; probe++) {
    let from = stream.pick(senders);
    while (!receivers.some((to) => to !== from)) from = stream.pick(senders);
    let to = stream.pick(receivers);
    while (to === from) to = stream.pick(receivers);
    const result = world.trace(from.netns, to.ip);
    if (result.ok && result.delivered.namespace === to.netns) continue;
    failures.push(result.ok
      ? `${from.key} → ${to.key} (${to.ip}) delivered to ${result.delivered.namespace}, not the pod`
      : `${from.key} → ${to.key} (${to.ip}) dropped in ${result.drop.namespace}: ` +
        `${result.drop.reason} (${result.drop.detail})`);
    drops.push(result.ok ? { reason: 'wrong-namespace' } : {
      reason: result.drop.reason,
      ...(result.drop.because !== undefined ? { because: result.drop.because } : {}),
    });
  }
  world.env.log.record('check.reachability', { probes: samples, failures: failures.length });
  return { probes: samples, failures, drops };
}

/** Probes from sampled pods to one address outside the cluster (the Internet, say). */
function probeAddress(world: World, samples: number, stream: RandomStream,
  senders: readonly ProbePod[], address: string): ReachabilityResult {
  if (senders.length === 0) return { probes: 0, failures: [], drops: [] };
  const failures: string[] = [];
  const drops: ProbeDrop[] = [];
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(senders);
    const result = world.trace(from.netns, address);
    if (result.ok) continue;
    failures.push(`${from.key} → ${address} dropped in ${result.drop.namespace}: ` +
      `${result.drop.reason} (${result.drop.detail})`);
    drops.push({ reason: result.drop.reason,
      ...(result.drop.because !== undefined ? { because: result.drop.because } : {}) });
  }
  world.env.log.record('check.reachability', { probes: samples, failures: failures.length });
  return { probes: samples, failures, drops };
}
