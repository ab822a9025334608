// The two locks around the daemon's RPCs (Terway's daemon/daemon.go networkService):
//   - `pendingPods` (a sync.Map): one AllocIP/ReleaseIP/GetIPInfo per pod key at a time; a second
//     call for the same pod fails at once with `PodIsProcessing`;
//   - a sync.RWMutex: every RPC holds it shared, the GC pass holds it exclusively.
// The RW lock follows Go's rule that a waiting writer blocks new readers, so GC cannot starve,
// and hands the lock over in arrival order.

export class PendingPods {
  private readonly pods = new Set<string>();

  /** Claims `podId`; false if a call for it is already running. */
  tryClaim(podId: string): boolean {
    if (this.pods.has(podId)) return false;
    this.pods.add(podId);
    return true;
  }

  release(podId: string): void {
    this.pods.delete(podId);
  }

  get size(): number {
    return this.pods.size;
  }
}

type Waiter = { readonly exclusive: boolean; readonly grant: () => void };

export class RwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  async read<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await work();
    } finally {
      this.readers--;
      this.drain();
    }
  }

  async write<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await work();
    } finally {
      this.writer = false;
      this.drain();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.canGrant(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ exclusive, grant: resolve }));
  }

  private canGrant(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers++;
  }

  private drain(): void {
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || !this.canGrant(next.exclusive)) return;
      this.queue.shift();
      this.take(next.exclusive);
      next.grant();
    }
  }
}
