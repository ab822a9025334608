// Probes pod-to-pod reachability through the kernel and the VPC fabric: seeded pairs of Ready
// pods, a packet traced from one pod's network namespace to the other's IP, delivered or dropped
// with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the VPC (a
// missing route entry) shows up here as a drop with its place and cause.

import { isPodReady } from '@terway-sim/kube-sim';
import type { RandomStream } from '@terway-sim/sim-base';
import type { World } from './world.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly netns: string;
}

export interface ReachabilityResult {
  readonly probes: number;
  readonly failures: string[];
}

function readyPods(world: World): ProbePod[] {
  const pods: ProbePod[] = [];
  for (const node of world.liveNodes().values()) {
    for (const [key, netns] of node.podNetwork.podNamespace) {
      const pod = world.api.getPod(key);
      const ip = pod?.status?.podIP;
      if (pod !== undefined && isPodReady(pod) && ip !== undefined && ip !== '') {
        pods.push({ key, ip, netns });
      }
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function probeReachability(world: World, samples: number,
  stream: RandomStream): ReachabilityResult {
  const pods = readyPods(world);
  if (pods.length < 2) {
    return { probes: 0, failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  }
  const failures: string[] = [];
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(pods);
    let to = stream.pick(pods);
    while (to === from) to = stream.pick(pods);
    const result = world.trace(from.netns, to.ip);
    if (result.ok && result.delivered.namespace === to.netns) continue;
    failures.push(result.ok
      ? `${from.key} → ${to.key} (${to.ip}) delivered to ${result.delivered.namespace}, not the pod`
      : `${from.key} → ${to.key} (${to.ip}) dropped in ${result.drop.namespace}: ` +
        `${result.drop.reason} (${result.drop.detail})`);
  }
  world.env.log.record('check.reachability', { probes: samples, failures: failures.length });
  return { probes: samples, failures };
}
