// AliyunFactory's IP, delete, list and load operations over the cloud emulator: the calls, the
// metadata waits and the success-equivalent codes of Terway's factory (pkg/factory/aliyun).
import { describe, expect, it } from 'vitest';
import type { CreatedEni } from '../../src/factory/factory.js';
import { attachEniAsSetup, refuseNext } from '../emulator/cloud-rig.js';
import { factoryRig, metadataReads, runTask, timeline, type FactoryRig } from './setup.js';

async function created(rig: FactoryRig, ipv4Count = 2): Promise<CreatedEni> {
  const result = await runTask(rig, () => rig.stack.factory.createNetworkInterface(rig.ctx,
    { ipv4Count, ipv6Count: 0, type: 'secondary' }));
  if (!result.ok) throw new Error(result.error.message);
  rig.openApi.clearCalls();
  rig.metadata.clearReads();
  return result.value;
}

describe('AliyunFactory IP operations', () => {
  it('assigns IPv4 and waits until metadata lists them (first check after 1 s)', async () => {
    const rig = factoryRig();
    const eni = await created(rig);
    const t0 = rig.env.scheduler.nowMs();
    const result = await runTask(rig, () => rig.stack.factory.assignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, count: 3 }));
    expect(result).toEqual({ ok: true, value: ['192.168.0.4', '192.168.0.5', '192.168.0.6'] });
    expect(rig.openApi.callsOf('AssignPrivateIpAddresses')[0]!.params).toMatchObject({
      NetworkInterfaceId: eni.eni.id, SecondaryPrivateIpAddressCount: 3 });
    expect(metadataReads(rig)).toEqual([`mac/private-ipv4s@${t0 + 50 + 1_000 + 1}`]);
  });

  it('hands back the assigned IPs with the failure when metadata never shows them', async () => {
    const rig = factoryRig();
    const eni = await created(rig);
    // Metadata shows changes made from now on only after a minute.
    rig.faults({ kind: 'metadataLag', lagMs: 60_000, target: rig.instanceId });
    const result = await runTask(rig, () => rig.stack.factory.assignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, count: 1 }));
    expect(result).toEqual({ ok: false, error: { message: 'context deadline exceeded',
      ips: ['192.168.0.4'] } });
  });

  it('passes an assign refusal through with its code (the pool inhibits on IP-not-enough)',
    async () => {
    const rig = factoryRig();
    const eni = await created(rig);
    rig.faults(refuseNext('AssignPrivateIpAddresses', 'InvalidVSwitchId.IpNotEnough'));
    const result = await runTask(rig, () => rig.stack.factory.assignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, count: 1 }));
    expect(result.ok ? '' : result.error.code).toBe('InvalidVSwitchId.IpNotEnough');
  });

  it('unassigns and waits until metadata drops the IPs; already-unassigned IPs count as done',
    async () => {
    const rig = factoryRig();
    const eni = await created(rig, 4);
    const first = await runTask(rig, () => rig.stack.factory.unassignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, ips: [eni.ipv4[1]!] }));
    expect(first).toEqual({ ok: true, value: undefined });
    const unassignEnd = rig.openApi.callsOf('UnassignPrivateIpAddresses')[0]!.endMs;
    // metadata lags 500 ms: the IP is already gone at the first check
    expect(metadataReads(rig)).toEqual([`mac/private-ipv4s@${unassignEnd + 1_001}`]);
    // an earlier attempt already removed the next IP (its reply was lost): the cloud says
    // IpUnassigned
    await runTask(rig, () => rig.stack.ecs.unassignPrivateIpAddresses(rig.ctx, eni.eni.id,
      [eni.ipv4[2]!]));
    const again = await runTask(rig, () => rig.stack.factory.unassignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, ips: [eni.ipv4[2]!] }));
    expect(again.ok).toBe(true);
    expect(rig.openApi.callsOf('UnassignPrivateIpAddresses').map((call) =>
      call.outcome)).toEqual(['OK', 'OK', 'InvalidIp.IpUnassigned']);
    expect(rig.eni(eni.eni.id)!.ipv4.map((entry) => entry.ip)).toEqual([eni.ipv4[0], eni.ipv4[3]]);
  });

  it('fails with the context error when the cloud says IpUnassigned but metadata still lists ' +
    'the IP', async () => {
    const rig = factoryRig();
    const eni = await created(rig, 2);
    // The cloud refuses the call (a refusal, not an effect): the IP stays, in metadata too.
    rig.faults(refuseNext('UnassignPrivateIpAddresses', 'InvalidIp.IpUnassigned'));
    const result = await runTask(rig, () => rig.stack.factory.unassignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, ips: [eni.ipv4[1]!] }));
    expect(result).toEqual({ ok: false, error: { message: 'context deadline exceeded' } });
    const messages = rig.events.filter((event) => event.kind === 'log').map((event) =>
      String(event.fields['message']));
    expect(messages).toContain(
      `validateIPNotInMetadata: timeout, expect gone [${eni.ipv4[1]}], still present ` +
        `[${eni.ipv4[1]}], metadata has [${eni.ipv4.join(' ')}]`);
  });

  it('retries other unassign failures within eni_ip_ops but stops at once on Forbidden.RAM',
    async () => {
    const retried = factoryRig();
    const eni = await created(retried, 2);
    retried.faults(refuseNext('UnassignPrivateIpAddresses', 'Operation.Conflict'));
    const ok = await runTask(retried, () => retried.stack.factory.unassignIpv4(retried.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, ips: [eni.ipv4[1]!] }));
    expect(ok.ok).toBe(true);
    expect(retried.openApi.callsOf('UnassignPrivateIpAddresses').map((call) =>
      call.outcome)).toEqual(['Operation.Conflict', 'OK']);

    const forbidden = factoryRig();
    const other = await created(forbidden, 2);
    forbidden.faults(refuseNext('UnassignPrivateIpAddresses', 'Forbidden.RAM'));
    const refused = await runTask(forbidden, () =>
      forbidden.stack.factory.unassignIpv4(forbidden.ctx, { eniId: other.eni.id,
      mac: other.eni.mac, ips: [other.ipv4[1]!] }));
    expect(refused.ok ? '' : refused.error.code).toBe('Forbidden.RAM');
    expect(forbidden.openApi.callsOf('UnassignPrivateIpAddresses')).toHaveLength(1);
  });

  it('gives up after six unassign attempts with the last error', async () => {
    const rig = factoryRig();
    const eni = await created(rig, 2);
    rig.faults(refuseNext('UnassignPrivateIpAddresses', 'InternalError', 6));
    const result = await runTask(rig, () => rig.stack.factory.unassignIpv4(rig.ctx,
      { eniId: eni.eni.id, mac: eni.eni.mac, ips: [eni.ipv4[1]!] }));
    expect(result.ok ? '' : result.error.code).toBe('InternalError');
    expect(rig.openApi.callsOf('UnassignPrivateIpAddresses')).toHaveLength(6);
  });
});

