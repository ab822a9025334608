// The CNI's node-wide lock, /var/run/eni/terway_cni.lock (GrabFileLock in plugin/driver/utils):
// every ADD/DEL/CHECK holds it while it programs the kernel, so concurrent invocations on one node
// never interleave their netlink calls. Terway polls a try-lock every 200 ms and gives up after
// 11 s with "failed to acquire lock: context deadline exceeded". One instance per node.
//
// Difference (docs/differences.md): the flock library Terway uses blocks inside the first poll, so
// on a real node the 11 s give-up rarely triggers; the brief and reference model the poll.

import { Mutex, err, ok, type Result, type Scheduler } from '@terway-sim/sim-base';

export const lockPollMs = 200;
export const lockTimeoutMs = 11_000;
export const lockPath = '/var/run/eni/terway_cni.lock';

export class CniFileLock {
  private readonly mutex = new Mutex();

  constructor(private readonly deps: { readonly scheduler: Scheduler }) {}

  get held(): boolean {
    return this.mutex.locked;
  }

  /**
   * Polls until the lock is free: tries at once, then every 200 ms; the 11 s deadline wins over a
   * poll due at the same instant. Resolves to a release function, or the Terway error text.
   */
  async acquire(): Promise<Result<() => void, string>> {
    const scheduler = this.deps.scheduler;
    const deadline = scheduler.nowMs() + lockTimeoutMs;
    for (;;) {
      if (this.mutex.tryLock()) {
        let released = false;
        return ok(() => {
          if (released) return;
          released = true;
          this.mutex.unlock();
        });
      }
      const now = scheduler.nowMs();
      if (now + lockPollMs >= deadline) {
        await scheduler.sleep(deadline - now);
        return err('failed to acquire lock: context deadline exceeded');
      }
      await scheduler.sleep(lockPollMs);
    }
  }
}
