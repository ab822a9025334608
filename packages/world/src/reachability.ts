// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause; a security group, the
// VPC's missing way out (no SNAT) or a NetworkPolicy that drops a probe is named as a value
// (`because`), and the policies that let a probe through are kept too.
//
// A probe may be narrowed (ProbeSelection): senders and receivers by namespace and label
// selector, or one address outside the cluster (`toAddress`) instead of pods, and given an L4
// protocol and port; without a protocol it is an ICMP echo, as it always was.
//
// Dual stack: when both pods of a pair have an IPv6 address too, the same pair is also traced over
// IPv6 (no extra draw, so single-stack runs probe exactly as before); `probesIpv6` counts those.

import { isPodReady, labelsMatch, type LabelSelector } from '@terway-sim/kube-sim';
import type { DropCause, DropReason, TraceRequest, TraceResult } from '@terway-sim/kernel-shim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly ipv6: string | undefined;
  readonly netns: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Why one probe failed, as values: the trace's drop reason and rule, if one dropped it. */
export interface ProbeDrop {
  readonly reason: DropReason | 'wrong-namespace';
  readonly because?: DropCause;
}

export interface ReachabilityResult {
  /** Pairs probed (over IPv4, the pods' primary family), or packets to `toAddress`. */
  readonly probes: number;
  /** Of those pairs, the ones also probed over IPv6 (both pods dual stack). */
  readonly probesIpv6: number;
  readonly failures: string[];
  /** One per failure, in the same order. */
  readonly drops: ProbeDrop[];
  /** One per delivered packet: the NetworkPolicies (namespace/name) that let it through. */
  readonly allowedBy: (readonly string[])[];
}

/** Pods a probe runs from or to: those in a namespace, those a label selector picks, or both. */
export interface PodSelection {
  readonly namespace?: string | undefined;
  readonly labels?: LabelSelector | undefined;
}

/** Which pods send and which receive (all Ready pods by default), and with what L4 header. */
export interface ProbeSelection {
  readonly from?: PodSelection | undefined;
  readonly to?: PodSelection | undefined;
  /** One address outside the cluster instead of pods: delivered anywhere counts as reached. */
  readonly toAddress?: string | undefined;
  readonly protocol?: TraceRequest['protocol'];
  readonly port?: number | undefined;
}

function matches(pod: ProbePod, selection: PodSelection | undefined): boolean {
  return selection === undefined || ((selection.namespace === undefined ||
    pod.namespace === selection.namespace) &&
    (selection.labels === undefined || labelsMatch(selection.labels, pod.labels)));
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
        pods.push({ key, ip, ipv6, netns, namespace: pod.metadata?.namespace ?? 'default',
          labels: pod.metadata?.labels ?? {} });
      }
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** What the probes of one run found, filled in as they go. */
interface Tally {
  readonly failures: string[];
  readonly drops: ProbeDrop[];
  readonly allowedBy: (readonly string[])[];
}

export function probeReachability(world: World, samples: number,
  stream: RandomStream, selection: ProbeSelection = {}): ReachabilityResult {
  const pods = readyPods(world);
  const l4 = { ...(selection.protocol !== undefined ? { protocol: selection.protocol } : {}),
    ...(selection.port !== undefined ? { port: selection.port } : {}) };
  const senders = pods.filter((pod) => matches(pod, selection.from));
  if (selection.toAddress !== undefined) {
    return probeAddress(world, samples, stream, senders, { address: selection.toAddress, l4 });
  }
  const receivers = pods.filter((pod) => matches(pod, selection.to));
  const paired = senders.some((from) => receivers.some((to) => to !== from));
  if (!paired) {
    return { probes: 0, probesIpv6: 0, drops: [], allowedBy: [],
      failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const tally: Tally = { failures: [], drops: [], allowedBy: [] };
  let probesIpv6 = 0;
  for (let probe = 0; probe < samples; probe++) {
    let from = stream.pick(senders);
    while (!receivers.some((to) => to !== from)) from = stream.pick(senders);
    let to = stream.pick(receivers);
    while (to === from) to = stream.pick(receivers);
    probePair(world, { from, to, ip: to.ip, l4 }, tally);
    if (from.ipv6 === undefined || to.ipv6 === undefined) continue;
    probesIpv6++;
    probePair(world, { from, to, ip: to.ipv6, l4 }, tally);
  }
  world.env.log.record('check.reachability', { probes: samples,
    failures: tally.failures.length, ...(probesIpv6 === 0 ? {} : { probesIpv6 }) });
  return { probes: samples, probesIpv6, ...tally };
}

type L4 = Pick<TraceRequest, 'protocol' | 'port'>;

/** One traced packet to `ip`; a failure (and its drop) is added when it did not reach the pod. */
function probePair(world: World,
  probe: { from: ProbePod; to: ProbePod; ip: string; l4: L4 }, into: Tally): void {
  const { from, to, ip } = probe;
  const result = world.trace(from.netns, ip, probe.l4);
  if (result.ok && result.delivered.namespace === to.netns) {
    into.allowedBy.push(allowingPolicies(result));
    return;
  }
  into.failures.push(result.ok
    ? `${from.key} → ${to.key} (${ip}) delivered to ${result.delivered.namespace}, not the pod`
    : `${from.key} → ${to.key} (${ip}) dropped in ${result.drop.namespace}: ` +
      `${result.drop.reason} (${result.drop.detail})`);
  into.drops.push(result.ok ? { reason: 'wrong-namespace' } : dropOf(result));
}

function dropOf(result: Extract<TraceResult, { ok: false }>): ProbeDrop {
  return { reason: result.drop.reason,
    ...(result.drop.because !== undefined ? { because: result.drop.because } : {}) };
}

/** The policies whose rules let a delivered packet through, in the order they were asked. */
function allowingPolicies(result: TraceResult): string[] {
  return result.hops.flatMap((hop) => hop.verdicts ?? [])
    .filter((verdict) => verdict.by === 'network-policy' && verdict.verdict === 'accept' &&
      verdict.rule !== undefined)
    .map((verdict) => verdict.rule!);
}

/** Probes from sampled pods to one address outside the cluster (the Internet, say). */
function probeAddress(world: World, samples: number, stream: RandomStream,
  senders: readonly ProbePod[], target: { address: string; l4: L4 }): ReachabilityResult {
  const tally: Tally = { failures: [], drops: [], allowedBy: [] };
  if (senders.length === 0) return { probes: 0, probesIpv6: 0, ...tally };
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(senders);
    const result = world.trace(from.netns, target.address, target.l4);
    if (result.ok) {
      tally.allowedBy.push(allowingPolicies(result));
      continue;
    }
    tally.failures.push(`${from.key} → ${target.address} dropped in ${result.drop.namespace}: ` +
      `${result.drop.reason} (${result.drop.detail})`);
    tally.drops.push(dropOf(result));
  }
  world.env.log.record('check.reachability', { probes: samples,
    failures: tally.failures.length });
  return { probes: samples, probesIpv6: 0, ...tally };
}
