// The iproute2 renderer against text the real tools printed (iproute2 6.1 on Linux 6.18) for the
// same requests, so the renderer is checked without root too. With root, the conformance suite
// and `kernel verify` compare every view after every case against the live tools.
import { describe, expect, it } from 'vitest';
import { ModelKernel } from '../src/model/model-kernel.js';
import { renderView, type Iproute2View } from '../src/render/views.js';
import { tbfReportedBurstMicros, tcRate, tcSize, tcTime } from '../src/render/words.js';
import type { KernelResult } from '../src/netlink/errors.js';

function must<T>(result: KernelResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function view(kernel: ModelKernel, ns: string, shown: Iproute2View): Promise<string> {
  return renderView(must(await kernel.snapshot(ns)), shown);
}

/** `ip netns add a; ip -n a link add v0 type veth peer name v1`, both up, IPv6 link-locals off. */
async function pair(): Promise<ModelKernel> {
  const kernel = new ModelKernel();
  must(await kernel.netnsAdd('a'));
  must(await kernel.sysctlSet('a', 'net/ipv6/conf/default/addr_gen_mode', '1'));
  must(await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer: { name: 'v1' } }));
  for (const link of ['lo', 'v0', 'v1']) must(await kernel.linkSetUp('a', link));
  return kernel;
}

describe('ip route show table all', () => {
  it('prints each type, attribute and table as iproute2 does, in the dump order', async () => {
    const kernel = await pair();
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '10.0.1.20/24' }));
    const routes = [
      { dst: '10.9.0.0/16', gateway: '10.0.2.1', oif: 2, onlink: true },
      { dst: '10.8.0.0/16', gateway: '10.0.1.1', metric: 5 },
      { dst: 'default', gateway: '10.0.1.253', oif: 2, onlink: true, table: 1003 },
      { dst: '10.1.0.0/16', oif: 2, prefsrc: '10.0.1.20', protocol: 'static', scope: 'link' },
      { dst: '10.0.9.0/24', oif: 2, scope: 'host' },
      { dst: '10.0.8.0/24', type: 'blackhole' },
      { dst: '10.0.7.0/24', type: 'unreachable', table: 1003 },
      { dst: '10.0.5.0/24', type: 'throw' },
      { dst: '10.0.6.0/24', type: 'prohibit' },
      { dst: '10.3.0.0/16', oif: 2, scope: 'link', protocol: 99 },
      { dst: '10.4.0.0/16', oif: 2, scope: 'link', tos: 0x10 },
    ] as const;
    for (const route of routes) must(await kernel.routeAdd('a', route));
    const all4 = { tool: 'ip', object: 'route', table: 'all', family: 4 } as const;
    expect(await view(kernel, 'a', all4)).toBe([
      'default via 10.0.1.253 dev v1 table 1003 onlink ',
      'unreachable 10.0.7.0/24 table 1003 ',
      '10.0.1.0/24 dev v1 proto kernel scope link src 10.0.1.20 ',
      'throw 10.0.5.0/24 ',
      'prohibit 10.0.6.0/24 ',
      'blackhole 10.0.8.0/24 ',
      '10.0.9.0/24 dev v1 scope host ',
      '10.1.0.0/16 dev v1 proto static scope link src 10.0.1.20 ',
      '10.3.0.0/16 dev v1 proto openr scope link ',
      '10.4.0.0/16 tos 0x10 dev v1 scope link ',
      '10.8.0.0/16 via 10.0.1.1 dev v1 metric 5 ',
      '10.9.0.0/16 via 10.0.2.1 dev v1 onlink ',
      'local 10.0.1.20 dev v1 table local proto kernel scope host src 10.0.1.20 ',
      'broadcast 10.0.1.255 dev v1 table local proto kernel scope link src 10.0.1.20 ',
      'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
      '',
    ].join('\n'));
  });

  it('lists IPv6 routes as the radix tree is walked: covered prefixes first', async () => {
    const kernel = await pair();
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '2001:db8::5/64', nodad: true }));
    const viaLinkLocal = { gateway: 'fe80::1', oif: 2, onlink: true, metric: 100 } as const;
    must(await kernel.routeAdd('a', { dst: 'default', ...viaLinkLocal }));
    must(await kernel.routeAdd('a', { dst: '2001:db9::/64', gateway: 'fe80::1', oif: 2 }));
    expect(await view(kernel, 'a', { tool: 'ip', object: 'route', family: 6 })).toBe([
      '2001:db8::/64 dev v1 proto kernel metric 256 pref medium',
      '2001:db9::/64 via fe80::1 dev v1 metric 1024 pref medium',
      'default via fe80::1 dev v1 metric 100 onlink pref medium',
      '',
    ].join('\n'));
  });
});

