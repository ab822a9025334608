// Terway's ECS client over the cloud emulator: the parameters it sends, how it maps replies, and
// its retries, tokens, rate-limit waits and success-equivalent codes. Cloud refusals come from the
// emulator's fault plan or from the cloud's own rules; the scripting decorator supplies only what
// the emulator cannot say (codes outside its catalog, canned pages, an empty attribute body).
import { errorCatalog, instanceTypeCatalog } from '@terway-sim/cloud-emulator';
import { Context } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { backoffKeys } from '../../src/backoff/named.js';
import { codeIs } from '../../src/cloud/errors.js';
import { refuseNext } from '../emulator/cloud-rig.js';
import { clientRig, logLines, runTask, type CloudTestRig } from './setup.js';

const baseCreate = (rig: CloudTestRig) => ({ vSwitchId: rig.vSwitch('vsw-a'),
  securityGroupIds: [rig.securityGroupId], sourceDestCheck: false });

describe('EcsClient.createNetworkInterface', () => {
  it('sends Terway\'s parameters and maps the reply', async () => {
    const rig = clientRig();
    const result = await runTask(rig, () =>
      rig.ecs.createNetworkInterface(Context.background(rig.env.scheduler),
      { ...baseCreate(rig), ipCount: 3, ipv6Count: 1, tags: { k8s: 'x', creator: 'terway' },
        resourceGroupId: 'rg-1' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [call] = rig.openApi.callsOf('CreateNetworkInterface');
    const { ClientToken, ...params } = call!.params;
    expect(ClientToken).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(params).toEqual({
      RegionId: 'cn-hangzhou', VSwitchId: rig.vSwitch('vsw-a'), InstanceType: 'Secondary',
      SecurityGroupIds: [rig.securityGroupId], ResourceGroupId: 'rg-1',
      Description: 'interface create by terway', SecondaryPrivateIpAddressCount: 2,
      Ipv6AddressCount: 1, SourceDestCheck: false,
      Tag: [{ Key: 'creator', Value: 'terway' }, { Key: 'k8s', Value: 'x' }],
    });
    // The instance's primary ENI holds the vSwitch's first address (.1), so the new ENI's
    // addresses follow it, lowest first.
    expect(result.value).toMatchObject({ status: 'Available', type: 'Secondary',
      vSwitchId: rig.vSwitch('vsw-a'), instanceId: '',
      privateIpSets: [{ ipAddress: '192.168.0.2', primary: true },
        { ipAddress: '192.168.0.3', primary: false }, { ipAddress: '192.168.0.4', primary: false }],
      securityGroupIds: [rig.securityGroupId] });
    expect(result.value.ipv6Set).toHaveLength(1);
    expect(rig.eni(result.value.networkInterfaceId)?.tags).toEqual([
      { Key: 'creator', Value: 'terway' }, { Key: 'k8s', Value: 'x' }]);
    expect(logLines(rig)).toEqual([{ t: 50, level: 'info', message: 'eni created' }]);
    expect(rig.metrics.openApiLatency.labels({ api: 'CreateNetworkInterface',
      error: 'false' }).sum).toBe(50);
  });

  it('omits SecondaryPrivateIpAddressCount for one IP, sends Trunk and HighPerformance types, ' +
    'refuses bad options', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const made = await runTask(rig, async () => [
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate(rig), ipCount: 1, trunk: true }),
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate(rig), erdma: true }),
    ]);
    const [trunk, erdma] = rig.openApi.callsOf('CreateNetworkInterface').map((call) =>
      call.params);
    expect(trunk).not.toHaveProperty('SecondaryPrivateIpAddressCount');
    expect(trunk!['InstanceType']).toBe('Trunk');
    expect(erdma!['NetworkInterfaceTrafficMode']).toBe('HighPerformance');
    const ids = made.map((result) => (result.ok ? result.value.networkInterfaceId : ''));
    expect(ids.map((id) => [rig.eni(id)?.type, rig.eni(id)?.trafficMode])).toEqual([
      ['Trunk', 'Standard'], ['Secondary', 'HighPerformance']]);
    const bad = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx,
      { vSwitchId: rig.vSwitch('vsw-a'), securityGroupIds: [] }));
    expect(bad).toEqual({ ok: false, error: { kind: 'invalid-args', message: 'invalid args' } });
  });

  it('retries Throttling within the eni_create backoff, reusing the token, and ' +
    'Throttling.User not at all', async () => {
    const rig = clientRig();
    rig.faults(refuseNext('CreateNetworkInterface', 'Throttling'));
    const eniCreate = rig.deps.backoffs.get(backoffKeys.eniCreate);
    const result = await runTask(rig, () =>
      rig.ecs.createNetworkInterface(Context.background(rig.env.scheduler),
      { ...baseCreate(rig), backoff: eniCreate }));
    expect(result.ok).toBe(true);
    const calls = rig.openApi.callsOf('CreateNetworkInterface');
    expect(calls.map((call) => call.outcome)).toEqual(['Throttling', 'OK']);
    const gap = calls[1]!.startMs - calls[0]!.endMs;
    expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(gap).toBeLessThan(13_000);
    expect(calls[1]!.params['ClientToken']).toBe(calls[0]!.params['ClientToken']);

    const user = clientRig();
    user.faults(refuseNext('CreateNetworkInterface', 'Throttling.User'));
    const refused = await runTask(user, () =>
      user.ecs.createNetworkInterface(Context.background(user.env.scheduler),
      { ...baseCreate(user), backoff: eniCreate }));
    expect(user.openApi.callsOf('CreateNetworkInterface')).toHaveLength(1);
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
    const rig = clientRig();
    // Throttling, then InternalError: the two eni_create attempts. Then a request lost on its way
    // (the emulator answers nothing; the client gives up after its 20 s timeout), retried.
    rig.faults(refuseNext('CreateNetworkInterface', 'Throttling'),
      refuseNext('CreateNetworkInterface', 'InternalError'),
      { kind: 'timeout', applied: false, api: 'CreateNetworkInterface', countMax: 1 });
    const ctx = Context.background(rig.env.scheduler);
    const backoff = rig.deps.backoffs.get(backoffKeys.eniCreate);
    const first = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx,
      { ...baseCreate(rig), backoff }));
    expect(first).toEqual({ ok: false, error: { kind: 'timeout',
      message: 'timed out waiting for the condition' } });
    const second = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx,
      { ...baseCreate(rig), backoff }));
    expect(second.ok).toBe(true); // a transport failure (retried), then success
    const third = await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, baseCreate(rig)));
    expect(third.ok).toBe(true);
    const calls = rig.openApi.callsOf('CreateNetworkInterface');
    expect(calls.map((call) => call.outcome)).toEqual(['Throttling', 'InternalError', 'Timeout',
      'OK', 'OK']);
    expect(calls[2]!.endMs - calls[2]!.startMs).toBe(20_000);
    const tokens = calls.map((call) => call.params['ClientToken']);
    // put back after the timeout, reused by the retry
    expect(new Set(tokens.slice(0, 4)).size).toBe(1);
    expect(tokens[4]).not.toBe(tokens[0]); // a success keeps its token
    expect(rig.secondaryEnis()).toHaveLength(2);
  });

  it('does not put the token back after IdempotentFailed', async () => {
    const rig = clientRig();
    // Not in the emulator's catalog: a canned refusal (Terway's client knows the code).
    rig.openApi.script('CreateNetworkInterface', { code: 'IdempotentFailed', httpStatus: 400,
      message: 'Request uses a client token that failed before.' });
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, baseCreate(rig)));
    await runTask(rig, () => rig.ecs.createNetworkInterface(ctx, baseCreate(rig)));
    const [first, second] = rig.openApi.callsOf('CreateNetworkInterface').map((call) =>
      call.params['ClientToken']);
    expect(first).not.toBe(second);
  });

  it('waits on the CreateNetworkInterface bucket as rate_limit configures it', async () => {
    const rig = clientRig({ rateLimit: { CreateNetworkInterface: 1 } });
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, async () => {
      await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      await rig.ecs.createNetworkInterface(ctx, { ...baseCreate(rig),
        vSwitchId: rig.vSwitch('vsw-b') });
    });
    expect(rig.openApi.callsOf('CreateNetworkInterface').map((call) => call.startMs)).toEqual([0,
      60_000]);
    expect(rig.metrics.rateLimiterLatency.labels({ api: 'CreateNetworkInterface' }).sum).toBe(
      59_950);
    expect(logLines(rig).map((line) => line.message)).toContain('client rate limit');
  });
});

