import { describe, expect, it } from 'vitest';
import { buildTestWorld } from '../src/testing/index.js';
import { body, caller, codeOf, collectEvents, runTask, statusOf } from './helpers.js';

describe('flow control', () => {
  it('throttles per account, region and API in fixed one-minute windows', async () => {
    const world = buildTestWorld({ cloud: { rateLimits: { DescribeNetworkInterfaces: 3 },
      throttleCode: 'Throttling.User' } });
    const events = collectEvents(world.cloud);
    const alice = caller(world.cloud.client({ accessKeyId: 'alice' }));
    const bob = caller(world.cloud.client({ accessKeyId: 'bob' }));
    const codes: string[] = [];
    await runTask(world.env, async () => {
      for (let index = 0; index < 4; index++)
        codes.push(codeOf(await alice('DescribeNetworkInterfaces')));
      codes.push(codeOf(await bob('DescribeNetworkInterfaces')));
      codes.push(codeOf(await alice('DescribeVSwitches', {}, 'vpc')));
      const throttled = await alice('DescribeNetworkInterfaces');
      expect(statusOf(throttled)).toBe(400);
      await world.env.scheduler.sleep(60_000 - world.env.scheduler.nowMs());
      codes.push(codeOf(await alice('DescribeNetworkInterfaces')));
    });
    expect(codes).toEqual(['OK', 'OK', 'OK', 'Throttling.User', 'OK', 'OK', 'OK']);
    expect(events.filter((event) => event.type === 'call' && event.record.throttled &&
      event.record.code === 'Throttling.User')).toHaveLength(2);
  });
});

