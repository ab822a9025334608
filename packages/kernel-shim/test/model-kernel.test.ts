// Model behaviours checked directly (beyond the scripts): ifindex reuse rules, the pre-6.2 rename
// rule, kernel routes of a veth policy-route pod, determinism of random MACs, and failure values.
import { Rng } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { ModelKernel } from '../src/model/model-kernel.js';
import { isErrno } from '../src/index.js';

async function kernelWithPair(
  options: { renameRequiresDown?: boolean } = {},
): Promise<ModelKernel> {
  const kernel = new ModelKernel({}, options);
  await kernel.netnsAdd('a');
  await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer: { name: 'v1' } });
  return kernel;
}

describe('ModelKernel', () => {
  it('numbers links per namespace from lo = 1 and never reuses a freed ifindex', async () => {
    const kernel = await kernelWithPair();
    await kernel.linkDel('a', 'v0');
    const added = await kernel.linkAdd('a', { kind: 'veth', name: 'x0', peer: { name: 'x1' } });
    expect(added.ok && added.value.index).toBe(5);
    await kernel.netnsAdd('b');
    const other = await kernel.linkAdd('b', { kind: 'ifb', name: 'ifb0' });
    expect(other.ok && other.value.index).toBe(2);
  });

  it('refuses to rename a link that is up on pre-6.2 kernels (the default) with EBUSY', async () => {
    const kernel = await kernelWithPair();
    await kernel.linkSetUp('a', 'v0');
    expect(isErrno(await kernel.linkSetName('a', 'v0', 'eth0'), 'EBUSY')).toBe(true);
    await kernel.linkSetDown('a', 'v0');
    expect((await kernel.linkSetName('a', 'v0', 'eth0')).ok).toBe(true);
    const modern = await kernelWithPair({ renameRequiresDown: false });
    await modern.linkSetUp('a', 'v0');
    expect((await modern.linkSetName('a', 'v0', 'eth0')).ok).toBe(true);
  });

  it('adds the kernel routes of an address: local always, prefix and broadcast when up', async () => {
    const kernel = await kernelWithPair();
    await kernel.addrAdd('a', { linkIndex: 3, cidr: '10.0.1.20/24' });
    const down = await kernel.routeList('a', { table: 'all', family: 4 });
    expect(
      down.ok && down.value.map((route) => `${route.table} ${route.type} ${route.dst}`),
    ).toEqual(['255 local 10.0.1.20/32']);
    await kernel.linkSetUp('a', 'v0');
    const up = await kernel.routeList('a', { table: 'all', family: 4 });
    expect(
      up.ok &&
        up.value.map((route) => `${route.table} ${route.type} ${route.dst} ${route.linkdown}`),
    ).toEqual([
      '254 unicast 10.0.1.0/24 true',
      '255 local 10.0.1.20/32 false',
      '255 broadcast 10.0.1.255/32 true',
    ]);
  });

  it('draws random MACs from the kernel.mac stream, so one seed gives the same MACs', async () => {
    const macs = async (seed: number): Promise<string[]> => {
      const kernel = new ModelKernel({ rng: new Rng(seed) });
      await kernel.netnsAdd('a');
      await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer: { name: 'v1' } });
      const links = await kernel.linkList('a');
      return links.ok ? links.value.map((link) => link.mac) : [];
    };
    expect(await macs(7)).toEqual(await macs(7));
    expect(await macs(7)).not.toEqual(await macs(8));
  });

  it('answers calls on a missing namespace with ENOENT and on a missing link with ENODEV', async () => {
    const kernel = await kernelWithPair();
    expect(isErrno(await kernel.linkList('nope'), 'ENOENT')).toBe(true);
    expect(isErrno(await kernel.linkSetUp('a', 42), 'ENODEV')).toBe(true);
    expect(isErrno(await kernel.netnsAdd('a'), 'EEXIST')).toBe(true);
    expect(isErrno(await kernel.netnsAdd('bad/name'), 'EINVAL')).toBe(true);
  });

  it('looks ENIs up as devices: an attached ENI is kind device with its MAC, unique machine-wide', async () => {
    const kernel = await kernelWithPair();
    const eni = await kernel.deviceAttach('a', {
      name: 'eth1',
      mac: '00:16:3E:00:00:03',
      segment: 'vsw-1',
    });
    expect(eni.ok && [eni.value.kind, eni.value.mac, eni.value.up]).toEqual([
      'device',
      '00:16:3e:00:00:03',
      false,
    ]);
    await kernel.netnsAdd('b');
    expect(
      isErrno(
        await kernel.deviceAttach('b', {
          name: 'eth1',
          mac: '00:16:3e:00:00:03',
          segment: 'vsw-1',
        }),
        'EEXIST',
      ),
    ).toBe(true);
    expect(isErrno(await kernel.linkDel('a', 'eth1'), 'EOPNOTSUPP')).toBe(true);
  });
});
