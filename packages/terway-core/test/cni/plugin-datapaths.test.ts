import { describe, expect, it } from 'vitest';
import type { Kernel } from '@terway-sim/kernel-shim';
import { shown, snapshot } from '../datapath/fixtures.js';
import {
  cniConfig, containerId, eniMac, eniipNetConf, hostNs, must, node, podNs, type Node,
} from './harness.js';

/** The pod namespace as `ip -d link`, `ip addr`, … show it. */
async function podLines(n: Node): Promise<string[]> {
  return shown(await snapshot(n.kernel, podNs), { details: true });
}

describe('CNI ADD / CHECK / DEL for each datapath', () => {
  it('IPVlan when configured on a ≥ 4.19 kernel', async () => {
    const n = await node({ config: cniConfig({ eniip_virtual_type: 'IPVlan' }) });
    n.backend.pods.set(
      'default/nginx',
      { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
    );
    expect((await n.drive(() => n.cni.add(n.invocation()))).ok).toBe(true);
    expect(await podLines(n)).toContain(
      '    ipvlan  mode l2 bridge addrgenmode eui64 numtxqueues 1 numrxqueues 1 '
    );
    expect((await n.drive(() => n.cni.check(n.invocation()))).ok).toBe(true);
    expect((await n.drive(() => n.cni.del(n.invocation()))).ok).toBe(true);
    const host = await snapshot(n.kernel, hostNs);
    expect(host.routes.filter((r) => r.dst === '10.0.1.20/32')).toEqual([]);
    expect(host.links.some((l) => l.name === 'ipvl_3')).toBe(true);
  });

  it('falls back to veth with a VirtualModeChanged warning on an old kernel', async () => {
    const n = await node({
      config: cniConfig({ eniip_virtual_type: 'ipvlan' }), kernelRelease: '4.14.0-115.el7.x86_64',
    });
    n.backend.pods.set(
      'default/nginx',
      { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
    );
    expect((await n.drive(() => n.cni.add(n.invocation()))).ok).toBe(true);
    expect(await podLines(n)).toContain('    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 ');
    expect(n.backend.events).toEqual([
      'Warning VirtualModeChanged: IPVLan seems unavailable, use Veth instead',
      'Normal AllocIPSucceed: Alloc IP 10.0.1.20/24 took 0s',
    ]);
  });

  it('an unparsable kernel release fails ADD with Terway\'s message', async () => {
    const n = await node({
      config: cniConfig({ eniip_virtual_type: 'ipvlan' }), kernelRelease: 'unknown',
    });
    n.backend.pods.set(
      'default/nginx',
      { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
    );
    expect(await n.drive(() => n.cni.add(n.invocation()))).toMatchObject({
      ok: false, error: { details: "can't determine linux kernel version" },
    });
  });

  it('ExclusiveENI: the ENI moves in, DEL returns it to the host under a random name', async () => {
    const n = await node();
    n.backend.pods.set(
      'default/nginx',
      { ipType: 'TypeVPCENI', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
    );
    expect((await n.drive(() => n.cni.add(n.invocation()))).ok).toBe(true);
    // A device: no kind line, its attributes on the link/ether line.
    expect(await podLines(n)).toContain(
      '    link/ether 00:16:3e:00:00:03 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 '
        + 'maxmtu 65535 addrgenmode eui64 numtxqueues 2 numrxqueues 2 '
    );
    // Terway's CHECK looks the ENI up by MAC in the host namespace, where an exclusive ENI no
    // longer is: CHECK of an exclusive-ENI pod always fails (containerd never calls CHECK).
    expect(await n.drive(() => n.cni.check(n.invocation()))).toMatchObject({
      ok: false, error: {
        code: 999, msg: `error parse config, can't found dev by mac ${eniMac}: not found`,
      },
    });
    expect((await n.drive(() => n.cni.del(n.invocation()))).ok).toBe(true);
    const eni = (await snapshot(n.kernel, hostNs)).links.find((l) => l.mac === eniMac);
    expect(eni?.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(eni?.up).toBe(false);
  });

  it('Vlan: trunk member with vlan_strip_type vlan', async () => {
    const n = await node({ config: cniConfig({ vlan_strip_type: 'vlan' }) });
    const member = eniipNetConf({
      basicInfo: {
        podIp: { ipv4: '10.0.5.7' }, podCidr: { ipv4: '10.0.5.0/24' },
        gatewayIp: { ipv4: '10.0.5.253' }, serviceCidr: {},
      },
      eniInfo: {
        mac: eniMac, trunk: true, vid: 3, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false,
      },
    });
    n.backend.pods.set(
      'default/nginx', { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [member] },
    );
    expect(await n.drive(() => n.cni.add(n.invocation()))).toMatchObject({
      ok: true, value: { ips: [{ address: '10.0.5.7/24', gateway: '10.0.5.253' }] },
    });
    expect(await podLines(n)).toContain(
      '    vlan protocol 802.1Q id 3 <REORDER_HDR> addrgenmode eui64 numtxqueues 1 numrxqueues 1 '
    );
    expect((await n.drive(() => n.cni.check(n.invocation()))).ok).toBe(true);
    expect((await n.drive(() => n.cni.del(n.invocation()))).ok).toBe(true);
    expect(await podLines(n)).toEqual([]);
  });

  it('trunk member with the default strip type: PolicyRoute + tc VLAN filters; DEL (trunk=false) '
    + 'removes the push filter', async () => {
    const n = await node();
    const member = eniipNetConf({
      basicInfo: {
        podIp: { ipv4: '10.0.5.7' }, podCidr: { ipv4: '10.0.5.0/24' },
        gatewayIp: { ipv4: '10.0.5.253' }, serviceCidr: {},
      },
      eniInfo: {
        mac: eniMac, trunk: true, vid: 3, gatewayIp: { ipv4: '10.0.1.253' }, erdma: false,
      },
    });
    n.backend.pods.set(
      'default/nginx', { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [member] },
    );
    expect((await n.drive(() => n.cni.add(n.invocation()))).ok).toBe(true);
    expect((await snapshot(n.kernel, hostNs)).filters.map((f) => f.priority).sort()).toEqual([
      20000, 50001,
    ]);
    expect((await n.drive(() => n.cni.del(n.invocation()))).ok).toBe(true);
    expect((await snapshot(n.kernel, hostNs)).filters.map((f) => f.priority)).toEqual([20000]);
  });

  it('VPC route mode: host-local lease from the node podCIDR, VPCRoute datapath, lease freed on '
    + 'DEL; CHECK is unsupported', async () => {
    const n = await node();
    const vpc = {
      basicInfo: {
        podIp: {}, podCidr: { ipv4: '172.20.1.0/24' }, gatewayIp: {},
        serviceCidr: { ipv4: '192.168.0.0/16' },
      },
      ifName: '', extraRoutes: [], defaultRoute: true,
    };
    n.backend.pods.set(
      'default/nginx', { ipType: 'TypeVPCIP', ipv4: true, ipv6: false, netConfs: [vpc] },
    );
    expect(await n.drive(() => n.cni.add(n.invocation()))).toMatchObject({
      ok: true, value: { ips: [{ address: '172.20.1.2/24', gateway: '172.20.1.1' }] },
    });
    expect(n.hostLocal.list()).toEqual([{ ip: '172.20.1.2', containerId, ifName: 'eth0' }]);
    expect(await podLines(n)).toContain('    inet 172.20.1.2/32 scope global eth0');
    expect(await n.drive(() => n.cni.check(n.invocation()))).toMatchObject({
      ok: false, error: { code: 999, msg: 'not support this network type' },
    });
    expect((await n.drive(() => n.cni.del(n.invocation()))).ok).toBe(true);
    expect(n.hostLocal.list()).toEqual([]);
  });
});

describe('DEL and CHECK edge cases', () => {
  const eniip = (n: Node) => n.backend.pods.set(
    'default/nginx',
    { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
  );

  it('DEL with an empty netns succeeds without contacting the daemon; with a vanished path it is '
    + 'a code 999 error', async () => {
    const n = await node();
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    expect(await n.drive(() => n.cni.del(n.invocation({ netns: '' })))).toEqual({
      ok: true, value: undefined,
    });
    must(await n.kernel.netnsDel(podNs));
    expect(await n.drive(() => n.cni.del(n.invocation()))).toEqual({
      ok: false, error: {
        kind: 'internal', cniVersion: '0.4.0', code: 999,
        msg: `failed to Statfs "/var/run/netns/${podNs}": no such file or directory`,
        message: `failed to Statfs "/var/run/netns/${podNs}": no such file or directory`,
      },
    });
    expect(
      n.backend.calls.filter((c) => c.method !== 'recordEvent' && c.method !== 'allocIp')
    ).toEqual([]);
  });

  it('a GenericTearDown failure makes DEL succeed without ReleaseIP, as in Terway', async () => {
    const n0 = await node();
    const failing = (k: Kernel): Kernel => new Proxy(k, {
      get(target, prop, receiver) {
        if (prop === 'linkDel') return (ns: string, ref: string | number) => (
          ns === podNs ? Promise.resolve({
            ok: false, error: { errno: 'EBUSY', op: 'linkDel', message: 'busy' },
          }) : target.linkDel(ns, ref)
        );
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    void n0;
    const n = await node({ kernel: failing });
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    expect(await n.drive(() => n.cni.del(n.invocation()))).toEqual({
      ok: true, value: { cniVersion: '0.4.0', dns: {} },
    });
    expect(n.backend.calls.map((c) => c.method)).toEqual(['allocIp', 'recordEvent']);
    expect(n.cniEvents.at(-1)?.fields).toMatchObject({
      command: 'DEL', ok: true,
      note: 'error teardown: error ip link del eth0, device or resource busy',
    });
  });

  it('DEL fails with code 11 when ReleaseIP fails', async () => {
    const n = await node();
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    n.backend.failNext('releaseIp', { code: 'Unavailable', message: 'daemon restarting' });
    expect(await n.drive(() => n.cni.del(n.invocation()))).toMatchObject({
      ok: false, error: {
        code: 11, msg: 'failed to do del',
        details: 'error release ip for pod, maybe cause resource leak: rpc error: code = '
          + 'Unavailable desc = daemon restarting, <nil>',
      },
    });
  });

  it('CHECK succeeds when the daemon is unreachable or the netns is gone', async () => {
    const n = await node();
    eniip(n);
    await n.drive(() => n.cni.add(n.invocation()));
    must(await n.kernel.linkSetDown(podNs, 'eth0'));
    n.backend.unavailable = true;
    expect(await n.drive(() => n.cni.check(n.invocation()))).toEqual(
      { ok: true, value: undefined }
    );
    expect(must(await n.kernel.linkGet(podNs, 'eth0')).up).toBe(false);
    n.backend.unavailable = false;
    must(await n.kernel.netnsDel(podNs));
    expect(await n.drive(() => n.cni.check(n.invocation()))).toEqual(
      { ok: true, value: undefined }
    );
  });
});

describe('decoding and the CNI lock', () => {
  it('rejects bad stdin, bad CNI_ARGS, unsupported versions and missing variables with the CNI '
    + 'codes', async () => {
    const n = await node();
    expect(
      await n.drive(() => n.cni.add(n.invocation({ config: '{"cniVersion": ' })))
    ).toMatchObject({ ok: false, error: { code: 6 } });
    expect(
      await n.drive(() => n.cni.add(n.invocation({ config: '{"cniVersion":"0.4.0","mtu":"big"}' })))
    ).toMatchObject({ ok: false, error: { code: 6, msg: 'failed to parse network config' } });
    expect(await n.drive(() => n.cni.add(n.invocation({ args: 'K8S_POD_NAME' })))).toEqual({
      ok: false,
      error: {
        kind: 'decodingFailure', cniVersion: '0.4.0', code: 6, msg: 'failed to parse args',
        details: 'ARGS: invalid pair "K8S_POD_NAME"',
        message: 'failed to parse args; ARGS: invalid pair "K8S_POD_NAME"',
      },
    });
    expect(await n.drive(() => n.cni.add(n.invocation({ args: 'FOO=1' })))).toMatchObject({
      ok: false, error: { code: 6, details: 'ARGS: unknown args ["FOO=1"]' },
    });
    expect(
      await n.drive(() => n.cni.add(n.invocation({ config: '{"cniVersion":"0.2.0"}' })))
    ).toMatchObject({ ok: false, error: { code: 1, msg: 'incompatible CNI versions' } });
    expect(
      await n.drive(() => n.cni.check(n.invocation({ config: '{"cniVersion":"0.3.1"}' })))
    ).toMatchObject({ ok: false, error: { code: 1, msg: 'config version does not allow CHECK' } });
    expect(await n.drive(() => n.cni.add(n.invocation({ netns: '' })))).toMatchObject({
      ok: false, error: { code: 4, msg: 'required env variables [CNI_NETNS] missing' },
    });
    expect(n.backend.calls).toEqual([]);
  });

  it('an ADD that cannot take the CNI lock for 11 s gives up and rolls back', async () => {
    const n = await node();
    const release = await n.drive(() => n.lock.acquire());
    expect(release.ok).toBe(true);
    n.backend.pods.set(
      'default/nginx',
      { ipType: 'TypeENIMultiIP', ipv4: true, ipv6: false, netConfs: [eniipNetConf()] },
    );
    const added = await n.drive(() => n.cni.add(n.invocation()));
    expect(added).toMatchObject({
      ok: false, error: { details: 'failed to acquire lock: context deadline exceeded' },
    });
    expect(n.backend.calls.map((c) => `${c.t} ${c.method}`)).toEqual([
      '0 allocIp', '11000 releaseIp', '11000 recordEvent',
    ]);
  });
});
