// Random request sequences (fast-check): on the model they must never throw and must keep the
// kernel's invariants; on the real kernel (root only) they must leave the same state as the model
// after every step. The real-kernel part is bounded: few runs, no shrinking on the real kernel.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareObservations } from '../src/conformance/compare.js';
import { listPicker, randomOp, randomScript } from '../src/conformance/random-ops.js';
import { runScript } from '../src/conformance/script.js';
import { LinuxKernel } from '../src/linux/linux-kernel.js';
import { probeLinux } from '../src/linux/probe.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import { applyOp } from '../src/conformance/ops.js';

const stepChoices = fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 });
const sequence = fc
  .array(stepChoices, { minLength: 1, maxLength: 14 })
  .map((steps) => steps.map((choices) => randomOp(listPicker(choices))));

describe('random sequences on the model', () => {
  it('never throw, and every route, address and neighbour names a link that exists', async () => {
    await fc.assert(fc.asyncProperty(sequence, async (ops) => {
      const kernel = new ModelKernel({}, { renameRequiresDown: false });
      const script = randomScript('model', ops);
      for (const ns of script.namespaces) await kernel.netnsAdd(ns);
      for (const { step } of script.steps) {
        await applyOp(kernel, step);
        for (const ns of script.namespaces) {
          const snapshot = await kernel.snapshot(ns);
          if (!snapshot.ok) continue;
          const indexes = new Set(snapshot.value.links.map((link) => link.index));
          expect(indexes.size).toBe(snapshot.value.links.length);
          snapshot.value.routes.forEach(
            (route) => route.oif === undefined || expect(indexes.has(route.oif)).toBe(true),
          );
          snapshot.value.addrs.forEach((addr) => expect(indexes.has(addr.linkIndex)).toBe(true));
          snapshot.value.neighs.forEach((neigh) => expect(indexes.has(neigh.linkIndex)).toBe(true));
          const locals = new Set(
            snapshot.value.routes
              .filter((route) => route.type === 'local')
              .map((route) => route.dst.split('/')[0]),
          );
          snapshot.value.addrs.forEach((addr) =>
            expect(locals.has(addr.cidr.split('/')[0])).toBe(true),
          );
        }
      }
    }), { numRuns: 150 });
  });

  it('replays identically: the same sequence gives the same snapshots', async () => {
    await fc.assert(fc.asyncProperty(sequence, async (ops) => {
      const first = await runScript(new ModelKernel(), randomScript('replay', ops));
      const second = await runScript(new ModelKernel(), randomScript('replay', ops));
      expect(JSON.stringify(second.observations)).toBe(JSON.stringify(first.observations));
    }), { numRuns: 30 });
  });

});

const availability = await probeLinux();
const reason = availability.available ? '' : ` (skipped: ${availability.reason})`;

describe.skipIf(!availability.available)(`random sequences on the real kernel${reason}`, () => {
  it('leave the same state as the model after every step', async () => {
    if (!availability.available) return;
    const capabilities = availability.capabilities;
    await fc.assert(fc.asyncProperty(sequence, async (ops) => {
      const script = randomScript('random', ops);
      const model = await runScript(new ModelKernel({}, { renameRequiresDown: false }), script);
      const linux = new LinuxKernel({ capabilities });
      try {
        const real = await runScript(linux, script);
        const differences = compareObservations(model.observations, real.observations);
        expect(
          differences.map(
            (difference) =>
              `step ${difference.step} ${difference.label}\n  ${difference.lines.join('\n  ')}`,
          ),
        ).toEqual([]);
      } finally {
        await linux.close();
      }
    }), { numRuns: 20, endOnFailure: true });
  }, 240_000);
});
