// Scripted conformance cases for links: creation and ifindexes, errors, moves, cascades, bridges,
// and the kinds this machine may lack (ipvlan, vlan, dummy). `expect` records what Linux 6.x
// answers (checked against the model in the unit tests, against Linux by `verify`).

import type { Script, ScriptStep } from './script.js';
import type { Op, Outcome } from './ops.js';

export const s = (step: Op, expect?: Outcome): ScriptStep =>
  expect === undefined ? { step } : { step, expect };

const veth = (
  ns: string,
  name: string,
  peer: string,
  extra: { namespace?: string; peerNs?: string; mtu?: number } = {},
): Op => ({
  op: 'linkAdd',
  ns,
  spec: {
    kind: 'veth',
    name,
    ...(extra.namespace !== undefined ? { namespace: extra.namespace } : {}),
    ...(extra.mtu !== undefined ? { mtu: extra.mtu } : {}),
    peer: { name: peer, ...(extra.peerNs !== undefined ? { namespace: extra.peerNs } : {}) },
  },
});

export { veth };

export const linkScripts: readonly Script[] = [
  {
    name: 'links: a veth pair takes two ifindexes, peer first; carrier needs both ends up',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'lo' }, 'ok'),
      s(veth('a', 'w0', 'w1', { mtu: 9000 }), 'ok'),
      s({ op: 'linkDel', ns: 'a', link: 'v0' }, 'ok'),
      s(veth('a', 'x0', 'x1'), 'ok'),
    ],
  },
  {
    name: 'links: errors come back as Linux gives them',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s(veth('a', 'v0', 'v2'), 'EEXIST'),
      s(veth('a', 'v3', 'v1'), 'EEXIST'),
      s(veth('a', 'abcdefghijklmnop', 'v4'), 'EINVAL'),
      s({ op: 'linkSetUp', ns: 'a', link: 'nosuch' }, 'ENODEV'),
      s({ op: 'linkSetMtu', ns: 'a', link: 'v0', mtu: 10 }, 'EINVAL'),
      s({ op: 'linkSetMtu', ns: 'a', link: 'v0', mtu: 70000 }, 'EINVAL'),
      s({ op: 'linkSetMtu', ns: 'a', link: 'v0', mtu: 9000 }, 'ok'),
      s({ op: 'linkSetMac', ns: 'a', link: 'v0', mac: '01:00:00:00:00:01' }, 'EADDRNOTAVAIL'),
      s({ op: 'linkSetMac', ns: 'a', link: 'v0', mac: '02:00:00:00:00:01' }, 'ok'),
      s({ op: 'linkSetName', ns: 'a', link: 'v0', name: 'v1' }, 'EEXIST'),
      s({ op: 'linkSetName', ns: 'a', link: 'v0', name: 'eth0' }, 'ok'),
      s({ op: 'linkDel', ns: 'a', link: 'lo' }, 'EOPNOTSUPP'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'eth0', target: 'nosuch' }, 'ENOENT'),
    ],
  },
  {
    name: 'links: renaming a link that is up (EBUSY before Linux 6.2, allowed since)',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetName', ns: 'a', link: 'v0', name: 'eth0' }),
    ],
  },
  {
    name: 'links: a moved link arrives down, without addresses or routes, keeping a free ifindex',
    namespaces: ['a', 'b'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v1' }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.9.0.0/16', gateway: '10.0.1.1', oif: 'v0' } },
        'ok',
      ),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/v0/rp_filter', value: '1' }, 'ok'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'v0', target: 'b' }, 'ok'),
      s(veth('b', 'c0', 'c1'), 'ok'),
      s({ op: 'linkSetNetns', ns: 'b', link: 'c0', target: 'a' }, 'ok'),
      s(veth('a', 'd0', 'd1'), 'ok'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'd0', target: 'b' }, 'ok'),
      s(veth('b', 'v1', 'e1'), 'ok'),
      s({ op: 'linkSetNetns', ns: 'b', link: 'v1', target: 'a' }, 'EEXIST'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'lo', target: 'b' }, 'EINVAL'),
    ],
  },
  {
    name: 'links: a veth created across namespaces; deleting one end deletes the other',
    namespaces: ['a', 'b'],
    steps: [
      s(veth('a', 'eth0', 'calic440f455693', { namespace: 'b' }), 'ok'),
      s(veth('a', 'p0', 'p1', { peerNs: 'b' }), 'ok'),
      s({ op: 'linkSetUp', ns: 'b', link: 'eth0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'calic440f455693' }, 'ok'),
      s({ op: 'linkDel', ns: 'b', link: 'eth0' }, 'ok'),
      s({ op: 'linkDel', ns: 'b', link: 'eth0' }, 'ENODEV'),
      s({ op: 'netnsDel', ns: 'b' }, 'ok'),
    ],
  },
  {
    name: 'links: bridge ports, and links that cannot leave their namespace',
    namespaces: ['a', 'b'],
    steps: [
      s({ op: 'linkAdd', ns: 'a', spec: { kind: 'bridge', name: 'br0' } }, 'ok'),
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'linkSetMaster', ns: 'a', link: 'v0', master: 'br0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'br0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetMaster', ns: 'a', link: 'v1', master: 'v0' }, 'EOPNOTSUPP'),
      s({ op: 'linkSetMaster', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'br0', target: 'b' }, 'EINVAL'),
      s({ op: 'linkAdd', ns: 'a', spec: { kind: 'ifb', name: 'ifb0' } }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'ifb0' }, 'ok'),
      s({ op: 'linkSetNoarp', ns: 'a', link: 'v1', noarp: true }, 'ok'),
    ],
  },
  {
    name: 'links: ipvlan and vlan share their parent MAC and die with it; dummy',
    namespaces: ['a', 'b'],
    steps: [
      s(
        {
          op: 'deviceAttach',
          ns: 'a',
          spec: { name: 'eth1', mac: '00:16:3e:00:00:03', segment: 'vsw-1' },
        },
        'ok',
      ),
      s({ op: 'linkSetUp', ns: 'a', link: 'eth1' }, 'ok'),
      s(
        {
          op: 'linkAdd',
          ns: 'a',
          spec: {
            kind: 'ipvlan',
            name: 'calic440f455693',
            parent: 'eth1',
            mode: 'l2',
            namespace: 'b',
          },
        },
        'ok',
      ),
      s({ op: 'linkSetName', ns: 'b', link: 'calic440f455693', name: 'eth0' }, 'ok'),
      s(
        {
          op: 'linkAdd',
          ns: 'a',
          spec: { kind: 'ipvlan', name: 'ipvl_2', parent: 'eth1', mode: 'l2' },
        },
        'ok',
      ),
      s(
        {
          op: 'linkAdd',
          ns: 'a',
          spec: { kind: 'vlan', name: 'eth1.5', parent: 'eth1', vlanId: 5, namespace: 'b' },
        },
        'ok',
      ),
      s(
        {
          op: 'linkAdd',
          ns: 'a',
          spec: { kind: 'vlan', name: 'eth1.6', parent: 'eth1', vlanId: 5 },
        },
        'EEXIST',
      ),
      s(
        {
          op: 'linkAdd',
          ns: 'a',
          spec: { kind: 'vlan', name: 'eth1.7', parent: 'eth1', vlanId: 4095 },
        },
        'ERANGE',
      ),
      s({ op: 'linkSetMtu', ns: 'b', link: 'eth0', mtu: 9000 }, 'EINVAL'),
      s({ op: 'linkSetUp', ns: 'b', link: 'eth1.5' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'eth1' }, 'ok'),
      s({ op: 'linkAdd', ns: 'a', spec: { kind: 'dummy', name: 'dummy0' } }, 'ok'),
      s({ op: 'deviceDetach', mac: '00:16:3e:00:00:03' }, 'ok'),
    ],
  },
  {
    name: 'devices: an ENI attaches down; deleting its namespace sends it home; detach removes it anywhere',
    namespaces: ['a', 'b'],
    steps: [
      s(
        {
          op: 'deviceAttach',
          ns: 'a',
          spec: { name: 'eth1', mac: '00:16:3e:00:00:03', segment: 'vsw-1' },
        },
        'ok',
      ),
      s(
        {
          op: 'deviceAttach',
          ns: 'a',
          spec: { name: 'eth2', mac: '00:16:3e:00:00:04', segment: 'vsw-1' },
        },
        'ok',
      ),
      s({ op: 'linkDel', ns: 'a', link: 'eth1' }, 'EOPNOTSUPP'),
      s({ op: 'linkSetDown', ns: 'a', link: 'eth1' }, 'ok'),
      s({ op: 'linkSetName', ns: 'a', link: 'eth1', name: 'veth1a2b3c4d' }, 'ok'),
      s({ op: 'linkSetNetns', ns: 'a', link: 'veth1a2b3c4d', target: 'b' }, 'ok'),
      s({ op: 'linkSetName', ns: 'b', link: 'veth1a2b3c4d', name: 'eth0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'b', link: 'eth0' }, 'ok'),
      s({ op: 'addrAdd', ns: 'b', link: 'eth0', cidr: '10.0.1.30/32' }, 'ok'),
      s({ op: 'netnsDel', ns: 'b' }, 'ok'),
      s({ op: 'deviceDetach', mac: '00:16:3e:00:00:04' }, 'ok'),
      s({ op: 'deviceDetach', mac: '00:16:3e:00:00:04' }, 'ENODEV'),
    ],
  },
];
