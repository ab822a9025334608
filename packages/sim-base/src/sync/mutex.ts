// A FIFO async lock. Terway holds a per-pod lock around each RPC and a manager lock around pool
// decisions; here a lock is held across awaits on virtual time and handed to waiters in arrival
// order, so contention resolves the same way on every run.

export class Mutex {
  private held = false;
  private readonly queue: Array<() => void> = [];

  get locked(): boolean {
    return this.held;
  }

  /** Takes the lock now if free; never waits. */
  tryLock(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Resolves once the caller holds the lock. */
  lock(): Promise<void> {
    if (this.tryLock()) return Promise.resolve();
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Passes the lock to the longest waiter, or frees it. */
  unlock(): void {
    const next = this.queue.shift();
    if (next === undefined) this.held = false;
    else next();
  }

  /** Runs `work` holding the lock, releasing it however `work` ends. */
  async withLock<T>(work: () => Promise<T> | T): Promise<T> {
    await this.lock();
    try {
      return await work();
    } finally {
      this.unlock();
    }
  }
}
