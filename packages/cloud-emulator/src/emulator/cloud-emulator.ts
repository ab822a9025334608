// The fake Alibaba Cloud (ECS + VPC) of one run: its state, the call pipeline, the timers of its
// asynchronous changes, its physics (latency, flow control, faults) on seeded streams, and the
// two ways in: the in-process client/metadata ports (virtual time, no sockets) and the HTTP face
// (http/server.ts, on a RealTimeDriver).
//
// When to use: one per run, built from the run's SimEnv. World building (`world`) makes VPCs,
// vSwitches, security groups and instances through the same validated actions, without latency,
// throttling or faults. Gotchas: the state is immutable; `state`/`view()` are snapshots of the
// instant they are taken. Restore a snapshot into a fresh emulator of the same seed to replay a
// run exactly (the seeded streams are fast-forwarded to where the snapshot left them).

import { assert, err, ok, type Result } from '@terway-sim/sim-base';
import type { CloudQuotas, TransitionKind } from '../actions/context.js';
import { InProcessCloudClient, type CloudClientOptions } from '../client/openapi-client.js';
import { InProcessMetadataClient, type MetadataClientOptions } from '../client/metadata-client.js';
import { completeEniTransition } from '../eni/transitions.js';
import { completeInstanceTransition } from '../instance/delete.js';
import { readMetadata, type MetadataRead } from '../metadata/metadata-view.js';
import { FaultPlan, parseFaultPlan, type FaultRuleInput } from '../physics/faults.js';
import { resolveLatencyProfile, type LatencyProfile } from '../physics/latency.js';
import { defaultRateLimit, defaultRateLimits, Throttle,
  type ThrottleCode } from '../physics/throttle.js';
import { completeRouteTransition } from '../route/entries.js';
import { deepFreeze, PersistentMap } from '@terway-sim/sim-base';
import { ownValue } from '../state/own.js';
import { RegionDraft } from '../state/region-draft.js';
import type { CloudState, RegionState } from '../state/types.js';
import { CloudView } from '../state/view.js';
import { WorldBuilder } from '../world/world-builder.js';
import { applyEffects } from './action-context.js';
import { streamNames, type CallOutcome, type CallRecord, type CallRequest, type Caller,
  type CloudCore, type CloudDeps, type CloudStreams } from './core.js';
import { CloudEventBus, type CloudEvent, type CloudEventListener } from './events.js';
import { executeCall } from './execute.js';
import { defaultClientTokenTtlMs, defaultQuotas, defaultRegions, type CloudEmulatorOptions,
  type RegionSpec } from './options.js';
import { restoreSnapshot, takeSnapshot, type CloudSnapshot } from './snapshot.js';
import { TransitionTimers } from './transition-timers.js';

function emptyRegion(spec: RegionSpec): RegionState {
  return {
    regionId: spec.regionId,
    zones: [...spec.zones],
    vpcs: {},
    vSwitches: {},
    pools: {},
    securityGroups: {},
    routeTables: {},
    natGateways: {},
    eips: {},
    instances: PersistentMap.empty(),
    enis: PersistentMap.empty(),
    quotaEniCount: 0,
    tokens: PersistentMap.empty(),
    tokensSweptMs: 0,
  };
}

export class CloudEmulator implements CloudCore {
  /** Replaced as a whole by `setQuotas`; action contexts read it per call. */
  quotas: CloudQuotas;
  readonly latency: LatencyProfile;
  readonly throttle: Throttle;
  readonly throttleCode: ThrottleCode;
  readonly clientTokenTtlMs: number;
  readonly streams: CloudStreams;
  readonly defaultRegion: string;
  readonly world: WorldBuilder;
  faults: FaultPlan;
  private current: CloudState;
  private readonly timers: TransitionTimers;
  private readonly events: CloudEventBus;

