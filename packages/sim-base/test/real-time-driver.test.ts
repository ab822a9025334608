import { describe, expect, it } from 'vitest';
import { RealTimeDriver, Scheduler } from '../src/index.js';

describe('RealTimeDriver', () => {
  it('moves virtual time with the wall clock and wakes for timers armed while idle', async () => {
    const scheduler = new Scheduler();
    const driver = new RealTimeDriver(scheduler, { speed: 20 });
    driver.start();
    const woke: number[] = [];
    // Armed from outside the scheduler, as an HTTP request would.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const done = new Promise<void>((resolve) => {
      void scheduler.sleep(400).then(() => {
        woke.push(scheduler.nowMs());
        resolve();
      });
    });
    await done;
    driver.stop();
    expect(woke).toHaveLength(1);
    expect(woke[0]).toBeGreaterThanOrEqual(400);
    expect(scheduler.wallMs() - scheduler.nowMs()).toBeGreaterThan(1_700_000_000_000);
    expect(driver.error).toBeUndefined();
  });
});
