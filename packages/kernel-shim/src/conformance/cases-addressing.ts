// Scripted conformance cases for addresses (and the routes the kernel derives from them), routes,
// rules, neighbours and sysctls, with what Linux 6.x answers.

import type { Script } from './script.js';
import { s, veth } from './cases-links.js';

const pair = (ns: string): ReturnType<typeof s>[] => [
  s(veth(ns, 'v0', 'v1'), 'ok'),
  s({ op: 'linkSetUp', ns, link: 'v0' }, 'ok'),
  s({ op: 'linkSetUp', ns, link: 'v1' }, 'ok'),
];

export const addressingScripts: readonly Script[] = [
  {
    name: 'addresses: local, prefix and broadcast routes follow addresses and link state',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.21/24' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/25' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.2.1/32' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.3.0/31' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.4.1/24', noprefixroute: true }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v1', cidr: '10.0.5.1/24', broadcast: '10.0.5.255' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v1', cidr: '10.0.1.99/24' }, 'ok'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '10.0.1.20/25' }, 'ok'),
    ],
  },
  {
    name: 'addresses: errors',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'EEXIST'),
      s({ op: 'addrReplace', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.21/24', scope: 'link' }, 'EINVAL'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '10.0.1.29/24' }, 'EADDRNOTAVAIL'),
      s({ op: 'addrAdd', ns: 'a', link: 'nosuch', cidr: '10.0.1.20/24' }, 'ENODEV'),
      s({ op: 'addrAdd', ns: 'a', link: 'v1', cidr: '127.0.0.2/8' }, 'ok'),
    ],
  },
  {
    name: 'addresses: loopback up brings 127.0.0.1/8 and ::1',
    namespaces: ['a'],
    steps: [
      s({ op: 'linkSetUp', ns: 'a', link: 'lo' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'lo' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'lo' }, 'ok'),
    ],
  },
  {
    name: 'addresses: IPv6 local route at once, prefix route when up, flushed when down',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'EEXIST'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v1', cidr: '2001:db8:1::1/128', nodad: true }, 'ok'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'ok'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'EADDRNOTAVAIL'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::6/64' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'v1' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv6/conf/v0/disable_ipv6', value: '1' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::7/64' }, 'EACCES'),
    ],
  },
  {
    name: 'addresses: IPv6 forwarding answers the subnet-router anycast of each prefix',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv6/conf/v0/forwarding', value: '1' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::6/64' }, 'ok'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8:1::1/127' }, 'ok'),
      s({ op: 'addrDel', ns: 'a', link: 'v0', cidr: '2001:db8::5/64' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv6/conf/all/forwarding', value: '1' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv6/conf/v0/forwarding', value: '0' }, 'ok'),
    ],
  },
  {
    name: 'routes: gateway checks, onlink, replace by key, delete',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.9.0.0/16', gateway: '10.0.2.1', oif: 'v0' } },
        'ENETUNREACH',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.9.0.0/16', gateway: '10.0.2.1', oif: 'v0', onlink: true },
        },
        'ok',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.9.0.0/16', gateway: '10.0.1.1', oif: 'v0' } },
        'EEXIST',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.9.0.0/16', gateway: '10.0.1.1', oif: 'v0', metric: 5 },
        },
        'ok',
      ),
      s(
        { op: 'routeReplace', ns: 'a', spec: { dst: '10.9.0.0/16', oif: 'v1', scope: 'link' } },
        'ok',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.8.0.0/16', gateway: '10.0.1.1' } }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.7.0.0/16', gateway: '10.0.1.1', oif: 'v1' } },
        'ENETUNREACH',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.6.0.0/16', gateway: '10.0.1.255', oif: 'v0' } },
        'EINVAL',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.5.0.0/16', gateway: '10.0.1.1', oif: 'v0', scope: 'link' },
        },
        'ENETUNREACH',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.4.0.0/16', gateway: '10.0.1.20', oif: 'v0' } },
        'ok',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.3.0.0/16', gateway: '1.2.3.4', onlink: true } },
        'ENODEV',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.3.0.0/16', gateway: '10.0.1.20', oif: 'v0', onlink: true },
        },
        'EINVAL',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: 'default', gateway: '10.0.1.253', oif: 'v0', onlink: true, table: 1003 },
        },
        'ok',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.2.0.0/16', gateway: '10.0.1.1', oif: 'v0', table: 1003 },
        },
        'ok',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.1.1.0/16', oif: 'v0' } }, 'EINVAL'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.1.0.0/16', oif: 'v0', prefsrc: '10.0.9.9' } },
        'EINVAL',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.1.0.0/16', oif: 'v0', prefsrc: '10.0.1.20', protocol: 'static' },
        },
        'ok',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.9.0/24', oif: 'v0', scope: 'host' } }, 'ok'),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.8.0/24', type: 'blackhole' } }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.0.7.0/24', type: 'unreachable', table: 1003 } },
        'ok',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.0.6.0/24', type: 'prohibit', oif: 'v0' } },
        'EINVAL',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.5.0/24', type: 'throw' } }, 'ok'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '10.99.0.0/16' } }, 'ESRCH'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '10.9.0.0/16', metric: 5 } }, 'ok'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '10.2.0.0/16' } }, 'ESRCH'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '10.2.0.0/16', table: 1003 } }, 'ok'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '10.0.1.0/24', protocol: 'kernel' } }, 'ok'),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.4.0/24', oif: 'nosuch' } }, 'ENODEV'),
    ],
  },
  {
    name: 'routes: a link going down takes its routes (host scope excepted), also in other tables',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.9.0/24', oif: 'v0', scope: 'host' } }, 'ok'),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.8.0/24', oif: 'v0', scope: 'link' } }, 'ok'),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.0.7.0/24', gateway: '10.0.1.1', oif: 'v0', table: 100 },
        },
        'ok',
      ),
      s({ op: 'linkSetDown', ns: 'a', link: 'v1' }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.0.6.0/24', gateway: '10.0.1.1', oif: 'v0' } },
        'ok',
      ),
      s({ op: 'linkSetDown', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '10.0.5.0/24', oif: 'v0' } }, 'ENETDOWN'),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '10.0.5.0/24', gateway: '10.0.1.1', oif: 'v0', onlink: true },
        },
        'ENETDOWN',
      ),
      s({ op: 'linkSetUp', ns: 'a', link: 'v0' }, 'ok'),
    ],
  },
  {
    name: 'routes: IPv6 gateways',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '2001:db8::1/64' }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '2001:db9::/64', gateway: 'fe80::1', oif: 'v0' } },
        'ok',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '2001:dba::/64', gateway: '2001:db8::99' } }, 'ok'),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '2001:dbb::/64', gateway: '2001:db7::99' } },
        'EHOSTUNREACH',
      ),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: '2001:dbc::/64', gateway: '2001:db8::1', oif: 'v0' },
        },
        'EINVAL',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: '2001:dbd::/64', gateway: 'fe80::1' } }, 'EINVAL'),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: 'default', gateway: 'fe80::1', oif: 'v0', onlink: true },
        },
        'ok',
      ),
      s({ op: 'routeAdd', ns: 'a', spec: { dst: 'fe80::1/128', oif: 'v0' } }, 'ok'),
      s(
        {
          op: 'routeAdd',
          ns: 'a',
          spec: { dst: 'default', gateway: 'fe80::1', oif: 'v0', onlink: true },
        },
        'EEXIST',
      ),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '2001:db9::/64' } }, 'ok'),
      s({ op: 'routeDel', ns: 'a', filter: { dst: '2001:db9::/64' } }, 'ESRCH'),
    ],
  },
  {
    name: 'rules: defaults, priorities, duplicates, deletes, and a blackhole rule behind a gateway',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'addrAdd', ns: 'a', link: 'v0', cidr: '10.0.1.20/24' }, 'ok'),
      s({ op: 'ruleAdd', ns: 'a', spec: { priority: 512, dst: '10.0.1.20/32', table: 254 } }, 'ok'),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 2048, src: '10.0.1.20/32', table: 1003 } },
        'ok',
      ),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 2048, src: '10.0.1.20/32', table: 1003 } },
        'EEXIST',
      ),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 2048, src: '10.0.1.21/32', table: 1003 } },
        'ok',
      ),
      s({ op: 'ruleAdd', ns: 'a', spec: { src: '10.0.0.1/32', table: 100 } }, 'ok'),
      s({ op: 'ruleAdd', ns: 'a', spec: { src: '10.0.0.1/32', table: 100 } }, 'ok'),
      s(
        {
          op: 'ruleAdd',
          ns: 'a',
          spec: { priority: 100, iif: 'lo', oif: 'v0', fwmark: 0x10, fwmask: 0xff, table: 100 },
        },
        'ok',
      ),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 300, action: 'goto', gotoPriority: 200 } },
        'EINVAL',
      ),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 102, action: 'goto', gotoPriority: 200 } },
        'ok',
      ),
      s(
        { op: 'ruleAdd', ns: 'a', spec: { priority: 103, table: 254, suppressPrefixLength: 0 } },
        'ok',
      ),
      s(
        {
          op: 'ruleAdd',
          ns: 'a',
          spec: { family: 6, priority: 512, dst: '2001:db8::1/128', table: 254 },
        },
        'ok',
      ),
      s({ op: 'ruleDel', ns: 'a', filter: { priority: 2048, src: '10.0.1.20/32' } }, 'ok'),
      s({ op: 'ruleDel', ns: 'a', filter: { priority: 2048, src: '10.0.1.20/32' } }, 'ENOENT'),
      s({ op: 'ruleDel', ns: 'a', filter: { family: 6, priority: 512 } }, 'ok'),
      s(
        {
          op: 'ruleAdd',
          ns: 'a',
          spec: { priority: 101, invert: true, src: '10.1.0.0/16', action: 'blackhole' },
        },
        'ok',
      ),
      s(
        { op: 'routeAdd', ns: 'a', spec: { dst: '10.5.0.0/16', gateway: '10.0.1.9', oif: 'v0' } },
        'EINVAL',
      ),
      s(
        {
          op: 'ruleAdd',
          ns: 'a',
          spec: { priority: 99, src: '10.2.0.0/16', action: 'unreachable' },
        },
        'ok',
      ),
      s(
        {
          op: 'ruleAdd',
          ns: 'a',
          spec: { priority: 98, src: '10.3.0.0/16', dst: '2001:db8::/64' },
        },
        'EINVAL',
      ),
    ],
  },
  {
    name: 'neighbours: permanent entries, duplicates, replace, and the flush when a link goes down',
    namespaces: ['a'],
    steps: [
      ...pair('a'),
      s({ op: 'neighAdd', ns: 'a', link: 'v0', ip: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ee' }, 'ok'),
      s(
        { op: 'neighAdd', ns: 'a', link: 'v0', ip: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ee' },
        'EEXIST',
      ),
      s(
        { op: 'neighReplace', ns: 'a', link: 'v0', ip: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ef' },
        'ok',
      ),
      s({ op: 'neighAdd', ns: 'a', link: 'v0', ip: 'fe80::1', mac: 'ee:ee:ee:ee:ee:ee' }, 'ok'),
      s(
        {
          op: 'neighAdd',
          ns: 'a',
          link: 'v1',
          ip: '10.0.1.5',
          mac: '02:00:00:00:00:05',
          state: 'noarp',
        },
        'ok',
      ),
      s({ op: 'neighDel', ns: 'a', link: 'v0', ip: '10.9.9.9' }, 'ENOENT'),
      s({ op: 'neighDel', ns: 'a', link: 'v0', ip: 'fe80::1' }, 'ok'),
      s({ op: 'linkSetDown', ns: 'a', link: 'v0' }, 'ok'),
    ],
  },
  {
    name: 'sysctls: all/forwarding propagates, default seeds new links, unknown paths and bad values',
    namespaces: ['a'],
    steps: [
      s(veth('a', 'v0', 'v1'), 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/all/forwarding', value: '1' }, 'ok'),
      s({ op: 'linkSetUp', ns: 'a', link: 'lo' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/default/rp_filter', value: '2' }, 'ok'),
      s(veth('a', 'w0', 'w1'), 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/w0/rp_filter', value: '0' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net.ipv6.conf.all.forwarding', value: '1' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/ip_forward', value: '0' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv6/conf/v0/accept_ra', value: '0' }, 'ok'),
      s(
        { op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/nosuch/forwarding', value: '1' },
        'ENOENT',
      ),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/v0/forwarding', value: 'yes' }, 'EINVAL'),
      s({ op: 'linkDel', ns: 'a', link: 'v0' }, 'ok'),
      s({ op: 'sysctlSet', ns: 'a', path: 'net/ipv4/conf/v0/forwarding', value: '1' }, 'ENOENT'),
    ],
  },
];
