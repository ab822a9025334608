// The Factory contract (src/factory/factory.ts, Terway's pkg/factory), checked on Terway's
// AliyunFactory over the cloud emulator and on the pool tests' FakeFactory: a case that holds
// for one must hold for the other, so the pool's tests are not built on a factory that behaves
// otherwise. Where the cloud must be brought into a state (a full ENI quota, an exhausted
// vSwitch), each subject gets there its own way: the emulator by real set-up calls, the fake by
// its script.
//
// The contract: calls settle and fail as values; a created ENI has the asked number of IPv4 (its
// primary first) and IPv6, is listed as attached and its addresses load by MAC; an assign returns
// that many new addresses and an unassign removes them, already-gone ones counting as done;
// delete removes the ENI from the listing, and a missing ENI counts as deleted; a creation that
// failed after the ENI existed returns it, and it can be deleted; an exhausted vSwitch refuses an
// IPv4 assign with InvalidVSwitchId.IpNotEnough and a creation with no code and no ENI.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type { CreatedEni, Factory } from '../../src/factory/factory.js';
import { attachEniAsSetup, drainVSwitch, runTask } from '../emulator/cloud-rig.js';
import { factoryRig } from '../factory/setup.js';
import { FakeFactory } from '../pool/fake-factory.js';

interface FactorySubject {
  /** Runs one factory operation on the subject's clock until it settles. */
  call<T>(operation: (factory: Factory, ctx: Context) => Promise<T>): Promise<T>;
  /** The instance takes no more ENIs: the next creation's attach is refused. */
  fillEniQuota(): Promise<void>;
  /** Every address of the node's vSwitches is taken. */
  exhaustVSwitches(): void;
}

function caller(env: SimEnv, factory: Factory): FactorySubject['call'] {
  const ctx = Context.background(env.scheduler);
  return (operation) => runTask(env, () => operation(factory, ctx));
}

function aliyunSubject(): FactorySubject {
  const rig = factoryRig({ factory: { enableIpv6: true } });
  return { call: caller(rig.env, rig.stack.factory),
    // ecs.g7.xlarge takes 4 ENIs: the primary and three more.
    fillEniQuota: async () => {
      for (let count = 0; count < 3; count++) await attachEniAsSetup(rig, { vSwitch: 'vsw-b' });
    },
    exhaustVSwitches: () => {
      drainVSwitch(rig, 'vsw-a');
      drainVSwitch(rig, 'vsw-b');
    } };
}

function fakeSubject(): FactorySubject {
  const env = createSimEnv({ seed: 11 });
  const factory = new FakeFactory({ scheduler: env.scheduler, ids: env.ids },
    { vSwitchIpv6Cidr: '2408:4000:1::/64' });
  return { call: caller(env, factory),
    fillEniQuota: async () => factory.failNext('create',
      { code: 'EniPerInstanceLimitExceeded', withEni: true }),
    exhaustVSwitches: () => factory.exhaust(true) };
}

const subjects: ReadonlyArray<{ name: string; make: () => FactorySubject }> = [
  { name: 'AliyunFactory on the cloud emulator', make: aliyunSubject },
  { name: 'FakeFactory', make: fakeSubject },
];

const secondary = { ipv4Count: 3, ipv6Count: 2, type: 'secondary' as const };