describe('AliyunFactory.deleteNetworkInterface', () => {
  it('detaches, sleeps 5 s, deletes and confirms at +1 s and after', async () => {
    const rig = factoryRig({ timings: { detachMs: 2_000, deleteMs: 1_500 } });
    const eni = await created(rig);
    const t0 = rig.env.scheduler.nowMs();
    const result = await runTask(rig, () => rig.stack.factory.deleteNetworkInterface(rig.ctx,
      eni.eni.id));
    expect(result).toEqual({ ok: true, value: undefined });
    expect(timeline(rig).map((entry) => entry.replace(/@(\d+)/, (_, at: string) =>
      `@+${Number(at) - t0}`))).toEqual([
      'DetachNetworkInterface@+0', 'DeleteNetworkInterface@+5050',
        'DescribeNetworkInterfaces@+6100', 'DescribeNetworkInterfaces@+8150']);
    expect(rig.eni(eni.eni.id)).toBeUndefined();
  });

  it('counts an unknown ENI as deleted', async () => {
    const rig = factoryRig();
    const result = await runTask(rig, () => rig.stack.factory.deleteNetworkInterface(rig.ctx,
      'eni-unknown'));
    expect(result.ok).toBe(true);
    expect(timeline(rig)).toEqual(['DetachNetworkInterface@0:InvalidEniId.NotFound',
      'DeleteNetworkInterface@5050:InvalidEniId.NotFound']);
  });

  it('reports Terway\'s timeout text when the ENI does not go away', async () => {
    const rig = factoryRig({ timings: { detachMs: 100, deleteMs: 100_000 } });
    const eni = await created(rig);
    const result = await runTask(rig, () => rig.stack.factory.deleteNetworkInterface(rig.ctx,
      eni.eni.id));
    expect(result).toEqual({ ok: false,
      error: { message: `timeout waiting for eni ${eni.eni.id} to be deleted: timed out waiting ` +
        `for the condition` } });
  });
});

