// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause; a security group that
// drops a probe is named as a value (`because`). Probes may be limited to pods whose labels match
// (`from`, `to`), to check that two apps are isolated from each other and not within themselves.
//
// Dual stack: when both pods of a pair have an IPv6 address too, the same pair is also traced over
// IPv6 (no extra draw, so single-stack runs probe exactly as before); `probesIpv6` counts those.

import { isPodReady } from '@terway-sim/kube-sim';
import type { DropCause, DropReason } from '@terway-sim/kernel-shim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly ipv6: string | undefined;
  readonly netns: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Why one probe failed, as values: the trace's drop reason and rule, if one dropped it. */
export interface ProbeDrop {
  readonly reason: DropReason | 'wrong-namespace';
  readonly because?: DropCause;
}

export interface ReachabilityResult {
  /** Pairs probed (over IPv4, the pods' primary family). */
  readonly probes: number;
  /** Of those pairs, the ones also probed over IPv6 (both pods dual stack). */
  readonly probesIpv6: number;
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
        const ipv6 = (pod.status?.podIPs ?? []).map((entry) => entry.ip)
          .find((address) => address.includes(':'));
        pods.push({ key, ip, ipv6, netns, labels: pod.metadata?.labels ?? {} });
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
    return { probes: 0, probesIpv6: 0, drops: [],
      failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const failures: string[] = [];
  const drops: ProbeDrop[] = [];
  let probesIpv6 = 0;
  for (let probe = 0; probe < samples; probe++) {
    let from = stream.pick(senders);
    while (!receivers.some((to) => to !== from)) from = stream.pick(senders);
    let to = stream.pick(receivers);
    while (to === from) to = stream.pick(receivers);
    probePair(world, from, to, to.ip, { failures, drops });
    if (from.ipv6 === undefined || to.ipv6 === undefined) continue;
    probesIpv6++;
    probePair(world, from, to, to.ipv6, { failures, drops });
  }
  world.env.log.record('check.reachability', { probes: samples, failures: failures.length,
    ...(probesIpv6 === 0 ? {} : { probesIpv6 }) });
  return { probes: samples, probesIpv6, failures, drops };
}

/** One traced packet to `ip`; a failure (and its drop) is added when it did not reach the pod. */
function probePair(world: World, from: ProbePod, to: ProbePod, ip: string,
  into: { failures: string[]; drops: ProbeDrop[] }): void {
  const result = world.trace(from.netns, ip);
  if (result.ok && result.delivered.namespace === to.netns) return;
  into.failures.push(result.ok
    ? `${from.key} → ${to.key} (${ip}) delivered to ${result.delivered.namespace}, not the pod`
    : `${from.key} → ${to.key} (${ip}) dropped in ${result.drop.namespace}: ` +
      `${result.drop.reason} (${result.drop.detail})`);
  into.drops.push(result.ok ? { reason: 'wrong-namespace' } : {
    reason: result.drop.reason,
    ...(result.drop.because !== undefined ? { because: result.drop.because } : {}),
  });
}

/** Probes from sampled pods to one address outside the cluster (the Internet, say). */
function probeAddress(world: World, samples: number, stream: RandomStream,
  senders: readonly ProbePod[], address: string): ReachabilityResult {
  if (senders.length === 0) return { probes: 0, probesIpv6: 0, failures: [], drops: [] };
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
  return { probes: samples, probesIpv6: 0, failures, drops };
}