describe('EcsClient ENI lifecycle', () => {
  async function createAttached(rig: CloudTestRig): Promise<string> {
    const ctx = Context.background(rig.env.scheduler);
    return runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      if (!created.ok) throw new Error(created.error.message);
      const attached = await rig.ecs.attachNetworkInterface(ctx,
        { networkInterfaceId: created.value.networkInterfaceId, instanceId: rig.instanceId });
      if (!attached.ok) throw new Error(attached.error.message);
      return created.value.networkInterfaceId;
    });
  }

  it('detaches, deletes and confirms with eni_delete_confirm (+1 s, then 2 s, 3 s, 4 s apart)',
    async () => {
    const rig = clientRig({ timings: { detachMs: 100, deleteMs: 2_500 } });
    const id = await createAttached(rig);
    const ctx = Context.background(rig.env.scheduler);
    const t0 = rig.env.scheduler.nowMs();
    const result = await runTask(rig, async () => {
      const detached = await rig.ecs.detachNetworkInterface(ctx, id, rig.instanceId);
      await rig.env.scheduler.sleep(1_000);
      const deleted = await rig.ecs.deleteNetworkInterface(ctx, id);
      return { detached, deleted };
    });
    expect(result).toEqual({ detached: { ok: true, value: undefined }, deleted: { ok: true,
      value: undefined } });
    const deleteCall = rig.openApi.callsOf('DeleteNetworkInterface')[0]!;
    expect(deleteCall.startMs - t0).toBe(1_050);
    const confirms = rig.openApi.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - deleteCall.endMs);
    // The ENI is gone 2,500 ms after the delete arrived (2,450 ms after its reply): still listed
    // at the first check, gone at the second.
    expect(confirms).toEqual([1_000, 3_050]);
    expect(rig.eni(id)).toBeUndefined();
    expect(logLines(rig).map((line) => line.message)).toEqual(expect.arrayContaining([
      'delete eni request accepted, polling for deletion',
      'eni still exists, waiting for deletion', 'eni deletion confirmed']));
  });

  it('fails with Terway\'s text when the ENI is still there after four checks', async () => {
    const rig = clientRig({ timings: { detachMs: 100, deleteMs: 60_000 } });
    const id = await createAttached(rig);
    const ctx = Context.background(rig.env.scheduler);
    await runTask(rig, () => rig.ecs.detachNetworkInterface(ctx, id, rig.instanceId));
    await runTask(rig, () => rig.env.scheduler.sleep(500));
    const deleting = rig.ecs.deleteNetworkInterface(ctx, id);
    let result: Awaited<typeof deleting> | undefined;
    rig.env.scheduler.spawn('delete', async () => { result = await deleting; });
    // Stop before the cloud finishes the deletion at +60 s, to see the ENI still Deleting.
    await rig.env.scheduler.run({ untilMs: rig.env.scheduler.nowMs() + 30_000 });
    expect(result).toEqual({ ok: false, error: { kind: 'timeout',
      message: `timeout waiting for eni ${id} to be deleted: ` +
        'timed out waiting for the condition' } });
    expect(rig.eni(id)?.status).toBe('Deleting');
    const deleteEnd = rig.openApi.callsOf('DeleteNetworkInterface')[0]!.endMs;
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - deleteEnd)).toEqual([1_000, 3_050, 6_100, 10_150]);
  });

  it('treats InvalidEniId.NotFound as done on detach and delete (no polling), ' +
    'InvalidEcsId.NotFound on detach', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const results = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const id = created.ok ? created.value.networkInterfaceId : '';
      return [
        await rig.ecs.detachNetworkInterface(ctx, id, 'i-gone'),
        await rig.ecs.detachNetworkInterface(ctx, 'eni-gone', rig.instanceId),
        await rig.ecs.deleteNetworkInterface(ctx, 'eni-gone'),
      ];
    });
    expect(results.every((result) => result.ok)).toBe(true);
    expect(rig.openApi.callsOf().slice(1).map((call) => call.outcome)).toEqual([
      'InvalidEcsId.NotFound', 'InvalidEniId.NotFound', 'InvalidEniId.NotFound']);
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces')).toHaveLength(0);
  });

  it('waitForNetworkInterface describes until the status is reached', async () => {
    const rig = clientRig({ timings: { attachMs: 7_000 } });
    const ctx = Context.background(rig.env.scheduler);
    let start = 0;
    const result = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const id = created.ok ? created.value.networkInterfaceId : '';
      await rig.ecs.attachNetworkInterface(ctx, { networkInterfaceId: id,
        instanceId: rig.instanceId });
      start = rig.env.scheduler.nowMs();
      return rig.ecs.waitForNetworkInterface(ctx, id, 'InUse', { durationMs: 3_000, factor: 1,
        jitter: 0, steps: 5, capMs: 0 }, false);
    });
    expect(result.ok && result.value.status).toBe('InUse');
    // InUse 7 s after the attach arrived (at start − 50 ms): seen at the fourth check.
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces').map((call) =>
      call.startMs - start)).toEqual([0, 3_050, 6_100, 9_150]);
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
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.faults(refuseNext('AssignPrivateIpAddresses', 'Operation.Conflict'));
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignPrivateIpAddresses(ctx, { networkInterfaceId: eniId,
        ipCount: 2, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) });
      const unassigned = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, ['192.168.0.3']);
      const again = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, ['192.168.0.3']);
      const none = await rig.ecs.unassignPrivateIpAddresses(ctx, eniId, []);
      return { eniId, assigned, unassigned, again, none };
    });
    expect(out.assigned).toEqual({ ok: true, value: ['192.168.0.3', '192.168.0.4'] });
    expect(out.unassigned.ok && out.again.ok && out.none.ok).toBe(true);
    expect(rig.eni(out.eniId)?.ipv4.map((ip) => ip.ip)).toEqual(['192.168.0.2', '192.168.0.4']);
    const assigns = rig.openApi.callsOf('AssignPrivateIpAddresses');
    expect(assigns.map((call) => call.outcome)).toEqual(['Operation.Conflict', 'OK']);
    const gap = assigns[1]!.startMs - assigns[0]!.endMs;
    expect(gap).toBeGreaterThanOrEqual(5_000);
    expect(gap).toBeLessThan(11_500);
    expect(rig.openApi.callsOf('UnassignPrivateIpAddresses').map((call) =>
      call.outcome)).toEqual(['OK', 'InvalidIp.IpUnassigned']);
  });

  it('surfaces Forbidden.RAM on unassign and InvalidVSwitchId.IpNotEnough on assign (not retried)',
    async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    rig.faults(refuseNext('UnassignPrivateIpAddresses', 'Forbidden.RAM'),
      refuseNext('AssignPrivateIpAddresses', 'InvalidVSwitchId.IpNotEnough'));
    const out = await runTask(rig, async () => ({
      unassign: await rig.ecs.unassignPrivateIpAddresses(ctx, 'eni-x', ['10.0.0.1']),
      assign: await rig.ecs.assignPrivateIpAddresses(ctx, { networkInterfaceId: 'eni-x',
        ipCount: 1, backoff: rig.deps.backoffs.get(backoffKeys.eniIpOps) }),
    }));
    expect(!out.unassign.ok && codeIs(out.unassign.error, 'Forbidden.RAM')).toBe(true);
    expect(!out.assign.ok && codeIs(out.assign.error, 'InvalidVSwitchId.IpNotEnough')).toBe(true);
    expect(rig.openApi.callsOf('AssignPrivateIpAddresses')).toHaveLength(1);
  });

  it('assigns and unassigns IPv6', async () => {
    const rig = clientRig();
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const eniId = created.ok ? created.value.networkInterfaceId : '';
      const assigned = await rig.ecs.assignIpv6Addresses(ctx, { networkInterfaceId: eniId,
        ipv6Count: 2 });
      const held = rig.eni(eniId)?.ipv6.length;
      const unassigned = await rig.ecs.unassignIpv6Addresses(ctx, eniId, assigned.ok
        ? assigned.value : []);
      return { eniId, assigned, held, unassigned };
    });
    expect(out.assigned.ok && out.assigned.value.length).toBe(2);
    expect(out.held).toBe(2);
    expect(out.unassigned.ok).toBe(true);
    expect(rig.eni(out.eniId)?.ipv6).toEqual([]);
    expect(rig.openApi.callsOf('AssignIpv6Addresses')[0]!.params).toMatchObject({
      Ipv6AddressCount: 2 });
  });
});

