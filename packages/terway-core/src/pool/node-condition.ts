// The `SufficientIP` node condition the daemon maintains, as Terway's pkg/eni/manager.go
// `NodeCondition` does it with an atomic flag and a timer:
//   - the flag starts true and the timer fires at once, so the first thing written is
//     True / SufficientIP / "node has sufficient IP or pass the exhaustive period: 10m0s";
//   - an allocation that no backend accepted with an InsufficientVSwitchIP trace calls
//     `setIpExhaustive`: only the caller that flips the flag false→true writes
//     False / InsufficientIP / "node has insufficient IP" (the RPC waits for that write), then
//     arms the timer for 10 minutes;
//   - when the timer fires with the flag set, True is written again and the flag cleared;
//   - a released LocalIP calls `unsetIpExhaustive`, which fires the timer now.
// Writes go through the handler (PatchNodeIPResCondition), which skips a write identical to one
// less than 5 minutes old.

import type { Context, Scheduler, Timer } from '@terway-sim/sim-base';
import { formatDuration } from '@terway-sim/sim-base';
import type { PoolLogger } from './telemetry.js';

export const ipExhaustiveConditionPeriodMs = 10 * 60_000;
export const sufficientIpConditionType = 'SufficientIP';
export const reasonSufficientIp = 'SufficientIP';
export const reasonInsufficientIp = 'InsufficientIP';
const period = formatDuration(ipExhaustiveConditionPeriodMs);
export const messageSufficientIp =
  `node has sufficient IP or pass the exhaustive period: ${period}`;
export const messageInsufficientIp = 'node has insufficient IP';

export type ConditionHandler =
  (status: 'True' | 'False', reason: string, message: string) => Promise<void>;

export class SufficientIpCondition {
  private exhaustive = true;
  private timer: Timer | null = null;
  private firing: Promise<void> = Promise.resolve();
  private ctx: Context | null = null;

  constructor(private readonly scheduler: Scheduler,
    private readonly handler: ConditionHandler | undefined, private readonly logger: PoolLogger) {}

  /** Starts the timer loop (Terway's NodeCondition.Run); the first fire is now. */
  start(ctx: Context): void {
    this.ctx = ctx;
    this.reset(0);
    ctx.onDone(() => {
      if (this.timer !== null) this.scheduler.cancel(this.timer);
      this.timer = null;
    });
  }

  get isExhaustive(): boolean {
    return this.exhaustive;
  }

  async setIpExhaustive(): Promise<void> {
    if (this.handler === undefined || this.exhaustive) return;
    this.exhaustive = true;
    await this.write('False', reasonInsufficientIp, messageInsufficientIp);
    this.reset(ipExhaustiveConditionPeriodMs);
  }

  unsetIpExhaustive(): void {
    if (this.exhaustive) this.reset(0);
  }

  private reset(delayMs: number): void {
    if (this.ctx === null || this.ctx.err() !== undefined) return;
    if (this.timer !== null) this.scheduler.cancel(this.timer);
    this.timer = this.scheduler.after(delayMs, () => {
      this.timer = null;
      // The timer loop is one goroutine: fires are handled one after the other.
      this.firing = this.firing.then(() => this.onFire());
      return this.firing;
    });
  }

  private async onFire(): Promise<void> {
    if (!this.exhaustive || this.ctx?.err() !== undefined) return;
    if (this.handler !== undefined) {
      await this.write('True', reasonSufficientIp, messageSufficientIp);
    }
    this.exhaustive = false;
  }

  private async write(status: 'True' | 'False', reason: string, message: string): Promise<void> {
    try {
      await this.handler?.(status, reason, message);
    } catch (error) {
      const failure = error instanceof Error ? error : String(error);
      this.logger.error('set IPExhaustive condition failed', failure);
    }
  }
}
