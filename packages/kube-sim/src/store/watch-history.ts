// The API server's watch cache, reduced to what a watch "from resourceVersion N" needs: the
// recent changes of one resource, oldest first, bounded by count. A watch that starts at a
// version the window still covers is replayed from there; an older one is refused with
// `410 Expired` ("too old resource version"), as a real API server refuses it once etcd has
// compacted, and the client relists.

import type { KubeObject } from './resources.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change<T extends KubeObject = KubeObject> {
  readonly type: WatchType;
  readonly object: T;
  /** The object before this change (undefined for ADDED). */
  readonly previous: T | undefined;
  readonly resourceVersion: number;
}

export class WatchHistory {
  private readonly ring: Array<Change | undefined>;
  private start = 0;
  private length = 0;
  /** The newest version that is no longer in the window (0: nothing dropped yet). */
  private droppedThrough = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Change | undefined>(capacity);
  }

  push(change: Change): void {
    if (this.capacity === 0) {
      this.droppedThrough = change.resourceVersion;
      return;
    }
    if (this.length === this.capacity) {
      this.droppedThrough = this.ring[this.start]!.resourceVersion;
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
    this.ring[(this.start + this.length) % this.capacity] = change;
    this.length++;
  }

  /**
   * The changes after `resourceVersion`, or undefined when the window no longer reaches back
   * that far (the caller answers 410 Expired).
   */
  since(resourceVersion: number): Change[] | undefined {
    if (resourceVersion < this.droppedThrough) return undefined;
    const found: Change[] = [];
    for (let index = 0; index < this.length; index++) {
      const change = this.ring[(this.start + index) % this.capacity]!;
      if (change.resourceVersion > resourceVersion) found.push(change);
    }
    return found;
  }

  copy(): WatchHistory {
    const copy = new WatchHistory(this.capacity);
    copy.droppedThrough = this.droppedThrough;
    for (let index = 0; index < this.length; index++) {
      copy.push(this.ring[(this.start + index) % this.capacity]!);
    }
    return copy;
  }
}
