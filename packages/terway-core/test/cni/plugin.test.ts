import { describe, expect, it } from 'vitest';
import { nginxVeth, shown, snapshot } from '../datapath/fixtures.js';
import {
  cniConfig, containerId, eniMac, eniipNetConf, hostNs, must, node, podNs, type Node,
} from './harness.js';

/** Both namespaces as `ip addr`, `ip route`, … show them. */
async function render(n: Node): Promise<{ pod: string[]; host: string[] }> {
  const pod = shown(await snapshot(n.kernel, podNs));
  return { pod, host: shown(await snapshot(n.kernel, hostNs)) };
}

function eniip(n: Node, netConfs = [eniipNetConf()]): void {
  n.backend.pods.set(
    'default/nginx', { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs },
  );
}

describe('CNI ADD / CHECK / DEL on PolicyRoute (ENIIP)', () => {
  it('ADD returns the CNI result with the vSwitch '
    + 'prefix and programs the example state', async () => {
    const n = await node();
    eniip(n);
    const added = await n.drive(() => n.cni.add(n.invocation()));
    expect(added).toEqual({
      ok: true,
      value: {
        cniVersion: '0.4.0', interfaces: [{ name: 'eth0', sandbox: containerId }],
        ips: [{ version: '4', address: '10.0.1.20/24', gateway: '10.0.1.253', interface: 0 }],
        dns: {},
      },
    });
    const state = await render(n);
    expect(state.pod).toContain('default via 169.254.1.1 dev eth0 onlink ');
    expect(state.host).toEqual(
      expect.arrayContaining([
        '512:\tfrom all to 10.0.1.20 lookup main',
        '2048:\tfrom 10.0.1.20 lookup 1003', '    inet 10.0.0.10/32 scope global eth1',
      ])
    );
    const sysctls = (await snapshot(n.kernel, hostNs)).sysctls;
    // The host veth is made after conf/default/forwarding=1, so it inherits forwarding on.
    expect([
      sysctls['net/ipv4/conf/all/forwarding'], sysctls['net/ipv4/conf/eth1/rp_filter'],
      sysctls[`net/ipv4/conf/${nginxVeth}/forwarding`],
    ]).toEqual(['1', '0', '1']);
    expect(n.backend.events).toEqual(['Normal AllocIPSucceed: Alloc IP 10.0.1.20/24 took 0s']);
    expect(n.cniEvents.map((e) => e.fields)).toEqual([
      expect.objectContaining({
        command: 'ADD', ok: true, pod: 'default/nginx', ips: ['10.0.1.20/24'], kernelChanges: 13,
      })
    ]);
  });

  it('CHECK fixes a downed pod link and its MTU, with '
    + 'ConfigCheck events, and re-adds nothing else', async () => {
    const n = await node();
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    must(await n.kernel.routeDel(podNs, { dst: '0.0.0.0/0' }));
    must(await n.kernel.linkSetDown(podNs, 'eth0'));
    must(await n.kernel.linkSetMtu(podNs, 'eth0', 9000));
    expect(await n.drive(() => n.cni.check(n.invocation()))).toEqual(
      { ok: true, value: undefined }
    );
    expect(n.backend.events.slice(1)).toEqual([
      'Warning ConfigCheck: link eth0 set up', 'Warning ConfigCheck: link eth0 set mtu to 1500',
    ]);
    expect((await render(n)).pod.some((l) => l.startsWith('default '))).toBe(false);
  });

  it('DEL removes the pod state and releases the IP; the ENI address and table route stay; DEL '
    + 'twice succeeds', async () => {
    const n = await node();
    eniip(n);
    const before = shown(await snapshot(n.kernel, hostNs));
    await n.drive(() => n.cni.add(n.invocation()));
    expect(await n.drive(() => n.cni.del(n.invocation()))).toEqual({
      ok: true, value: { cniVersion: '0.4.0', dns: {} },
    });
    const after = await render(n);
    expect(after.pod).toEqual([]);
    expect(after.host.filter((l) => !before.includes(l))).toEqual([
      '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default '
        + 'qlen 1000',
      '    inet 10.0.0.10/32 scope global eth1',
      'default via 10.0.1.253 dev eth1 table 1003 onlink ',
    ]);
    const release = n.backend.calls.filter((c) => c.method === 'releaseIp');
    expect(release.map((c) => (c.request as { reason: string }).reason)).toEqual(
      ['normal release']
    );
    expect(await n.drive(() => n.cni.del(n.invocation()))).toEqual({
      ok: true, value: { cniVersion: '0.4.0', dns: {} },
    });
  });

  it('rolls back with ReleaseIP when setup fails after '
    + 'AllocIP (ENI never appears: 10 lookups, 9 s)', async () => {
    const n = await node();
    eniip(
      n,
      [
        eniipNetConf({
          eniInfo: { mac: '00:16:3e:00:00:99', trunk: false, vid: 0, gatewayIp: {}, erdma: false }
        })
      ],
    );
    const added = await n.drive(() => n.cni.add(n.invocation()));
    const cause = "error parse config, can't found dev by mac 00:16:3e:00:00:99: not found";
    expect(added).toEqual({
      ok: false, error: { kind: 'tryAgainLater', cniVersion: '0.4.0', code: 11,
        msg: 'failed to do add', details: cause, message: `failed to do add; ${cause}` },
    });
    expect(n.backend.calls.map((c) => `${c.t} ${c.method}`)).toEqual([
      '0 allocIp', '9000 releaseIp', '9000 recordEvent',
    ]);
    expect(n.backend.calls[1]?.request).toMatchObject({
      reason: `roll back ip for error: ${cause}`
    });
    expect(n.backend.events).toEqual([`Warning AllocIPFailed: ${cause}`]);
  });

  it('waits for an ENI the guest shows late (retry every second)', async () => {
    const n = await node();
    must(await n.kernel.deviceDetach(eniMac));
    eniip(n);
    n.scheduler.after(
      3_500,
      () => {
        void n.kernel.deviceAttach(hostNs, { name: 'eth1', mac: eniMac, segment: 'vsw-pod' });
      },
    );
    const added = await n.drive(() => n.cni.add(n.invocation()));
    expect(added.ok).toBe(true);
    expect(n.backend.events).toEqual(['Normal AllocIPSucceed: Alloc IP 10.0.1.20/24 took 4s']);
  });

  it('a second ADD for the same sandbox fails once (veth.Setup deletes the existing peer) and '
    + 'rolls back', async () => {
    const n = await node();
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    const again = await n.drive(() => n.cni.add(n.invocation()));
    expect(again).toMatchObject({ ok: false, error: { code: 11, details: 'Link not found' } });
    expect((await n.drive(() => n.cni.add(n.invocation()))).ok).toBe(true);
  });

  it('AllocIP failures: RPC error and Success=false, each with an AllocIPFailed event and no '
    + 'release', async () => {
    const n = await node();
    eniip(n);
    n.backend.failNext(
      'allocIp', { code: 'DeadlineExceeded', message: 'context deadline exceeded' },
    );
    expect(await n.drive(() => n.cni.add(n.invocation()))).toMatchObject({
      ok: false,
      error: {
        code: 11,
        details: 'cmdAdd: error alloc ip rpc error: code = DeadlineExceeded desc = context '
          + 'deadline exceeded',
      },
    });
    n.backend.failNext('allocIp', 'notSuccess');
    expect(await n.drive(() => n.cni.add(n.invocation()))).toMatchObject({
      ok: false, error: { details: 'cmdAdd: alloc ip return not success' },
    });
    expect(n.backend.calls.filter((c) => c.method === 'releaseIp')).toEqual([]);
    expect(n.backend.events).toEqual([
      'Warning AllocIPFailed: cmdAdd: error alloc ip rpc error: code = DeadlineExceeded desc = '
        + 'context deadline exceeded',
      'Warning AllocIPFailed: cmdAdd: alloc ip return not success',
    ]);
  });

  it('an invalid host_stack_cidrs entry fails ADD '
    + '(code 11) after AllocIP and rolls back', async () => {
    const n = await node({ config: cniConfig() });
    eniip(n);
    const config = JSON.stringify({
      cniVersion: '1.0.0', name: 'terway', type: 'terway', host_stack_cidrs: ['10.0.0.0'],
    });
    const added = await n.drive(() => n.cni.add(n.invocation({ config })));
    expect(added).toEqual({
      ok: false,
      error: {
        kind: 'tryAgainLater', cniVersion: '1.0.0', code: 11, msg: 'failed to do add',
        details: 'error parse config, host_stack_cidrs(10.0.0.0) is invaild: invalid CIDR '
          + 'address: 10.0.0.0',
        message: 'failed to do add; error parse config, host_stack_cidrs(10.0.0.0) is invaild: '
          + 'invalid CIDR address: 10.0.0.0',
      },
    });
    expect(n.backend.calls.map((c) => c.method)).toEqual(['allocIp', 'releaseIp', 'recordEvent']);
  });

  it('multi-network returns only the CNI interface IP; no eth0 NetConf means "eth0 config is '
    + 'missing"', async () => {
    const n = await node();
    must(
      await n.kernel.deviceAttach(
        hostNs, { name: 'eth2', mac: '00:16:3e:00:00:04', segment: 'vsw-b' },
      )
    );
    const eth1 = eniipNetConf({
      ifName: 'eth1', defaultRoute: false,
      basicInfo: {
        podIp: { ipv4: '10.0.2.30' }, podCidr: { ipv4: '10.0.2.0/24' },
        gatewayIp: { ipv4: '10.0.2.253' }, serviceCidr: {},
      },
      eniInfo: { mac: '00:16:3e:00:00:04', trunk: false, vid: 0, gatewayIp: {}, erdma: false },
    });
    eniip(n, [eniipNetConf(), eth1]);
    const added = await n.drive(() => n.cni.add(n.invocation()));
    expect(added).toMatchObject({ ok: true, value: { ips: [{ address: '10.0.1.20/24' }] } });
    expect((await snapshot(n.kernel, podNs)).links.map((l) => l.name).sort()).toEqual([
      'eth0', 'eth1', 'lo',
    ]);
    const m = await node();
    must(
      await m.kernel.deviceAttach(
        hostNs, { name: 'eth2', mac: '00:16:3e:00:00:04', segment: 'vsw-b' },
      )
    );
    eniip(m, [eth1]);
    expect(await m.drive(() => m.cni.add(m.invocation()))).toMatchObject({
      ok: false, error: { details: 'eth0 config is missing' },
    });
  });
});