  constructor(readonly deps: CloudDeps, readonly options: CloudEmulatorOptions = {}) {
    const regions = options.regions ?? defaultRegions;
    assert(regions.length > 0, 'cloud emulator: at least one region');
    this.defaultRegion = regions[0]!.regionId;
    this.quotas = { ...defaultQuotas, ...options.quotas };
    this.latency = resolveLatencyProfile(options.latency);
    this.throttle = new Throttle({ ...defaultRateLimits, ...options.rateLimits },
      options.rateLimitDefault ?? defaultRateLimit);
    this.throttleCode = options.throttleCode ?? 'Throttling';
    this.clientTokenTtlMs = options.clientTokenTtlMs ?? defaultClientTokenTtlMs;
    const { rng } = deps;
    this.events = new CloudEventBus(deps.log);
    this.streams = {
      latency: rng.stream(streamNames.latency), async: rng.stream(streamNames.async),
      metadata: rng.stream(streamNames.metadata), faults: rng.stream(streamNames.faults),
    };
    this.faults = this.buildFaultPlan(options.faults ?? []);
    this.current = { regions: Object.fromEntries(regions.map((spec) => [spec.regionId,
      emptyRegion(spec)])) };
    if (options.freezeState === true) deepFreeze(this.current);
    this.timers = new TransitionTimers(deps.scheduler, (key) => this.completeTransition(key));
    this.world = new WorldBuilder(this);
  }

  private buildFaultPlan(rules: readonly FaultRuleInput[]): FaultPlan {
    const parsed = parseFaultPlan(rules);
    if (!parsed.ok) throw new Error(`cloud emulator fault plan: ${parsed.error.join('; ')}`);
    return new FaultPlan(parsed.value, this.streams.faults);
  }

  /** Replaces the fault plan (rule counts start again). Throws on an invalid plan. */
  setFaultPlan(rules: readonly FaultRuleInput[]): void {
    this.faults = this.buildFaultPlan(rules);
  }

  /**
   * Account quotas raised or lowered during a run (a quota ticket granted, a limit reduced). A
   * quota below what the account already holds is refused, naming both: the cloud keeps what
   * exists, and a quota the invariants would find exceeded from the start is not a quota change.
   */
  setQuotas(changes: Partial<CloudQuotas>): Result<CloudQuotas, string> {
    const view = this.view();
    const enisHeld = Math.max(0, ...view.regionIds().map((id) => view.quotaEniCount(id)));
    if (changes.enisPerRegion !== undefined && changes.enisPerRegion < enisHeld) {
      return err(`enisPerRegion ${changes.enisPerRegion} is below the ${enisHeld} ENIs held`);
    }
    const entriesHeld = Math.max(0, ...view.routeTables().map((table) =>
      Object.values(table.entries).filter((entry) => entry.type === 'Custom').length));
    const entries = changes.routeEntriesPerTable;
    if (entries !== undefined && entries < entriesHeld) {
      return err(`routeEntriesPerTable ${entries} is below the ${entriesHeld} entries held`);
    }
    this.quotas = { ...this.quotas, ...changes };
    return ok(this.quotas);
  }

  /** The whole cloud, now. Immutable. */
  get state(): CloudState {
    return this.current;
  }

  currentState(): CloudState {
    return this.current;
  }

  view(): CloudView {
    return new CloudView(this.current, this.deps.scheduler.nowMs());
  }

  commitRegion(region: RegionState): void {
    this.current = { regions: { ...this.current.regions, [region.regionId]: region } };
    if (this.options.freezeState === true) deepFreeze(this.current);
  }

  accountOf(accessKeyId: string): string {
    const accounts = this.options.accounts;
    return (accounts === undefined ? undefined : ownValue(accounts, accessKeyId)) ?? accessKeyId;
  }

