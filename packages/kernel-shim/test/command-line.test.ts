import { describe, expect, it } from 'vitest';
import {
  parseIpCommand, parseTcCommand, selectLink, viewCommand, type Iproute2View,
} from '../src/index.js';

describe('ip and tc command lines', () => {
  it('reads what people type, abbreviations included, into the view iproute2 prints', () => {
    const cases: ReadonlyArray<{ readonly typed: string; readonly command: string }> = [
      { typed: 'ip a', command: 'ip addr show' },
      { typed: 'ip address show', command: 'ip addr show' },
      { typed: 'ip -d l', command: 'ip -d link show' },
      { typed: 'ip link list', command: 'ip link show' },
      { typed: 'ip r', command: 'ip route show' },
      { typed: 'ip -6 route show', command: 'ip -6 route show' },
      { typed: 'ip r show table all', command: 'ip route show table all' },
      { typed: 'ip -4 r show table all', command: 'ip -4 route show table all' },
      { typed: 'ip route show table 1003', command: 'ip route show table 1003' },
      { typed: 'ip ru', command: 'ip rule show' },
      { typed: 'ip -6 rule', command: 'ip -6 rule show' },
      { typed: 'ip neighbor', command: 'ip neigh show' },
      { typed: 'ip n show', command: 'ip neigh show' },
      { typed: 'tc qdisc', command: 'tc qdisc show' },
      { typed: 'tc q show dev eth1', command: 'tc qdisc show dev eth1' },
      { typed: 'tc filter show dev eth1 egress', command: 'tc filter show dev eth1 egress' },
      { typed: 'tc f show dev eth0 parent 1:', command: 'tc filter show dev eth0 parent 1:' },
    ];
    for (const { typed, command } of cases) {
      const [tool, ...args] = typed.split(' ');
      const parsed = tool === 'ip' ? parseIpCommand(args) : parseTcCommand(args);
      expect(parsed.ok, typed).toBe(true);
      if (parsed.ok) expect(viewCommand(parsed.value.view), typed).toBe(command);
    }
  });

  it('keeps the device of ip link|addr show [dev] NAME', () => {
    const parsed = parseIpCommand(['addr', 'show', 'dev', 'eth1']);
    const view: Iproute2View = { tool: 'ip', object: 'addr' };
    expect(parsed).toEqual({ ok: true, value: { view, dev: 'eth1' } });
    expect(parseIpCommand(['link', 'eth0'])).toMatchObject({ ok: true, value: { dev: 'eth0' } });
  });

  it('refuses what would change the namespace or is not offered, saying what is', () => {
    const cases: ReadonlyArray<{ readonly typed: string; readonly says: RegExp }> = [
      { typed: 'ip route add default via 1.1.1.1', says: /only show is offered.*not add/ },
      { typed: 'ip link set eth0 down', says: /only show is offered.*not set/ },
      { typed: 'ip xfrm',
        says: /object xfrm is not offered; use link, addr, route, rule or neigh/ },
      { typed: 'ip', says: /object \(none\) is not offered/ },
      { typed: 'ip -j a', says: /option -j is not offered/ },
      { typed: 'ip route show table bogus', says: /table bogus is not all, main, local/ },
      { typed: 'tc class show', says: /object class is not offered; use qdisc or filter/ },
      { typed: 'tc filter show dev eth0', says: /dev NAME ingress\|egress\|parent HANDLE/ },
      { typed: 'tc qdisc del dev eth0 root', says: /only show is offered.*not del/ },
    ];
    for (const { typed, says } of cases) {
      const [tool, ...args] = typed.split(' ');
      const parsed = tool === 'ip' ? parseIpCommand(args) : parseTcCommand(args);
      expect(parsed.ok, typed).toBe(false);
      if (!parsed.ok) expect(parsed.error, typed).toMatch(says);
    }
  });

  it('selects one link block of ip link|addr text, veth peers with @ included', () => {
    const text = '1: lo: <LOOPBACK> mtu 65536\n    link/loopback\n'
      + '2: eth0@if5: <UP> mtu 1500\n    link/ether a\n    inet 10.0.0.1/24\n'
      + '3: eth1: <UP> mtu 1500\n    link/ether b\n';
    expect(selectLink(text, 'eth0')).toBe('2: eth0@if5: <UP> mtu 1500\n    link/ether a\n'
      + '    inet 10.0.0.1/24\n');
    expect(selectLink(text, 'eth1')).toBe('3: eth1: <UP> mtu 1500\n    link/ether b\n');
  });
});
