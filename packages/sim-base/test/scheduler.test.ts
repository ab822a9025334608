import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionFailed, Scheduler } from '../src/index.js';

describe('Scheduler ordering', () => {
  it('fires timers by (time, insertion order) and identically on every run', () => {
    const plan = fc.array(fc.record({ dueMs: fc.integer({ min: 0, max: 50 }), id: fc.nat() }), {
      maxLength: 200,
    });
    fc.assert(fc.property(plan, (timers) => {
      const runOnce = (): number[] => {
        const scheduler = new Scheduler();
        const fired: number[] = [];
        timers.forEach((timer, index) => scheduler.at(timer.dueMs, () => fired.push(index)));
        scheduler.runSync();
        return fired;
      };
      const expected = timers
        .map((timer, index) => ({ ...timer, index }))
        .sort((a, b) => a.dueMs - b.dueMs || a.index - b.index)
        .map((timer) => timer.index);
      const first = runOnce();
      expect(first).toEqual(expected);
      expect(runOnce()).toEqual(first);
    }));
  });

  it('orders timers armed from inside callbacks after those already armed for the same instant', () => {
    const scheduler = new Scheduler();
    const fired: string[] = [];
    scheduler.at(10, () => {
      fired.push('a');
      scheduler.at(10, () => fired.push('c'));
    });
    scheduler.at(10, () => fired.push('b'));
    scheduler.runSync();
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('skips cancelled timers and counts only live ones as pending', () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    const doomed = scheduler.at(5, () => fired.push(5));
    scheduler.at(7, () => fired.push(7));
    scheduler.cancel(doomed);
    scheduler.cancel(doomed);
    expect(scheduler.pending).toBe(1);
    expect(scheduler.runSync()).toMatchObject({ steps: 1, idle: true });
    expect(fired).toEqual([7]);
  });

  it('moves the clock to untilMs and leaves later timers armed', () => {
    const scheduler = new Scheduler();
    scheduler.at(100, () => undefined);
    expect(scheduler.runSync({ untilMs: 40 })).toEqual({
      steps: 0,
      nowMs: 40,
      idle: false,
      stopped: false,
    });
    expect(scheduler.nextDueMs()).toBe(100);
  });

  it('refuses timers in the past, fractional instants and runaway queues', () => {
    const scheduler = new Scheduler({ timersQueuedMax: 2 });
    scheduler.runSync({ untilMs: 10 });
    expect(() => scheduler.at(9, () => undefined)).toThrow(AssertionFailed);
    expect(() => scheduler.at(10.5, () => undefined)).toThrow(/integer/);
    scheduler.after(1, () => undefined);
    scheduler.after(1, () => undefined);
    expect(() => scheduler.after(1, () => undefined)).toThrow(/more than 2 timers/);
  });

  it('stops a run that exceeds stepsMax', async () => {
    const scheduler = new Scheduler();
    const tick = (): void => { scheduler.after(1, tick); };
    tick();
    await expect(scheduler.run({ stepsMax: 100 })).rejects.toThrow(/stepsMax 100/);
  });
});

describe('Scheduler async', () => {
  it('settles every promise chain before virtual time moves on', async () => {
    const scheduler = new Scheduler();
    const trace: string[] = [];
    const worker = async (name: string, delays: number[]): Promise<void> => {
      for (const delay of delays) {
        await scheduler.sleep(delay);
        // A deep chain of awaits still completes at this instant.
        for (let depth = 0; depth < 5; depth++) await Promise.resolve();
        trace.push(`${name}@${scheduler.nowMs()}`);
      }
    };
    scheduler.spawn('a', () => worker('a', [10, 10, 5]));
    scheduler.spawn('b', () => worker('b', [10, 15]));
    scheduler.at(20, () => trace.push(`tick@${scheduler.nowMs()}`));
    const summary = await scheduler.run();
    expect(summary.idle).toBe(true);
    // The tick was armed at 0, before a re-armed for 20, so it fires first at 20.
    expect(trace).toEqual(['a@10', 'b@10', 'tick@20', 'a@20', 'b@25', 'a@25']);
  });

  it('fails the run when a spawned task throws', async () => {
    const scheduler = new Scheduler();
    scheduler.spawn('boom', async () => {
      await scheduler.sleep(3);
      throw new Error('kaput');
    });
    await expect(scheduler.run()).rejects.toThrow(/task boom failed at 3 ms: .*kaput/s);
  });
});

describe('Scheduler.requestStop', () => {
  it('ends the run after the current timer, leaving later timers armed', async () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    for (const at of [1, 2, 3])
      scheduler.at(at, () => {
        fired.push(at);
        if (at === 2) scheduler.requestStop();
      });
    const summary = await scheduler.run();
    expect(summary).toMatchObject({ stopped: true, nowMs: 2, idle: false });
    expect(fired).toEqual([1, 2]);
    expect(await scheduler.run()).toMatchObject({ stopped: false, idle: true });
    expect(fired).toEqual([1, 2, 3]);
  });
});
