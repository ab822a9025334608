// The TerwayBackend contract (src/rpc/messages.ts, Terway's rpc.proto service), checked on the
// real daemon (TerwayDaemon.backend over Terway's Aliyun stack on the cloud emulator) and on the
// test double the CNI plugin's tests use (ScriptedTerwayBackend): a case that holds for one must
// hold for the other, so the plugin's tests are not built on a backend that behaves otherwise.
//
// The contract: calls settle, never reject, and fail as values; a stopped daemon answers
// `Unavailable`; AllocIP for a pod the backend serves succeeds with a NetConf carrying an address
// of each family it reports; GetIPInfo under the same infra container id returns the NetConfs
// AllocIP gave, and none under another id or after ReleaseIP; ReleaseIP is idempotent and
// succeeds for a pod it never saw; AllocIP for a pod it does not know fails.

import { Context, createSimEnv, type SimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import type {
  AllocIpRequest, NetConf, RpcResult, TerwayBackend,
} from '../../src/rpc/messages.js';
import { ScriptedTerwayBackend } from '../../src/rpc/scripted-backend.js';
import { createDaemonHarness } from '../daemon/harness.js';

interface BackendSubject {
  readonly env: SimEnv;
  readonly backend: TerwayBackend;
  /** Makes the backend serve pod `default/<name>` (it exists and is on this node). */
  servePod(name: string): void;
  /** Stops the backend (a daemon that is down). */
  stop(): void;
}

async function daemonSubject(): Promise<BackendSubject> {
  const h = createDaemonHarness();
  const started = await h.start();
  if (!started.ok) throw new Error(started.error);
  return { env: h.env, backend: h.daemon.backend, servePod: (name) => h.addPod(name),
    stop: () => h.daemon.stop() };
}

async function scriptedSubject(): Promise<BackendSubject> {
  const env = createSimEnv({ seed: 7 });
  const backend = new ScriptedTerwayBackend({ scheduler: env.scheduler });
  const netConf = (name: string): NetConf => ({
    basicInfo: { podIp: { ipv4: `10.0.0.${name.length}` }, podCidr: { ipv4: '10.0.0.0/24' },
      gatewayIp: { ipv4: '10.0.0.253' }, serviceCidr: { ipv4: '172.16.0.0/16' } },
    ifName: '', extraRoutes: [], defaultRoute: true,
  });
  return { env, backend, stop: () => { backend.unavailable = true; },
    servePod: (name) => backend.pods.set(`default/${name}`,
      { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [netConf(name)] }) };
}

const subjects: ReadonlyArray<{ name: string; make: () => Promise<BackendSubject> }> = [
  { name: 'TerwayDaemon on the cloud emulator', make: daemonSubject },
  { name: 'ScriptedTerwayBackend', make: scriptedSubject },
];

const pod = (name: string, containerId = `c-${name}`) => ({ k8sPodName: name,
  k8sPodNamespace: 'default', k8sPodInfraContainerId: containerId });
const alloc = (name: string, containerId?: string): AllocIpRequest => ({
  ...pod(name, containerId), netns: `/var/run/netns/${name}`, ifName: 'eth0' });

/** Runs one call under the plugin's 120 s context until the clock has nothing left before it. */
async function settle<T>(subject: BackendSubject,
  call: (ctx: Context) => Promise<RpcResult<T>>): Promise<RpcResult<T>> {
  const { scheduler } = subject.env;
  let result: RpcResult<T> | undefined;
  scheduler.spawn('rpc', async () => {
    const { ctx, cancel } = Context.background(scheduler).withTimeout(120_000);
    result = await call(ctx);
    cancel();
  });
  await scheduler.run({ untilMs: scheduler.nowMs() + 120_000 });
  if (result === undefined) throw new Error('the call did not settle within 120 s');
  return result;
}

describe.each(subjects)('TerwayBackend contract: $name', ({ make }) => {
  it('AllocIP serves a known pod with an address of each family it reports; GetIPInfo under the '
    + 'same container returns those NetConfs, under another none', async () => {
    const subject = await make();
    subject.servePod('web');
    const allocated = await settle(subject, (ctx) => subject.backend.allocIp(ctx, alloc('web')));
    expect(allocated.ok && allocated.value.success).toBe(true);
    if (!allocated.ok) return;
    const [first] = allocated.value.netConfs;
    expect(first?.basicInfo?.podIp.ipv4 !== undefined).toBe(allocated.value.ipv4);
    expect(first?.basicInfo?.podIp.ipv6 !== undefined).toBe(allocated.value.ipv6);
    const same = await settle(subject, (ctx) => subject.backend.getIpInfo(ctx, pod('web')));
    expect(same.ok && same.value.netConfs).toEqual(allocated.value.netConfs);
    const other = await settle(subject, (ctx) =>
      subject.backend.getIpInfo(ctx, pod('web', 'c-other')));
    expect(other.ok && other.value.netConfs).toEqual([]);
    subject.stop();
  });

  it('ReleaseIP ends the allocation, may be repeated, and succeeds for a pod never seen',
    async () => {
    const subject = await make();
    subject.servePod('web');
    await settle(subject, (ctx) => subject.backend.allocIp(ctx, alloc('web')));
    const release = { ...pod('web'), reason: 'normal release' };
    const first = await settle(subject, (ctx) => subject.backend.releaseIp(ctx, release));
    const again = await settle(subject, (ctx) => subject.backend.releaseIp(ctx, release));
    const never = await settle(subject, (ctx) => subject.backend.releaseIp(ctx,
      { ...pod('ghost'), reason: 'normal release' }));
    expect([first, again, never].map((result) => result.ok && result.value.success))
      .toEqual([true, true, true]);
    const info = await settle(subject, (ctx) => subject.backend.getIpInfo(ctx, pod('web')));
    expect(info.ok && info.value.netConfs).toEqual([]);
    subject.stop();
  });

  it('AllocIP for a pod it does not know fails as a value', async () => {
    const subject = await make();
    const result = await settle(subject, (ctx) => subject.backend.allocIp(ctx, alloc('ghost')));
    expect(result.ok).toBe(false);
    subject.stop();
  });

  it('records events; once stopped, every call answers Unavailable', async () => {
    const subject = await make();
    subject.servePod('web');
    const event = { target: 'EventTargetPod' as const, ...pod('web'), eventType: 'Normal' as const,
      reason: 'AllocIPSucceed', message: 'Alloc IP 10.0.0.3 took 1s' };
    const recorded = await settle(subject, (ctx) => subject.backend.recordEvent(ctx, event));
    expect(recorded).toEqual({ ok: true, value: { succeed: true } });
    subject.stop();
    const calls = [
      await settle(subject, (ctx) => subject.backend.allocIp(ctx, alloc('web'))),
      await settle(subject, (ctx) => subject.backend.getIpInfo(ctx, pod('web'))),
      await settle(subject, (ctx) => subject.backend.releaseIp(ctx,
        { ...pod('web'), reason: 'normal release' })),
      await settle(subject, (ctx) => subject.backend.recordEvent(ctx, event)),
    ];
    expect(calls.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(
      Array(4).fill('Unavailable'));
  });
});
