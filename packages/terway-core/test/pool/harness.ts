// A pool under test: the manager and its Local slots over a FakeFactory, on a fresh sim env, with
// node events, condition writes and log lines captured for assertions.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import type { PoolConfig } from '../../src/config/pool-config.js';
import { Logger } from '../../src/log/logger.js';
import { MetricsRegistry } from '../../src/metrics/registry.js';
import { createDaemonMetrics, type DaemonMetrics } from '../../src/metrics/terway-metrics.js';
import { createLocalSlots } from '../../src/pool/build-slots.js';
import type { Local } from '../../src/pool/local.js';
import { Manager } from '../../src/pool/manager.js';
import { SufficientIpCondition } from '../../src/pool/node-condition.js';
import { OrphanIpTracker } from '../../src/pool/orphan-ips.js';
import { newSlotLimiter } from '../../src/pool/slot-limiter.js';
import { PoolGauges } from '../../src/pool/telemetry.js';
import { LocalIpRequest, type CniContext } from '../../src/pool/types.js';
import type { PodResources } from '../../src/store/records.js';
import { FakeFactory, type FakeFactoryCall, type FakeFactoryOptions } from './fake-factory.js';

export function testPoolConfig(overrides: Partial<PoolConfig> = {}): PoolConfig {
  const maxEni = overrides.maxEni ?? 3;
  const maxIpPerEni = overrides.maxIpPerEni ?? 10;
  return {
    enableIpv4: true, enableIpv6: false, capacity: maxEni * maxIpPerEni, maxEni, maxMemberEni: 0,
    erdmaCapacity: 0, maxIpPerEni, batchSize: 10, maxPoolSize: 5, minPoolSize: 0,
    zoneId: 'cn-hangzhou-k', vSwitchOptions: ['vsw-fake0001'], vSwitchSelectionPolicy: 'random',
    eniSelectionPolicy: 'most_ips', eniTags: {}, securityGroupIds: ['sg-fake0001'],
    resourceGroupId: '', instanceId: 'i-fake0001', poolSyncPeriodMs: 120_000,
    reclaim: { afterMs: 0, intervalMs: 600_000, batchSize: 5, jitterFactor: 0.1 },
    ...overrides,
  };
}

