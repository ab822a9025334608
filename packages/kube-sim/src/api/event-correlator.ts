// How a component's event recorder folds repeated events into one Event object, as client-go's
// EventCorrelator does (k8s.io/client-go tools/record/events_cache.go):
// - an event identical to an earlier one (same source, involved object, type, reason and
//   message) updates that Event: count + 1, lastTimestamp now. This is what `kubectl describe`
//   shows as `5m (x65 over 14m)`;
// - once 10 events with the same source, object, type and reason but different messages have
//   been seen within 10 minutes, the next ones are folded into one Event whose message starts
//   "(combined from similar events): ".
// Both caches are bounded, as client-go's LRU caches are (4,096 entries; the oldest goes).
// client-go's spam filter (a token bucket per object that drops events) is not modelled
// (docs/differences.md): every recorded event is counted.

export interface EventIdentity {
  readonly source: string;
  /** kind/namespace/name/uid of the involved object. */
  readonly object: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

export interface Correlation {
  /** Events with the same key update one Event object. */
  readonly key: string;
  readonly message: string;
}

const similarEventsMax = 10;
const similarWindowMs = 10 * 60_000;
const cacheEntriesMax = 4_096;

export class EventCorrelator {
  private readonly similar = new Map<string, { messages: Set<string>; lastMs: number }>();

  correlate(event: EventIdentity, nowMs: number): Correlation {
    const aggregate = [event.source, event.object, event.type, event.reason].join('\u0000');
    let record = this.similar.get(aggregate);
    if (record === undefined || nowMs - record.lastMs > similarWindowMs) {
      record = { messages: new Set(), lastMs: nowMs };
    }
    record.messages.add(event.message);
    record.lastMs = nowMs;
    this.similar.delete(aggregate);
    this.similar.set(aggregate, record);
    bound(this.similar);
    if (record.messages.size < similarEventsMax) {
      return { key: `${aggregate}\u0000${event.message}`, message: event.message };
    }
    // Keep the set at its bound, as client-go pops one key once it is reached.
    record.messages.delete(record.messages.values().next().value!);
    return { key: aggregate, message: `(combined from similar events): ${event.message}` };
  }
}

/** Drops the oldest entries past the cache bound. */
export function bound<K, V>(cache: Map<K, V>): void {
  while (cache.size > cacheEntriesMax) cache.delete(cache.keys().next().value!);
}
