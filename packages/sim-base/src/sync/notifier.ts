// A condition variable without the lock: waiters park until the next `notifyAll`. Models Go's
// sync.Cond.Broadcast as Terway's pool workers use it ("an IP may have appeared, look again").
//
// Gotcha: a notification wakes only those already waiting; check the condition before waiting,
// and again after waking.

import type { Context } from '../clock/context.js';

export class Notifier {
  private waiters: Array<() => void> = [];

  /** Resolves at the next `notifyAll`; rejects if `ctx` ends first. */
  wait(ctx?: Context): Promise<void> {
    return new Promise((resolve, reject) => {
      if (ctx === undefined) {
        this.waiters.push(resolve);
        return;
      }
      const wake = (): void => {
        unsubscribe();
        resolve();
      };
      const unsubscribe = ctx.onDone((error) => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        reject(error);
      });
      if (ctx.err() === undefined) this.waiters.push(wake);
    });
  }

  /** Wakes every current waiter, in the order they started waiting. */
  notifyAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  get waiting(): number {
    return this.waiters.length;
  }
}