export interface NodeEventSeen {
  readonly t: number;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

export interface AllocOutcome {
  readonly ip?: string | undefined;
  readonly eniId?: string | undefined;
  readonly error?: string | undefined;
  readonly atMs: number;
}

export interface PoolAddress {
  readonly slot: string;
  readonly eniId: string;
  readonly ip: string;
  readonly podId: string;
  readonly status: string;
}

export interface PoolHarness {
  readonly env: SimEnv;
  readonly pool: PoolConfig;
  readonly factory: FakeFactory;
  readonly manager: Manager;
  readonly slots: readonly Local[];
  readonly metrics: DaemonMetrics;
  readonly events: NodeEventSeen[];
  readonly conditions: Array<{ t: number; status: string; reason: string }>;
  readonly ctx: Context;
  readonly stop: () => void;
  start(records?: readonly PodResources[]): Promise<void>;
  cni(name: string): CniContext;
  /** Starts an allocation for pod `default/<name>` now; resolves with its outcome. */
  alloc(name: string, options?: { timeoutMs?: number; eniId?: string }): Promise<AllocOutcome>;
  release(name: string, ip: string, eniId: string): void;
  gauge(name: 'idle' | 'total', stack?: 'ipv4' | 'ipv6'): number;
  /** Runs the scheduler up to virtual instant `untilMs`. */
  until(untilMs: number): Promise<void>;
  /** The fake factory's calls of one operation. */
  callsOf(op: string): readonly FakeFactoryCall[];
}

export interface PoolHarnessOptions {
  readonly seed?: number;
  readonly pool?: Partial<PoolConfig>;
  readonly factory?: FakeFactoryOptions;
}

export function createPoolHarness(options: PoolHarnessOptions = {}): PoolHarness {
  const env = createSimEnv({ seed: options.seed ?? 1 });
  const { scheduler } = env;
  const pool = testPoolConfig(options.pool);
  const factory = new FakeFactory({ scheduler, ids: env.ids }, options.factory);
  const metrics = createDaemonMetrics(new MetricsRegistry());
  const logger = new Logger({ log: env.log }, { component: 'terway-daemon' });
  const events: NodeEventSeen[] = [];
  const conditions: Array<{ t: number; status: string; reason: string }> = [];
  const nodeEvent = (type: 'Normal' | 'Warning', reason: string, message: string): void => {
    events.push({ t: scheduler.nowMs(), type, reason, message });
  };
  const stream = env.rng.stream('test.pool');
  const jitter = (duration: number, factor: number): number => stream.jitter(duration, factor);
  const deps = { scheduler, factory, logger, gauges: new PoolGauges(metrics), nodeEvent,
    orphans: new OrphanIpTracker(scheduler), jitter, newLimiter: () => newSlotLimiter(scheduler) };
  const root = Context.background(scheduler).withCancel();
  const condition = new SufficientIpCondition(scheduler, async (status, reason) => {
    conditions.push({ t: scheduler.nowMs(), status, reason });
  }, logger);
  let slots: Local[] = [];
  let manager!: Manager;
  const cni = (name: string): CniContext => ({ podName: name, podNamespace: 'default',
    podId: `default/${name}`, podUid: `uid-${name}`, netnsPath: '' });
  const harness: PoolHarness = {
    env, pool, factory, metrics, events, conditions, ctx: root.ctx, stop: root.cancel, cni,
    get manager() { return manager; },
    get slots() { return slots; },
    async start(records = []) {
      slots = createLocalSlots(deps, pool, []);
      manager = new Manager({ scheduler, logger, condition, jitter }, pool, slots);
      let started: Awaited<ReturnType<Manager['run']>> | undefined;
      scheduler.spawn('start', async () => {
        started = await manager.run(root.ctx, records);
      });
      await scheduler.run({ untilMs: scheduler.nowMs() });
      if (started?.ok !== true) throw new Error(`pool did not start: ${JSON.stringify(started)}`);
    },
    alloc(name, allocOptions = {}) {
      return new Promise((resolve) => {
        scheduler.spawn(`alloc ${name}`, async () => {
          const timeoutMs = allocOptions.timeoutMs ?? 118_000;
          const { ctx, cancel } = root.ctx.withTimeout(timeoutMs);
          const request = new LocalIpRequest();
          request.networkInterfaceId = allocOptions.eniId ?? '';
          const result = await manager.allocate(ctx, cni(name), [request]);
          cancel();
          const first = result.resources[0];
          const resource = first?.type === 'LocalIP' ? first : undefined;
          resolve({ ip: resource?.ipv4, eniId: resource?.eni.id, error: result.error,
            atMs: scheduler.nowMs() });
        });
      });
    },
    release(name, ip, eniId) {
      const eni = slots.map((slot) => slot.state.eni).find((candidate) => candidate?.id === eniId);
      if (eni === undefined) return;
      const resource = { type: 'LocalIP' as const, podId: `default/${name}`, eni, ipv4: ip };
      manager.release(root.ctx, cni(name), [resource]);
    },
    async until(untilMs) {
      await scheduler.run({ untilMs });
    },
    callsOf: (op) => factory.calls.filter((call) => call.op === op),
    gauge(name, stack = 'ipv4') {
      const vec = name === 'idle' ? metrics.resourcePoolIdle : metrics.resourcePoolTotal;
      const series = vec.snapshot().series.find((entry) => entry.labels.ipStack === stack);
      return series?.value ?? 0;
    },
  };
  return harness;
}

/** Every pool address and its owner, for invariant checks. */
export function poolAddresses(slots: readonly Local[]): PoolAddress[] {
  return slots.flatMap((slot) => slot.state.ipv4.values().map((entry) => ({
    slot: slot.name, eniId: slot.state.eni?.id ?? '', ip: entry.ip, podId: entry.podId,
    status: entry.status,
  })));
}
