// The datapath cases run Terway's CNI on virtual time on both backends: a kernel whose calls take
// wall time (as the real one's do) must give the same CNI outcome and event text ("Alloc IP …
// took 0s") as the in-memory model, whose calls take none. Before, the cases followed the wall
// clock and a loaded machine turned "took 0s" into "took 1.001s" (issue 17).

import { Scheduler } from '@terway-sim/sim-base';
import { compareObservations, ModelKernel, type KernelMachine } from '@terway-sim/kernel-shim';
import { describe, expect, it } from 'vitest';
import { datapathVerifyCases } from '../../src/kernel-verify/index.js';
import { runOnVirtualTime, trackKernel } from '../../src/kernel-verify/world.js';

const blocker = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread (wall time passes, nothing else runs), as a slow helper process would. */
function blockMs(ms: number): void {
  Atomics.wait(blocker, 0, 0, ms);
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A model whose `linkAdd` blocks for `blockedMs` of wall time and whose every call resolves a few
 * macrotasks late, like the real backend's child processes.
 */
function slowModel(blockedMs: number): KernelMachine {
  const model = new ModelKernel({}, { renameRequiresDown: false });
  return new Proxy(model, {
    get(target, property, receiver): unknown {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        if (property === 'linkAdd') blockMs(blockedMs);
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        for (let turn = 0; turn < 3; turn++) await macrotask();
        return result;
      };
    },
  });
}

describe('datapath cases on virtual time', () => {
  it('a slow kernel observes exactly what the instant model does, event text too', async () => {
    const [policyRoute] = datapathVerifyCases({ kernelRelease: '6.18.0' });
    if (policyRoute === undefined) throw new Error('no datapath case');
    const instant = await policyRoute.run(new ModelKernel({}, { renameRequiresDown: false }));
    const slow = await policyRoute.run(slowModel(1_100));
    expect(compareObservations(instant, slow)).toEqual([]);
    expect(slow[0]?.outcome).toContain('took 0s');
  });

  it('moves the clock only while no kernel call is in flight', async () => {
    const scheduler = new Scheduler();
    const kernel = trackKernel(slowModel(0));
    const seen: number[] = [];
    const work = (async (): Promise<number> => {
      await kernel.machine.netnsAdd('a');
      seen.push(scheduler.nowMs());
      await scheduler.sleep(1_000);
      await kernel.machine.netnsAdd('b');
      seen.push(scheduler.nowMs());
      return scheduler.nowMs();
    })();
    scheduler.after(10, () => undefined);
    expect(await runOnVirtualTime(scheduler, kernel, work)).toBe(1_000);
    expect(seen).toEqual([0, 1_000]);
  });

  it('fails a call that waits on nothing instead of hanging', async () => {
    const scheduler = new Scheduler();
    const kernel = trackKernel(new ModelKernel());
    const never = new Promise<void>(() => undefined);
    await expect(runOnVirtualTime(scheduler, kernel, never)).rejects.toThrow(/waits on nothing/);
  });
});
