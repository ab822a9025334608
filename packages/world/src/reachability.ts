// Probes pod-to-pod reachability through the kernel model and the VPC fabric: seeded pairs of
// Ready pods, a packet traced from one pod's network namespace to the other's IP, delivered or
// dropped with the reason (kernel-shim's `trace`). A black hole in Terway's datapath or in the
// VPC (a missing route entry) shows up here as a drop with its place and cause.

import { trace } from '@terway-sim/kernel-shim';
import type { RandomStream } from '@terway-sim/sim-base';
import { isPodReady } from '@terway-sim/kube-sim';
import type { ClusterSim } from './cluster-sim.js';

interface ProbePod {
  readonly key: string;
  readonly ip: string;
  readonly netns: string;
}

function readyPods(cluster: ClusterSim): ProbePod[] {
  const pods: ProbePod[] = [];
  for (const node of cluster.liveNodes().values()) {
    for (const [key, netns] of node.podNetwork.podNamespace) {
      const pod = cluster.api.getPod(key);
      const ip = pod?.status?.podIP;
      if (pod !== undefined && isPodReady(pod) && ip !== undefined && ip !== '') pods.push({ key, ip, netns });
    }
  }
  return pods.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function probeReachability(cluster: ClusterSim, samples: number, stream: RandomStream): { probes: number; failures: string[] } {
  const pods = readyPods(cluster);
  if (pods.length < 2) return { probes: 0, failures: pods.length === 0 ? ['no Ready pods to probe'] : [] };
  const failures: string[] = [];
  for (let probe = 0; probe < samples; probe++) {
    const from = stream.pick(pods);
    let to = stream.pick(pods);
    while (to === from) to = stream.pick(pods);
    const result = trace({ kernel: cluster.kernel, fabric: cluster.fabric }, { from: from.netns, dst: to.ip });
    if (result.ok && result.delivered.namespace === to.netns) continue;
    failures.push(result.ok
      ? `${from.key} → ${to.key} (${to.ip}) delivered to ${result.delivered.namespace}, not the pod`
      : `${from.key} → ${to.key} (${to.ip}) dropped in ${result.drop.namespace}: ${result.drop.reason} (${result.drop.detail})`);
  }
  cluster.env.log.record('check.reachability', { probes: samples, failures: failures.length });
  return { probes: samples, failures };
}