describe('fault plan', () => {
  it('injects errors by API, target and window, each as a fault event', async () => {
    const world = buildTestWorld({
      cloud: {
        faults: [
          { kind: 'error', code: 'InternalError', api: 'CreateNetworkInterface', countMax: 2 },
          { kind: 'error', code: 'Operation.Conflict', api: ['AssignPrivateIpAddresses'],
            fromMs: 1000, untilMs: 2000 },
          { kind: 'regionOutage', region: 'cn-hangzhou', fromMs: '10s', untilMs: '11s' },
        ],
      },
    });
    const events = collectEvents(world.cloud);
    const call = caller(world.cloud.client());
    const codes: string[] = [];
    await runTask(world.env, async () => {
      const create = () => call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId });
      codes.push(codeOf(await create()), codeOf(await create()));
      const eni = body(await create());
      codes.push('created');
      codes.push(codeOf(await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 1 })));
      await world.env.scheduler.sleep(1500 - world.env.scheduler.nowMs());
      codes.push(codeOf(await call('AssignPrivateIpAddresses',
        { NetworkInterfaceId: eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount: 1 })));
      await world.env.scheduler.sleep(10_500 - world.env.scheduler.nowMs());
      const outage = await call('DescribeNetworkInterfaces');
      codes.push(`${codeOf(outage)}/${statusOf(outage)}`);
    });
    expect(codes).toEqual(['InternalError', 'InternalError', 'created', 'OK', 'Operation.Conflict',
      'ServiceUnavailable/503']);
    expect(events.flatMap((event) => (event.type === 'fault' ? [`${event.kind} ${event.rule}`]
      : []))).toEqual(['error 0', 'error 0', 'error 1', 'error 2']);
  });

  it('loses replies after or before the change and keeps an ENI stuck Attaching', async () => {
    const world = buildTestWorld({
      cloud: {
        faults: [
          { kind: 'timeout', applied: true, api: 'CreateNetworkInterface', countMax: 1 },
          { kind: 'timeout', applied: false, api: 'DeleteNetworkInterface', countMax: 1 },
          { kind: 'stuckAttaching', target: world0InstanceId() },
        ],
      },
    });
    const call = caller(world.cloud.client({ timeoutMs: 5000 }));
    await runTask(world.env, async () => {
      const lost = await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId,
          ClientToken: 'once' });
      expect(codeOf(lost)).toBe('Timeout');
      expect(world.env.scheduler.nowMs()).toBe(5000);
      // The create took effect: the retry with the same token returns the same ENI.
      const retried = body(await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId,
          ClientToken: 'once' }));
      expect(
        [...world.cloud.view().enis()]
          .filter((eni) => eni.type === 'Secondary')
          .map((eni) => eni.id),
      ).toEqual([retried.NetworkInterfaceId]);
      expect(codeOf(await call('DeleteNetworkInterface',
        { NetworkInterfaceId: retried.NetworkInterfaceId }))).toBe('Timeout');
      expect(world.cloud.view().eni(retried.NetworkInterfaceId as string)?.status).toBe(
        'Available',
      );
      await call('AttachNetworkInterface',
        { NetworkInterfaceId: retried.NetworkInterfaceId, InstanceId: world.instanceIds[0] });
      await world.env.scheduler.sleep(600_000);
      expect(world.cloud.view().eni(retried.NetworkInterfaceId as string)?.status).toBe(
        'Attaching',
      );
    });
  });

  it('makes metadata lag and go unreachable inside the fault window', async () => {
    const world = buildTestWorld({
      cloud: {
        latency: { base: 'fast', metadataLag: { minMs: 10, maxMs: 10 } },
        faults: [
          { kind: 'metadataLag', lagMs: 8000, fromMs: 0, untilMs: 1000 },
          { kind: 'metadataUnreachable', fromMs: 20_000, untilMs: 30_000, status: 500 },
        ],
      },
    });
    const events = collectEvents(world.cloud);
    const call = caller(world.cloud.client());
    const metadata = world.cloud.metadata(world.instanceIds[0]!);
    await runTask(world.env, async () => {
      const eni = body(await call('CreateNetworkInterface',
        { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId }));
      await call('AttachNetworkInterface',
        { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: world.instanceIds[0] });
      await world.env.scheduler.sleep(5000);
      expect(
        (await metadata.get('network/interfaces/macs/')).ok &&
          (await metadata.get('network/interfaces/macs/')),
      ).not.toEqual(
        expect.objectContaining({ value: expect.stringContaining(eni.MacAddress as string) }),
      );
      await world.env.scheduler.sleep(4000);
      expect(await metadata.get('network/interfaces/macs/')).toEqual({ ok: true,
        value: expect.stringContaining(eni.MacAddress as string) });
      await world.env.scheduler.sleep(20_000 - world.env.scheduler.nowMs());
      expect(await metadata.get('instance-id')).toEqual({ ok: false,
        error: { status: 500, message: 'metadata server answered 500' } });
    });
    const faults = events.flatMap((event) => (event.type === 'fault' ? [event.kind] : []));
    expect(faults).toContain('metadataLag');
    expect(faults).toContain('metadataUnreachable');
  });

  it('replays every latency, throttle and fault from the seed', async () => {
    const run = async (seed: number) => {
      const world = buildTestWorld({
        seed,
        cloud: { latency: 'realistic', rateLimits: { AssignPrivateIpAddresses: 5 },
          faults: [{ kind: 'error', code: 'InternalError', probability: '1/3' }] },
      });
      const call = caller(world.cloud.client());
      await runTask(world.env, async () => {
        const enis: string[] = [];
        for (let index = 0; index < 6; index++) {
          const reply = await call('CreateNetworkInterface',
            { VSwitchId: world.vSwitchIds[0], SecurityGroupId: world.securityGroupId });
          if (reply.ok) enis.push(reply.value.NetworkInterfaceId as string);
        }
        for (const eniId of enis) await call('AssignPrivateIpAddresses',
          { NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 2 });
        await Promise.all(enis.map((eniId) => call('AssignPrivateIpAddresses',
          { NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 1 })));
      });
      return world.env.log.digest();
    };
    const first = await run(7);
    expect(await run(7)).toBe(first);
    expect(await run(8)).not.toBe(first);
  });
});

function world0InstanceId(): string {
  // Instance ids come from counters: the first instance of a fresh run is always this one.
  return 'i-bp00000000000000001';
}
