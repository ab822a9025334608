// Model-based test of the pool (fast-check commands): allocations, releases, time passing and
// cloud faults in random order against the manager and its slots over the fake factory. The model
// is the expected ownership: which pods hold which address. After every command the checker
// verifies that no address is owned twice, every allocated pod owns exactly its address, every
// slot is in a consistent state, the slots and the cloud agree address for address, and the
// pool's in-use count equals the number of allocated pods. The fake factory models no quotas, so
// the checker also holds the pool to its own: no ENI with more addresses than max IPs per ENI.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FakeFactoryOp } from './fake-factory.js';
import {
  createPoolHarness, poolAddresses, type AllocOutcome, type PoolHarness,
} from './harness.js';

interface PodModel {
  state: 'pending' | 'allocated';
  ip?: string | undefined;
  eniId?: string | undefined;
  outcome?: AllocOutcome | undefined;
}

interface Model {
  readonly pods: Map<string, PodModel>;
}

/** Moves resolved allocations into the model. */
function settle(model: Model): void {
  for (const [name, pod] of model.pods) {
    if (pod.state !== 'pending' || pod.outcome === undefined) continue;
    if (pod.outcome.error !== undefined) model.pods.delete(name);
    else Object.assign(pod, { state: 'allocated', ip: pod.outcome.ip, eniId: pod.outcome.eniId });
  }
}

function check(model: Model, h: PoolHarness): void {
  settle(model);
  const addresses = poolAddresses(h.slots);
  const owners = addresses.filter((entry) => entry.podId !== '');
  expect(new Set(owners.map((entry) => entry.ip)).size).toBe(owners.length);
  expect(new Set(owners.map((entry) => entry.podId)).size).toBe(owners.length);
  const allocated = [...model.pods.entries()].filter(([, pod]) => pod.state === 'allocated');
  const expectedOwners = allocated.map(([name]) => `default/${name}`).sort();
  expect(owners.map((entry) => entry.podId).sort()).toEqual(expectedOwners);
  for (const [name, pod] of allocated) {
    const owned = owners.find((entry) => entry.podId === `default/${name}`);
    expect(owned).toMatchObject({ ip: pod.ip, eniId: pod.eniId });
  }
  const made = h.factory.instanceEnis();
  for (const entry of made) {
    expect(entry.ipv4.length).toBeLessThanOrEqual(h.pool.maxIpPerEni);
    expect(entry.ipv6.length).toBeLessThanOrEqual(h.pool.maxIpPerEni);
  }
  const cloud = new Map(made.map((entry) => [entry.eni.id, entry]));
  for (const slot of h.slots) {
    const { status, eni, ipv4 } = slot.state;
    if (status === 'Init' || status === 'Creating') {
      expect(eni).toBeUndefined();
      expect(ipv4.size).toBe(0);
      continue;
    }
    expect(eni).toBeDefined();
    expect(cloud.has(eni!.id)).toBe(true);
    // A creation that failed after the ENI existed leaves the slot Deleting without its addresses:
    // they go with the ENI.
    const failedCreate = status === 'Deleting' && ipv4.size === 0;
    const slotIps = ipv4.values().map((entry) => entry.ip).sort();
    if (!failedCreate) expect([...cloud.get(eni!.id)!.ipv4].sort()).toEqual(slotIps);
    cloud.delete(eni!.id);
  }
  expect([...cloud.keys()]).toEqual([]);
  const inUse = h.slots.reduce((sum, slot) => sum + slot.usage().inUse, 0);
  expect(inUse).toBe(allocated.length);
}

class Alloc implements fc.AsyncCommand<Model, PoolHarness> {
  constructor(readonly name: string) {}
  check(model: Readonly<Model>): boolean {
    return !model.pods.has(this.name);
  }
  async run(model: Model, h: PoolHarness): Promise<void> {
    const pod: PodModel = { state: 'pending' };
    model.pods.set(this.name, pod);
    void h.alloc(this.name, { timeoutMs: 30_000 }).then((outcome) => {
      pod.outcome = outcome;
    });
    await h.env.scheduler.run({ untilMs: h.env.scheduler.nowMs() });
    check(model, h);
  }
  toString(): string {
    return `alloc(${this.name})`;
  }
}

class Release implements fc.AsyncCommand<Model, PoolHarness> {
  constructor(readonly name: string) {}
  check(model: Readonly<Model>): boolean {
    return model.pods.get(this.name)?.state === 'allocated';
  }
  async run(model: Model, h: PoolHarness): Promise<void> {
    const pod = model.pods.get(this.name)!;
    h.release(this.name, pod.ip!, pod.eniId!);
    model.pods.delete(this.name);
    check(model, h);
  }
  toString(): string {
    return `release(${this.name})`;
  }
}

class Advance implements fc.AsyncCommand<Model, PoolHarness> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, h: PoolHarness): Promise<void> {
    await h.env.scheduler.run({ untilMs: h.env.scheduler.nowMs() + this.ms });
    check(model, h);
  }
  toString(): string {
    return `advance(${this.ms})`;
  }
}

class Fault implements fc.AsyncCommand<Model, PoolHarness> {
  constructor(readonly op: FakeFactoryOp, readonly code: string, readonly withEni: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, h: PoolHarness): Promise<void> {
    const withEni = this.withEni && this.op === 'create';
    h.factory.failNext(this.op, { code: this.code, message: 'injected', withEni });
    check(model, h);
  }
  toString(): string {
    return `fault(${this.op}, ${this.code}${this.withEni ? ', withEni' : ''})`;
  }
}

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const alloc = fc.constantFrom(...names).map((name) => new Alloc(name));
const release = fc.constantFrom(...names).map((name) => new Release(name));
const commands = [
  alloc, alloc, alloc, release, release,
  fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 200_000 }))
    .map((ms) => new Advance(ms)),
  fc.integer({ min: 0, max: 5_000 }).map((ms) => new Advance(ms)),
  fc.tuple(fc.constantFrom<FakeFactoryOp>('create', 'assignIpv4', 'unassignIpv4', 'delete', 'load'),
    fc.constantFrom('Throttling', 'InvalidVSwitchId.IpNotEnough', 'EniPerInstanceLimitExceeded',
      'InternalError'), fc.boolean())
    .map(([op, code, withEni]) => new Fault(op, code, withEni)),
];

describe('pool model (fast-check commands)', () => {
  it('keeps ownership, slot states and the cloud consistent under random allocations, '
    + 'releases, time and faults', async () => {
    const seeds = fc.integer({ min: 1, max: 1_000_000 });
    const scripts = fc.commands(commands, { maxCommands: 80, size: 'large' });
    await fc.assert(fc.asyncProperty(seeds, scripts, async (seed, cmds) => {
      const pool = { maxEni: 2, maxIpPerEni: 4, minPoolSize: 1, maxPoolSize: 2 };
      const h = createPoolHarness({ seed, pool });
      await h.start();
      try {
        await fc.asyncModelRun(() => ({ model: { pods: new Map() }, real: h }), cmds);
        // Let everything settle; then all pods still allocated must hold their addresses.
        await h.env.scheduler.run({ untilMs: h.env.scheduler.nowMs() + 600_000 });
      } finally {
        h.stop();
      }
    }), { numRuns: 100 });
  });
});
