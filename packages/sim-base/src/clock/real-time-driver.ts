// Moves the virtual clock with the wall clock, for the emulator's HTTP face: an SDK client on the
// other end of a socket lives in real time, so a 200 ms API latency must take 200 real ms.
//
// The driver anchors virtual time to the wall clock when started, then sleeps (a real timer)
// until the next armed timer is due, fires everything due, and moves the clock to the wall time.
// Arming an earlier timer (a request arriving) wakes it early through `Scheduler.onArmed`.
// `speed` > 1 runs virtual time faster than the wall clock (a 10 s attach takes 1 s at speed 10).

import type { Scheduler } from './scheduler.js';

export interface RealTimeDriverOptions {
  /** Virtual ms per wall ms. Default 1. */
  readonly speed?: number;
  /** Longest real sleep between checks, so clock reads stay fresh while idle. Default 1000 ms. */
  readonly idleWakeMs?: number;
}

/**
 * The epoch that makes virtual instant `virtualMs` read as the wall clock's now: for a world
 * served to people's tools, whose ages are computed against their own clocks.
 */
export function wallEpochFor(virtualMs: number): number {
  return Date.now() - virtualMs;
}

export class RealTimeDriver {
  private readonly speed: number;
  private readonly idleWakeMs: number;
  private wallStart = 0;
  private virtualStart = 0;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAtWall = Number.POSITIVE_INFINITY;
  private running = false;
  private stepping = false;
  private failure: unknown = undefined;

  constructor(private readonly scheduler: Scheduler, options: RealTimeDriverOptions = {}) {
    this.speed = options.speed ?? 1;
    this.idleWakeMs = options.idleWakeMs ?? 1000;
  }

  /** Anchors virtual time to now and starts following the wall clock. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wallStart = performance.now();
    this.virtualStart = this.scheduler.nowMs();
    this.scheduler.setEpochMs(Date.now() - this.virtualStart);
    this.scheduler.onArmed = (dueMs) => this.armWake(dueMs);
    this.armWake(this.scheduler.nextDueMs() ?? Number.POSITIVE_INFINITY);
  }

  stop(): void {
    this.running = false;
    this.scheduler.onArmed = null;
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** The first error a fired timer threw, if any; the driver stops on it. */
  get error(): unknown {
    return this.failure;
  }

  private virtualNow(): number {
    return this.virtualStart + Math.floor((performance.now() - this.wallStart) * this.speed);
  }

  private armWake(dueMs: number): void {
    if (!this.running) return;
    const delayWall = Math.min(Math.max(0, (dueMs - this.virtualNow()) / this.speed), this.idleWakeMs);
    const atWall = performance.now() + delayWall;
    if (this.wakeTimer !== null && atWall >= this.wakeAtWall) return;
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeAtWall = atWall;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeAtWall = Number.POSITIVE_INFINITY;
      void this.step();
    }, Math.ceil(delayWall));
  }

  private async step(): Promise<void> {
    if (!this.running || this.stepping) return;
    this.stepping = true;
    try {
      await this.scheduler.run({ untilMs: Math.max(this.virtualNow(), this.scheduler.nowMs()) });
    } catch (error) {
      this.failure = error;
      this.stop();
      return;
    } finally {
      this.stepping = false;
    }
    this.armWake(this.scheduler.nextDueMs() ?? Number.POSITIVE_INFINITY);
  }
}
