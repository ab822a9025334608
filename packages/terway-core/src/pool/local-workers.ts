// The tasks of one Local ENI slot, as the goroutines of Terway's pkg/eni/local.go:
//   - `allocWorker` (one per queued request): waits until the slot has an address for the pod in
//     every enabled family and commits it, or — for a pre-warm request — until a batch that
//     includes it lands; leaves the queues when it ends;
//   - `factoryAllocWorker` (one per slot): sleeps while nothing is queued, while the slot is
//     Creating/Deleting or inhibited; then waits the 300 ms batching window and creates the ENI
//     (with min(10, max(queued, 1)) IPv4) or assigns min(10, queued) addresses per family, each
//     behind its slot limiter, and pops as many requests as addresses came back;
//   - `factoryDisposeWorker` (one per slot): deletes a Deleting slot's ENI once nothing uses or
//     awaits it, else unassigns up to 10 Deleting addresses per family;
//   - `syncLoop`: every 60 s jittered ×[1,2), compares the slot's addresses with the metadata
//     service (`Local.sync`).
// Every task ends when `ctx` (the daemon's lifetime) ends; nothing here throws.

import type { Context } from '@terway-sim/sim-base';
import { Mutations } from '../mutations/mutations.js';
import { assignCounts, createCounts } from './batch.js';
import type { PoolIp } from './ip-set.js';
import type { SlotState } from './local-state.js';
import type { AllocResponse, CniContext, LocalIpRequest } from './types.js';

export const batchingWindowMs = 300;
export const metadataSyncPeriodMs = 60_000;

async function waitCond(state: SlotState, ctx: Context): Promise<void> {
  await state.cond.wait(ctx).catch(() => undefined);
}

/** Hands the addresses to the pod; undone (channel closed) when the caller has gone. */
export function commit(state: SlotState, ctx: Context, ipv4: PoolIp | undefined,
  ipv6: PoolIp | undefined, podId: string): AllocResponse | undefined {
  const eni = state.eni;
  if (eni === undefined) return undefined;
  // Mutation site `ip-twice` (mutations/mutations.ts; never on outside tests): hand out an
  // address another pod holds instead of the one picked.
  if ((state.deps.mutations ?? Mutations.none).has('ip-twice')) {
    ipv4 = state.ipv4.inUse().find((ip) => ip.podId !== podId) ?? ipv4;
  }
  ipv4?.allocate(podId);
  ipv6?.allocate(podId);
  if (podId !== '') {
    if (ipv4 !== undefined) state.deps.gauges.idle('ipv4', -1);
    if (ipv6 !== undefined) state.deps.gauges.idle('ipv6', -1);
  }
  if (ctx.err() !== undefined) {
    ipv4?.release(podId);
    ipv6?.release(podId);
    return undefined;
  }
  state.deps.logger.info('allocWorker got ip',
    { ...state.logFields(), pod: podId, ipv4: ipv4?.ip ?? '', ipv6: ipv6?.ip ?? '' });
  return { resources: [{ type: 'LocalIP', podId, eni, ipv4: ipv4?.ip, ipv6: ipv6?.ip }] };
}

export async function allocWorker(state: SlotState, ctx: Context, cni: CniContext,
  request: LocalIpRequest): Promise<AllocResponse | undefined> {
  const unsubscribe = ctx.onDone(() => state.cond.notifyAll());
  try {
    if (request.noCache) {
      for (;;) {
        if (!request.workerAlive) return ctx.err() === undefined ? { resources: [] } : undefined;
        if (ctx.err() !== undefined) return undefined;
        await waitCond(state, ctx);
      }
    }
    for (;;) {
      if (ctx.err() !== undefined) return undefined;
      const ipv4 = state.options.enableIpv4 ? state.ipv4.peekAvailable(cni.podId) : undefined;
      const ipv6 = state.options.enableIpv6 ? state.ipv6.peekAvailable(cni.podId) : undefined;
      const { enableIpv4, enableIpv6 } = state.options;
      if ((enableIpv4 && ipv4 === undefined) || (enableIpv6 && ipv6 === undefined)) {
        await waitCond(state, ctx);
        continue;
      }
      return commit(state, ctx, ipv4, ipv6, cni.podId);
    }
  } finally {
    unsubscribe();
    state.switchOut(request);
    request.endWorker();
    state.cond.notifyAll();
  }
}

export async function factoryAllocWorker(state: SlotState, ctx: Context): Promise<void> {
  const { scheduler } = state.deps;
  for (;;) {
    if (ctx.err() !== undefined) return;
    const idle = state.queuedV4() <= 0 && state.queuedV6() <= 0;
    const busy = state.status === 'Creating' || state.status === 'Deleting';
    if (idle || busy || state.inhibitUntilMs > scheduler.nowMs()) {
      await waitCond(state, ctx);
      continue;
    }
    try {
      await scheduler.sleep(batchingWindowMs, ctx);
    } catch {
      return;
    }
    if (state.eni === undefined) await createEni(state, ctx);
    else await assignIps(state, ctx);
    if (ctx.err() !== undefined) return;
    state.cond.notifyAll();
  }
}

