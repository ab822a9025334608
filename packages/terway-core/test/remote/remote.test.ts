import { Context, createSimEnv, ok } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { defaultBackoffs } from '../../src/backoff/named.js';
import type { AttachedEni } from '../../src/eni/types.js';
import { silentLogger } from '../../src/log/logger.js';
import type { PodEni, PodEniPhase } from '../../src/ports/crd.js';
import type { Local } from '../../src/pool/local.js';
import { chooseTrunk } from '../../src/remote/init-trunk.js';
import { judgePodEni, Remote } from '../../src/remote/remote-backend.js';
import { remoteNetConfs } from '../../src/remote/remote-netconf.js';
import { Trunk } from '../../src/remote/trunk-backend.js';
import { prewarmCni, type AllocResponse } from '../../src/pool/types.js';
import { FakeCrd } from '../../src/testing/fake-crd.js';

const trunkEni: AttachedEni = { id: 'eni-trunk', mac: '00:16:3e:00:00:0a', securityGroupIds: [],
  vSwitchId: 'vsw-node', primaryIp: { ipv4: '192.168.0.10' }, gatewayIp: { ipv4: '192.168.0.253' },
  vSwitchCidr: { ipv4: '192.168.0.0/24' }, trunk: true, erdma: false };

function podEni(phase: PodEniPhase, options: { uid?: string; trunk?: string; vid?: number;
  cidr?: string } = {}): PodEni {
  return {
    metadata: { namespace: 'default', name: 'web-0',
      annotations: { 'k8s.aliyun.com/pod-uid': options.uid ?? 'uid-1' } },
    spec: { zone: 'zone-a', allocations: [{ allocationType: { type: 'Elastic' },
      eni: { id: 'eni-m1', vpcID: 'vpc-1', mac: '00:16:3e:00:00:33', zone: 'zone-a',
        vSwitchID: 'vsw-pod', resourceGroupID: '', securityGroupIDs: ['sg-1'],
        attachmentOptions: { trunk: true } },
      ipv4: '10.0.5.7', ipv6: '', ipv4CIDR: options.cidr ?? '10.0.5.0/24', ipv6CIDR: '',
      interface: 'eth0', defaultRoute: false, extraRoutes: [], extraConfig: {} }] },
    status: { phase, instanceID: 'i-1', trunkENIID: options.trunk ?? 'eni-trunk', msg: '',
      podLastSeen: '', eniInfos: { 'eni-m1': { id: 'eni-m1', type: 'Member',
        vid: options.vid ?? 3, status: 'Bind' } } },
  };
}

describe('PodENI net configs (RemoteIPResource.ToRPC)', () => {
  it('trunk member: trunk MAC and gateway, the member vid, derived pod gateway', () => {
    const [netConf, ...rest] = remoteNetConfs({ type: 'RemoteIP', podEni: podEni('Bind'),
      trunkEni });
    expect(rest).toHaveLength(0);
    expect(netConf).toEqual({
      basicInfo: { podIp: { ipv4: '10.0.5.7' }, podCidr: { ipv4: '10.0.5.0/24' },
        gatewayIp: { ipv4: '10.0.5.253' }, serviceCidr: {} },
      eniInfo: { mac: '00:16:3e:00:00:0a', trunk: true, vid: 3,
        gatewayIp: { ipv4: '192.168.0.253', ipv6: undefined }, erdma: false, vfId: undefined },
      ifName: 'eth0', extraRoutes: [], defaultRoute: false,
    });
  });

  it('exclusive ENI: its own MAC, no trunk, vid 0', () => {
    const [netConf] = remoteNetConfs({ type: 'RemoteIP', podEni: podEni('Bind', { trunk: '' }) });
    expect(netConf!.eniInfo).toMatchObject({ mac: '00:16:3e:00:00:33', trunk: false, vid: 0 });
  });

  it('a CIDR without a derivable gateway empties the whole result (Terway returns nil)', () => {
    expect(remoteNetConfs({ type: 'RemoteIP', podEni: podEni('Bind', { cidr: '10.0.5.7/32' }),
      trunkEni })).toEqual([]);
  });
});

