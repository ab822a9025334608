import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { backoffKeys } from '../../src/backoff/named.js';
import { codeIs } from '../../src/cloud/errors.js';
import { eniEntry } from '../../src/testing/fake-cloud-actions.js';
import { cloudRig, logLines, runTask } from './setup.js';

const baseCreate = { vSwitchId: 'vsw-a', securityGroupIds: ['sg-1'], sourceDestCheck: false };

describe('EcsClient.createNetworkInterface', () => {
  it('sends Terway\'s parameters and maps the reply', async () => {
    const rig = cloudRig();
    const result = await runTask(rig, () =>
      rig.ecs.createNetworkInterface(Context.background(rig.env.scheduler),
      { ...baseCreate, ipCount: 3, ipv6Count: 1, tags: { k8s: 'x', creator: 'terway' },
        resourceGroupId: 'rg-1' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [call] = rig.cloud.callsOf('CreateNetworkInterface');
    const { ClientToken, ...params } = call!.params;
    expect(ClientToken).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(params).toEqual({
      RegionId: 'cn-hangzhou', VSwitchId: 'vsw-a', InstanceType: 'Secondary',
        SecurityGroupIds: ['sg-1'], ResourceGroupId: 'rg-1',
      Description: 'interface create by terway', SecondaryPrivateIpAddressCount: 2,
        Ipv6AddressCount: 1, SourceDestCheck: false,
      Tag: [{ Key: 'creator', Value: 'terway' }, { Key: 'k8s', Value: 'x' }],
    });
    expect(result.value).toMatchObject({ status: 'Available', type: 'Secondary',
      vSwitchId: 'vsw-a', instanceId: '',
      privateIpSets: [{ ipAddress: '192.168.0.2', primary: true }, { ipAddress: '192.168.0.3',
        primary: false },
        { ipAddress: '192.168.0.4', primary: false }], securityGroupIds: ['sg-1'] });
    expect(result.value.ipv6Set).toHaveLength(1);
    expect(logLines(rig)).toEqual([{ t: 50, level: 'info', message: 'eni created' }]);
    expect(rig.metrics.openApiLatency.labels({ api: 'CreateNetworkInterface',
      error: 'false' }).sum).toBe(50);
  });

  it('omits SecondaryPrivateIpAddressCount for one IP, sends Trunk and HighPerformance types, ' +
    'refuses bad options', async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, async () => {
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate, ipCount: 1, trunk: true });
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate, erdma: true });
    });
    const [trunk, erdma] = rig.cloud.callsOf('CreateNetworkInterface').map((call) => call.params);
    expect(trunk).not.toHaveProperty('SecondaryPrivateIpAddressCount');
    expect(trunk!['InstanceType']).toBe('Trunk');
    expect(erdma!['NetworkInterfaceTrafficMode']).toBe('HighPerformance');
    const bad = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, { vSwitchId: 'vsw-a',
      securityGroupIds: [] }));
    expect(bad).toEqual({ ok: false, error: { kind: 'invalid-args', message: 'invalid args' } });
  });

  it('retries Throttling within the eni_create backoff, reusing the token, and ' +
    'Throttling.User not at all', async () => {
    const rig = cloudRig();
    rig.cloud.script('CreateNetworkInterface', { code: 'Throttling' });
    const eniCreate = rig.deps.backoffs.get(backoffKeys.eniCreate);
    const result = await runTask(rig, () =>
      rig.ecs.createNetworkInterface(Context.background(rig.env.scheduler), { ...baseCreate,
      backoff: eniCreate }));
    expect(result.ok).toBe(true);
    const calls = rig.cloud.callsOf('CreateNetworkInterface');
    expect(calls.map((call) => call.outcome)).toEqual(['Throttling', 'OK']);
    const gap = calls[1]!.startMs - calls[0]!.endMs;
    expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(gap).toBeLessThan(13_000);
    expect(calls[1]!.params['ClientToken']).toBe(calls[0]!.params['ClientToken']);

    const user = cloudRig();
    user.cloud.script('CreateNetworkInterface', { code: 'Throttling.User',
      message: 'Request was denied due to user flow control.' });
    const refused = await runTask(user, () =>
      user.ecs.createNetworkInterface(Context.background(user.env.scheduler), { ...baseCreate,
      backoff: eniCreate }));
    expect(user.cloud.callsOf('CreateNetworkInterface')).toHaveLength(1);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(codeIs(refused.error, 'Throttling.User')).toBe(true);
    expect(codeIs(refused.error, 'Throttling')).toBe(false);
    expect(refused.error.message).toMatch(
      new RegExp('^errCode: Throttling\\.User, msg: Request was denied due to user flow ' +
        'control\\., requestID: [0-9A-F-]{36}$'));
  });

  it('ends with the wait timeout when every attempt is throttled, and puts the token back for ' +
    'the next identical request', async () => {
    const rig = cloudRig();
    rig.cloud.script('CreateNetworkInterface', { code: 'Throttling' }, { code: 'InternalError' },
      { transport: 'Timeout' });
    const ctx = Context.background(rig.env.scheduler);
    const backoff = rig.deps.backoffs.get(backoffKeys.eniCreate);
    const first = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, { ...baseCreate,
      backoff }));
    expect(first).toEqual({ ok: false, error: { kind: 'timeout',
      message: 'timed out waiting for the condition' } });
    const second = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, { ...baseCreate,
      backoff }));
    expect(second.ok).toBe(true); // a transport failure (retried), then success
    const third = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, { ...baseCreate }));
    expect(third.ok).toBe(true);
    const calls = rig.cloud.callsOf('CreateNetworkInterface');
    expect(calls.map((call) => call.outcome)).toEqual(['Throttling', 'InternalError', 'Timeout',
      'OK', 'OK']);
    const tokens = calls.map((call) => call.params['ClientToken']);
    expect(new Set(tokens.slice(0,
      4)).size).toBe(1); // put back after the timeout, reused by the retry
    expect(tokens[4]).not.toBe(tokens[0]); // a success keeps its token
  });

  it('does not put the token back after IdempotentFailed', async () => {
    const rig = cloudRig();
    rig.cloud.script('CreateNetworkInterface', { code: 'IdempotentFailed' });
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, baseCreate));
    await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, baseCreate));
    const [first, second] = rig.cloud.callsOf('CreateNetworkInterface').map((call) =>
      call.params['ClientToken']);
    expect(first).not.toBe(second);
  });

  it('waits on the CreateNetworkInterface bucket as rate_limit configures it', async () => {
    const rig = cloudRig({ rateLimit: { CreateNetworkInterface: 1 } });
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, async () => {
      await rig.ecs.createNetworkInterface(ctx, baseCreate);
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate, vSwitchId: 'vsw-b' });
    });
    expect(rig.cloud.callsOf('CreateNetworkInterface').map((call) => call.startMs)).toEqual([0,
      60_000]);
    expect(rig.metrics.rateLimiterLatency.labels({ api: 'CreateNetworkInterface' }).sum).toBe(
      59_950);
    expect(logLines(rig).map((line) => line.message)).toContain('client rate limit');
  });
});

