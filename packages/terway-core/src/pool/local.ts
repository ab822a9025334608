// One ENI slot of the daemon's local pool (Terway's pkg/eni/local.go `Local`): a secondary ENI
// that exists, is being created or deleted, or not yet — the manager keeps `MaxENI` of them. It
// serves LocalIP requests from its idle addresses or queues them for its alloc worker, releases
// addresses back to idle, shrinks when the pool asks, and reconciles with metadata every minute.
//
// When to use: the manager builds one per attached secondary ENI at start plus empty ones up to
// MaxENI, then calls `run` once. Gotcha: everything but `run` is synchronous, like Terway's
// locked sections; the slot's tasks end with the context given to `run`.

import { err, ok, type Context, type Result } from '@terway-sim/sim-base';
import type { PodResources } from '../store/records.js';
import { decideLocalAllocate } from './decide-allocate.js';
import { applyDispose, planDispose } from './dispose-plan.js';
import { goTimeString } from './go-time.js';
import { SlotState, type LocalDeps, type LocalOptions } from './local-state.js';
import { syncLoop } from './local-sync.js';
import { allocWorker, commit, factoryAllocWorker, factoryDisposeWorker } from './local-workers.js';
import { localPriority } from './priority.js';
import { planRecovery } from './recovery.js';
import type {
  AllocOffer, BackendStatus, CniContext, NetworkInterfaceBackend, NetworkResource, ResourceRequest,
  Usage,
} from './types.js';

export class Local implements NetworkInterfaceBackend {
  readonly state: SlotState;

  constructor(deps: LocalDeps, options: LocalOptions) {
    this.state = new SlotState(deps, options);
  }

  get name(): string {
    return this.state.options.name;
  }

  async run(ctx: Context, podResources: readonly PodResources[]): Promise<Result<void, string>> {
    const loaded = await this.load(ctx, podResources);
    if (!loaded.ok) return loaded;
    const { scheduler } = this.state.deps;
    scheduler.spawn(`${this.name}.factoryAllocWorker`, () => factoryAllocWorker(this.state, ctx));
    scheduler.spawn(`${this.name}.factoryDisposeWorker`,
      () => factoryDisposeWorker(this.state, ctx));
    scheduler.spawn(`${this.name}.sync`, () => syncLoop(this.state, ctx));
    ctx.onDone(() => this.state.cond.notifyAll());
    return ok(undefined);
  }

  /** Startup recovery: the ENI's addresses from metadata, owners from the stored records. */
  private async load(ctx: Context,
    podResources: readonly PodResources[]): Promise<Result<void, string>> {
    const state = this.state;
    const eni = state.eni;
    if (eni === undefined) return ok(undefined);
    const remote = await state.deps.factory.loadNetworkInterface(ctx, eni.mac);
    if (!remote.ok) return err(remote.error.message);
    state.deps.logger.info('load eni', { eni: eni.id, type: state.options.slotType, mac: eni.mac,
      ipv4: [...remote.value.ipv4], ipv6: [...remote.value.ipv6] });
    state.addIpv4(remote.value.ipv4);
    state.addIpv6(remote.value.ipv6);
    state.status = 'InUse';
    const { ipv4, ipv6 } = remote.value;
    const plan = planRecovery(eni, new Set(ipv4), new Set(ipv6), podResources);
    if (!plan.ok) return plan;
    for (const owner of plan.value.owners) {
      (owner.family === 'ipv4' ? state.ipv4 : state.ipv6).get(owner.ip)?.allocate(owner.podId);
      const fields = { pod: owner.podId, [owner.family]: owner.ip, eni: eni.id };
      state.deps.logger.info('existed pod', fields);
    }
    state.deps.gauges.idle('ipv4', -plan.value.idleDecV4);
    state.deps.gauges.idle('ipv6', -plan.value.idleDecV6);
    // More addresses than the slot may hold (switched from multi-IP to exclusive): drop idle ones.
    for (const [set, stack] of [[state.ipv4, 'ipv4'], [state.ipv6, 'ipv6']] as const) {
      if (set.size <= state.options.cap) continue;
      // Terway logs the IPv4 idle count for both families.
      state.deps.logger.info(`dispose the ${stack} as current ip is more then cap`,
        { idles: state.ipv4.idles().length });
      for (const entry of set.idles()) {
        entry.dispose();
        state.deps.gauges.idle(stack, -1);
        state.deps.gauges.total(stack, -1);
        state.deps.gauges.disposed(stack);
      }
    }
    return ok(undefined);
  }

  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer {
    const state = this.state;
    const decision = decideLocalAllocate({
      slotType: state.options.slotType, status: state.status, eniId: state.eni?.id,
      enableIpv4: state.options.enableIpv4, enableIpv6: state.options.enableIpv6,
      ipv4: state.ipv4, ipv6: state.ipv6, queuedV4: state.queuedV4(), queuedV6: state.queuedV6(),
      cap: state.options.cap, inhibitUntilMs: state.inhibitUntilMs,
      nowMs: state.deps.scheduler.nowMs(),
    }, request, cni.podId, (untilMs) => goTimeString(this.wallOf(untilMs)));
    if (decision.kind === 'decline') {
      if (decision.trace?.condition === 'InsufficientVSwitchIP') {
        const fields = { ...state.logFields(), expire: decision.trace.reason ?? '' };
        state.deps.logger.info('eni alloc inhibit', fields);
      }
      return { accepted: false, traces: decision.trace === undefined ? [] : [decision.trace] };
    }
    if (decision.kind === 'commit') {
      decision.ipv4?.allocate(cni.podId);
      decision.ipv6?.allocate(cni.podId);
      // Terway commits from a goroutine once Allocate has returned the channel.
      const reply = Promise.resolve()
        .then(() => commit(state, ctx, decision.ipv4, decision.ipv6, cni.podId));
      return { accepted: true, reply };
    }
    const local = request as Extract<ResourceRequest, { type: 'LocalIP' }>;
    for (let index = 0; index < decision.expectV4; index++) state.allocatingV4.push(local);
    for (let index = 0; index < decision.expectV6; index++) state.allocatingV6.push(local);
    state.cond.notifyAll();
    const reply = allocWorker(state, ctx, cni, local);
    const fields = { ...state.logFields(), pod: cni.podId, noCache: local.noCache };
    state.deps.logger.info('local request', fields);
    return { accepted: true, reply };
  }