/** A new ENI (the test stops if the subject cannot make one). */
async function createdEni(subject: FactorySubject): Promise<CreatedEni> {
  const created = await subject.call((factory, ctx) =>
    factory.createNetworkInterface(ctx, secondary));
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

const sorted = (ips: readonly string[]): string[] => [...ips].sort();

describe.each(subjects)('Factory contract: $name', ({ make }) => {
  it('creates a usable, listed ENI whose addresses load by MAC', async () => {
    const { call } = make();
    const created = await call((factory, ctx) => factory.createNetworkInterface(ctx, secondary));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const { eni, ipv4, ipv6 } = created.value;
    expect([ipv4.length, ipv6.length, new Set(ipv4).size]).toEqual([3, 2, 3]);
    expect(ipv4[0]).toBe(eni.primaryIp.ipv4);
    const listed = await call((factory, ctx) => factory.listAttachedNetworkInterfaces(ctx, {}));
    expect(listed.ok && listed.value.map((attached) => attached.id)).toEqual([eni.id]);
    const loaded = await call((factory, ctx) => factory.loadNetworkInterface(ctx, eni.mac));
    expect(loaded.ok && { ipv4: sorted(loaded.value.ipv4), ipv6: sorted(loaded.value.ipv6) })
      .toEqual({ ipv4: sorted(ipv4), ipv6: sorted(ipv6) });
  });

  it('assigns new addresses and unassigns them; already-gone addresses count as done',
    async () => {
    const subject = make();
    const { call } = subject;
    const { eni, ipv4 } = await createdEni(subject);
    const target = { eniId: eni.id, mac: eni.mac };
    const assigned = await call((factory, ctx) => factory.assignIpv4(ctx, { ...target, count: 2 }));
    expect(assigned.ok && assigned.value.length).toBe(2);
    const added = assigned.ok ? assigned.value : [];
    expect(added.filter((ip) => ipv4.includes(ip))).toEqual([]);
    const assigned6 = await call((factory, ctx) =>
      factory.assignIpv6(ctx, { ...target, count: 1 }));
    expect(assigned6.ok && assigned6.value.length).toBe(1);
    const gone = { ...target, ips: [added[0]!] };
    const first = await call((factory, ctx) => factory.unassignIpv4(ctx, gone));
    const again = await call((factory, ctx) => factory.unassignIpv4(ctx, gone));
    expect([first.ok, again.ok]).toEqual([true, true]);
    const loaded = await call((factory, ctx) => factory.loadNetworkInterface(ctx, eni.mac));
    expect(loaded.ok && sorted(loaded.value.ipv4)).toEqual(sorted([...ipv4, added[1]!]));
  });

  it('deletes an ENI, which leaves the listing; a missing ENI counts as deleted', async () => {
    const subject = make();
    const { call } = subject;
    const { eni } = await createdEni(subject);
    const deleted = await call((factory, ctx) => factory.deleteNetworkInterface(ctx, eni.id));
    const missing = await call((factory, ctx) =>
      factory.deleteNetworkInterface(ctx, 'eni-missing'));
    expect([deleted.ok, missing.ok]).toEqual([true, true]);
    const listed = await call((factory, ctx) => factory.listAttachedNetworkInterfaces(ctx, {}));
    expect(listed).toEqual({ ok: true, value: [] });
  });

  it('returns the ENI with a creation that failed after it existed; it can be deleted',
    async () => {
    const subject = make();
    const { call } = subject;
    await subject.fillEniQuota();
    const created = await call((factory, ctx) => factory.createNetworkInterface(ctx, secondary));
    expect(created.ok ? undefined : [created.error.code, created.error.eni !== undefined])
      .toEqual(['EniPerInstanceLimitExceeded', true]);
    const eniId = created.ok ? '' : created.error.eni!.id;
    const listed = await call((factory, ctx) => factory.listAttachedNetworkInterfaces(ctx, {}));
    expect(listed.ok && listed.value.map((eni) => eni.id)).not.toContain(eniId);
    const deleted = await call((factory, ctx) => factory.deleteNetworkInterface(ctx, eniId));
    expect(deleted.ok).toBe(true);
  });

  it('on an exhausted vSwitch refuses an IPv4 assign with IpNotEnough and makes no ENI',
    async () => {
    const subject = make();
    const { call } = subject;
    const { eni } = await createdEni(subject);
    subject.exhaustVSwitches();
    const assigned = await call((factory, ctx) => factory.assignIpv4(ctx,
      { eniId: eni.id, mac: eni.mac, count: 1 }));
    expect(assigned.ok ? '' : assigned.error.code).toBe('InvalidVSwitchId.IpNotEnough');
    // The texts differ (the emulator's DescribeVSwitches already shows no free address, so Terway's
    // vSwitch pool refuses; the fake ends as Terway's Q5 does), but to the pool both are a
    // failure with no code and no ENI.
    const another = await call((factory, ctx) => factory.createNetworkInterface(ctx, secondary));
    expect(another.ok ? 'created' : [another.error.code, another.error.eni])
      .toEqual([undefined, undefined]);
  });
});
