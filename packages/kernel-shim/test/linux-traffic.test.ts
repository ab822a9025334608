// Real packets against trace's prediction: the plain two-node world (a workload subnet per host,
// routed through the VPC by route entries) is built on the model and in real namespaces (the
// fabric namespace routing like the VPC); a UDP datagram from one workload to the other must
// arrive on Linux exactly when trace says it is delivered.
import { describe, expect, it } from 'vitest';
import { programTwoNodeFabric, trafficBreakages } from '../src/conformance/traffic-cases.js';
import { LinuxKernel } from '../src/linux/linux-kernel.js';
import { probeLinux } from '../src/linux/probe.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import { trace } from '../src/trace/trace.js';
import { buildTwoNodeWorld, twoNodeFabric } from '../src/testing/index.js';

const availability = await probeLinux();
const reason = availability.available ? '' : ` (skipped: ${availability.reason})`;

describe.skipIf(!availability.available)(`real packets follow trace${reason}`, () => {
  for (const entry of trafficBreakages) {
    it(entry.name, async () => {
      if (!availability.available) return;
      const model = new ModelKernel();
      await buildTwoNodeWorld(model);
      await entry.breakage?.(model);
      const packet = { from: 'poda', dst: '192.168.2.2' };
      const predicted = trace({ kernel: model, fabric: twoNodeFabric }, packet);
      expect(predicted.ok).toBe(entry.delivered);
      const linux = new LinuxKernel({ capabilities: availability.capabilities });
      try {
        await buildTwoNodeWorld(linux);
        expect((await programTwoNodeFabric(linux)).ok).toBe(true);
        await entry.breakage?.(linux);
        const probe = await linux.probeUdp({ from: 'poda', to: 'podc', dst: '192.168.2.2' });
        expect(probe.ok && probe.value.received).toBe(entry.delivered);
      } finally {
        await linux.close();
      }
    }, 60_000);
  }
});
