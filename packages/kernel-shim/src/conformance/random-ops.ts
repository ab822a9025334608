// Random kernel-request sequences over a small universe of names and addresses, so that random
// steps collide often (same link names, overlapping prefixes, same rule priorities) and reach
// the interesting kernel paths. A step is built from a few small integers; fast-check drives
// them in the tests (and shrinks them), a seeded sim-base stream drives them in `verify`.

import type { Op } from './ops.js';
import type { Script, ScriptStep } from './script.js';

export interface Picker {
  /** An integer in [0, n). */
  int(n: number): number;
}

function pick<T>(picker: Picker, items: readonly T[]): T {
  return items[picker.int(items.length)]!;
}

const namespaces = ['a', 'b'] as const;
const names = ['v0', 'v1', 'w0', 'w1', 'br0'] as const;
const cidrs = [
  '10.0.1.20/24',
  '10.0.1.21/24',
  '10.0.1.20/32',
  '10.0.2.1/24',
  '169.254.1.1/32',
  '2001:db8::1/64',
  '10.0.1.0/31',
] as const;
const gateways = ['10.0.1.1', '10.0.1.20', '10.0.2.9', '169.254.1.1', '10.0.1.255'] as const;
const destinations = [
  'default',
  '10.9.0.0/16',
  '10.0.1.20/32',
  '10.0.1.0/24',
  '192.168.0.0/16',
] as const;
const tables = [254, 1003, 255] as const;
const sysctls = [
  ['net/ipv4/conf/all/forwarding', '1'],
  ['net/ipv4/conf/default/rp_filter', '2'],
  ['net/ipv4/conf/v0/rp_filter', '0'],
  ['net/ipv6/conf/v0/disable_ipv6', '1'],
  ['net/ipv6/conf/all/disable_ipv6', '0'],
  ['net/ipv4/conf/w0/forwarding', '1'],
  ['net/ipv6/conf/v0/forwarding', '1'],
  ['net/ipv6/conf/all/forwarding', '1'],
] as const;

const tbf = {
  kind: 'tbf', rateBytesPerSecond: 125000, burstBytes: 3000, limitBytes: 6125,
} as const;

type Maker = (p: Picker) => Op;

