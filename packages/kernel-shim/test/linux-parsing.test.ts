// The real backend's readers and translators, on captured iproute2/tc output (no root needed):
// errno from error text, links with peers in other namespaces shown as ENI devices, routes with
// iproute2's hidden defaults, rules, u32 filters, and the cleanup that only touches our prefix.
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../src/linux/errno.js';
import { parseLinks, parseRoutes, parseRules, protocolOf } from '../src/linux/parse-ip.js';
import { parseFilters, parseQdiscs } from '../src/linux/parse-tc.js';
import { cleanupLeftovers } from '../src/linux/cleanup.js';
import { routeWriteArgs, ruleAddArgs } from '../src/linux/ip-args.js';
import type { CommandResult } from '../src/linux/exec.js';
import { splitIdentified } from '../src/linux/observe.js';

describe('classifyFailure', () => {
  const table: ReadonlyArray<{ stderr: string; errno: string }> = [
    { stderr: 'RTNETLINK answers: File exists\n', errno: 'EEXIST' },
    { stderr: 'Error: ipv4: Address already assigned.\n', errno: 'EEXIST' },
    { stderr: 'Error: ipv6: address not found.\n', errno: 'EADDRNOTAVAIL' },
    { stderr: 'Cannot find device "nosuch"\n', errno: 'ENODEV' },
    { stderr: 'Error: Device for nexthop is not up.\n', errno: 'ENETDOWN' },
    { stderr: 'Error: Nexthop device required for onlink.\n', errno: 'ENODEV' },
    { stderr: 'RTNETLINK answers: No such process\n', errno: 'ESRCH' },
    { stderr: 'Error: FIB table does not exist.\n', errno: 'ESRCH' },
    { stderr: 'Error: The interface netns is immutable.\n', errno: 'EINVAL' },
    { stderr: 'Error: Can not enslave a bridge to a bridge.\n', errno: 'ELOOP' },
    {
      stderr:
        'Error: Exclusivity flag on, cannot modify.\nWe have an error talking to the kernel\n',
      errno: 'EEXIST',
    },
    {
      stderr: 'Error: Failed to load TC action module.\nWe have an error talking to the kernel\n',
      errno: 'EOPNOTSUPP',
    },
    { stderr: 'something new\n', errno: 'EIO' },
  ];
  for (const { stderr, errno } of table) {
    it(`${JSON.stringify(stderr.trim())} is ${errno}`, () =>
      expect(classifyFailure(stderr).errno).toBe(errno));
  }
  it('leaves the two-errno gateway message to the caller', () => {
    expect(classifyFailure('Error: Nexthop has invalid gateway.\n').errno).toBe('gateway');
  });
});

