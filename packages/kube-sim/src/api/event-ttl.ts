// Events expire as kube-apiserver's `--event-ttl` makes them (default 1h): every write of an
// Event, its creation or a repeat that bumps its count, stores it with a lease of that length,
// and the object is gone when the lease of its last write runs out. So `kubectl get events`
// shows the last hour, and a long run does not keep every Event it ever recorded.
//
// Here expiry happens when the next Event is written (and when ApiServer lists events for a
// report), not at the lease's exact second (docs/differences.md).

/** kube-apiserver's --event-ttl default. */
export const eventTtlMs = 60 * 60_000;

export class EventExpiry {
  /** Writes in time order; an entry is stale when its key was written again later. */
  private writes: Array<{ readonly key: string; readonly atMs: number }> = [];
  private head = 0;
  private readonly lastWrite = new Map<string, number>();

  constructor(private readonly ttlMs = eventTtlMs) {}

  written(key: string, atMs: number): void {
    this.writes.push({ key, atMs });
    this.lastWrite.set(key, atMs);
  }

  /** Keys whose last write is at least the TTL before `nowMs`, oldest first; forgotten here. */
  expired(nowMs: number): string[] {
    const gone: string[] = [];
    while (this.head < this.writes.length && this.writes[this.head]!.atMs + this.ttlMs <= nowMs) {
      const { key, atMs } = this.writes[this.head++]!;
      if (this.lastWrite.get(key) !== atMs) continue;
      this.lastWrite.delete(key);
      gone.push(key);
    }
    // Drop the consumed front now and then, so the queue's memory follows the live writes.
    if (this.head > 1024 && this.head * 2 > this.writes.length) {
      this.writes = this.writes.slice(this.head);
      this.head = 0;
    }
    return gone;
  }
}