describe('EcsClient ENI lifecycle', () => {
  async function createAttached(rig: ReturnType<typeof cloudRig>): Promise<string> {
    const ctx = Context.background(rig.env.scheduler);
    return runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate);
      if (!created.ok) throw new Error(created.error.message);
      const attached = await rig.ecs.attachNetworkInterface(ctx,
        { networkInterfaceId: created.value.networkInterfaceId, instanceId: 'i-node1' });
      if (!attached.ok) throw new Error(attached.error.message);
      return created.value.networkInterfaceId;
    });
  }

  it('detaches, deletes and confirms with eni_delete_confirm (+1 s, then 2 s, 3 s, 4 s apart)',
    async () => {
    const rig = cloudRig({ timings: { detachMs: 100, deleteMs: 2_500 } });
    const id = await createAttached(rig);
    const ctx = Context.background(rig.env.scheduler);
    const t0 = rig.env.scheduler.nowMs();
    const result = await runTask(rig, async () => {
      const detached = await rig.ecs.detachNetworkInterface(ctx, id, 'i-node1');
      await rig.env.scheduler.sleep(1_000);
      const deleted = await rig.ecs.deleteNetworkInterface(ctx, id);
      return { detached, deleted };
    });
    expect(result).toEqual({ detached: { ok: true, value: undefined }, deleted: { ok: true,
      value: undefined } });
    const deleteCall = rig.cloud.callsOf('DeleteNetworkInterface')[0]!;
    expect(deleteCall.startMs - t0).toBe(1_050);
    const confirms = rig.cloud.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - deleteCall.endMs);
    expect(confirms).toEqual([1_000, 3_050]); // gone at +2500 ms, seen at the second check
    expect(logLines(rig).map((line) => line.message)).toEqual(expect.arrayContaining([
      'delete eni request accepted, polling for deletion',
        'eni still exists, waiting for deletion', 'eni deletion confirmed']));
  });

  it('fails with Terway\'s text when the ENI is still there after four checks', async () => {
    const rig = cloudRig({ timings: { detachMs: 100, deleteMs: 60_000 } });
    const id = await createAttached(rig);
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, () => rig.ecs.detachNetworkInterface(ctx, id, 'i-node1'));
    await runTask(rig, () => rig.env.scheduler.sleep(500));
    const result = await runTask(rig, () => rig.ecs.deleteNetworkInterface(ctx, id));
    expect(result).toEqual({ ok: false, error: { kind: 'timeout',
      message: `timeout waiting for eni ${id} to be deleted: ` +
        'timed out waiting for the condition' } });
    const deleteEnd = rig.cloud.callsOf('DeleteNetworkInterface')[0]!.endMs;
    expect(rig.cloud.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - deleteEnd)).toEqual([1_000, 3_050, 6_100, 10_150]);
  });

  it('treats InvalidEniId.NotFound as done on detach and delete (no polling), ' +
    'InvalidEcsId.NotFound on detach', async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.cloud.script('DetachNetworkInterface', { code: 'InvalidEcsId.NotFound' });
    const results = await runTask(rig, async () => [
      await rig.ecs.detachNetworkInterface(ctx, 'eni-gone', 'i-node1'),
      await rig.ecs.detachNetworkInterface(ctx, 'eni-gone', 'i-node1'),
      await rig.ecs.deleteNetworkInterface(ctx, 'eni-gone'),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(rig.cloud.callsOf('DescribeNetworkInterfaces')).toHaveLength(0);
  });

  it('waitForNetworkInterface describes until the status is reached', async () => {
    const rig = cloudRig({ timings: { attachMs: 7_000 } });
    const ctx = Context.background(rig.env.scheduler);
    let start = 0;
    const result = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate);
      const id = created.ok ? created.value.networkInterfaceId : '';
      await rig.ecs.attachNetworkInterface(ctx, { networkInterfaceId: id, instanceId: 'i-node1' });
      start = rig.env.scheduler.nowMs();
      return rig.ecs.waitForNetworkInterface(ctx, id, 'InUse', { durationMs: 3_000, factor: 1,
        jitter: 0, steps: 5, capMs: 0 }, false);
    });
    expect(result.ok && result.value.status).toBe('InUse');
    expect(rig.cloud.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - start)).toEqual([0, 3_050, 6_100,
      9_150]); // InUse at +7 s, seen at the fourth check
    const missing = await runTask(rig, () =>
      rig.ecs.waitForNetworkInterface(Context.background(rig.env.scheduler), 'eni-none', 'InUse',
      { durationMs: 1_000, factor: 1, jitter: 0, steps: 3, capMs: 0 }, true));
    expect(missing.ok ? undefined : missing.error).toMatchObject({ kind: 'not-found',
      message: 'error wait for eni eni-none to status InUse,took 50ms, not found' });
  });
});

