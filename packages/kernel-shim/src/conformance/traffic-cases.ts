// Verify cases with real packets: the plain two-node world (testing/two-node-world.ts) is built
// on each backend; on the model `trace` predicts whether a packet from one workload namespace
// reaches the other host's workload, on Linux a UDP datagram is sent through the fabric. The
// observations are "delivered" or "dropped". (Terway's own datapaths get the same treatment in
// packages/world, test/kernel-verify.)

import type { KernelMachine } from '../netlink/kernel.js';
import { LinuxKernel } from '../linux/linux-kernel.js';
import { ModelKernel } from '../model/model-kernel.js';
import {
  buildTwoNodeWorld, twoNodeEnis, twoNodeFabric, twoNodeHosts, twoNodeVSwitches,
} from '../testing/two-node-world.js';
import { trace } from '../trace/trace.js';
import type { Observation, VerifyCase } from './script.js';

type Breakage = (kernel: KernelMachine) => Promise<unknown>;

const [from, to] = twoNodeHosts as readonly [(typeof twoNodeHosts)[0], (typeof twoNodeHosts)[0]];

interface TrafficBreakage {
  readonly name: string;
  readonly breakage?: Breakage;
  /** Whether the datagram still arrives after the breakage. */
  readonly delivered: boolean;
}

export const trafficBreakages: readonly TrafficBreakage[] = [
  { name: 'healthy', delivered: true },
  {
    name: 'receiving host lost its route to the workload subnet', delivered: false,
    breakage: (kernel) => kernel.routeDel(to.ns, { dst: to.workload.subnet }),
  },
  {
    name: 'sending host veth down', delivered: false,
    breakage: (kernel) => kernel.linkSetDown(from.ns, `v${from.workload.ns}`),
  },
];

/** The real fabric as the model's: owners of the host IPs, and the route entries. */
export function programTwoNodeFabric(
  kernel: LinuxKernel,
): ReturnType<LinuxKernel['programFabric']> {
  const owners = twoNodeEnis.flatMap((eni) => eni.ips.map((ip) => (
    { ip, mac: eni.mac, segment: eni.segment })));
  const routeEntries = twoNodeHosts.map((host) => ({ cidr: host.workload.subnet, via: host.ip }));
  return kernel.programFabric({ vSwitches: twoNodeVSwitches, owners, routeEntries });
}

async function deliveredOn(kernel: KernelMachine): Promise<string> {
  if (kernel instanceof ModelKernel) {
    const traced = trace(
      { kernel, fabric: twoNodeFabric }, { from: from.workload.ns, dst: to.workload.ip });
    return traced.ok ? 'delivered' : 'dropped';
  }
  if (kernel instanceof LinuxKernel) {
    const sent = { from: from.workload.ns, to: to.workload.ns, dst: to.workload.ip };
    const probe = await kernel.probeUdp(sent);
    return !probe.ok
      ? `error ${probe.error.errno}`
      : probe.value.received
        ? 'delivered'
        : 'dropped';
  }
  return 'unsupported backend';
}

export const trafficCases: readonly VerifyCase[] = trafficBreakages.map(({ name, breakage }) => ({
  name: `traffic: workload to workload across two hosts (${name})`,
  skipReason: (capabilities) =>
    capabilities.linkKinds.includes('bridge')
      ? undefined
      : 'this kernel has no bridge links for the fabric',
  async run(kernel): Promise<readonly Observation[]> {
    await buildTwoNodeWorld(kernel);
    if (kernel instanceof LinuxKernel) {
      const programmed = await programTwoNodeFabric(kernel);
      if (!programmed.ok) throw new Error(programmed.error.message);
    }
    await breakage?.(kernel);
    const label = `udp ${from.workload.ns} -> ${to.workload.ip} (${to.workload.ns})`;
    return [{ label, outcome: await deliveredOn(kernel), state: {} }];
  },
}));