describe('AliyunFactory listing and loading', () => {
  it('lists secondary ENIs from metadata only, when no feature needs the API', async () => {
    const rig = factoryRig();
    const id = await attachEniAsSetup(rig, { vSwitch: 'vsw-b', secondaryIps: 1 });
    const result = await runTask(rig, () =>
      rig.stack.factory.listAttachedNetworkInterfaces(rig.ctx, {}));
    expect(result.ok && result.value.map((eni) => ({ id: eni.id, trunk: eni.trunk,
      cidr: eni.vSwitchCidr.ipv4 }))).toEqual([
      { id, trunk: false, cidr: '192.168.1.0/24' }]);
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces')).toHaveLength(0);
  });

  it('with ENI tags or trunking, keeps only the ENIs the tagged describe returns and reads ' +
    'their type', async () => {
    const rig = factoryRig({ factory: { eniTags: { creator: 'terway' },
      eniTagFilter: { creator: 'terway' }, enableTrunk: true } });
    const trunk = await attachEniAsSetup(rig, { vSwitch: 'vsw-b', trunk: true,
      tags: [{ Key: 'creator', Value: 'terway' }] });
    await attachEniAsSetup(rig, { vSwitch: 'vsw-b' }); // not tagged: filtered out
    const result = await runTask(rig, () =>
      rig.stack.factory.listAttachedNetworkInterfaces(rig.ctx, {}));
    expect(result.ok && result.value.map((eni) => ({ id: eni.id, trunk: eni.trunk,
      erdma: eni.erdma }))).toEqual([{ id: trunk, trunk: true, erdma: false }]);
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces')[0]!.params).toMatchObject({ Tag: [{
      Key: 'creator', Value: 'terway' }] });
  });

  it('stops the describe loop on Forbidden.RAM', async () => {
    const rig = factoryRig({ factory: { enableErdma: true } });
    await attachEniAsSetup(rig, { vSwitch: 'vsw-b' });
    rig.faults(refuseNext('DescribeNetworkInterfaces', 'Forbidden.RAM'));
    const result = await runTask(rig, () =>
      rig.stack.factory.listAttachedNetworkInterfaces(rig.ctx, {}));
    expect(result.ok ? '' : result.error.code).toBe('Forbidden.RAM');
    expect(rig.openApi.callsOf('DescribeNetworkInterfaces')).toHaveLength(1);
  });

  it('loads an ENI\'s addresses from metadata', async () => {
    const rig = factoryRig({ factory: { enableIpv6: true } });
    const eni = await created(rig, 2);
    const result = await runTask(rig, () => rig.stack.factory.loadNetworkInterface(rig.ctx,
      eni.eni.mac));
    expect(result).toEqual({ ok: true, value: { ipv4: eni.ipv4, ipv6: [] } });
  });
});