describe('ip rule show, ip neigh show', () => {
  it('prints selectors, actions and unresolved gotos as iproute2 does', async () => {
    const kernel = await pair();
    const rules = [
      { priority: 512, dst: '10.0.1.20/32', table: 254 },
      { priority: 2048, src: '10.0.1.20/32', table: 1003 },
      { src: '10.0.0.1/32', table: 100 },
      { priority: 100, iif: 'lo', oif: 'v0', fwmark: 0x10, fwmask: 0xff, table: 100 },
      { priority: 102, action: 'goto', gotoPriority: 200 },
      { priority: 103, table: 254, suppressPrefixLength: 0 },
      { priority: 101, invert: true, src: '10.1.0.0/16', action: 'blackhole' },
      { priority: 99, src: '10.2.0.0/16', action: 'unreachable' },
      { priority: 98, fwmark: 0x20, table: 5 },
      { priority: 97, tos: 0x10, action: 'prohibit' }, { priority: 96, action: 'nop' },
    ] as const;
    for (const rule of rules) must(await kernel.ruleAdd('a', rule));
    expect(await view(kernel, 'a', { tool: 'ip', object: 'rule' })).toBe([
      '0:\tfrom all lookup local', '96:\tfrom all nop', '97:\tfrom all tos 0x10 prohibit',
      '98:\tfrom all fwmark 0x20 lookup 5', '99:\tfrom 10.2.0.0/16 unreachable',
      '100:\tfrom all fwmark 0x10/0xff iif lo oif v0 lookup 100',
      '101:\tnot from 10.1.0.0/16 blackhole',
      '102:\tfrom all goto 200 [unresolved]', '103:\tfrom all lookup main suppress_prefixlength 0',
      '511:\tfrom 10.0.0.1 lookup 100', '512:\tfrom all to 10.0.1.20 lookup main',
      '2048:\tfrom 10.0.1.20 lookup 1003',
      '32766:\tfrom all lookup main', '32767:\tfrom all lookup default', '',
    ].join('\n'));
    must(await kernel.neighAdd('a', { linkIndex: 2, ip: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ee' }));
    must(await kernel.neighAdd('a', { linkIndex: 2, ip: 'fe80::1', mac: 'ee:ee:ee:ee:ee:ee' }));
    const mac = '02:00:00:00:00:05';
    must(await kernel.neighAdd('a', { linkIndex: 3, ip: '10.0.1.5', mac, state: 'noarp' }));
    expect(await view(kernel, 'a', { tool: 'ip', object: 'neigh' })).toBe([
      '169.254.1.1 dev v1 lladdr ee:ee:ee:ee:ee:ee PERMANENT ',
      'fe80::1 dev v1 lladdr ee:ee:ee:ee:ee:ee PERMANENT ',
      '',
    ].join('\n'));
  });
});

describe('ip link show, ip addr show', () => {
  it('shows a veth without carrier as NO-CARRIER, LOWERLAYERDOWN, its peer M-DOWN', async () => {
    const kernel = new ModelKernel();
    must(await kernel.netnsAdd('a'));
    const peer = { name: 'v1', mac: '76:91:3f:a7:60:df' };
    must(await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer, mac: '2a:26:35:49:c6:8e' }));
    must(await kernel.linkSetUp('a', 'v0'));
    expect(await view(kernel, 'a', { tool: 'ip', object: 'link' })).toBe([
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: v1@v0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default'
        + ' qlen 1000',
      '    link/ether 76:91:3f:a7:60:df brd ff:ff:ff:ff:ff:ff',
      '3: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue'
        + ' state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
      '    link/ether 2a:26:35:49:c6:8e brd ff:ff:ff:ff:ff:ff',
      '',
    ].join('\n'));
  });

  it('lists IPv4 primaries first, then IPv6 widest scope first, newest first', async () => {
    const kernel = await pair();
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '10.0.1.20/24' }));
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '2001:db8::5/64', nodad: true }));
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '2001:db8::6/64', nodad: true }));
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: '10.0.1.21/24' }));
    must(await kernel.addrAdd('a', { linkIndex: 2, cidr: 'fe80::7/64' }));
    const text = await view(kernel, 'a', { tool: 'ip', object: 'addr' });
    expect(text.split('\n').filter((line) => line.startsWith('    inet'))).toEqual([
      '    inet 127.0.0.1/8 scope host lo', '    inet6 ::1/128 scope host ',
      '    inet 10.0.1.20/24 scope global v1', '    inet 10.0.1.21/24 scope global secondary v1',
      '    inet6 2001:db8::6/64 scope global nodad ',
      '    inet6 2001:db8::5/64 scope global nodad ',
      '    inet6 fe80::7/64 scope link ',
    ]);
  });
});

