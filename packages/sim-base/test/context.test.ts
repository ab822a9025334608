import { describe, expect, it } from 'vitest';
import {
  Context,
  ContextCanceled,
  DeadlineExceeded,
  Mutex,
  Notifier,
  Scheduler,
} from '../src/index.js';

describe('Context', () => {
  it('ends a sleep at its deadline and disarms the sleep timer', async () => {
    const scheduler = new Scheduler();
    const { ctx } = Context.background(scheduler).withTimeout(50);
    let outcome = '';
    scheduler.spawn('sleeper', async () => {
      try {
        await scheduler.sleep(1000, ctx);
        outcome = 'slept';
      } catch (error) {
        outcome = `${(error as Error).name}@${scheduler.nowMs()}`;
      }
    });
    const summary = await scheduler.run();
    expect(outcome).toBe('DeadlineExceeded@50');
    expect(summary.idle).toBe(true);
    expect(summary.nowMs).toBe(50);
  });

  it('propagates cancellation to children and not to parents', () => {
    const scheduler = new Scheduler();
    const root = Context.background(scheduler);
    const parent = root.withCancel();
    const child = parent.ctx.withTimeout(10);
    const sibling = root.withCancel();
    parent.cancel();
    expect(child.ctx.err()).toBeInstanceOf(ContextCanceled);
    expect(sibling.ctx.err()).toBeUndefined();
    expect(root.err()).toBeUndefined();
    expect(scheduler.pending).toBe(0); // the child's deadline timer was disarmed
  });

  it('race settles with the work or the context, whichever is first', async () => {
    const scheduler = new Scheduler();
    const { ctx } = Context.background(scheduler).withTimeout(5);
    const results: string[] = [];
    scheduler.spawn('fast', async () => {
      results.push(await ctx.race(scheduler.sleep(2).then(() => 'fast')));
    });
    scheduler.spawn('slow', async () => {
      await ctx.race(scheduler.sleep(9)).catch((error: unknown) => {
        results.push(error instanceof DeadlineExceeded ? 'deadline' : 'other');
      });
    });
    await scheduler.run();
    expect(results).toEqual(['fast', 'deadline']);
  });
});

describe('Notifier and Mutex', () => {
  it('wakes every waiter in arrival order and drops waiters whose context ended', async () => {
    const scheduler = new Scheduler();
    const notifier = new Notifier();
    const woke: string[] = [];
    const { ctx, cancel } = Context.background(scheduler).withCancel();
    scheduler.spawn('w1', async () => { await notifier.wait(); woke.push('w1'); });
    scheduler.spawn('w2', async () => {
      await notifier.wait(ctx).catch(() => woke.push('w2-cancelled'));
    });
    scheduler.spawn('w3', async () => { await notifier.wait(); woke.push('w3'); });
    scheduler.at(5, cancel);
    scheduler.at(10, () => notifier.notifyAll());
    await scheduler.run();
    expect(woke).toEqual(['w2-cancelled', 'w1', 'w3']);
    expect(notifier.waiting).toBe(0);
  });

  it('hands the lock over in FIFO order across virtual sleeps', async () => {
    const scheduler = new Scheduler();
    const mutex = new Mutex();
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      scheduler.spawn(name, () => mutex.withLock(async () => {
        order.push(`${name}+${scheduler.nowMs()}`);
        await scheduler.sleep(10);
      }));
    }
    await scheduler.run();
    expect(order).toEqual(['a+0', 'b+10', 'c+20']);
    expect(mutex.locked).toBe(false);
  });
});

describe('promises settled by plain callbacks', () => {
  it('resumes a task woken by a context deadline at the deadline instant', async () => {
    const scheduler = new Scheduler();
    const { ctx } = Context.background(scheduler).withTimeout(100);
    let resumedAt = -1;
    scheduler.spawn('waiter', async () => {
      await new Notifier().wait(ctx).catch(() => { resumedAt = scheduler.nowMs(); });
    });
    scheduler.at(500, () => undefined); // a later plain timer the loop must not reach first
    await scheduler.run();
    expect(resumedAt).toBe(100);
  });

  it('resumes tasks woken by a plain notifyAll before the clock moves', async () => {
    const scheduler = new Scheduler();
    const notifier = new Notifier();
    const trace: string[] = [];
    scheduler.spawn('w', async () => {
      await notifier.wait();
      trace.push(`woke@${scheduler.nowMs()}`);
    });
    scheduler.at(10, () => notifier.notifyAll());
    scheduler.at(20, () => trace.push('tick@20'));
    await scheduler.run();
    expect(trace).toEqual(['woke@10', 'tick@20']);
  });
});

describe('children of an ended context', () => {
  it('are born ended, with no timer armed', () => {
    const scheduler = new Scheduler();
    const { ctx, cancel } = Context.background(scheduler).withCancel();
    cancel();
    const child = ctx.withTimeout(1_000);
    expect(child.ctx.err()).toBeInstanceOf(ContextCanceled);
    expect(ctx.withCancel().ctx.err()).toBeInstanceOf(ContextCanceled);
    expect(scheduler.pending).toBe(0);
    child.cancel(); // harmless
  });
});
