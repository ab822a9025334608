// Real packets against trace's prediction: the same two-node policy-route world is built on the
// model and in real namespaces (the fabric namespace routing like the VPC); a UDP datagram from
// one pod to the other must arrive on Linux exactly when trace says it is delivered.
import { describe, expect, it } from 'vitest';
import { LinuxKernel } from '../src/linux/linux-kernel.js';
import { probeLinux } from '../src/linux/probe.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import { trace } from '../src/trace/trace.js';
import { buildTwoNodeWorld, staticFabric, twoNodeEnis, twoNodeVSwitches } from '../src/testing/index.js';
import type { KernelMachine } from '../src/netlink/kernel.js';

const availability = await probeLinux();
const reason = availability.available ? '' : ` (skipped: ${availability.reason})`;
const fabric = staticFabric({ vSwitches: twoNodeVSwitches, enis: twoNodeEnis });

type Breakage = (kernel: KernelMachine) => Promise<unknown>;

const cases: ReadonlyArray<{ name: string; breakage?: Breakage; delivered: boolean }> = [
  { name: 'healthy: pod to pod across nodes', delivered: true },
  { name: 'the receiving pod route is gone', breakage: (kernel) => kernel.routeDel('node2', { dst: '10.0.1.30/32' }), delivered: false },
  { name: 'the sending host veth is down', breakage: (kernel) => kernel.linkSetDown('node1', 'calipoda'), delivered: false },
];

describe.skipIf(!availability.available)(`real packets follow trace${reason}`, () => {
  for (const entry of cases) {
    it(entry.name, async () => {
      if (!availability.available) return;
      const model = new ModelKernel();
      await buildTwoNodeWorld(model);
      await entry.breakage?.(model);
      const predicted = trace({ kernel: model, fabric }, { from: 'poda', dst: '10.0.1.30' });
      expect(predicted.ok).toBe(entry.delivered);
      const linux = new LinuxKernel({ capabilities: availability.capabilities });
      try {
        await buildTwoNodeWorld(linux);
        const programmed = await linux.programFabric({ vSwitches: twoNodeVSwitches, owners: twoNodeEnis.flatMap((eni) => eni.ips.map((ip) => ({ ip, mac: eni.mac, segment: eni.segment }))) });
        expect(programmed.ok).toBe(true);
        await entry.breakage?.(linux);
        const probe = await linux.probeUdp({ from: 'poda', to: 'podc', dst: '10.0.1.30' });
        expect(probe.ok && probe.value.received).toBe(entry.delivered);
      } finally {
        await linux.close();
      }
    }, 60_000);
  }
});
