// Scheduler throughput for plain callbacks, and the cost of resuming an `await sleep()` measured
// against a plain callback in the same run.
import { Scheduler } from '../src/index.js';
import { bestOfMs, type Bench } from '../../../bench/harness.js';

const actors = 1_000;

function plainWorld(events: number): Scheduler {
  const scheduler = new Scheduler();
  let fired = 0;
  const tick = (actor: number) => (): void => {
    fired++;
    if (fired + scheduler.pending <= events)
      scheduler.after(1 + ((actor * 7 + fired) % 13), tick(actor));
  };
  for (let actor = 0; actor < actors; actor++) scheduler.after(actor % 5, tick(actor));
  return scheduler;
}

function plainCallbacks(events: number): void {
  plainWorld(events).runSync();
}

/**
 * The same world through the async run loop, which yields once per instant with plain callbacks.
 */
async function plainCallbacksAsyncLoop(events: number): Promise<void> {
  await plainWorld(events).run();
}

async function asyncSleeps(events: number): Promise<void> {
  const scheduler = new Scheduler();
  const perActor = Math.floor(events / actors);
  for (let actor = 0; actor < actors; actor++) {
    scheduler.spawn(`actor-${actor}`, async () => {
      for (let i = 0; i < perActor; i++) await scheduler.sleep(1 + ((actor * 7 + i) % 13));
    });
  }
  await scheduler.run();
}

export const benches: Bench[] = [{
  name: 'scheduler',
  async run() {
    const plainEvents = 2_000_000;
    plainCallbacks(200_000); // warm-up
    const plainMs = await bestOfMs(3, () => plainCallbacks(plainEvents));
    const loopMs = await bestOfMs(3, () => plainCallbacksAsyncLoop(plainEvents));
    const loopRate = plainEvents / (loopMs / 1000);
    const asyncEvents = 200_000;
    await asyncSleeps(20_000);
    const asyncMs = await bestOfMs(3, () => asyncSleeps(asyncEvents));
    const plainRate = plainEvents / (plainMs / 1000);
    const perPlainUs = (plainMs * 1000) / plainEvents;
    const perAsyncUs = (asyncMs * 1000) / asyncEvents;
    return [
      {
        name: 'plain callbacks (runSync)',
        value: plainRate,
        unit: 'events/s',
        target: '≥ 2,000,000 events/s',
        met: plainRate >= 2_000_000,
      },
      {
        name: 'plain callbacks (async run loop)',
        value: loopRate,
        unit: 'events/s',
        target: '≥ 2,000,000 events/s',
        met: loopRate >= 2_000_000,
        note: '1,000 actors; one yield per instant',
      },
      {
        name: 'await sleep() resume',
        value: perAsyncUs,
        unit: 'µs/resume',
        note: `plain callback ${perPlainUs.toFixed(3)} µs`,
      },
      { name: 'async resume / plain callback', value: perAsyncUs / perPlainUs, unit: '×' },
    ];
  },
}];