describe('EcsClient IP calls', () => {
  it('assigns IPv4 with retries on Operation.Conflict (eni_ip_ops) and unassigns, ' +
    'success-equivalents included', async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.cloud.script('AssignPrivateIpAddresses', { code: 'Operation.Conflict' });
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate);
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignPrivateIpAddresses(ctx, { networkInterfaceId: eniId,
        ipCount: 2, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      const unassigned = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, ['192.168.0.3']);
      const again = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, ['192.168.0.3']);
      const none = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, []);
      return { assigned, unassigned, again, none };
    });
    expect(out.assigned).toEqual({ ok: true, value: ['192.168.0.3', '192.168.0.4'] });
    expect(out.unassigned.ok && out.again.ok && out.none.ok).toBe(true);
    const assigns = rig.cloud.callsOf('AssignPrivateIpAddresses');
    expect(assigns.map((call) => call.outcome)).toEqual(['Operation.Conflict', 'OK']);
    const gap = assigns[1]!.startMs - assigns[0]!.endMs;
    expect(gap).toBeGreaterThanOrEqual(5_000);
    expect(gap).toBeLessThan(11_500);
    expect(rig.cloud.callsOf('UnassignPrivateIpAddresses').map((call) =>
      call.outcome)).toEqual(['OK', 'InvalidIp.IpUnassigned']);
  });

  it('surfaces Forbidden.RAM on unassign and InvalidVSwitchId.IpNotEnough on assign (not retried)',
    async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.cloud.script('UnassignPrivateIpAddresses', { code: 'Forbidden.RAM' });
    rig.cloud.script('AssignPrivateIpAddresses', { code: 'InvalidVSwitchId.IpNotEnough' });
    const out = await runTask(rig, async () => ({
      unassign: await rig.ecs.unassignPrivateIpAddresses(ctx, 'eni-x', ['10.0.0.1']),
      assign: await rig.ecs.assignPrivateIpAddresses(ctx, { networkInterfaceId: 'eni-x',
        ipCount: 1, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) }),
    }));
    expect(!out.unassign.ok && codeIs(out.unassign.error, 'Forbidden.RAM')).toBe(true);
    expect(!out.assign.ok && codeIs(out.assign.error, 'InvalidVSwitchId.IpNotEnough')).toBe(true);
    expect(rig.cloud.callsOf('AssignPrivateIpAddresses')).toHaveLength(1);
  });

  it('assigns and unassigns IPv6', async () => {
    const rig = cloudRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate);
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignIpv6Addresses(ctx, { networkInterfaceId: eniId,
        ipv6Count: 2 });
      const unassigned = await rig.ecs.unassignIpv6Addresses(ctx, eniId, assigned.ok
        ? assigned.value : []);
      return { assigned, unassigned };
    });
    expect(out.assigned.ok && out.assigned.value.length).toBe(2);
    expect(out.unassigned.ok).toBe(true);
    expect(rig.cloud.callsOf('AssignIpv6Addresses')[0]!.params).toMatchObject({
      Ipv6AddressCount: 2 });
  });
});

