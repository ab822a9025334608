// One run's deterministic environment: the clock, the seeded streams, the id counters and the
// event log. Every package takes what it needs from here; nothing else is a source of time,
// randomness or identity.

import { Scheduler, type SchedulerOptions } from './clock/scheduler.js';
import { IdGenerator } from './ids/ids.js';
import { EventLog, type EventLogOptions } from './log/event-log.js';
import { Rng, type Seed } from './random/rng.js';

export interface SimEnv {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly ids: IdGenerator;
  readonly log: EventLog;
}

export interface SimEnvOptions extends SchedulerOptions, EventLogOptions {
  readonly seed: Seed;
  /** Region code embedded in resource ids (`bp` for cn-hangzhou). */
  readonly regionCode?: string;
}

export function createSimEnv(options: SimEnvOptions): SimEnv {
  const scheduler = new Scheduler(options);
  return {
    scheduler,
    rng: new Rng(options.seed),
    ids: new IdGenerator(options.regionCode),
    log: new EventLog(scheduler, options),
  };
}
