// AliyunFactory.createNetworkInterface over the cloud emulator: the call sequence and metadata
// polls of Terway's create (pkg/factory/aliyun), vSwitch blocking on IP shortage, retries, and
// what comes back when the ENI exists but cannot be made usable.
import { describe, expect, it } from 'vitest';
import { attachEniAsSetup, refuseNext } from '../emulator/cloud-rig.js';
import { factoryRig, metadataReads, runTask, timeline } from './setup.js';

const request = { ipv4Count: 3, ipv6Count: 0, type: 'secondary' as const };

describe('AliyunFactory.createNetworkInterface', () => {
  it('follows the nominal timeline: vSwitch, create, attach, metadata polls, the 2 s floor, ' +
    'describe InUse', async () => {
    const rig = factoryRig();
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(timeline(rig)).toEqual(['DescribeVSwitches@0', 'CreateNetworkInterface@50',
      'AttachNetworkInterface@100', 'DescribeNetworkInterfaces@2150']);
    // IPs first checked 1 s after the attach returned (150), then the MAC at once, then CIDR and
    // gateway
    expect(metadataReads(rig)).toEqual(['mac/private-ipv4s@1151', 'network/interfaces/macs/@1152',
      'mac/vswitch-cidr-block@1153', 'mac/gateway@1154']);
    expect(rig.env.scheduler.nowMs()).toBe(2_200);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const eni = rig.eni(result.value.eni.id)!;
    expect(eni.status).toBe('InUse');
    expect(result.value).toEqual({
      eni: { id: eni.id, mac: eni.mac, securityGroupIds: [rig.securityGroupId],
        vSwitchId: rig.vSwitch('vsw-a'), primaryIp: { ipv4: '192.168.0.2' },
        gatewayIp: { ipv4: '192.168.0.253' }, vSwitchCidr: { ipv4: '192.168.0.0/24' },
        trunk: false, erdma: false },
      ipv4: ['192.168.0.2', '192.168.0.3', '192.168.0.4'], ipv6: [],
    });
    const create = rig.openApi.callsOf('CreateNetworkInterface')[0]!.params;
    expect(create).toMatchObject({ SecondaryPrivateIpAddressCount: 2, SourceDestCheck: false,
      Description: 'interface create by terway', InstanceType: 'Secondary', Tag: [] });
  });

  it('reads IPv6, its CIDR and gateway for a dual-stack ENI', async () => {
    const rig = factoryRig({ factory: { enableIpv6: true } });
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      { ...request, ipv6Count: 2 }));
    const vSwitch = rig.cloud.view().vSwitches().find((usage) =>
      usage.vSwitch.id === rig.vSwitch('vsw-a'))!.vSwitch;
    const ipv6Cidr = vSwitch.ipv6CidrBlock!;
    expect(result.ok && result.value.ipv6).toEqual(rig.eni(result.ok ? result.value.eni.id : '')
      ?.ipv6.map((ip) => ip.ip));
    expect(result.ok && result.value.ipv6).toHaveLength(2);
    expect(result.ok && result.value.eni.vSwitchCidr).toEqual({ ipv4: '192.168.0.0/24',
      ipv6: ipv6Cidr });
    // The vSwitch's IPv6 gateway is the first address of its /64.
    expect(result.ok && result.value.eni.gatewayIp).toEqual({ ipv4: '192.168.0.253',
      ipv6: ipv6Cidr.replace(/::\/64$/, '::1') });
    expect(metadataReads(rig)).toContain('mac/ipv6s@2155');
  });

  it('describes again after the eni_ops backoff while the ENI is still Attaching', async () => {
    // InUse at 6,100 (6 s after the attach arrived at 100), after the first describe.
    const rig = factoryRig({ timings: { attachMs: 6_000 } });
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(result.ok).toBe(true);
    const describes = rig.openApi.callsOf('DescribeNetworkInterfaces');
    expect(describes).toHaveLength(2);
    const gap = describes[1]!.startMs - describes[0]!.endMs;
    expect(gap).toBeGreaterThanOrEqual(5_000);
    expect(gap).toBeLessThan(6_500);
  });

  it('blocks a vSwitch that is out of IPs and creates in the next one after the eni_create ' +
    'backoff', async () => {
    const rig = factoryRig();
    rig.faults({ ...refuseNext('CreateNetworkInterface', 'InvalidVSwitchId.IpNotEnough'),
      target: rig.vSwitch('vsw-a') });
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(result.ok && result.value.eni.vSwitchId).toBe(rig.vSwitch('vsw-b'));
    const creates = rig.openApi.callsOf('CreateNetworkInterface');
    expect(creates.map((call) => call.params['VSwitchId'])).toEqual([rig.vSwitch('vsw-a'),
      rig.vSwitch('vsw-b')]);
    const gap = creates[1]!.startMs - creates[0]!.endMs;
    // jitter(10 s, 0.3), then DescribeVSwitches for vsw-b
    expect(gap).toBeGreaterThanOrEqual(10_000 + 50);
    expect(gap).toBeLessThan(13_000 + 50);
  });

  it('ends with the generic wait timeout, no code and no ENI, when both attempts hit ' +
    'IP-not-enough', async () => {
    const rig = factoryRig();
    // QuotaExceeded.PrivateIpAddress is not in the emulator's catalog: a canned refusal first,
    // then the emulator refuses the second attempt itself.
    rig.openApi.script('CreateNetworkInterface', { code: 'QuotaExceeded.PrivateIpAddress',
      httpStatus: 403, message: 'The private IP address quota is exceeded.' });
    rig.faults(refuseNext('CreateNetworkInterface', 'InvalidVSwitchId.IpNotEnough'));
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(result).toEqual({ ok: false,
      error: { message: 'timed out waiting for the condition' } });
    expect(rig.secondaryEnis()).toEqual([]);
    const next = await runTask(rig, () => rig.stack.vSwitchPool.getOne(rig.ctx, rig.zones[0]!,
      [rig.vSwitch('vsw-a'), rig.vSwitch('vsw-b')], { policy: 'ordered' }));
    expect(next.ok ? '' : next.error.message).toContain(
      `${rig.vSwitch('vsw-a')} no ip left, ${rig.vSwitch('vsw-b')} no ip left`);
  });

  it('retries Throttling inside the client, but stops on Throttling.User with its code',
    async () => {
    const retried = factoryRig();
    retried.faults(refuseNext('CreateNetworkInterface', 'Throttling'));
    expect((await runTask(retried, () => retried.stack.factory.createNetworkInterface(retried.ctx,
      request))).ok).toBe(true);
    expect(retried.openApi.callsOf('CreateNetworkInterface').map((call) =>
      call.outcome)).toEqual(['Throttling', 'OK']);

    const refused = factoryRig();
    refused.faults(refuseNext('CreateNetworkInterface', 'Throttling.User'));
    const result = await runTask(refused, () =>
      refused.stack.factory.createNetworkInterface(refused.ctx, request));
    expect(result.ok ? undefined : result.error).toEqual({ code: 'Throttling.User',
      message: expect.stringMatching(
        /^errCode: Throttling\.User, msg: Request was denied due to user flow control/) as unknown,
    });
    expect(refused.openApi.callsOf('CreateNetworkInterface')).toHaveLength(1);
  });

  it('returns the ENI with the failure when attach is refused', async () => {
    const rig = factoryRig();
    // ecs.g7.xlarge takes 4 ENIs: with the primary and three more attached, the cloud refuses.
    for (let count = 0; count < 3; count++) await attachEniAsSetup(rig, { vSwitch: 'vsw-b' });
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('EniPerInstanceLimitExceeded');
    expect(rig.eni(result.error.eni?.id ?? '')?.status).toBe('Available');
  });

  it('fails with the context error and the ENI when metadata never lists the IPs, after polls ' +
    'at +1 … +9 s', async () => {
    const rig = factoryRig();
    // Metadata shows the attach (and with it the ENI's MAC and IPs) only after a minute.
    rig.faults({ kind: 'metadataLag', lagMs: 60_000, target: rig.instanceId });
    const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
      request));
    expect(result.ok ? undefined : { code: result.error.code, message: result.error.message,
      hasEni: result.error.eni !== undefined })
      .toEqual({ code: undefined, message: 'context deadline exceeded', hasEni: true });
    expect(metadataReads(rig).map((read) => Number(read.split('@')[1]))).toEqual([1151, 2151, 3151,
      4151, 5151, 6151, 7151, 8151, 9151]);
    const messages = rig.events.filter((event) => event.kind === 'log').map((event) =>
      String(event.fields['message']));
    expect(messages.some((message) =>
      message.startsWith(
        'validateIPInMetadata: timeout, expect [192.168.0.2 192.168.0.3 192.168.0.4], missing')))
      .toBe(true);
  });

  it('creates trunk and eRDMA ENIs with their types and tags', async () => {
    const rig = factoryRig({ factory: { eniTags: { team: 'a', creator: 'terway' } } });
    const made = await runTask(rig, async () => [
      await rig.stack.factory.createNetworkInterface(rig.ctx, { ipv4Count: 1, ipv6Count: 0,
        type: 'trunk' }),
      await rig.stack.factory.createNetworkInterface(rig.ctx, { ipv4Count: 1, ipv6Count: 0,
        type: 'erdma' }),
    ]);
    const [trunk, erdma] = rig.openApi.callsOf('CreateNetworkInterface').map((call) =>
      call.params);
    expect(trunk).toMatchObject({ InstanceType: 'Trunk', Tag: [{ Key: 'creator', Value: 'terway' },
      { Key: 'team', Value: 'a' }] });
    expect(trunk).not.toHaveProperty('SecondaryPrivateIpAddressCount');
    expect(erdma).toMatchObject({ NetworkInterfaceTrafficMode: 'HighPerformance' });
    expect(made.map((result) => (result.ok ? rig.eni(result.value.eni.id)?.type : 'failed')))
      .toEqual(['Trunk', 'Secondary']);
  });
});
