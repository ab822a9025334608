// The cost of Terway's veth policy-route pod setup (terway-datapath.md §3.1, done through the
// Kernel port) on the model and on the real kernel, side by side in one run, and the model's
// memory per pod namespace. Pods are spread over nodes of 100, as on real clusters.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ModelKernel } from '../src/model/model-kernel.js';
import { LinuxKernel } from '../src/linux/linux-kernel.js';
import { probeLinux } from '../src/linux/probe.js';
import { setupPolicyRoutePod, type PolicyRoutePod } from '../src/testing/policy-route-pod.js';
import type { KernelMachine } from '../src/netlink/kernel.js';
import { formatNumber, timeMs, type Bench, type BenchResult } from '../../../bench/harness.js';

const podsPerNode = 100;

async function addNode(kernel: KernelMachine, node: number): Promise<string> {
  const host = `node${node}`;
  await kernel.netnsAdd(host);
  const mac = (byte: number): string => `00:16:3e:${(node >> 8).toString(16).padStart(2, '0')}:${(node & 255).toString(16).padStart(2, '0')}:0${byte}`;
  await kernel.deviceAttach(host, { name: 'eth0', mac: mac(1), segment: 'vsw-0' });
  await kernel.deviceAttach(host, { name: 'eth1', mac: mac(2), segment: 'vsw-1' });
  return host;
}

function podSpec(host: string, pod: number): PolicyRoutePod {
  const ip = `10.${1 + (pod >> 16)}.${(pod >> 8) & 255}.${pod & 255}`;
  return {
    hostNs: host, podNs: `pod${pod}`, eni: 'eth1', podIp: ip, nodeIp: '10.0.0.10', gatewayIp: '10.1.255.253',
    hostVeth: `cali${pod.toString(16).padStart(11, '0')}`, tempName: `veth${pod.toString(16).padStart(8, '0')}`,
  };
}

/** Sets up `pods` pods (namespace + §3.1 setup); returns the ms spent in pod setup only. */
async function setupPods(kernel: KernelMachine, pods: number): Promise<number> {
  let spent = 0;
  let host = '';
  for (let pod = 0; pod < pods; pod++) {
    if (pod % podsPerNode === 0) host = await addNode(kernel, pod / podsPerNode);
    const spec = podSpec(host, pod);
    spent += await timeMs(async () => {
      await kernel.netnsAdd(spec.podNs);
      const done = await setupPolicyRoutePod(kernel, spec);
      if (!done.ok) throw new Error(`pod ${pod}: ${done.error.message}`);
    });
  }
  return spent;
}

/** A full garbage collection, so heap deltas measure what stays reachable. */
const collect: () => void = (() => {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
})();

function heapMb(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

async function modelMemory(pods: number): Promise<number> {
  const before = heapMb();
  const kernel = new ModelKernel();
  await setupPods(kernel, pods);
  const after = heapMb();
  const perPodKb = ((after - before) * 1024) / pods;
  if (kernel.namespaces.size === 0) throw new Error('model lost its namespaces');
  return perPodKb;
}

export const benches: Bench[] = [{
  name: 'kernel-shim',
  async run() {
    const modelPods = 2_000;
    await setupPods(new ModelKernel(), modelPods); // warm-up: let the JIT settle
    let modelMs = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) modelMs = Math.min(modelMs, await setupPods(new ModelKernel(), modelPods));
    const modelUs = (modelMs * 1000) / modelPods;
    const perPodKb = await modelMemory(modelPods);
    const results: BenchResult[] = [
      { name: 'model: policy-route pod setup', value: modelUs, unit: 'µs/pod', note: `best of 3 runs of ${modelPods} pods, ${podsPerNode} per node, netns creation included` },
      { name: 'model: heap per pod namespace', value: perPodKb, unit: 'KiB/pod', note: `heap delta over ${modelPods} set-up pods (pod netns + its host-side veth, routes, rules)` },
    ];
    const availability = await probeLinux();
    if (!availability.available) {
      results.push({ name: 'linux: policy-route pod setup', value: Number.NaN, unit: 'ms/pod', note: `skipped: ${availability.reason}` });
      return results;
    }
    const linux = new LinuxKernel({ capabilities: availability.capabilities });
    const realPods = 10;
    try {
      const realMs = await setupPods(linux, realPods);
      const realUs = (realMs * 1000) / realPods;
      const ratio = realUs / modelUs;
      results.push(
        { name: 'linux: policy-route pod setup', value: realUs / 1000, unit: 'ms/pod', note: `${realPods} pods in real namespaces` },
        { name: 'model speed-up over linux', value: ratio, unit: '×', target: '≥ 1,000×', met: ratio >= 1000, note: `model ${formatNumber(modelUs)} µs vs linux ${formatNumber(realUs / 1000)} ms per pod` },
      );
    } finally {
      await linux.close();
    }
    return results;
  },
}];