describe('ip -j readers', () => {
  it('shows a veth whose peer sits in the fabric namespace as an ENI device, and resolves peers by netnsid', () => {
    const json = [
      {
        ifindex: 1,
        ifname: 'lo',
        flags: ['LOOPBACK'],
        mtu: 65536,
        link_type: 'loopback',
        address: '00:00:00:00:00:00',
      },
      {
        ifindex: 2,
        link_index: 7,
        ifname: 'eth1',
        flags: ['BROADCAST', 'UP', 'LOWER_UP'],
        mtu: 1500,
        link_type: 'ether',
        address: '00:16:3E:00:00:03',
        link_netnsid: 0,
        linkinfo: { info_kind: 'veth' },
      },
      {
        ifindex: 3,
        link_index: 2,
        ifname: 'cali1',
        flags: ['BROADCAST'],
        mtu: 1500,
        link_type: 'ether',
        address: 'aa:bb:cc:dd:ee:ff',
        link_netnsid: 1,
        linkinfo: { info_kind: 'veth' },
      },
    ];
    const links = parseLinks(json, {
      namespace: 'host',
      nsids: new Map([
        [0, '_fabric'],
        [1, 'pod'],
      ]),
      fabric: '_fabric',
    });
    expect(links.map((link) => [link.name, link.kind, link.up, link.lowerUp])).toEqual([
      ['lo', 'loopback', false, false],
      ['eth1', 'device', true, true],
      ['cali1', 'veth', false, false],
    ]);
    expect(links[1]!.mac).toBe('00:16:3e:00:00:03');
    expect(links[2]!.kind === 'veth' && links[2]!.peer).toEqual({ namespace: 'pod', index: 2 });
  });

  it('fills in what iproute2 hides: main table, boot protocol, universe scope, metric 0', () => {
    const routes = parseRoutes(
      [
        { dst: 'default', gateway: '169.254.1.1', dev: 'eth0', flags: ['onlink'] },
        {
          type: 'local',
          dst: '10.0.1.20',
          dev: 'eth0',
          table: 'local',
          protocol: 'kernel',
          scope: 'host',
          prefsrc: '10.0.1.20',
          flags: [],
        },
        {
          type: 'prohibit',
          dst: '10.9.0.0/16',
          protocol: 'openr',
          table: '1003',
          flags: ['linkdown'],
        },
      ],
      4,
      new Map([['eth0', 2]]),
    );
    expect(
      routes.map((route) => [
        route.table,
        route.dst,
        route.type,
        route.protocol,
        route.scope,
        route.metric,
        route.onlink,
        route.oif,
      ]),
    ).toEqual([
      [254, '0.0.0.0/0', 'unicast', 'boot', 'universe', 0, true, 2],
      [255, '10.0.1.20/32', 'local', 'kernel', 'host', 0, false, 2],
      [1003, '10.9.0.0/16', 'prohibit', 99, 'universe', 0, false, undefined],
    ]);
    expect(protocolOf('static')).toBe('static');
  });

  it('reads rules with their flags (not, goto, fwmark/mask)', () => {
    const rules = parseRules([
      { priority: 0, src: 'all', table: 'local' },
      { priority: 100, src: 'all', fwmark: '0x10', fwmask: '0xff', iif: 'lo', table: '100' },
      { priority: 101, not: null, src: '10.1.0.0', srclen: 16, action: 'blackhole' },
      { priority: 102, src: 'all', goto: 200, unresolved: null },
      { priority: 512, src: 'all', dst: '10.0.1.20', table: 'main' },
    ], 4);
    expect(
      rules.map((rule) => [
        rule.priority,
        rule.action,
        rule.table,
        rule.src ?? '',
        rule.dst ?? '',
        rule.invert,
        rule.fwmark ?? 0,
      ]),
    ).toEqual([
      [0, 'lookup', 255, '', '', false, 0],
      [100, 'lookup', 100, '', '', false, 16],
      [101, 'blackhole', 0, '10.1.0.0/16', '', true, 0],
      [102, 'goto', 0, '', '', false, 0],
      [512, 'lookup', 254, '', '10.0.1.20/32', false, 0],
    ]);
  });
});

describe('tc readers', () => {
  it('reads u32 filters from text, one per node handle, with their keys', () => {
    const text = [
      'filter protocol ip pref 50001 u32 chain 0 ',
      'filter protocol ip pref 50001 u32 chain 0 fh 800: ht divisor 1 ',
      'filter protocol ip pref 50001 u32 chain 0 fh 800::800 order 2048 key ht 800 bkt 0 not_in_hw ',
      '  match 0a000114/ffffffff at 12',
      '\taction order 1: vlan  push id 5 protocol 802.1Q priority 0 pipe',
      'filter protocol 802.1Q pref 20000 u32 chain 0 fh 802::800 order 2048 key ht 802 bkt 0 terminal flowid ??? not_in_hw ',
      '  match 00000000/00000000 at 0',
      '\taction order 1: vlan  pop pipe',
    ].join('\n');
    const filters = parseFilters(text, 3, 'egress', new Map());
    expect(
      filters.map((filter) => [
        filter.priority,
        filter.protocol,
        filter.handle,
        filter.terminal,
        filter.keys.length,
      ]),
    ).toEqual([
      [50001, 'ip', '800::800', false, 1],
      [20000, '802.1Q', '802::800', true, 1],
    ]);
    expect(filters[0]!.keys[0]).toEqual({ value: 0x0a000114, mask: 0xffffffff, offset: 12 });
    expect(filters[0]!.actions).toEqual([{ kind: 'vlan', op: 'push', vlanId: 5, control: 'pipe' }]);
    expect(filters[1]!.actions).toEqual([{ kind: 'vlan', op: 'pop', control: 'pipe' }]);
  });

  it('keeps the default qdiscs (handle 0:) and turns tbf latency back into a limit', () => {
    const qdiscs = parseQdiscs(
      [
        { kind: 'noqueue', handle: '0:', dev: 'a', root: true, options: {} },
        {
          kind: 'tbf',
          handle: '1:',
          dev: 'b',
          root: true,
          options: { rate: 125000, burst: 1514, lat: 227888 },
        },
        { kind: 'clsact', handle: 'ffff:', dev: 'a', parent: 'ffff:fff1', options: {} },
      ],
      new Map([
        ['a', 2],
        ['b', 3],
      ]),
      (entry) => entry.dev as string,
    );
    expect(qdiscs).toEqual([
      { linkIndex: 2, handle: '0:', parent: 'root', options: { kind: 'noqueue' } },
      {
        linkIndex: 3,
        handle: '1:',
        parent: 'root',
        options: { kind: 'tbf', rateBytesPerSecond: 125000, burstBytes: 1514, limitBytes: 30000 },
      },
      { linkIndex: 2, handle: 'ffff:', parent: 'clsact', options: { kind: 'clsact' } },
    ]);
  });
});

