// Terway's VPC client over the cloud emulator (vSwitch reads, route entries with the VPC's
// one-change-at-a-time rule, paging), and the idempotency keys its ECS calls carry.
import { Context, Rng } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { IdempotentKeyGenerator, requestHash } from '../../src/cloud/idempotency.js';
import { clientRig, runTask } from './setup.js';

describe('VpcClient', () => {
  it('reads a vSwitch by id and reports not-found for an empty reply', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => ({ found: await rig.vpc.describeVSwitchById(ctx,
      rig.vSwitch('vsw-b')), missing: await rig.vpc.describeVSwitchById(ctx, 'vsw-zzz') }));
    // A /24 less the four addresses the cloud reserves.
    expect(out.found).toEqual({ ok: true, value: { vSwitchId: rig.vSwitch('vsw-b'),
      zoneId: 'cn-hangzhou-i', availableIpAddressCount: 252, cidrBlock: '192.168.1.0/24',
      ipv6CidrBlock: '' } });
    expect(out.missing).toEqual({ ok: false, error: { kind: 'not-found', message: 'not found' } });
    expect(rig.openApi.callsOf('DescribeVSwitches')[0]!.params).toEqual({
      RegionId: 'cn-hangzhou', VSwitchId: rig.vSwitch('vsw-b') });
  });

  it('creates, lists and deletes route entries, returning refusals to the caller', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const entry = (cidr: string) => ({ routeTableId: rig.routeTableId,
      destinationCidrBlock: cidr, nextHopId: rig.instanceId });
    // Two creations at one instant: the VPC takes one route change at a time (TaskConflict).
    const [created, conflict] = await runTask(rig, () => Promise.all([
      rig.vpc.createRouteEntry(ctx, entry('172.20.0.0/24')),
      rig.vpc.createRouteEntry(ctx, entry('172.20.1.0/24'))]));
    expect(created.ok && created.value).toMatch(/^rte-/);
    expect(conflict.ok ? '' : conflict.error.kind === 'api'
      && conflict.error.code).toBe('TaskConflict');
    const routeEntryId = created.ok ? created.value : '';
    const listed = await runTask(rig, () => rig.vpc.describeRouteEntryList(ctx,
      { routeTableId: rig.routeTableId, routeEntryType: 'Custom' }));
    expect(listed).toEqual({ ok: true, value: [{ routeEntryId, routeTableId: rig.routeTableId,
      destinationCidrBlock: '172.20.0.0/24', type: 'Custom', status: 'Created',
      nextHops: [{ nextHopId: rig.instanceId, nextHopType: 'Instance' }] }] });
    const deleted = await runTask(rig, () => rig.vpc.deleteRouteEntry(ctx, { routeEntryId }));
    expect(deleted.ok).toBe(true);
    expect(rig.cloud.view().routeEntries(rig.routeTableId).map((route) => route.id))
      .not.toContain(routeEntryId);
    expect(rig.openApi.callsOf('CreateRouteEntry')[0]!.params).toMatchObject({
      NextHopType: 'Instance', RouteTableId: rig.routeTableId });
  });

  it('lists route entries following NextToken pages of 100', async () => {
    const rig = clientRig();
    for (let index = 0; index < 101; index++) {
      const made = rig.cloud.world.call('vpc', 'CreateRouteEntry', {
        RouteTableId: rig.routeTableId, DestinationCidrBlock: `172.20.${index}.0/24`,
        NextHopType: 'Instance', NextHopId: rig.instanceId });
      expect(made.ok).toBe(true);
      // Set-up changes complete in 1 ms; the VPC takes the next one only then.
      await rig.env.scheduler.run({ untilMs: rig.env.scheduler.nowMs() + 1 });
    }
    const listed = await runTask(rig, () => rig.vpc.describeRouteEntryList(
      Context.background(rig.env.scheduler), { routeTableId: rig.routeTableId,
        routeEntryType: 'Custom' }));
    expect(listed.ok && listed.value.length).toBe(101);
    const calls = rig.openApi.callsOf('DescribeRouteEntryList');
    expect(calls.map((call) => call.params['MaxResult'])).toEqual([100, 100]);
    expect(calls[0]!.params).not.toHaveProperty('NextToken');
    expect(calls[1]!.params['NextToken']).toEqual(expect.any(String));
  });
});

describe('IdempotentKeyGenerator', () => {
  it('hands back put-back tokens last-in first-out, then mints new ones', () => {
    const gen = new IdempotentKeyGenerator({ random: new Rng(1).stream('token') });
    const a = gen.generateKey('h');
    const b = gen.generateKey('h');
    expect(a).not.toBe(b);
    gen.putBack('h', a);
    gen.putBack('h', b);
    expect(gen.generateKey('h')).toBe(b);
    expect(gen.generateKey('h')).toBe(a);
    const fresh = gen.generateKey('h');
    expect([a, b]).not.toContain(fresh);
    expect(fresh).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('forgets the least recently used key beyond its capacity', () => {
    const gen = new IdempotentKeyGenerator({ random: new Rng(1).stream('token') }, { size: 2 });
    gen.putBack('h1', 't1');
    gen.putBack('h2', 't2');
    gen.putBack('h3', 't3');
    expect(gen.generateKey('h1')).not.toBe('t1');
    expect(gen.generateKey('h2')).toBe('t2');
    expect(gen.generateKey('h3')).toBe('t3');
  });

  it('hashes requests by content, not key order, ignoring the ClientToken', () => {
    expect(requestHash({ A: 1, B: ['x'], ClientToken: 't1' })).toBe(requestHash({ B: ['x'], A: 1,
      ClientToken: 't2' }));
    expect(requestHash({ A: 1 })).not.toBe(requestHash({ A: 2 }));
    expect(requestHash({ A: 1 })).toMatch(/^[0-9a-f]{32}$/);
  });

  it('mints the same tokens for the same seed', () => {
    const one = new IdempotentKeyGenerator({ random: new Rng(9).stream('token') });
    const two = new IdempotentKeyGenerator({ random: new Rng(9).stream('token') });
    expect([one.generateKey('a'), one.generateKey('b')]).toEqual([two.generateKey('a'),
      two.generateKey('b')]);
  });
});