  /**
   * Listens to everything the cloud does, as typed events (emulator/events.ts): each is delivered
   * synchronously right after its event-log line is written, in log order. Returns the function
   * that unsubscribes. When to use: instead of reading `cloud.*` log lines. Gotcha: a listener
   * runs inside the call or timer; it must not call the emulator back.
   */
  subscribe(listener: CloudEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Listens to every served call (metrics); returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void {
    return this.subscribe((event) => {
      if (event.type === 'call') listener(event.record);
    });
  }

  publish(event: CloudEvent): void {
    this.events.publish(event);
  }

  /** Serves one call now (synchronously); wait `latencyMs` before delivering the outcome. */
  execute(request: CallRequest, caller: Caller): CallOutcome {
    return executeCall(this, request, caller);
  }

  /** An OpenApiPort-compatible client under virtual time. */
  client(options: CloudClientOptions = {}): InProcessCloudClient {
    return new InProcessCloudClient(this, options);
  }

  /** A MetadataPort-compatible view of the metadata service, as `instanceId` sees it. */
  metadata(instanceId: string, options: MetadataClientOptions = {}): InProcessMetadataClient {
    return new InProcessMetadataClient(this, instanceId, options);
  }

  /** One metadata read now, with the fault plan applied (status 0 = unreachable). */
  readMetadata(instanceId: string, path: string): MetadataRead {
    const nowMs = this.deps.scheduler.nowMs();
    const failure = this.faults.metadataFailure(instanceId, nowMs);
    if (failure !== null) {
      this.publish({ type: 'fault', kind: 'metadataUnreachable', rule: failure.rule, instanceId,
        path, status: failure.status });
      return {
        ok: false,
        error: {
          status: failure.status,
          message:
            failure.status === 0
              ? 'metadata server unreachable'
              : `metadata server answered ${failure.status}`,
        },
      };
    }
    const region = Object.values(this.current.regions).find((candidate) =>
      candidate.instances.has(instanceId),
    );
    if (region === undefined) return { ok: false,
      error: { status: 404, message: `no instance ${instanceId}` } };
    return readMetadata(region, instanceId, path, nowMs);
  }

  armTransition(kind: TransitionKind, regionId: string, id: string): void {
    const atMs = this.transitionInstant(kind, regionId, id);
    if (atMs !== null) this.timers.arm(`${kind}|${regionId}|${id}`, atMs);
  }

  private transitionInstant(kind: TransitionKind, regionId: string, id: string): number | null {
    const region = this.current.regions[regionId];
    if (region === undefined) return null;
    if (kind === 'eni') return region.enis.get(id)?.transition?.atMs ?? null;
    if (kind === 'instance') return region.instances.get(id)?.transition?.atMs ?? null;
    const [tableId = '', entryId = ''] = id.split('/');
    return region.routeTables[tableId]?.entries[entryId]?.transition?.atMs ?? null;
  }

  private completeTransition(key: string): void {
    const [kind, regionId = '', id = ''] = key.split('|');
    const region = this.current.regions[regionId];
    if (region === undefined) return;
    const draft = new RegionDraft(region);
    const nowMs = this.deps.scheduler.nowMs();
    if (kind === 'eni') {
      const change = completeEniTransition(draft, id, nowMs);
      if (change === null) return;
      this.commitRegion(draft.finish());
      this.publish({ type: 'eni.state', eniId: change.eniId, from: change.from, to: change.to,
        instanceId: change.instanceId });
    } else if (kind === 'instance') {
      if (!completeInstanceTransition(draft, id, nowMs)) return;
      this.commitRegion(draft.finish());
      this.publish({ type: 'instance.state', instanceId: id, to: draft.instance(id)!.status });
    } else {
      const to = completeRouteTransition(draft, id, nowMs);
      if (to === null) return;
      this.commitRegion(draft.finish());
      const [routeTableId = '', routeEntryId = ''] = id.split('/');
      this.publish({ type: 'route.state', routeTableId, routeEntryId, to });
    }
  }

  /** Re-arms the timers of every pending change in the state (after a restore). */
  rearmTransitions(): void {
    this.timers.clear();
    for (const region of Object.values(this.current.regions)) {
      for (const eni of region.enis.values())
        if (eni.transition?.atMs != null) this.armTransition('eni', region.regionId, eni.id);
      for (const instance of region.instances.values()) {
        if (instance.transition?.atMs != null) this.armTransition('instance', region.regionId,
          instance.id);
      }
      for (const table of Object.values(region.routeTables)) {
        for (const entry of Object.values(table.entries)) {
          if (entry.transition?.atMs != null) this.armTransition('route', region.regionId,
            `${table.id}/${entry.id}`);
        }
      }
    }
  }

  /**
   * Pending asynchronous changes (Attaching, Detaching, Deleting, Creating routes, starting
   * instances).
   */
  get pendingTransitions(): number {
    return this.timers.pending;
  }

  snapshot(): CloudSnapshot {
    return takeSnapshot(this);
  }

  /**
   * Replaces the whole cloud with a snapshot's (see snapshot.ts for the clock and stream rules).
   */
  restore(snapshot: CloudSnapshot): void {
    this.current = restoreSnapshot(this, snapshot);
    if (this.options.freezeState === true) deepFreeze(this.current);
    this.rearmTransitions();
  }

  /**
   * For world building: commits a draft built outside the call pipeline and applies its effects.
   */
  commitWorld(draft: RegionDraft, effects: Parameters<typeof applyEffects>[2]): void {
    this.commitRegion(draft.finish());
    applyEffects(this, draft.regionId, effects, null);
  }
}