describe('EcsClient describes', () => {
  it('pages DescribeNetworkInterfaces by 500 until a short page', async () => {
    const rig = clientRig();
    // 502 tagged ENIs, spread over the three vSwitches (a /24 holds 252).
    const vSwitches = ['vsw-a', 'vsw-b', 'vsw-other-zone'].map((name) => rig.vSwitch(name));
    for (let index = 0; index < 502; index++) {
      const made = rig.cloud.world.call('ecs', 'CreateNetworkInterface', {
        VSwitchId: vSwitches[index % 3], SecurityGroupIds: [rig.securityGroupId],
        Tag: [{ Key: 'creator', Value: 'terway' }] });
      expect(made.ok).toBe(true);
    }
    const result = await runTask(rig, () =>
      rig.ecs.describeNetworkInterfaces(Context.background(rig.env.scheduler),
      { tags: { creator: 'terway' } }));
    expect(result.ok && result.value.length).toBe(502);
    const calls = rig.openApi.callsOf('DescribeNetworkInterfaces');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.params).toMatchObject({ MaxResults: 500,
      Tag: [{ Key: 'creator', Value: 'terway' }] });
    expect(calls[0]!.params).not.toHaveProperty('NextToken');
    expect(calls[1]!.params['NextToken']).toEqual(expect.any(String));
  });

  it('pages DescribeInstanceTypes by 100 following NextToken', async () => {
    const rig = clientRig();
    // The emulator's catalog fits in one page, so the two pages here are canned.
    const types = Array.from({ length: 150 }, (_, i) => ({ InstanceTypeId: `ecs.t${i}`,
      EniQuantity: 4 }));
    rig.openApi.script('DescribeInstanceTypes',
      { body: { InstanceTypes: { InstanceType: types.slice(0, 100) }, NextToken: 'page2' } },
      { body: { InstanceTypes: { InstanceType: types.slice(100) }, NextToken: '' } });
    const ctx = Context.background(rig.env.scheduler);
    const result = await runTask(rig, () => rig.ecs.describeInstanceTypes(ctx));
    expect(result.ok && result.value.length).toBe(150);
    expect(rig.openApi.callsOf('DescribeInstanceTypes').map((call) =>
      call.params['NextToken'])).toEqual([undefined, 'page2']);
    const catalog = await runTask(rig, () => rig.ecs.describeInstanceTypes(ctx));
    expect(catalog.ok && catalog.value.map((type) => type['InstanceTypeId'])).toEqual(
      instanceTypeCatalog.map((type) => type.InstanceTypeId));
  });

  it('uses DescribeNetworkInterfaceAttribute for single-ENI reads when ENIAttributeBasic is on',
    async () => {
    const rig = clientRig({ eniAttributeBasic: true });
    const ctx = Context.background(rig.env.scheduler);
    const out = await runTask(rig, async () => {
      const created = await rig.ecs.createNetworkInterface(ctx, baseCreate(rig));
      const id = created.ok ? created.value.networkInterfaceId : '';
      return { found: await rig.ecs.describeNetworkInterfaceById(ctx, id),
        missing: await rig.ecs.describeNetworkInterfaceById(ctx, 'eni-none') };
    });
    expect(out.found.ok && out.found.value.map((eni) => eni.status)).toEqual(['Available']);
    // The emulator answers an unknown id with InvalidEniId.NotFound (docs/differences.md); Terway
    // reads an empty body as "no ENI" too, which a canned body shows below.
    expect(!out.missing.ok && codeIs(out.missing.error, 'InvalidEniId.NotFound')).toBe(true);
    expect(rig.openApi.callsOf('DescribeNetworkInterfaceAttribute')[0]!.params).toMatchObject({
      Attribute: 'basic' });
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces')).toHaveLength(0);
    rig.openApi.script('DescribeNetworkInterfaceAttribute', { body: {} });
    const empty = await runTask(rig, () => rig.ecs.describeNetworkInterfaceById(ctx, 'eni-none'));
    expect(empty).toEqual({ ok: true, value: [] });
    rig.faults(refuseNext('DescribeNetworkInterfaceAttribute', 'Forbidden.RAM'));
    const refused = await runTask(rig, () => rig.ecs.describeNetworkInterfaceAttribute(ctx,
      'eni-9'));
    expect(refused.ok ? '' : refused.error.message).toBe(
      `errCode: Forbidden.RAM, msg: ${errorCatalog['Forbidden.RAM'].message}, eni-9`);
  });
});
