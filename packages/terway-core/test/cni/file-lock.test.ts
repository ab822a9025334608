import { describe, expect, it } from 'vitest';
import { Scheduler } from '@terway-sim/sim-base';
import { CniFileLock } from '../../src/cni/file-lock.js';
import { HostLocalIpam } from '../../src/cni/host-local.js';
import { ipvlanAvailable } from '../../src/cni/datapath-dispatch.js';
import { parseK8sArgs } from '../../src/cni/cni-args.js';

describe('CniFileLock', () => {
  it('polls every 200 ms: a lock freed at 5.1 s is taken '
    + 'at 5.2 s; waiters are served one at a time', async () => {
    const scheduler = new Scheduler();
    const lock = new CniFileLock({ scheduler });
    const taken: number[] = [];
    scheduler.spawn('holder', async () => {
      const held = await lock.acquire();
      await scheduler.sleep(5_100);
      if (held.ok) held.value();
    });
    for (const name of ['a', 'b']) {
      scheduler.spawn(name, async () => {
        const held = await lock.acquire();
        taken.push(scheduler.nowMs());
        await scheduler.sleep(1_000);
        if (held.ok) held.value();
      });
    }
    await scheduler.run();
    expect(taken).toEqual([5_200, 6_200]);
  });

  it('gives up after 11 s with Terway\'s message', async () => {
    const scheduler = new Scheduler();
    const lock = new CniFileLock({ scheduler });
    let outcome: unknown;
    scheduler.spawn('holder', async () => { await lock.acquire(); });
    scheduler.spawn('waiter', async () => { outcome = [await lock.acquire(), scheduler.nowMs()]; });
    await scheduler.run();
    expect(outcome).toEqual([
      { ok: false, error: 'failed to acquire lock: context deadline exceeded' }, 11_000,
    ]);
  });
});

describe('host-local IPAM', () => {
  it('skips network, gateway and broadcast, continues after the last reservation, wraps, and '
    + 'refuses duplicates', () => {
    const ipam = new HostLocalIpam();
    const subnet = '172.20.1.0/29';
    expect(ipam.allocate(subnet, 'c1', 'eth0')).toEqual({
      ok: true, value: { address: '172.20.1.2/29', gateway: '172.20.1.1' },
    });
    expect(ipam.allocate(subnet, 'c1', 'eth0')).toEqual({
      ok: false, error: '172.20.1.2 has been allocated to c1, duplicate allocation is not allowed',
    });
    const got = ['c2', 'c3', 'c4', 'c5'].map((id) => ipam.allocate(subnet, id, 'eth0'));
    expect(got.map((r) => (r.ok ? r.value.address : r.error))).toEqual([
      '172.20.1.3/29', '172.20.1.4/29', '172.20.1.5/29', '172.20.1.6/29',
    ]);
    expect(ipam.allocate(subnet, 'c6', 'eth0')).toEqual({
      ok: false, error: 'no IP addresses available in range set: 172.20.1.1-172.20.1.6',
    });
    ipam.release('c2', 'eth0');
    expect(ipam.allocate(subnet, 'c6', 'eth0')).toMatchObject({
      ok: true, value: { address: '172.20.1.3/29' },
    });
  });
});

describe('small parsers', () => {
  it('CheckIPVLanAvailable: ≥ 4.19', () => {
    expect(
      ['4.18.0', '4.19.91', '5.10.134-16.al8.x86_64', '3.10.0', 'x'].map((r) => ipvlanAvailable(r))
    ).toEqual([
      { ok: true, value: false }, { ok: true, value: true }, { ok: true, value: true }, {
        ok: true, value: false,
      },
      { ok: false, error: "can't determine linux kernel version" },
    ]);
  });

  it('CNI_ARGS: IgnoreUnknown, an invalid IP', () => {
    expect(
      parseK8sArgs(
        'IgnoreUnknown=1;FOO=bar;K8S_POD_NAME=p;K8S_POD_NAMESPACE=n;K8S_POD_INFRA_CONTAINER_ID=c'
      )
    ).toEqual({ ok: true, value: { podName: 'p', podNamespace: 'n', infraContainerId: 'c' } });
    expect(parseK8sArgs('IP=1.2.3')).toEqual({
      ok: false, error: 'ARGS: error parsing value of pair "IP=1.2.3": invalid IP address: 1.2.3',
    });
    expect(parseK8sArgs('')).toEqual({
      ok: true, value: { podName: '', podNamespace: '', infraContainerId: '' },
    });
  });
});

describe('ENI lookup by MAC, which Terway does among physical links only', () => {
  it('sees only physical links: a dummy with the ENI MAC is invisible', async () => {
    const { deviceNumber } = await import('../../src/cni/eni-lookup.js');
    const { exampleNode, hostNs, must } = await import('../datapath/fixtures.js');
    const kernel = await exampleNode();
    const mac = '00:16:3e:00:00:42';
    must(await kernel.linkAdd(hostNs, { kind: 'dummy', name: 'fake0', mac }));
    expect(await deviceNumber(kernel, hostNs, mac)).toEqual({
      ok: false, error: { notFound: true, message: `can't found dev by mac ${mac}: not found` },
    });
    expect(await deviceNumber(kernel, hostNs, '00:16:3e:00:00:03')).toEqual({ ok: true, value: 3 });
  });
});
