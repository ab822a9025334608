// The emulator's typed events: what the cloud did, as values, so that other packages react to
// the cloud through a subscription instead of parsing its event-log lines. Every event is the
// twin of exactly one line the emulator writes to the run's event log, and the line is rendered
// from the event (`eventLine`), so the two can never say different things. `publish` writes the
// line first and then hands the event to every subscriber, synchronously and in log order.
//
// The lines (and therefore every run's digest) are what they were before the events existed:
// `cloud.api` per served call, `cloud.fault` per fired fault, `cloud.eni.state`,
// `cloud.instance.state` and `cloud.route.state` per status change the log has always recorded,
// and `cloud.world` per world-building step.
//
// Gotchas: a subscriber runs inside the call or timer that caused the event, before the caller
// sees the outcome; it must not call back into the emulator (start a task on the scheduler
// instead, as the world's ENI hotplug does). A route entry's Creating/Deleting and an
// instance's Pending/gone, which a call itself makes, have no line of their own and so no state
// event: the `call` event of CreateRouteEntry, DeleteRouteEntry, RunInstances or DeleteInstance
// is where they show.

import type { EventFields } from '@terway-sim/sim-base';
import type { EniStatus, InstanceStatus } from '../state/types.js';
import type { CallRecord, EventRecorder } from './core.js';

/** One served call, as metrics and reports see it (`cloud.api`). */
export interface CallEvent {
  readonly type: 'call';
  readonly record: CallRecord;
}

/** An ENI changed status (`cloud.eni.state`): None is "did not exist", Gone "no longer exists". */
export interface EniStateEvent {
  readonly type: 'eni.state';
  readonly eniId: string;
  readonly from: EniStatus | 'None';
  readonly to: EniStatus | 'Gone';
  /** The instance the ENI is (or was, for a detach or release) attached to; null when none. */
  readonly instanceId: string | null;
}

/** An instance finished an asynchronous change: Pending to Running (`cloud.instance.state`). */
export interface InstanceStateEvent {
  readonly type: 'instance.state';
  readonly instanceId: string;
  readonly to: InstanceStatus;
}

/** A route entry finished Creating or Deleting (`cloud.route.state`). */
export interface RouteStateEvent {
  readonly type: 'route.state';
  readonly routeTableId: string;
  readonly routeEntryId: string;
  readonly to: 'Created' | 'Gone';
}

/** What every fault fired on an API call carries: the rule, the call and its region. */
interface CallFaultFacts {
  readonly type: 'fault';
  /** Index of the rule in the fault plan. */
  readonly rule: number;
  readonly action: string;
  readonly requestId: string;
  readonly region: string;
}

/**
 * A fault of the fault plan fired (`cloud.fault`). `kind` names what happened: a refusal with
 * `code` (regionOutage rules fire as `error` too), a lost request or reply, an attach that never
 * completes, metadata that lags a change, or a metadata read that failed.
 */
export type FaultEvent =
  | (CallFaultFacts & { readonly kind: 'error'; readonly code: string })
  | (CallFaultFacts & { readonly kind: 'timeout'; readonly applied: boolean })
  | (CallFaultFacts & { readonly kind: 'stuckAttaching' })
  | {
    readonly type: 'fault'; readonly kind: 'metadataLag'; readonly rule: number;
    readonly instanceId: string; readonly lagMs: number;
    /** The call whose change lags; null for world building. */
    readonly requestId: string | null;
  }
  | {
    readonly type: 'fault'; readonly kind: 'metadataUnreachable'; readonly rule: number;
    readonly instanceId: string; readonly path: string;
    /** The status answered; 0 when the server did not answer at all. */
    readonly status: number;
  };

/** One world-building step succeeded (`cloud.world`): setup, not an API call. */
export interface WorldEvent {
  readonly type: 'world';
  readonly action: string;
  readonly region: string;
}

export type CloudEvent =
  | CallEvent | EniStateEvent | InstanceStateEvent | RouteStateEvent | FaultEvent | WorldEvent;

export type CloudEventListener = (event: CloudEvent) => void;

/** The event-log line of an event: its kind and fields, exactly as the log has always had them. */
function eventLine(event: CloudEvent): { kind: string; fields: EventFields } {
  switch (event.type) {
    case 'call': {
      const { record } = event;
      return { kind: 'cloud.api', fields: {
        api: record.action, code: record.code, ms: record.latencyMs ?? undefined,
        rid: record.requestId, region: record.region, eni: record.eniId ?? undefined,
        i: record.instanceId ?? undefined, fault: record.fault ?? undefined,
      } };
    }
    case 'eni.state': return { kind: 'cloud.eni.state', fields: { eni: event.eniId,
      from: event.from, to: event.to, i: event.instanceId ?? undefined } };
    case 'instance.state': return { kind: 'cloud.instance.state',
      fields: { i: event.instanceId, to: event.to } };
    case 'route.state': return { kind: 'cloud.route.state',
      fields: { rte: event.routeEntryId, vtb: event.routeTableId, to: event.to } };
    case 'fault': return { kind: 'cloud.fault', fields: faultFields(event) };
    case 'world': return { kind: 'cloud.world',
      fields: { api: event.action, region: event.region } };
  }
}

function faultFields(event: FaultEvent): EventFields {
  switch (event.kind) {
    case 'metadataLag': return { fault: event.kind, i: event.instanceId, lagMs: event.lagMs,
      rule: event.rule, rid: event.requestId ?? undefined };
    case 'metadataUnreachable': return { fault: event.kind, i: event.instanceId,
      path: event.path, status: event.status, rule: event.rule };
    default: return {
      fault: event.kind, api: event.action, rid: event.requestId, rule: event.rule,
      region: event.region, code: event.kind === 'error' ? event.code : undefined,
      applied: event.kind === 'timeout' ? event.applied : undefined,
    };
  }
}

/**
 * Writes each event's line to the log, then delivers the event to the subscribers. Subscribing
 * or unsubscribing from inside a listener takes effect from the next event.
 */
export class CloudEventBus {
  /** Replaced, never changed in place, so a delivery in progress keeps its own list. */
  private subscriptions: readonly { readonly listener: CloudEventListener }[] = [];

  constructor(private readonly log: EventRecorder) {}

  publish(event: CloudEvent): void {
    const line = eventLine(event);
    this.log.record(line.kind, line.fields);
    for (const subscription of this.subscriptions) subscription.listener(event);
  }

  /** Adds a listener for every later event; returns the function that removes it. */
  subscribe(listener: CloudEventListener): () => void {
    const subscription = { listener };
    this.subscriptions = [...this.subscriptions, subscription];
    return () => {
      this.subscriptions = this.subscriptions.filter((other) => other !== subscription);
    };
  }
}
