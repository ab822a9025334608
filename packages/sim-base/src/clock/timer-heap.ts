// A binary min-heap of timers ordered by (dueMs, seq). The sequence number is the insertion order,
// so two timers due at the same virtual millisecond always fire in the order they were armed: that
// tie-break is what makes a run reproducible (docs/determinism.md).

export interface Timer {
  readonly dueMs: number;
  readonly seq: number;
  /** Null once the timer has fired or been cancelled; the heap drops such entries lazily. */
  fn: (() => unknown) | null;
  /** True when firing resolves a promise, so the loop must let microtasks settle afterwards. */
  readonly wakesAsync: boolean;
}

function before(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}

export class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  push(timer: Timer): void {
    const items = this.items;
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTimer = items[parent]!;
      if (!before(timer, parentTimer)) break;
      items[index] = parentTimer;
      index = parent;
    }
    items[index] = timer;
  }

  pop(): Timer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const length = items.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && before(items[right]!, items[left]!)) child = right;
      const childTimer = items[child]!;
      if (!before(childTimer, last)) break;
      items[index] = childTimer;
      index = child;
    }
    items[index] = last;
    return top;
  }
}