describe('judging a PodENI (wait_podeni_status condition)', () => {
  const table: Array<{ name: string; eni: PodEni | undefined; want: string }> = [
    { name: 'missing waits', eni: undefined, want: 'wait:Get PodENI error' },
    { name: 'binding waits', eni: podEni('Binding'), want: 'wait:PodENI Phase is Binding' },
    { name: 'another pod uid waits quietly', eni: podEni('Bind', { uid: 'uid-old' }),
      want: 'wait:' },
    { name: 'another trunk fails', eni: podEni('Bind', { trunk: 'eni-other' }),
      want: 'fail:PodENI used a different trunk eni-other' },
    { name: 'bound is ready', eni: podEni('Bind'), want: 'ready:' },
  ];
  for (const row of table) {
    it(row.name, () => {
      const verdict = judgePodEni(row.eni, 'uid-1', 'eni-trunk');
      const reason = 'reason' in verdict && verdict.reason !== undefined
        ? verdict.reason.replace('code: PodENINotReady, msg: ', '') : '';
      expect(`${verdict.kind}:${reason}`).toBe(row.want);
    });
  }
});

describe('Remote backend', () => {
  it('waits for the PodENI to bind, then answers with it', async () => {
    const env = createSimEnv({ seed: 2 });
    const crd = new FakeCrd(env.scheduler);
    const remote = new Remote({ scheduler: env.scheduler, crd, logger: silentLogger(),
      random: env.rng.stream('w'), backoff: defaultBackoffs.get('wait_podeni_status')! },
    trunkEni);
    const cni = { ...prewarmCni, podName: 'web-0', podNamespace: 'default', podId: 'default/web-0',
      podUid: 'uid-1' };
    const offer = remote.allocate(Context.background(env.scheduler), cni, { type: 'RemoteIP' });
    expect(offer.accepted).toBe(true);
    let answer: AllocResponse | undefined;
    if (offer.accepted) void offer.reply.then((reply) => { answer = reply; });
    env.scheduler.at(5_000, () => void crd.create('PodENI', podEni('Binding')));
    env.scheduler.at(9_000, () => {
      const bound = crd.peek('PodENI', { namespace: 'default', name: 'web-0' })!;
      void crd.update('PodENI', { ...bound, status: { ...bound.status, phase: 'Bind' } });
    });
    await env.scheduler.run({ untilMs: 8_000 });
    expect(answer).toBeUndefined();
    await env.scheduler.run({ untilMs: 20_000 });
    expect(answer?.error).toBeUndefined();
    expect(answer?.resources[0]).toMatchObject({ type: 'RemoteIP', trunkEni });
  });

  it('declines LocalIP and gives up after ~2 min with the last reason', async () => {
    const env = createSimEnv({ seed: 2 });
    const remote = new Remote({ scheduler: env.scheduler, crd: new FakeCrd(env.scheduler),
      logger: silentLogger(), random: env.rng.stream('w'),
      backoff: defaultBackoffs.get('wait_podeni_status')! }, undefined);
    const cni = { ...prewarmCni, podName: 'x', podNamespace: 'default', podId: 'default/x' };
    const ctx = Context.background(env.scheduler);
    expect(remote.allocate(ctx, cni, { type: 'LocalIP' } as never))
      .toEqual({ accepted: false, traces: [{ condition: 'ResourceTypeMismatch' }] });
    const offer = remote.allocate(ctx, cni, { type: 'RemoteIP' });
    let answer: AllocResponse | undefined;
    if (offer.accepted) void offer.reply.then((reply) => { answer = reply; });
    await env.scheduler.run({ untilMs: 200_000 });
    expect(answer?.error).toBe('timed out waiting for the condition: code: PodENINotReady, ' +
      'msg: Get PodENI error');
    expect(env.scheduler.nowMs()).toBe(200_000);
  });
});

describe('initTrunk choice', () => {
  const eni = (id: string, trunk: boolean): AttachedEni => ({ ...trunkEni, id, trunk });
  it('the annotated trunk, else any trunk, else create while a slot is free, else off', () => {
    const input = { preferTrunkId: 'eni-b', maxEni: 3, enableIpv6: false };
    expect(chooseTrunk([eni('eni-a', true), eni('eni-b', true)], input))
      .toEqual({ kind: 'use', id: 'eni-b' });
    expect(chooseTrunk([eni('eni-x', false), eni('eni-a', true)], input))
      .toEqual({ kind: 'use', id: 'eni-a' });
    expect(chooseTrunk([eni('eni-x', false)], input)).toEqual({ kind: 'create' });
    expect(chooseTrunk([eni('x', false), eni('y', false), eni('z', false)], input))
      .toEqual({ kind: 'off' });
  });
});

