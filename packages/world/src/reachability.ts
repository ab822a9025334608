// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause.
//
// Dual stack: when both pods of a pair have an IPv6 address too, the same pair is also traced over
// IPv6 (no extra draw, so single-stack runs probe exactly as before); `probesIpv6` counts those.

import { isPodReady } from '@terway-sim/kube-sim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly ipv6: string | undefined;
  readonly netns: string;
}

export interface ReachabilityResult {
  /** Pairs probed (over IPv4, the pods' primary family). */
  readonly probes: number;
  /** Of those pairs, the ones also probed over IPv6 (both pods dual stack). */
  readonly probesIpv6: number;
  readonly failures: string[];
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
        pods.push({ key, ip, ipv6, netns });
      }
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function probeReachability(world: World, samples: number,
  stream: RandomStream): ReachabilityResult {
  const pods = readyPods(world);
  if (pods.length < 2) {
    return { probes: 0, probesIpv6: 0,
      failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const failures: string[] = [];
  let probesIpv6 = 0;
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(pods);
    let to = stream.pick(pods);
    while (to === from) to = stream.pick(pods);
    const failure = probePair(world, from, to, to.ip);
    if (failure !== undefined) failures.push(failure);
    if (from.ipv6 === undefined || to.ipv6 === undefined) continue;
    probesIpv6++;
    const failureIpv6 = probePair(world, from, to, to.ipv6);
    if (failureIpv6 !== undefined) failures.push(failureIpv6);
  }
  world.env.log.record('check.reachability', { probes: samples, failures: failures.length,
    ...(probesIpv6 === 0 ? {} : { probesIpv6 }) });
  return { probes: samples, probesIpv6, failures };
}

/** One traced packet to `ip`; undefined when it reached the pod, else why not. */
function probePair(world: World, from: ProbePod, to: ProbePod, ip: string): string | undefined {
  const result = world.trace(from.netns, ip);
  if (result.ok && result.delivered.namespace === to.netns) return undefined;
  return result.ok
    ? `${from.key} → ${to.key} (${ip}) delivered to ${result.delivered.namespace}, not the pod`
    : `${from.key} → ${to.key} (${ip}) dropped in ${result.drop.namespace}: ` +
      `${result.drop.reason} (${result.drop.detail})`;
}
