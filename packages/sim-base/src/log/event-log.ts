// The run's event log: every cloud call, fault, pool decision, CNI call and pod transition, as
// canonical JSON lines stamped with the virtual time. Its sha256 digest is the fingerprint of a
// run: same seed + same scenario + same code = same digest (docs/determinism.md).
//
// The digest is computed as lines are written, so a long run need not keep its lines; `retain`
// keeps them for reports and tests. Subscribers (invariant checkers, metric collectors) see each
// event right after it is written, in order.

import { createHash, type Hash } from 'node:crypto';
import type { Clock } from '../clock/scheduler.js';
import { canonicalEventJson, type JsonValue } from './canonical-json.js';

/** An event as written: `t` (virtual ms) and `kind` are added by the log. */
export type EventFields = { readonly [key: string]: JsonValue | undefined };

export interface LoggedEvent {
  readonly t: number;
  readonly seq: number;
  readonly kind: string;
  readonly fields: EventFields;
}

export type EventListener = (event: LoggedEvent) => void;

export interface EventLogOptions {
  /** Keep at most this many lines in memory (oldest first). Default 0: keep none. */
  readonly retainMax?: number;
  /** Called with each line (without newline), e.g. to stream events.jsonl to disk. */
  readonly sink?: (line: string) => void;
}

const hashChunkChars = 64 * 1024;

export class EventLog {
  private readonly hash: Hash = createHash('sha256');
  /** Lines not yet hashed: hashing in 64 KiB chunks costs far less than a call per line. */
  private unhashed = '';
  private readonly retained: string[] = [];
  private readonly listeners: EventListener[] = [];
  private readonly kindCounts = new Map<string, number>();
  private count = 0;

  constructor(private readonly clock: Clock, private readonly options: EventLogOptions = {}) {}

  /** Writes one event at the current virtual time and notifies subscribers. */
  record(kind: string, fields: EventFields = {}): void {
    const t = this.clock.nowMs();
    const line = canonicalEventJson(fields, kind, t);
    this.unhashed += `${line}\n`;
    if (this.unhashed.length >= hashChunkChars) this.flushHash();
    this.count++;
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    const retainMax = this.options.retainMax ?? 0;
    if (retainMax > 0) {
      this.retained.push(line);
      // Trim in halves so keeping the newest lines costs O(1) per event, amortized.
      if (this.retained.length >= 2 * retainMax)
        this.retained.splice(0, this.retained.length - retainMax);
    }
    this.options.sink?.(line);
    if (this.listeners.length > 0) {
      const event: LoggedEvent = { t, seq: this.count, kind, fields };
      this.listeners.forEach((listener) => listener(event));
    }
  }

  /** Adds a listener called after every event; returns a function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** sha256 (hex) of every line written so far; the log stays open for more. */
  digest(): string {
    this.flushHash();
    return this.hash.copy().digest('hex');
  }

  private flushHash(): void {
    if (this.unhashed === '') return;
    this.hash.update(this.unhashed);
    this.unhashed = '';
  }

  get size(): number {
    return this.count;
  }

  /** Events written per kind, sorted by kind. */
  countsByKind(): Record<string, number> {
    return Object.fromEntries([...this.kindCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** The retained lines (see `retainMax`). */
  lines(): readonly string[] {
    const retainMax = this.options.retainMax ?? 0;
    return this.retained.length > retainMax ? this.retained.slice(-retainMax) : this.retained;
  }
}