describe('Remote backend, case by case (pkg/eni/remote_test.go)', () => {
  const waitFor = async (stored: PodEni | undefined, cniUid: string,
    trunk: AttachedEni | undefined = trunkEni): Promise<AllocResponse | undefined> => {
    const env = createSimEnv({ seed: 3 });
    const crd = new FakeCrd(env.scheduler);
    if (stored !== undefined) await crd.create('PodENI', stored);
    const remote = new Remote({ scheduler: env.scheduler, crd, logger: silentLogger(),
      random: env.rng.stream('w'), backoff: defaultBackoffs.get('wait_podeni_status')! }, trunk);
    const cni = { ...prewarmCni, podName: 'web-0', podNamespace: 'default',
      podId: 'default/web-0', podUid: cniUid };
    const offer = remote.allocate(Context.background(env.scheduler), cni, { type: 'RemoteIP' });
    let answer: AllocResponse | undefined;
    if (offer.accepted) void offer.reply.then((reply) => { answer = reply; });
    await env.scheduler.run({ untilMs: 200_000 });
    return answer;
  };
  const timedOut = 'timed out waiting for the condition';
  const notReady = (msg: string): string => `code: PodENINotReady, msg: ${msg}`;
  const deleting = (): PodEni => ({ ...podEni('Bind'), metadata: { ...podEni('Bind').metadata,
    deletionTimestamp: '2024-01-01T00:00:00Z' } });
  const table: Array<{ name: string; eni: PodEni | undefined; uid: string; error?: string }> = [
    { name: 'TestAllocateWithBackoff_VariousScenarios: PodENI Not Found (Retry and Timeout)',
      eni: undefined, uid: 'uid-1', error: `${timedOut}: ${notReady('Get PodENI error')}` },
    { name: 'TestAllocateWithBackoff_VariousScenarios: PodENI Being Deleted (Retry and Timeout)',
      eni: deleting(), uid: 'uid-1',
      error: `${timedOut}: ${notReady('DeletionTimestamp is not zero')}` },
    { name: 'TestAllocateWithBackoff_PhaseNotBind: Detaching keeps waiting, then times out',
      eni: podEni('Detaching'), uid: 'uid-1',
      error: `${timedOut}: ${notReady('PodENI Phase is Detaching')}` },
    { name: 'TestAllocateWithBackoff_VariousScenarios: Pod UID Mismatch (Retry and Timeout, ' +
      'no reason)', eni: podEni('Bind', { uid: 'uid-old' }), uid: 'uid-1', error: timedOut },
    { name: 'TestAllocateWithBackoff_VariousScenarios: Trunk Mismatch (Fatal Error)',
      eni: podEni('Bind', { trunk: 'eni-other' }), uid: 'uid-1',
      error: `${notReady('PodENI used a different trunk eni-other')}: ` +
        notReady('PodENI used a different trunk eni-other') },
    { name: 'TestAllocateWithBackoff_VariousScenarios: Empty Allocations (Fatal Error)',
      eni: { ...podEni('Bind'), spec: { zone: 'zone-a', allocations: [] } }, uid: 'uid-1',
      error: `${notReady('PodENI has empty allocations')}: ` +
        notReady('PodENI has empty allocations') },
    { name: 'TestAllocateWithBackoff_PodUIDMismatch: PodUID not provided in CNI - should pass ' +
      'check', eni: podEni('Bind', { uid: 'uid-old' }), uid: '' },
    { name: 'TestAllocateWithBackoff_PodUIDMismatch: PodUID matches - should succeed',
      eni: podEni('Bind'), uid: 'uid-1' },
    { name: 'TestAllocateReturnsNetworkResourcesWhenPodENIReady', eni: podEni('Bind'),
      uid: 'uid-1' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const answer = await waitFor(row.eni, row.uid);
      expect(answer?.error).toBe(row.error);
      expect(answer?.resources.length).toBe(row.error === undefined ? 1 : 0);
    });
  }

  it('TestRemote_Release / TestRemote_Dispose: nothing to give back', () => {
    const env = createSimEnv({ seed: 3 });
    const remote = new Remote({ scheduler: env.scheduler, crd: new FakeCrd(env.scheduler),
      logger: silentLogger(), random: env.rng.stream('w'),
      backoff: defaultBackoffs.get('wait_podeni_status')! }, undefined);
    expect(remote.dispose()).toBe(0);
    expect(remote.release(Context.background(env.scheduler), prewarmCni,
      { type: 'RemoteIP', podEni: podEni('Bind') })).toBe(false);
  });

  const missingInfo = { ...podEni('Bind'), status: { ...podEni('Bind').status, eniInfos: {} } };
  const badCidr = (field: 'ipv4CIDR' | 'ipv6CIDR'): PodEni => ({ ...podEni('Bind'), spec: {
    zone: 'zone-a', allocations: [{ ...podEni('Bind').spec.allocations[0]!,
      ipv6: 'fd00::7', ipv6CIDR: 'fd00::/64', [field]: 'invalid-cidr' }] } });
  const toRpc: Array<{ name: string; eni: PodEni }> = [
    { name: 'TestToRPC_ENIInfoMissing', eni: missingInfo },
    { name: 'TestToRPC_InvalidIPv4CIDR', eni: badCidr('ipv4CIDR') },
    { name: 'TestToRPC_InvalidIPv6CIDR', eni: badCidr('ipv6CIDR') },
    { name: 'TestToRPC_NoAllocations', eni: { ...podEni('Bind'), spec: { zone: 'zone-a',
      allocations: [] } } },
  ];
  for (const row of toRpc) {
    it(`${row.name}: no net configs`, () => {
      expect(remoteNetConfs({ type: 'RemoteIP', podEni: row.eni, trunkEni })).toEqual([]);
    });
  }
});

