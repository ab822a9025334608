// Scripted conformance cases for tc (qdiscs and u32 filters as Terway's pkg/tc/tc.go and
// plugin/driver/utils/utils_linux.go install them) and the full veth policy-route pod setup of
// plugin/datapath/policy_router_linux.go, step by step.

import type { Script } from './script.js';
import { s, veth } from './cases-links.js';

const podIp = 0x0a000114; // 10.0.1.20
const tbf = {
  kind: 'tbf', rateBytesPerSecond: 125000, burstBytes: 3000, limitBytes: 6125,
} as const;
const tbfSlower = { ...tbf, rateBytesPerSecond: 250000 } as const;
const pfifoFast = { kind: 'pfifo_fast' } as const;
const mq = { kind: 'mq' } as const;
const fq = { kind: 'fq' } as const;

export const tcScripts: readonly Script[] = [
  {
    name: 'tc: clsact once per link, u32 filters by priority and protocol, deletes',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'egress',
          priority: 50001,
          protocol: 'ip',
          keys: [{ value: podIp, mask: 0xffffffff, offset: 12 }],
        },
        'EINVAL',
      ),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', options: { kind: 'clsact' } }, 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', options: { kind: 'clsact' } }, 'EEXIST'),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'egress',
          priority: 50001,
          protocol: 'ip',
          keys: [{ value: podIp, mask: 0xffffffff, offset: 12 }],
        },
        'ok',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'egress',
          priority: 50001,
          protocol: 'ip',
          keys: [{ value: podIp + 1, mask: 0xffffffff, offset: 12 }],
        },
        'ok',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'egress',
          priority: 50002,
          protocol: 'ipv6',
          keys: [
            { value: 0x20010db8, mask: 0xffffffff, offset: 8 },
            { value: 0, mask: 0xffffffff, offset: 12 },
            { value: 0, mask: 0xffffffff, offset: 16 },
            { value: 1, mask: 0xffffffff, offset: 20 },
          ],
        },
        'ok',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'egress',
          priority: 50001,
          protocol: 'ipv6',
          keys: [{ value: 1, mask: 0xffffffff, offset: 20 }],
        },
        'EINVAL',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'v0',
          parent: 'ingress',
          priority: 20000,
          protocol: '802.1Q',
          keys: [{ value: 0, mask: 0, offset: 0 }],
        },
        'ok',
      ),
      s({ op: 'filterDel', ns: 'a', link: 'v0', parent: 'egress', priority: 60000 }, 'ENOENT'),
      s(
        { op: 'filterDel', ns: 'a', link: 'v0', parent: 'egress', priority: 50001, protocol: 'ip' },
        'ok',
      ),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: 'clsact' }, 'ok'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: 'clsact' }, 'ENOENT'),
    ],
  },
  {
    name: 'tc: tbf shaping and a root mq (§2.5, §2.6)',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s(
        {
          op: 'qdiscReplace',
          ns: 'a',
          link: 'v1',
          handle: '1:',
          options: { kind: 'tbf', rateBytesPerSecond: 125000, burstBytes: 3000, limitBytes: 6125 },
        },
        'ok',
      ),
      s(
        {
          op: 'qdiscAdd',
          ns: 'a',
          link: 'v1',
          handle: '1:',
          options: { kind: 'tbf', rateBytesPerSecond: 125000, burstBytes: 3000, limitBytes: 6125 },
        },
        'EEXIST',
      ),
      s(
        {
          op: 'qdiscReplace',
          ns: 'a',
          link: 'v1',
          handle: '1:',
          options: { kind: 'tbf', rateBytesPerSecond: 250000, burstBytes: 3000, limitBytes: 9250 },
        },
        'ok',
      ),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', handle: '1:', options: { kind: 'mq' } }, 'ok'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v1', parent: 'root' }, 'ok'),
    ],
  },
  {
    // `expect` holds for a veth with two transmit queues (a 2-CPU machine, the model's default).
    name: 'tc: mq with fq and prio children (§2.6)',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', handle: '1:', options: { kind: 'mq' } }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:1', options: { kind: 'fq' } }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:2', options: { kind: 'fq' } }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:3', options: fq }, 'ENOENT'),
      s(
        {
          op: 'qdiscReplace',
          ns: 'a',
          link: 'v0',
          parent: '1:1',
          options: {
            kind: 'prio',
            bands: 3,
            priomap: [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
          },
        },
        'ok',
      ),
    ],
  },
  {
    // `expect` holds for a veth with two transmit queues (a 2-CPU machine, the model's default).
    name: 'tc: default qdiscs, mq children per transmit queue, automatic handles, delete rules',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'lo', handle: '1:', options: mq }, 'EOPNOTSUPP'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', handle: '1:', options: mq }, 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', parent: '1:1', options: pfifoFast }, 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', parent: '1:1', options: pfifoFast }, 'EEXIST'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:2', options: tbf }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:3', options: tbf }, 'ENOENT'),
      s(
        { op: 'qdiscReplace', ns: 'a', link: 'v0', parent: '1:2', handle: '1:', options: tbf },
        'EINVAL',
      ),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: '1:1' }, 'ok'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: '1:1' }, 'ENOENT'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'lo' }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', handle: '1:', options: { kind: 'mq' } }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', handle: '1:', options: tbf }, 'EINVAL'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: 'root' }, 'ok'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v0', parent: 'root' }, 'ENOENT'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'v0', options: { kind: 'mq' } }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', options: tbf }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v0', options: tbfSlower }, 'ok'),
      s({ op: 'qdiscReplace', ns: 'a', link: 'v1', handle: '5:', options: pfifoFast }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'qdiscDel', ns: 'a', link: 'v1', parent: 'root' }, 'ok'),
    ],
  },
  {
    name: "tc: qdiscs are listed in the namespace's device order (moves, renames), not by ifindex",
    namespaces: ['a', 'b'],
    steps: [
      s(veth('b', 'x0', 'x1'), 'ok'),
      s({ op: 'linkSetNetns', ns: 'b', link: 'x0', target: 'a' }, 'ok'),
      s(veth('a', 'w0', 'w1'), 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'w1' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'x0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'w0' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'w1' }, 'ok'),
      s({ op: 'linkSetName', ns: 'a', link: 'w1', name: 'a1' }, 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'a1', handle: '1:', options: { kind: 'mq' } }, 'ok'),
    ],
  },
  {
    name: 'tc: VLAN pop/push and the ipvlan redirect filter with actions (§2.7)',
    namespaces: ['a'],
    steps: [
      s(
        {
          op: 'deviceAttach',
          ns: 'a',
          spec: { name: 'eth1', mac: '00:16:3e:00:00:03', segment: 'vsw-1' },
        },
        'ok',
      ),
      s(veth('a', 'ipvl_2', 'x1'), 'ok'),
      s({ op: 'qdiscAdd', ns: 'a', link: 'eth1', options: { kind: 'clsact' } }, 'ok'),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'eth1',
          parent: 'ingress',
          priority: 20000,
          protocol: '802.1Q',
          keys: [{ value: 0, mask: 0, offset: 0 }],
          actions: [{ kind: 'vlan', op: 'pop', control: 'pipe' }],
        },
        'ok',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'eth1',
          parent: 'egress',
          priority: 50001,
          protocol: 'ip',
          keys: [{ value: podIp, mask: 0xffffffff, offset: 12 }],
          actions: [{ kind: 'vlan', op: 'push', vlanId: 3, control: 'pipe' }],
        },
        'ok',
      ),
      s(
        {
          op: 'filterAdd',
          ns: 'a',
          link: 'eth1',
          parent: 'egress',
          priority: 40000,
          protocol: 'ip',
          keys: [{ value: 0xc0a80000, mask: 0xffff0000, offset: 16 }],
          actions: [
            { kind: 'tunnel_key', op: 'unset', control: 'pipe' },
            { kind: 'skbedit', ptype: 'host', control: 'pipe' },
            {
              kind: 'mirred',
              direction: 'ingress',
              op: 'redirect',
              target: 'ipvl_2',
              control: 'stolen',
            },
          ],
        },
        'ok',
      ),
    ],
  },
  {
    name: 'policy route: the veth pod setup of terway-datapath.md §3.1, then teardown',
    namespaces: ['host', 'pod'],
    steps: [
      s(
        {
          op: 'deviceAttach',
          ns: 'host',
          spec: { name: 'eth0', mac: '00:16:3e:00:00:01', segment: 'vsw-node' },
        },
        'ok',
      ),
      s({ op: 'linkSetUp', ns: 'host', link: 'eth0' }, 'ok'),
      s({ op: 'addrAdd', ns: 'host', link: 'eth0', cidr: '10.0.0.10/24' }, 'ok'),
      s(
        {
          op: 'routeAdd',
          ns: 'host',
          spec: { dst: 'default', gateway: '10.0.0.253', oif: 'eth0' },
        },
        'ok',
      ),
      s(
        {
          op: 'deviceAttach',
          ns: 'host',
          spec: { name: 'eth1', mac: '00:16:3e:00:00:03', segment: 'vsw-1' },
        },
        'ok',
      ),
      s(veth('host', 'veth0a1b2c3d', 'calic440f455693', { namespace: 'pod', mtu: 1500 }), 'ok'),
      s({ op: 'linkSetName', ns: 'pod', link: 'veth0a1b2c3d', name: 'eth0' }, 'ok'),
      s({ op: 'addrReplace', ns: 'pod', link: 'eth0', cidr: '10.0.1.20/32' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'pod', link: 'eth0' }, 'ok'),
      s(
        {
          op: 'neighReplace',
          ns: 'pod',
          link: 'eth0',
          ip: '169.254.1.1',
          mac: '02:00:00:00:00:99',
        },
        'ok',
      ),
      s(
        {
          op: 'routeReplace',
          ns: 'pod',
          spec: { dst: 'default', gateway: '169.254.1.1', oif: 'eth0', onlink: true },
        },
        'ok',
      ),
      s({ op: 'linkSetMtu', ns: 'host', link: 'eth1', mtu: 1500 }, 'ok'),
      s({ op: 'addrReplace', ns: 'host', link: 'eth1', cidr: '10.0.0.10/32' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'host', link: 'eth1' }, 'ok'),
      s(
        {
          op: 'routeReplace',
          ns: 'host',
          spec: { dst: 'default', gateway: '10.0.1.253', oif: 'eth1', onlink: true, table: 1003 },
        },
        'ok',
      ),
      s(
        {
          op: 'routeReplace',
          ns: 'host',
          spec: { dst: '10.0.1.20/32', oif: 'calic440f455693', scope: 'link' },
        },
        'ENETDOWN',
      ),
      s({ op: 'linkSetUp', ns: 'host', link: 'calic440f455693' }, 'ok'),
      s(
        {
          op: 'routeReplace',
          ns: 'host',
          spec: { dst: '10.0.1.20/32', oif: 'calic440f455693', scope: 'link' },
        },
        'ok',
      ),
      s(
        { op: 'ruleAdd', ns: 'host', spec: { priority: 512, dst: '10.0.1.20/32', table: 254 } },
        'ok',
      ),
      s(
        { op: 'ruleAdd', ns: 'host', spec: { priority: 2048, src: '10.0.1.20/32', table: 1003 } },
        'ok',
      ),
      s({ op: 'linkSetDown', ns: 'pod', link: 'eth0' }, 'ok'),
      s({ op: 'linkDel', ns: 'pod', link: 'eth0' }, 'ok'),
      s({ op: 'ruleDel', ns: 'host', filter: { priority: 2048, src: '10.0.1.20/32' } }, 'ok'),
      s({ op: 'ruleDel', ns: 'host', filter: { priority: 512, dst: '10.0.1.20/32' } }, 'ok'),
    ],
  },
];
