// Verify cases with real packets: the two-node policy-route world is built on each backend; on
// the model `trace` predicts whether a pod's packet reaches the other node's pod, on Linux a UDP
// datagram is sent through the fabric. The observations are "delivered" or "dropped".

import type { KernelMachine } from '../netlink/kernel.js';
import { LinuxKernel } from '../linux/linux-kernel.js';
import { ModelKernel } from '../model/model-kernel.js';
import { staticFabric } from '../testing/static-fabric.js';
import { buildTwoNodeWorld, twoNodeEnis, twoNodeVSwitches } from '../testing/two-node-world.js';
import { trace } from '../trace/trace.js';
import type { Observation, VerifyCase } from './script.js';

type Breakage = (kernel: KernelMachine) => Promise<unknown>;

const breakages: ReadonlyArray<{ readonly name: string; readonly breakage?: Breakage }> = [
  { name: 'healthy' },
  { name: 'receiving pod route deleted', breakage: (kernel) => kernel.routeDel('node2', { dst: '10.0.1.30/32' }) },
  { name: 'sending host veth down', breakage: (kernel) => kernel.linkSetDown('node1', 'calipoda') },
];

async function deliveredOn(kernel: KernelMachine): Promise<string> {
  if (kernel instanceof ModelKernel) {
    const result = trace({ kernel, fabric: staticFabric({ vSwitches: twoNodeVSwitches, enis: twoNodeEnis }) }, { from: 'poda', dst: '10.0.1.30' });
    return result.ok ? 'delivered' : 'dropped';
  }
  if (kernel instanceof LinuxKernel) {
    const probe = await kernel.probeUdp({ from: 'poda', to: 'podc', dst: '10.0.1.30' });
    return !probe.ok ? `error ${probe.error.errno}` : probe.value.received ? 'delivered' : 'dropped';
  }
  return 'unsupported backend';
}

export const trafficCases: readonly VerifyCase[] = breakages.map(({ name, breakage }) => ({
  name: `traffic: pod to pod across two nodes (${name})`,
  skipReason: (capabilities) => (capabilities.linkKinds.includes('bridge') ? undefined : 'this kernel has no bridge links for the fabric'),
  async run(kernel): Promise<readonly Observation[]> {
    await buildTwoNodeWorld(kernel);
    if (kernel instanceof LinuxKernel) {
      const owners = twoNodeEnis.flatMap((eni) => eni.ips.map((ip) => ({ ip, mac: eni.mac, segment: eni.segment })));
      const programmed = await kernel.programFabric({ vSwitches: twoNodeVSwitches, owners });
      if (!programmed.ok) throw new Error(programmed.error.message);
    }
    await breakage?.(kernel);
    return [{ label: 'udp poda -> 10.0.1.30 (podc)', outcome: await deliveredOn(kernel), state: {} }];
  },
}));