async function createEni(state: SlotState, ctx: Context): Promise<void> {
  const counts = createCounts(state.queuedV4(), state.queuedV6(), state.options.batchSize);
  state.status = 'Creating';
  if (!(await state.limiterEni.wait(ctx))) return;
  const request = { ipv4Count: counts.ipv4, ipv6Count: counts.ipv6, type: state.options.slotType };
  const result = await state.deps.factory.createNetworkInterface(ctx, request);
  if (ctx.err() !== undefined) return;
  if (!result.ok) {
    state.deps.logger.error('create eni failed', result.error.message, state.logFields());
    state.errorHandle(result.error);
    state.eni = result.error.eni;
    if (state.eni !== undefined) {
      state.deps.logger.info('mark eni as deleting', state.logFields());
      state.status = 'Deleting';
    } else {
      state.status = 'Init';
    }
    return;
  }
  state.eni = result.value.eni;
  state.popV4(counts.ipv4);
  state.popV6(counts.ipv6);
  state.addIpv4(result.value.ipv4);
  state.addIpv6(result.value.ipv6);
  state.status = 'InUse';
  state.deps.logger.info('eni created',
    { ...state.logFields(), ipv4: result.value.ipv4.length, ipv6: result.value.ipv6.length });
}

async function assignIps(state: SlotState, ctx: Context): Promise<void> {
  const eni = state.eni!;
  const counts = assignCounts(state.queuedV4(), state.queuedV6(), state.options.batchSize);
  for (const family of ['ipv4', 'ipv6'] as const) {
    const count = family === 'ipv4' ? counts.ipv4 : counts.ipv6;
    if (count <= 0) continue;
    const limiter = family === 'ipv4' ? state.limiterV4 : state.limiterV6;
    if (!(await limiter.wait(ctx))) return;
    const request = { eniId: eni.id, mac: eni.mac, count };
    const result = family === 'ipv4'
      ? await state.deps.factory.assignIpv4(ctx, request)
      : await state.deps.factory.assignIpv6(ctx, request);
    // A crash, or the ENI went away meanwhile (Terway would not let that happen under its lock).
    if (ctx.err() !== undefined || state.eni?.id !== eni.id) return;
    const set = family === 'ipv4' ? state.ipv4 : state.ipv6;
    if (!result.ok) {
      state.deps.logger.error(`assign ${family} failed`, result.error.message, state.logFields());
      set.putDeleting(result.error.ips ?? []);
      state.errorHandle(result.error);
      return;
    }
    if (family === 'ipv4') {
      state.popV4(result.value.length);
      state.ipv4.putValid(result.value);
    } else {
      state.popV6(result.value.length);
      state.ipv6.putValid(result.value);
    }
    state.deps.gauges.idle(family, result.value.length);
    state.deps.gauges.total(family, result.value.length);
  }
}

export async function factoryDisposeWorker(state: SlotState, ctx: Context): Promise<void> {
  const { factory, logger } = state.deps;
  const batch = state.options.batchSize;
  for (;;) {
    if (ctx.err() !== undefined) return;
    const eni = state.eni;
    if (eni === undefined || (state.status === 'Deleting' && !state.canDispose())) {
      await waitCond(state, ctx);
      continue;
    }
    if (state.status === 'Deleting') {
      if (!(await state.limiterEni.wait(ctx))) continue;
      const deleted = await factory.deleteNetworkInterface(ctx, eni.id);
      if (ctx.err() !== undefined) return;
      if (!deleted.ok) {
        logger.error('delete eni failed', deleted.error.message, state.logFields());
        continue;
      }
      logger.info('eni deleted', state.logFields());
      state.resetToInit();
      state.cond.notifyAll();
      continue;
    }
    const toDelete4 = state.ipv4.deleting().slice(0, batch);
    const toDelete6 = state.ipv6.deleting().slice(0, batch);
    if (toDelete4.length === 0 && toDelete6.length === 0) {
      await waitCond(state, ctx);
      continue;
    }
    if (toDelete4.length > 0) {
      const result = await factory.unassignIpv4(ctx,
        { eniId: eni.id, mac: eni.mac, ips: toDelete4 });
      if (ctx.err() !== undefined) return;
      if (result.ok) state.ipv4.delete(toDelete4);
    }
    if (toDelete6.length > 0) {
      const result = await factory.unassignIpv6(ctx,
        { eniId: eni.id, mac: eni.mac, ips: toDelete6 });
      if (ctx.err() !== undefined) return;
      if (result.ok) state.ipv6.delete(toDelete6);
    }
  }
}