describe('command lines', () => {
  it('passes every model default explicitly (table, protocol, scope) and names the family', () => {
    expect(
      routeWriteArgs(
        'replace',
        { dst: 'default', gateway: '10.0.1.253', onlink: true, table: 1003 },
        { oif: 'eth1' },
      ),
    ).toEqual([
      '-4',
      'route',
      'replace',
      'unicast',
      'default',
      'via',
      '10.0.1.253',
      'dev',
      'eth1',
      'table',
      '1003',
      'proto',
      '3',
      'scope',
      '0',
      'onlink',
    ]);
    expect(
      routeWriteArgs(
        'add',
        { dst: 'default', gateway: 'fe80::1', onlink: true },
        { oif: 'eth0' },
      )[0],
    ).toBe('-6');
    expect(ruleAddArgs({ priority: 2048, src: '10.0.1.20/32', table: 1003 })).toEqual([
      '-4',
      'rule',
      'add',
      'from',
      '10.0.1.20/32',
      'pref',
      '2048',
      'lookup',
      '1003',
    ]);
  });
});

describe('splitIdentified (ip views run as one ip -batch)', () => {
  const ns = 'tsim1r1-a';
  const table: ReadonlyArray<{
    what: string; text: string; count: number; outputs: string[] | undefined;
  }> = [
    {
      what: 'outputs ended by the namespace name, an empty one among them',
      text: `1: lo: <LOOPBACK>\n${ns}\n${ns}\nlocal ::1 dev lo \n${ns}\n`,
      count: 3, outputs: ['1: lo: <LOOPBACK>\n', '', 'local ::1 dev lo \n'],
    },
    {
      what: 'a separator missing (a command printed no newline before it)',
      text: `0:\tfrom all lookup local${ns}\n`, count: 1, outputs: undefined,
    },
    {
      what: 'output after the last separator',
      text: `${ns}\nstray\n`, count: 1, outputs: undefined,
    },
    {
      what: 'a name inside a line is no separator',
      text: `link-netns ${ns}\n${ns}\n`, count: 1, outputs: [`link-netns ${ns}\n`],
    },
  ];
  for (const { what, text, count, outputs } of table) {
    it(what, () => {
      expect(splitIdentified(text, ns, count)).toEqual(outputs);
    });
  }
});

describe('cleanupLeftovers', () => {
  it('deletes only namespaces with the run prefix, the fabric last, and refuses foreign prefixes', async () => {
    const calls: string[][] = [];
    const run = async (argv: readonly string[]): Promise<CommandResult> => {
      calls.push([...argv]);
      if (argv.includes('list'))
        return {
          code: 0,
          stdout: JSON.stringify([
            { name: 'tsimab-_fabric' },
            { name: 'cni-1234' },
            { name: 'tsimab-node1' },
          ]),
          stderr: '',
        };
      return { code: 0, stdout: '', stderr: '' };
    };
    const report = await cleanupLeftovers({ run });
    expect(report.removed).toEqual(['tsimab-node1', 'tsimab-_fabric']);
    expect(calls.filter((argv) => argv.includes('del')).map((argv) => argv.at(-1))).toEqual([
      'tsimab-node1',
      'tsimab-_fabric',
    ]);
    await expect(cleanupLeftovers({ run, prefix: 'cni-' })).rejects.toThrow(/tsim/);
  });
});
