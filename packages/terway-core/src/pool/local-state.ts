// The mutable state of one Local ENI slot (Terway's pkg/eni/local.go `Local` struct) and the small
// state changes several of its tasks share: queue bookkeeping, adding the addresses a cloud call
// returned (with the gauge bookkeeping Terway does there), and `errorHandleLocked`.
//
// Terway guards all of this with one mutex and a condition variable; here every change happens
// between awaits (one JS task at a time), and `cond` (a Notifier) is the condition variable.

import { Notifier, type Scheduler } from '@terway-sim/sim-base';
import type { AttachedEni, EniSlotType } from '../eni/types.js';
import type { Factory, FactoryFailure } from '../factory/factory.js';
import type { Mutations } from '../mutations/mutations.js';
import { liveRequests, popJobs, switchOut } from './batch.js';
import { canDispose } from './dispose-plan.js';
import { PoolIpSet, PoolIp } from './ip-set.js';
import type { OrphanIpTracker } from './orphan-ips.js';
import type { SlotStatus } from './priority.js';
import type { SlotLimiter } from './slot-limiter.js';
import type { NodeEventSink, PoolGauges, PoolLogger } from './telemetry.js';
import type { LocalIpRequest } from './types.js';

/** Terway's errorHandleLocked inhibits: 1 minute for the ENI quota, 10 for an exhausted vSwitch. */
export const inhibitEniQuotaMs = 60_000;
export const inhibitIpShortageMs = 10 * 60_000;
export const codesIpShortage: readonly string[] = [
  'InvalidVSwitchId.IpNotEnough', 'QuotaExceeded.PrivateIpAddress',
];
export const codeEniQuota = 'EniPerInstanceLimitExceeded';

export interface LocalDeps {
  readonly scheduler: Scheduler;
  readonly factory: Factory;
  readonly logger: PoolLogger;
  readonly gauges: PoolGauges;
  readonly nodeEvent: NodeEventSink;
  readonly orphans: OrphanIpTracker;
  /** wait.Jitter for the 60 s metadata sync (a named rng stream). */
  readonly jitter: (durationMs: number, factor: number) => number;
  readonly newLimiter: () => SlotLimiter;
  /** The node's test-only broken variants (mutations/mutations.ts); absent = none. */
  readonly mutations?: Mutations | undefined;
}

export interface LocalOptions {
  /** Names the slot's tasks and log lines (e.g. `slot-2`). */
  readonly name: string;
  readonly slotType: EniSlotType;
  /** The attached ENI this slot starts with (startup recovery), or none. */
  readonly eni?: AttachedEni | undefined;
  readonly batchSize: number;
  /** IPs per ENI (PoolConfig.maxIpPerEni). */
  readonly cap: number;
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
}

export class SlotState {
  eni: AttachedEni | undefined;
  status: SlotStatus = 'Init';
  readonly ipv4 = new PoolIpSet();
  readonly ipv6 = new PoolIpSet();
  allocatingV4: LocalIpRequest[] = [];
  allocatingV6: LocalIpRequest[] = [];
  danglingV4: LocalIpRequest[] = [];
  danglingV6: LocalIpRequest[] = [];
  /** 0 = never inhibited (Go's zero time). */
  inhibitUntilMs = 0;
  readonly cond = new Notifier();
  readonly limiterEni: SlotLimiter;
  readonly limiterV4: SlotLimiter;
  readonly limiterV6: SlotLimiter;

  constructor(readonly deps: LocalDeps, readonly options: LocalOptions) {
    this.eni = options.eni;
    this.limiterEni = deps.newLimiter();
    this.limiterV4 = deps.newLimiter();
    this.limiterV6 = deps.newLimiter();
  }

  /** Live queued IPv4 requests (Terway's allocatingV4.Len(), which also drops the dead ones). */
  queuedV4(): number {
    this.allocatingV4 = liveRequests(this.allocatingV4);
    return this.allocatingV4.length;
  }

  queuedV6(): number {
    this.allocatingV6 = liveRequests(this.allocatingV6);
    return this.allocatingV6.length;
  }

  popV4(count: number): void {
    const next = popJobs({ allocating: this.allocatingV4, dangling: this.danglingV4 }, count);
    this.allocatingV4 = [...next.allocating];
    this.danglingV4 = [...next.dangling];
    next.complete.forEach((request) => request.endWorker());
  }

  popV6(count: number): void {
    const next = popJobs({ allocating: this.allocatingV6, dangling: this.danglingV6 }, count);
    this.allocatingV6 = [...next.allocating];
    this.danglingV6 = [...next.dangling];
    next.complete.forEach((request) => request.endWorker());
  }

  /** A request's worker ended: leave the queues (Terway's switchIPv4 / switchIPv6). */
  switchOut(request: LocalIpRequest): void {
    const v4 = switchOut({ allocating: this.allocatingV4, dangling: this.danglingV4 }, request);
    this.allocatingV4 = [...v4.allocating];
    this.danglingV4 = [...v4.dangling];
    const v6 = switchOut({ allocating: this.allocatingV6, dangling: this.danglingV6 }, request);
    this.allocatingV6 = [...v6.allocating];
    this.danglingV6 = [...v6.dangling];
  }

  canDispose(): boolean {
    return canDispose({
      hasEni: this.eni !== undefined,
      slotType: this.options.slotType,
      eniIsTrunk: this.eni?.trunk ?? false,
      inUseV4: this.ipv4.inUse().length,
      inUseV6: this.ipv6.inUse().length,
      queuedV4: this.queuedV4(),
      queuedV6: this.queuedV6(),
    });
  }

  /** New Valid IPv4 from the cloud or metadata, the primary flagged; gauges +idle +total each. */
  addIpv4(ips: readonly string[]): void {
    const primary = this.eni?.primaryIp.ipv4;
    ips.forEach((ip) => {
      this.ipv4.add(new PoolIp(ip, ip === primary, 'Valid'));
      this.deps.gauges.idle('ipv4', 1);
      this.deps.gauges.total('ipv4', 1);
    });
  }

  addIpv6(ips: readonly string[]): void {
    this.ipv6.putValid(ips);
    this.deps.gauges.idle('ipv6', ips.length);
    this.deps.gauges.total('ipv6', ips.length);
  }

  /** Terway's errorHandleLocked: a node event always; an inhibit for quota and IP shortage. */
  errorHandle(failure: FactoryFailure): void {
    this.deps.nodeEvent('Warning', 'AllocIPFailed', failure.message);
    const now = this.deps.scheduler.nowMs();
    if (failure.code === codeEniQuota) this.inhibitUntil(now + inhibitEniQuotaMs);
    const shortage = failure.code !== undefined && codesIpShortage.includes(failure.code);
    if (shortage) this.inhibitUntil(now + inhibitIpShortageMs);
  }

  private inhibitUntil(untilMs: number): void {
    if (untilMs > this.inhibitUntilMs) this.inhibitUntilMs = untilMs;
  }

  /** Back to an empty slot after its ENI was deleted. */
  resetToInit(): void {
    this.eni = undefined;
    this.ipv4.clear();
    this.ipv6.clear();
    this.status = 'Init';
    this.inhibitUntilMs = 0;
  }

  logFields(): { slot: string; eni: string } {
    return { slot: this.options.name, eni: this.eni?.id ?? '' };
  }
}
