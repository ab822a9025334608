// Cancellation and deadlines on virtual time, in the manner of Go's context.Context, which Terway
// threads through every RPC (118 s), CNI call (120 s) and cloud wait (30 s, 60 s). A context ends
// once, with the first of: its parent ending, an explicit cancel, or its deadline passing.
//
// When to use: give one to every wait that the modelled code bounds with a context, and pass it to
// `scheduler.sleep` so the sleep ends with the context. Gotcha: a context with a deadline arms a
// timer; cancel it when the work finishes early so the timer does not linger in the queue.

import type { Scheduler } from './scheduler.js';

export class ContextCanceled extends Error {
  override readonly name = 'ContextCanceled';
  constructor() {
    super('context canceled');
  }
}

export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor() {
    super('context deadline exceeded');
  }
}

export type ContextError = ContextCanceled | DeadlineExceeded;

// One shared value each, as Go's context.Canceled and context.DeadlineExceeded are: a run cancels
// hundreds of thousands of contexts, and building an Error (and its stack) each time is costly.
const canceled = new ContextCanceled();
const deadlineExceeded = new DeadlineExceeded();
type DoneListener = (error: ContextError) => void;

export class Context {
  private failure: ContextError | undefined;
  private listeners: Set<DoneListener> | null = null;
  private detachFromParent: () => void = noop;
  private disarmDeadline: () => void = noop;

  private constructor(
    private readonly scheduler: Scheduler,
    parent: Context | null,
    deadlineMs: number | null,
  ) {
    // A child of an ended context is born ended: no subscription, no deadline timer.
    if (parent?.failure !== undefined) {
      this.failure = parent.failure;
      return;
    }
    if (parent !== null) this.detachFromParent = parent.onDone((error) => this.end(error));
    if (deadlineMs !== null) {
      const timer = scheduler.at(Math.max(deadlineMs, scheduler.nowMs()), () =>
        this.end(deadlineExceeded),
      );
      this.disarmDeadline = () => scheduler.cancel(timer);
    }
  }

  /** A context that never ends: the root of every tree. */
  static background(scheduler: Scheduler): Context {
    return new Context(scheduler, null, null);
  }

  /** A child that ends with this one or when `cancel` is called. */
  withCancel(): { ctx: Context; cancel: () => void } {
    const ctx = new Context(this.scheduler, this, null);
    return { ctx, cancel: () => ctx.end(canceled) };
  }

  /** A child that also ends `timeoutMs` from now. */
  withTimeout(timeoutMs: number): { ctx: Context; cancel: () => void } {
    const ctx = new Context(this.scheduler, this, this.scheduler.nowMs() + timeoutMs);
    return { ctx, cancel: () => ctx.end(canceled) };
  }

  /** Undefined while the context is live; afterwards, why it ended. */
  err(): ContextError | undefined {
    return this.failure;
  }

  /**
   * Calls `listener` once when the context ends (immediately, if it has). Returns a function that
   * unsubscribes; waiters that finish first must call it so listeners do not pile up.
   */
  onDone(listener: DoneListener): () => void {
    if (this.failure !== undefined) {
      listener(this.failure);
      return noop;
    }
    (this.listeners ??= new Set()).add(listener);
    return () => this.listeners?.delete(listener);
  }

  /**
   * Settles like `work`, unless the context ends first: then rejects with the context's error.
   * The listener is removed as soon as either side settles.
   */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const unsubscribe = this.onDone(reject);
      work.then(
        (value) => {
          unsubscribe();
          resolve(value);
        },
        (error: unknown) => {
          unsubscribe();
          reject(error);
        },
      );
    });
  }

  private end(error: ContextError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.disarmDeadline();
    this.detachFromParent();
    const listeners = this.listeners;
    this.listeners = null;
    listeners?.forEach((listener) => listener(error));
  }
}

function noop(): void {}
