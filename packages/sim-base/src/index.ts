// sim-base: the virtual clock and scheduler, seeded random streams, id counters, the event log and
// its digest, plus the small shared vocabulary (results, assertions, addresses, durations) that
// every other package builds on. It depends on nothing in the project.

export { assert, unreachable, AssertionFailed } from './assert.js';
export { ok, err, type Ok, type Err, type Result } from './result.js';
export {
  Scheduler, TaskFailed, defaultEpochMs,
  type Clock, type SchedulerOptions, type RunOptions, type RunSummary,
} from './clock/scheduler.js';
export type { Timer } from './clock/timer-heap.js';
export { Context, ContextCanceled, DeadlineExceeded, type ContextError } from './clock/context.js';
export {
  RealTimeDriver,
  wallEpochFor,
  type RealTimeDriverOptions,
} from './clock/real-time-driver.js';
export { Deferred } from './sync/deferred.js';
export { Notifier } from './sync/notifier.js';
export { Mutex } from './sync/mutex.js';
export { Topic } from './sync/topic.js';
export { Rng, RandomStream, canonicalSeed, type Seed } from './random/rng.js';
export { IdGenerator } from './ids/ids.js';
export { canonicalJson, type JsonValue } from './log/canonical-json.js';
export { PersistentMap, hashKey } from './collections/persistent-map.js';
export { deepFreeze } from './collections/deep-freeze.js';
export {
  EventLog, type EventFields, type LoggedEvent, type EventListener, type EventLogOptions,
} from './log/event-log.js';
export { createSimEnv, type SimEnv, type SimEnvOptions } from './env.js';
export * from './net/ipv4.js';
export * from './net/ipv6.js';
export * from './net/ip.js';
export { parseDuration, formatDuration } from './time/duration.js';
export { isoSeconds, isoMillis, parseIso, dateAt, goTimeUtc, rfc1123Z } from './time/timestamp.js';
export {
  stepBackoff, jitterMs, backoffProblem, type Backoff, type ExtendedBackoff, type BackoffStep,
  type UniformSource,
} from './retry/backoff.js';
export {
  exponentialBackoff, exponentialBackoffWithInitialDelay, waitTimeoutMessage, waitFailureMessage,
  sleepCtx, contextFailure, type WaitFailure, type WaitDeps, type Condition,
} from './retry/wait.js';
export { pollUntilContextTimeout, type PollOptions } from './retry/poll.js';
export {
  WorkQueue, failureDelayMs, failureDelayBaseMs, failureDelayMaxMs, queuedKeysMax,
  type Reconciler, type ReconcileResult, type ReconcileError, type WorkQueueOptions,
} from './sync/work-queue.js';
