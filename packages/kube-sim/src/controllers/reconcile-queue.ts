// Coalesces reconcile requests: any number of triggers at one instant cause one reconcile at that
// instant, as a controller's work queue deduplicates a key.

import type { Scheduler } from '@terway-sim/sim-base';

export class ReconcileQueue {
  private armed = false;

  constructor(private readonly scheduler: Scheduler, private readonly reconcile: () => void) {}

  trigger(): void {
    if (this.armed) return;
    this.armed = true;
    this.scheduler.after(0, () => {
      this.armed = false;
      this.reconcile();
    });
  }
}