describe('EcsClient describes', () => {
  it('pages DescribeNetworkInterfaces by 500 until a short page', async () => {
    const rig = cloudRig();
    const entry = (index: number): Record<string, unknown> => ({ ...eniEntry({ id: `eni-${index}`,
      mac: '00:16:3e:00:00:01', status: 'InUse',
      type: 'Secondary', trafficMode: 'Standard', vSwitchId: 'vsw-a', zoneId: 'z',
        instanceId: 'i-node1', deviceIndex: 1, ipv4: [],
      ipv6: [], securityGroupIds: [], tags: [], creationTime: '' }) });
    rig.cloud.script('DescribeNetworkInterfaces',
      { body: { NetworkInterfaceSets: { NetworkInterfaceSet: Array.from({ length: 500 }, (_, i) =>
        entry(i)) }, NextToken: 'page2' } },
      { body: { NetworkInterfaceSets: { NetworkInterfaceSet: [entry(500), entry(501)] },
        NextToken: 'page3' } });
    const result = await runTask(rig, () =>
      rig.ecs.describeNetworkInterfaces(Context.background(rig.env.scheduler),
      { instanceId: 'i-node1', tags: { creator: 'terway' } }));
    expect(result.ok && result.value.length).toBe(502);
    const calls = rig.cloud.callsOf('DescribeNetworkInterfaces');
    expect(calls.map((call) => call.params['NextToken'])).toEqual([undefined, 'page2']);
    expect(calls[0]!.params).toMatchObject({ MaxResults: 500, InstanceId: 'i-node1',
      Tag: [{ Key: 'creator', Value: 'terway' }] });
  });

  it('pages DescribeInstanceTypes by 100 following NextToken', async () => {
    const rig = cloudRig();
    const types = Array.from({ length: 150 }, (_, i) => ({ InstanceTypeId: `ecs.t${i}`,
      EniQuantity: 4 }));
    (rig.cloud as unknown as { options: { instanceTypes: unknown } }).options.instanceTypes = types;
    const result = await runTask(rig, () =>
      rig.ecs.describeInstanceTypes(Context.background(rig.env.scheduler)));
    expect(result.ok && result.value.length).toBe(150);
    expect(rig.cloud.callsOf('DescribeInstanceTypes').map((call) =>
      call.params['NextToken'])).toEqual([undefined, '100']);
  });

  it('uses DescribeNetworkInterfaceAttribute for single-ENI reads when ENIAttributeBasic is on',
    async () => {
    const rig = cloudRig({ eniAttributeBasic: true });
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate);
      const id = created.ok ? created.value.networkInterfaceId : '';
      return { found: await rig.ecs.describeNetworkInterfaceById(ctx, id),
        missing: await rig.ecs.describeNetworkInterfaceById(ctx, 'eni-none') };
    });
    expect(out.found.ok && out.found.value.map((eni) => eni.status)).toEqual(['Available']);
    expect(out.missing).toEqual({ ok: true, value: [] });
    expect(rig.cloud.callsOf('DescribeNetworkInterfaceAttribute')[0]!.params).toMatchObject({
      Attribute: 'basic' });
    expect(rig.cloud.callsOf('DescribeNetworkInterfaces')).toHaveLength(0);
    rig.cloud.script('DescribeNetworkInterfaceAttribute', { code: 'Forbidden.RAM',
      message: 'denied' });
    const refused = await runTask(rig, () => rig.ecs.describeNetworkInterfaceAttribute(ctx,
      'eni-9'));
    expect(refused.ok ? ''
      : refused.error.message).toBe('errCode: Forbidden.RAM, msg: denied, eni-9');
  });
});
