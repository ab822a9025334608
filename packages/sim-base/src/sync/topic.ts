// A typed, synchronous publish/subscribe point: how one part of a simulation tells the others
// what happened (an ENI changed state, a pod got an IP) without knowing who listens. Subscribers
// run inside `publish`, in subscription order, before it returns, so a subscriber sees the world
// exactly as the publisher left it; one that wants to act later schedules work on the clock.
//
// When to use: domain events between packages (typed unions, one `type` field). Gotcha: a
// subscriber that throws stops the publisher; checkers record findings instead of throwing.

export class Topic<E> {
  /** Replaced, never changed in place, so a publish in progress keeps the list it started with. */
  private subscribers: ReadonlyArray<(event: E) => void> = [];

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(subscriber: (event: E) => void): () => void {
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      this.subscribers = this.subscribers.filter((existing) => existing !== subscriber);
    };
  }

  publish(event: E): void {
    const subscribers = this.subscribers;
    for (let index = 0; index < subscribers.length; index++) subscribers[index]!(event);
  }

  /** Whether anyone listens (publishers may skip building an event nobody reads). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }
}
