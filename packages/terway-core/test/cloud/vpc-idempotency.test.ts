import { Context, Rng } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { IdempotentKeyGenerator, requestHash } from '../../src/cloud/idempotency.js';
import { cloudRig, runTask } from './setup.js';

describe('VpcClient', () => {
  it('reads a vSwitch by id and reports not-found for an empty reply', async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => ({ found: await rig.vpc.describeVSwitchById(ctx,
      'vsw-b'), missing: await rig.vpc.describeVSwitchById(ctx, 'vsw-zzz') }));
    expect(out.found).toEqual({ ok: true, value: { vSwitchId: 'vsw-b', zoneId: 'cn-hangzhou-i',
      availableIpAddressCount: 252,
      cidrBlock: '192.168.1.0/24', ipv6CidrBlock: '' } });
    expect(out.missing).toEqual({ ok: false, error: { kind: 'not-found', message: 'not found' } });
    expect(rig.cloud.callsOf('DescribeVSwitches')[0]!.params).toEqual({ RegionId: 'cn-hangzhou',
      VSwitchId: 'vsw-b' });
  });

  it('creates, lists (paged) and deletes route entries, returning refusals to the caller',
    async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.cloud.script('CreateRouteEntry', { body: { RouteEntryId: 'rte-1' } },
      { code: 'TaskConflict' });
    rig.cloud.script('DescribeRouteEntryList',
      { body: { RouteEntrys: { RouteEntry: [{ RouteEntryId: 'rte-1', RouteTableId: 'vtb-1',
        DestinationCidrBlock: '172.20.0.0/24',
        Type: 'Custom', Status: 'Created', NextHops: { NextHop: [{ NextHopId: 'i-node1',
          NextHopType: 'Instance' }] } }] }, NextToken: 'n2' } },
      { body: { RouteEntrys: { RouteEntry: [] }, NextToken: '' } });
    rig.cloud.script('DeleteRouteEntry', { body: {} });
    const out = await runTask(rig, async () => ({
      created: await rig.vpc.createRouteEntry(ctx, { routeTableId: 'vtb-1',
        destinationCidrBlock: '172.20.0.0/24', nextHopId: 'i-node1' }),
      conflict: await rig.vpc.createRouteEntry(ctx, { routeTableId: 'vtb-1',
        destinationCidrBlock: '172.20.1.0/24', nextHopId: 'i-node2' }),
      listed: await rig.vpc.describeRouteEntryList(ctx, { routeTableId: 'vtb-1',
        routeEntryType: 'Custom' }),
      deleted: await rig.vpc.deleteRouteEntry(ctx, { routeEntryId: 'rte-1' }),
    }));
    expect(out.created).toEqual({ ok: true, value: 'rte-1' });
    expect(out.conflict.ok ? '' : out.conflict.error.kind === 'api'
      && out.conflict.error.code).toBe('TaskConflict');
    expect(out.listed).toEqual({ ok: true, value: [{ routeEntryId: 'rte-1', routeTableId: 'vtb-1',
      destinationCidrBlock: '172.20.0.0/24',
      type: 'Custom', status: 'Created', nextHops: [{ nextHopId: 'i-node1',
        nextHopType: 'Instance' }] }] });
    expect(out.deleted.ok).toBe(true);
    expect(rig.cloud.callsOf('CreateRouteEntry')[0]!.params).toMatchObject({
      NextHopType: 'Instance', RouteTableId: 'vtb-1' });
    expect(rig.cloud.callsOf('DescribeRouteEntryList').map((call) =>
      call.params['NextToken'])).toEqual([undefined, 'n2']);
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
