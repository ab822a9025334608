// The emulator's moving parts as the call pipeline and the timers see them: the run's clock, ids
// and log, the current state and how to replace one region of it, the physics (latency,
// flow control, faults) and their seeded streams. `CloudEmulator` implements it; keeping the
// pipeline against this interface keeps each file about one thing.

import type { EventLog, IdGenerator, RandomStream, Rng, Scheduler } from '@terway-sim/sim-base';
import type { CloudProduct, CloudQuotas, TransitionKind } from '../actions/context.js';
import type { ApiError } from '../errors/catalog.js';
import type { FaultPlan } from '../physics/faults.js';
import type { LatencyProfile } from '../physics/latency.js';
import type { Throttle, ThrottleCode } from '../physics/throttle.js';
import type { CloudState, RegionState } from '../state/types.js';
import type { CloudEvent } from './events.js';

/** Where the emulator writes its events: the run's EventLog, or anything with its `record`. */
export type EventRecorder = Pick<EventLog, 'record'>;

/** What the emulator takes from the run (constructors take `(deps, options)`). */
export interface CloudDeps {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly ids: IdGenerator;
  readonly log: EventRecorder;
}

export interface CloudStreams {
  /** API response times. */
  readonly latency: RandomStream;
  /** Durations of asynchronous changes. */
  readonly async: RandomStream;
  /** Metadata lag. */
  readonly metadata: RandomStream;
  /** Whether fault rules fire. */
  readonly faults: RandomStream;
}

export const streamNames = {
  latency: 'cloud.latency',
  async: 'cloud.async',
  metadata: 'cloud.metadata',
  faults: 'cloud.faults',
} as const satisfies Record<keyof CloudStreams, string>;

export interface CallRequest {
  readonly product: CloudProduct;
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Who calls: the key (its account is what flow control counts) and the endpoint's region. */
export interface Caller {
  readonly accessKeyId: string;
  /** The region of the endpoint (`ecs.<region>.aliyuncs.com`), for APIs without RegionId. */
  readonly endpointRegion?: string;
}

export type CallOutcome =
  | {
      readonly kind: 'ok';
      readonly requestId: string;
      readonly latencyMs: number;
      readonly body: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'api';
      readonly requestId: string;
      readonly latencyMs: number;
      readonly error: ApiError;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'transport'; readonly requestId: string; readonly message: string };

/** One served call, for metrics and reports. */
export interface CallRecord {
  readonly product: CloudProduct;
  /** The action as requested (it may name no action the emulator serves). */
  readonly action: string;
  readonly region: string;
  readonly requestId: string;
  /** The ENI the call names or created (`NetworkInterfaceId`); null when none. */
  readonly eniId: string | null;
  /** The instance the call names (`InstanceId`); null when none. */
  readonly instanceId: string | null;
  /** `OK`, the error code, or `Timeout` for a reply that never came. */
  readonly code: string;
  /** The error's message as the caller reads it; null for a success or a lost reply. */
  readonly message: string | null;
  readonly httpStatus: number;
  /** Null when no reply was sent. */
  readonly latencyMs: number | null;
  readonly throttled: boolean;
  readonly fault: string | null;
}

export interface CloudCore {
  readonly deps: CloudDeps;
  readonly quotas: CloudQuotas;
  readonly latency: LatencyProfile;
  readonly throttle: Throttle;
  readonly throttleCode: ThrottleCode;
  readonly clientTokenTtlMs: number;
  readonly streams: CloudStreams;
  readonly defaultRegion: string;
  readonly faults: FaultPlan;
  currentState(): CloudState;
  commitRegion(region: RegionState): void;
  armTransition(kind: TransitionKind, regionId: string, id: string): void;
  accountOf(accessKeyId: string): string;
  /** Writes the event's log line, then delivers it to the subscribers (emulator/events.ts). */
  publish(event: CloudEvent): void;
}