describe('Trunk backend (trunk_test.go): LocalIP to its Local slot, the rest to Remote', () => {
  const calls: string[] = [];
  const local = {
    run: () => Promise.resolve(ok(undefined)),
    allocate: () => { calls.push('local.allocate'); return { accepted: false, traces: [] }; },
    release: () => { calls.push('local.release'); return true; },
    dispose: (count: number) => count - 1,
    usage: () => ({ idles: 1, inUse: 2, total: 3 }),
    status: () => ({ status: 'local' }),
  } as unknown as Local;
  const env = createSimEnv({ seed: 4 });
  const remote = new Remote({ scheduler: env.scheduler, crd: new FakeCrd(env.scheduler),
    logger: silentLogger(), random: env.rng.stream('w'),
    backoff: defaultBackoffs.get('wait_podeni_status')! }, trunkEni);
  const trunk = new Trunk(local, remote);
  const ctx = Context.background(env.scheduler);
  it('TestTrunk_Priority: 100, as every remote-capable backend', () => {
    expect(trunk.priority()).toBe(100);
  });
  it('TestTrunk_Allocate_LocalIP / TestTrunk_Release_LocalIP: the Local slot', () => {
    calls.length = 0;
    trunk.allocate(ctx, prewarmCni, { type: 'LocalIP' } as never);
    expect(trunk.release(ctx, prewarmCni, { type: 'LocalIP' } as never)).toBe(true);
    expect(calls).toEqual(['local.allocate', 'local.release']);
  });
  it('TestTrunk_Allocate_RemoteIP / TestTrunk_Release_RemoteIP: the Remote, not the slot', () => {
    calls.length = 0;
    expect(trunk.allocate(ctx, prewarmCni, { type: 'RemoteIP' }).accepted).toBe(true);
    expect(trunk.release(ctx, prewarmCni, { type: 'RemoteIP', podEni: podEni('Bind') }))
      .toBe(false);
    expect(calls).toEqual([]);
  });
  it('TestTrunk_Allocate_UnknownResourceType / TestTrunk_Release_UnknownResourceType', () => {
    expect(trunk.allocate(ctx, prewarmCni, { type: 'Other' } as never))
      .toEqual({ accepted: false, traces: [{ condition: 'ResourceTypeMismatch' }] });
    expect(trunk.release(ctx, prewarmCni, { type: 'Other' } as never)).toBe(false);
  });
  it('TestTrunk_Dispose / TestTrunk_Usage / TestTrunk_Status: the Local slot\'s', () => {
    expect(trunk.dispose(3)).toBe(2);
    expect(trunk.usage()).toEqual({ idles: 1, inUse: 2, total: 3 });
    expect(trunk.status()).toEqual({ status: 'local' });
  });
});