const makers: ReadonlyArray<readonly [number, Maker]> = [
  [
    4,
    (p) => {
      const ns = pick(p, namespaces);
      const cross = p.int(3) === 0;
      return {
        op: 'linkAdd',
        ns,
        spec: {
          kind: 'veth',
          name: pick(p, names),
          peer: { name: pick(p, names), ...(cross ? { namespace: ns === 'a' ? 'b' : 'a' } : {}) },
        },
      };
    },
  ],
  [1, (p) => ({ op: 'linkAdd', ns: pick(p, namespaces), spec: { kind: 'bridge', name: 'br0' } })],
  [2, (p) => ({ op: 'linkDel', ns: pick(p, namespaces), link: pick(p, names) })],
  [5, (p) => ({ op: 'linkSetUp', ns: pick(p, namespaces), link: pick(p, [...names, 'lo']) })],
  [2, (p) => ({ op: 'linkSetDown', ns: pick(p, namespaces), link: pick(p, names) })],
  [
    1,
    (p) => ({
      op: 'linkSetMtu',
      ns: pick(p, namespaces),
      link: pick(p, names),
      mtu: pick(p, [68, 1280, 1500, 9000, 10]),
    }),
  ],
  [
    1,
    (p) => ({
      op: 'linkSetName',
      ns: pick(p, namespaces),
      link: pick(p, names),
      name: pick(p, names),
    }),
  ],
  [
    2,
    (p) => {
      const ns = pick(p, namespaces);
      return { op: 'linkSetNetns', ns, link: pick(p, names), target: ns === 'a' ? 'b' : 'a' };
    },
  ],
  [
    1,
    (p) => ({
      op: 'linkSetMaster',
      ns: pick(p, namespaces),
      link: pick(p, names),
      ...(p.int(3) > 0 ? { master: 'br0' } : {}),
    }),
  ],
  [
    5,
    (p) => ({
      op: pick(p, ['addrAdd', 'addrReplace'] as const),
      ns: pick(p, namespaces),
      link: pick(p, names),
      cidr: pick(p, cidrs),
    }),
  ],
  [
    2,
    (p) => ({ op: 'addrDel', ns: pick(p, namespaces), link: pick(p, names), cidr: pick(p, cidrs) }),
  ],
  [
    5,
    (p) => {
      const withGateway = p.int(3) > 0;
      return {
        op: pick(p, ['routeAdd', 'routeReplace'] as const),
        ns: pick(p, namespaces),
        spec: {
          dst: pick(p, destinations),
          oif: pick(p, names),
          table: pick(p, tables.slice(0, 2)),
          ...(withGateway
            ? { gateway: pick(p, gateways), onlink: p.int(2) === 0 }
            : { scope: 'link' as const }),
        },
      };
    },
  ],
  [
    2,
    (p) => ({
      op: 'routeDel',
      ns: pick(p, namespaces),
      filter: { dst: pick(p, destinations), table: pick(p, tables) },
    }),
  ],
  [
    3,
    (p) => ({
      op: 'ruleAdd',
      ns: pick(p, namespaces),
      spec: {
        priority: pick(p, [512, 2048]),
        table: pick(p, [254, 1003]),
        ...(p.int(2) === 0 ? { src: '10.0.1.20/32' } : { dst: '10.0.1.20/32' }),
      },
    }),
  ],
  [
    1,
    (p) => ({
      op: 'ruleDel',
      ns: pick(p, namespaces),
      filter: { priority: pick(p, [512, 2048, 32766]) },
    }),
  ],
  [
    2,
    (p) => ({
      op: pick(p, ['neighAdd', 'neighReplace'] as const),
      ns: pick(p, namespaces),
      link: pick(p, names),
      ip: pick(p, ['169.254.1.1', 'fe80::1']),
      mac: pick(p, ['ee:ee:ee:ee:ee:ee', '02:00:00:00:00:01']),
    }),
  ],
  [
    1,
    (p) => ({ op: 'neighDel', ns: pick(p, namespaces), link: pick(p, names), ip: '169.254.1.1' }),
  ],
  [
    2,
    (p) => {
      const [path, value] = pick(p, sysctls);
      return { op: 'sysctlSet', ns: pick(p, namespaces), path, value };
    },
  ],
  [
    1,
    (p) => ({
      op: 'qdiscAdd',
      ns: pick(p, namespaces),
      link: pick(p, names),
      options: { kind: 'clsact' },
    }),
  ],
  [
    1,
    (p) => ({
      op: 'qdiscReplace',
      ns: pick(p, namespaces),
      link: pick(p, names),
      handle: '1:',
      options: { kind: 'mq' },
    }),
  ],
  [
    1,
    (p) => ({
      op: 'qdiscReplace',
      ns: pick(p, namespaces),
      link: pick(p, names),
      parent: pick(p, ['1:1', '1:2', 'root']),
      options: tbf,
    }),
  ],
  [
    1,
    (p) => ({
      op: 'qdiscDel',
      ns: pick(p, namespaces),
      link: pick(p, names),
      parent: pick(p, ['root', '1:1']),
    }),
  ],
  [
    1,
    (p) => ({
      op: 'filterAdd',
      ns: pick(p, namespaces),
      link: pick(p, names),
      parent: 'egress',
      priority: pick(p, [50001, 50002]),
      protocol: pick(p, ['ip', 'ipv6'] as const),
      keys: [{ value: 0x0a000114 + p.int(2), mask: 0xffffffff, offset: 12 }],
    }),
  ],
];

const totalWeight = makers.reduce((sum, [weight]) => sum + weight, 0);

export function randomOp(picker: Picker): Op {
  let ticket = picker.int(totalWeight);
  for (const [weight, make] of makers) {
    if (ticket < weight) return make(picker);
    ticket -= weight;
  }
  return makers[0]![1](picker);
}

/** A picker over fixed integers (fast-check's), reused cyclically; out-of-range values wrap. */
export function listPicker(values: readonly number[]): Picker {
  let at = 0;
  return { int: (n) => (values.length === 0 ? 0 : values[at++ % values.length]! % n) };
}

export function randomScript(name: string, steps: readonly Op[]): Script {
  return { name, namespaces: [...namespaces], steps: steps.map((step): ScriptStep => ({ step })) };
}
