// The cost of a pod as Terway makes it: the CNI plugin's ADD (PolicyRoute datapath, ENI multi-IP,
// the datapath tests' example node) on the kernel model and on the real kernel, side by side in one
// run, and the model's heap per pod namespace. Pods are spread over nodes of 100, as on real
// clusters; each node has its own plugin and scripted daemon (kernel-verify/world.ts), and the
// plugin runs on virtual time on both backends.
import {
  LinuxKernel, ModelKernel, modelOptionsFor, probeLinux, type KernelMachine,
} from '@terway-sim/kernel-shim';
import { eniipNetConf } from '../src/kernel-verify/netconfs.js';
import {
  buildNode, cniConfigOf, freshNamespace, NodeCni, type NodeSpec, type PodSpec,
} from '../src/kernel-verify/world.js';
import {
  formatNumber, heapUsedKb, timeMs, type Bench, type BenchResult,
} from '../../../bench/harness.js';

const podsPerNode = 100;
const kernelRelease = '5.10.134-16.al8.x86_64';

function nodeSpec(node: number): NodeSpec {
  const byte = (value: number): string => value.toString(16).padStart(2, '0');
  return {
    ns: `n${node}`, nodeIp: '10.0.0.10',
    nodeMac: `00:16:3e:${byte(node >> 8)}:${byte(node & 255)}:01`,
    eniMac: `00:16:3e:${byte(node >> 8)}:${byte(node & 255)}:02`,
  };
}

/** Sets up `pods` pods (namespace + CNI ADD); returns the ms spent in pod setup only. */
async function setupPods(kernel: KernelMachine, pods: number): Promise<number> {
  let spent = 0;
  let node: NodeSpec = nodeSpec(0);
  let cni: NodeCni | undefined;
  for (let pod = 0; pod < pods; pod++) {
    if (pod % podsPerNode === 0) {
      node = nodeSpec(pod / podsPerNode);
      await buildNode(kernel, node);
      cni = new NodeCni(kernel, node.ns, cniConfigOf({}), { seed: node.ns, kernelRelease });
    }
    const ip = `10.${1 + (pod >> 16)}.${(pod >> 8) & 255}.${pod & 255}`;
    const spec: PodSpec = {
      name: `pod${pod}`, ns: `p${pod}`, ipType: 'TypeENIMultiIP',
      netConfs: [eniipNetConf(ip, node.eniMac)],
    };
    const plugin = cni!;
    plugin.assign(spec);
    spent += await timeMs(async () => {
      await freshNamespace(kernel, spec.ns);
      const added = await plugin.call((c) => c.add(plugin.invocation(spec)));
      if (!added.ok) throw new Error(`pod ${pod}: ${JSON.stringify(added.error)}`);
    });
  }
  return spent;
}

async function modelHeapPerPodKb(pods: number): Promise<number> {
  const before = heapUsedKb();
  const kernel = new ModelKernel();
  await setupPods(kernel, pods);
  const after = heapUsedKb();
  if (kernel.namespaces.size === 0) throw new Error('model lost its namespaces');
  return (after - before) / pods;
}

const linuxSetup = 'linux: Terway pod setup (CNI ADD)';

async function linuxRows(modelUs: number): Promise<BenchResult[]> {
  const availability = await probeLinux();
  if (!availability.available) {
    const note = `skipped: ${availability.reason}`;
    return [{ name: linuxSetup, value: Number.NaN, unit: 'ms/pod', note }];
  }
  const linux = new LinuxKernel({ capabilities: availability.capabilities });
  const realPods = 10;
  try {
    const realUs = ((await setupPods(linux, realPods)) * 1000) / realPods;
    const ratio = realUs / modelUs;
    return [
      {
        name: linuxSetup, value: realUs / 1000, unit: 'ms/pod',
        note: `${realPods} pods in real namespaces`,
      },
      {
        name: 'model speed-up over linux', value: ratio, unit: '×',
        target: '≥ 1,000×', met: ratio >= 1000,
        note: `model ${formatNumber(modelUs)} µs vs linux ${formatNumber(realUs / 1000)} ms`
          + ' per pod',
      },
    ];
  } finally {
    await linux.close();
  }
}

export const benches: Bench[] = [{
  name: 'world: Terway pod datapath',
  async run() {
    const modelPods = 2_000;
    const options = modelOptionsFor(new ModelKernel().capabilities, kernelRelease);
    await setupPods(new ModelKernel({}, options), modelPods); // warm-up: let the JIT settle
    let modelMs = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      modelMs = Math.min(modelMs, await setupPods(new ModelKernel({}, options), modelPods));
    }
    const modelUs = (modelMs * 1000) / modelPods;
    const perPodKb = await modelHeapPerPodKb(modelPods);
    return [
      {
        name: 'model: Terway pod setup (CNI ADD)', value: modelUs, unit: 'µs/pod',
        note: `best of 3 runs of ${modelPods} pods, ${podsPerNode} per node, PolicyRoute, `
          + 'netns creation included',
      },
      {
        name: 'model: heap per pod namespace', value: perPodKb, unit: 'KiB/pod',
        note: `heap delta over ${modelPods} set-up pods `
          + '(pod netns, host veth, routes, rules, plugin state)',
      },
      ...await linuxRows(modelUs),
    ];
  },
}];