describe('tc', () => {
  it('prints rates, sizes and times as tc does, with the kernel\'s rounding of a burst', () => {
    const tbf = (rate: number, burst: number, limit: number): string => {
      const micros = tbfReportedBurstMicros(rate, burst);
      const latency = tcTime((1e6 * limit) / rate - micros);
      return `rate ${tcRate(rate)} burst ${tcSize((rate * micros) / 1e6)} lat ${latency}`;
    };
    const table = [
      { rate: 1_250_000, burst: 3000, limit: 34_250, printed: 'rate 10Mbit burst 3000b lat 25ms' },
      {
        rate: 12_500_000, burst: 12_500, limit: 325_000,
        printed: 'rate 100Mbit burst 12500b lat 25ms',
      },
      { rate: 375_000, burst: 3000, limit: 12_375, printed: 'rate 3Mbit burst 2999b lat 25ms' },
      {
        rate: 1_234_567, burst: 3000, limit: 33_864,
        printed: 'rate 9876Kbit burst 2998b lat 25ms',
      },
      { rate: 99_999, burst: 3000, limit: 5_499, printed: 'rate 799992bit burst 2999b lat 25ms' },
      { rate: 125_000, burst: 3000, limit: 6_000, printed: 'rate 1Mbit burst 3000b lat 24ms' },
      { rate: 250_000, burst: 3000, limit: 6_000, printed: 'rate 2Mbit burst 3000b lat 12ms' },
    ];
    for (const row of table) expect(tbf(row.rate, row.burst, row.limit)).toBe(row.printed);
  });

  it('lists a link\'s qdiscs root first, then by handle hash bucket, newest first', async () => {
    const kernel = new ModelKernel();
    must(await kernel.netnsAdd('a'));
    must(await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer: { name: 'v1' } }));
    must(await kernel.qdiscAdd('a', { linkIndex: 3, handle: '1:', options: { kind: 'mq' } }));
    const options = {
      kind: 'tbf', rateBytesPerSecond: 125_000, burstBytes: 3000, limitBytes: 6125,
    } as const;
    must(await kernel.qdiscReplace('a', { linkIndex: 3, parent: '1:2', handle: '801c:', options }));
    must(await kernel.qdiscReplace('a', { linkIndex: 3, parent: '1:1', handle: '801d:', options }));
    expect(await view(kernel, 'a', { tool: 'tc', object: 'qdisc', dev: 'v0' })).toBe([
      'qdisc mq 1: root ',
      'qdisc tbf 801c: parent 1:2 rate 1Mbit burst 3000b lat 25ms ',
      'qdisc tbf 801d: parent 1:1 rate 1Mbit burst 3000b lat 25ms ',
      '',
    ].join('\n'));
  });

  it('prints u32 filters with their hash tables, keys and actions', async () => {
    const kernel = new ModelKernel();
    must(await kernel.netnsAdd('a'));
    must(await kernel.linkAdd('a', { kind: 'veth', name: 'v0', peer: { name: 'v1' } }));
    must(await kernel.qdiscAdd('a', { linkIndex: 3, options: { kind: 'clsact' } }));
    must(await kernel.filterAdd('a', {
      linkIndex: 3, parent: 'ingress', kind: 'u32', priority: 20000, protocol: '802.1Q',
      keys: [{ value: 0, mask: 0, offset: 0 }],
      actions: [{
        kind: 'mirred', direction: 'ingress', op: 'redirect', targetIndex: 2, control: 'stolen',
      }],
    }));
    const filters = { tool: 'tc', object: 'filter', dev: 'v0', parent: 'ingress' } as const;
    expect(await view(kernel, 'a', filters)).toBe([
      'filter protocol 802.1Q pref 20000 u32 chain 0 ',
      'filter protocol 802.1Q pref 20000 u32 chain 0 fh 800: ht divisor 1 ',
      'filter protocol 802.1Q pref 20000 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0'
        + ' terminal flowid not_in_hw ',
      '  match 00000000/00000000 at 0',
      '\taction order 1: mirred (Ingress Redirect to device v1) stolen',
      '\tindex 1 ref 1 bind 1',
      '',
      '',
    ].join('\n'));
  });
});