  /** The wall-clock instant (Unix ms) of a virtual instant. */
  private wallOf(virtualMs: number): number {
    const { scheduler } = this.state.deps;
    return scheduler.wallMs() - scheduler.nowMs() + virtualMs;
  }

  release(_ctx: Context, cni: CniContext, resource: NetworkResource): boolean {
    const state = this.state;
    if (resource.type !== 'LocalIP' || state.eni?.id !== resource.eni.id) return false;
    if (resource.ipv4 !== undefined && resource.ipv4 !== '') {
      state.ipv4.release(cni.podId, resource.ipv4);
      state.deps.gauges.idle('ipv4', 1);
      const fields = { ...state.logFields(), pod: cni.podId, ipv4: resource.ipv4 };
      state.deps.logger.info('release ipv4', fields);
    }
    if (resource.ipv6 !== undefined && resource.ipv6 !== '') {
      state.ipv6.release(cni.podId, resource.ipv6);
      state.deps.gauges.idle('ipv6', 1);
      const fields = { ...state.logFields(), pod: cni.podId, ipv6: resource.ipv6 };
      state.deps.logger.info('release ipv6', fields);
    }
    return true;
  }

  priority(): number {
    const state = this.state;
    const { enableIpv4, enableIpv6 } = state.options;
    return localPriority({ status: state.status, ipv4Count: state.ipv4.size,
      ipv6Count: state.ipv6.size, enableIpv4, enableIpv6 });
  }

  dispose(count: number): number {
    const state = this.state;
    const plan = planDispose({ hasEni: state.eni !== undefined, status: state.status,
      ipv4: state.ipv4, ipv6: state.ipv6, canDispose: state.canDispose() }, count);
    if (plan.kind === 'none') return 0;
    if (plan.kind === 'eni') {
      state.deps.logger.info('dispose eni', state.logFields());
      state.status = 'Deleting';
      state.cond.notifyAll();
      return plan.count;
    }
    plan.invalid.forEach((entry) => {
      const family = entry.ip.includes(':') ? 'ipv6' : 'ipv4';
      state.deps.logger.info(`dispose invalid ${family}`, { ...state.logFields(), ip: entry.ip });
    });
    applyDispose(plan);
    for (const [picks, stack] of [[plan.picksV4, 'ipv4'], [plan.picksV6, 'ipv6']] as const) {
      picks.forEach(() => {
        state.deps.gauges.idle(stack, -1);
        state.deps.gauges.total(stack, -1);
        state.deps.gauges.disposed(stack);
      });
    }
    state.cond.notifyAll();
    return plan.count;
  }

  usage(): Usage {
    const state = this.state;
    if (state.eni === undefined || state.status !== 'InUse') return { idle: 0, inUse: 0 };
    const { enableIpv4, enableIpv6 } = state.options;
    const set = enableIpv4 ? state.ipv4 : enableIpv6 ? state.ipv6 : undefined;
    if (set === undefined) return { idle: 0, inUse: 0 };
    return { idle: set.idles().length, inUse: set.inUse().length };
  }

  status(): BackendStatus {
    const state = this.state;
    const usage = [...state.ipv4.values(), ...state.ipv6.values()]
      .map((entry) => [entry.ip, entry.podId, entry.status] as const)
      .sort((a, b) => (a[0] > b[0] ? -1 : a[0] < b[0] ? 1 : 0));
    return {
      networkInterfaceId: state.eni?.id ?? '', mac: state.eni?.mac ?? '',
      type: state.options.slotType, status: state.status,
      allocInhibitExpireAtMs: state.inhibitUntilMs, usage: state.eni === undefined ? [] : usage,
    };
  }
}
