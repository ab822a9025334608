import { describe, expect, it } from 'vitest';
import { checkIpvlan, checkPodLink, decideLinkFixes } from '../../src/datapath/check.js';
import { planExclusiveEni } from '../../src/datapath/exclusive-eni.js';
import { getHostIp } from '../../src/datapath/host/host-ip.js';
import { ensureHostNsConfig } from '../../src/datapath/host/host-ns-config.js';
import { planIpvlan } from '../../src/datapath/ipvlan.js';
import { planPolicyRoute } from '../../src/datapath/policy-route.js';
import {
  genericTearDown, planGenericTearDown,
} from '../../src/datapath/teardown/generic-teardown.js';
import {
  rulesOnPrefixes, rulesWithMissingLink,
} from '../../src/datapath/teardown/clean-ip-rules.js';
import { vethNameForPod } from '../../src/datapath/veth-name.js';
import type { CheckConfig } from '../../src/datapath/types.js';
import {
  exampleNode, exampleSetup, hostNs, must, nginxVeth, podNs, runSetup, snapshot,
} from './fixtures.js';

const names = () => { let n = 0; return () => `vethfeed${String(++n).padStart(4, '0')}`; };

describe('GenericTearDown and CleanIPRules', () => {
  it('deletes the veth (and its host peer and /32 '
    + 'route) and leaves the pod namespace with lo', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    expect((await genericTearDown(kernel, { podNs, hostNs, randomVethName: names() })).ok).toBe(
      true
    );
    expect((await snapshot(kernel, podNs)).links.map((l) => l.name)).toEqual(['lo']);
    const host = await snapshot(kernel, hostNs);
    expect(host.links.some((l) => l.name === nginxVeth)).toBe(false);
    expect(host.routes.some((r) => r.dst === '10.0.1.20/32' && r.table === 254)).toBe(false);
  });

  it('returns an exclusive ENI to the host under a random name, down, without addresses; veth1 '
    + 'goes with cali…', async () => {
    const kernel = await exampleNode();
    expect(
      (await runSetup(kernel, planExclusiveEni, exampleSetup({ dp: 'ExclusiveENI' }))).ok
    ).toBe(true);
    expect((await genericTearDown(kernel, { podNs, hostNs, randomVethName: names() })).ok).toBe(
      true
    );
    const host = await snapshot(kernel, hostNs);
    const eni = host.links.find((l) => l.mac === '00:16:3e:00:00:03');
    expect(eni).toMatchObject({ name: 'vethfeed0001', up: false });
    expect(host.addrs.filter((a) => a.linkIndex === eni?.index && a.family === 4)).toEqual([]);
    expect(host.links.some((l) => l.name === nginxVeth)).toBe(false);
  });

  it('is not an error when the pod namespace is gone', async () => {
    const kernel = await exampleNode();
    expect(
      (await genericTearDown(kernel, { podNs: 'no-such-ns', hostNs, randomVethName: names() })).ok
    ).toBe(true);
  });

  it('plans down then delete for virtual links, down + rename + move for devices, nothing for lo '
    + 'or bridges', () => {
    const link = (index: number, name: string, kind: string) => ({
      index, name, kind, mtu: 1500, mac: '00:16:3e:00:00:09', up: true, lowerUp: true, noarp: false,
      namespace: podNs,
    }) as never;
    const groups = planGenericTearDown(
      [
        link(1, 'lo', 'loopback'), link(2, 'eth0', 'veth'), link(3, 'eth1', 'device'),
        link(4, 'br0', 'bridge'),
      ],
      { pod: podNs, host: hostNs }, ['vethabcdef01'],
    );
    expect(groups.map((g) => g.map((s) => s.op))).toEqual([
      ['linkDown', 'linkDelByName'], ['linkDown', 'linkName', 'linkNetns'],
    ]);
  });

  it('CleanIPRules removes legacy iif rules of a missing link and the interface-less rules on '
    + 'the same prefix', async () => {
    const kernel = await exampleNode();
    must(
      await kernel.ruleAdd(
        hostNs, { priority: 2048, src: '10.0.1.30/32', iif: 'cali0000000dead', table: 1003 },
      )
    );
    must(await kernel.ruleAdd(hostNs, { priority: 512, dst: '10.0.1.30/32', table: 254 }));
    must(await kernel.ruleAdd(hostNs, { priority: 512, dst: '10.0.1.31/32', table: 254 }));
    expect((await genericTearDown(kernel, { podNs, hostNs, randomVethName: names() })).ok).toBe(
      true
    );
    const rules = (await snapshot(kernel, hostNs)).rules.filter(
      (r) => r.priority === 512 || r.priority === 2048
    );
    expect(rules.map((r) => r.dst ?? r.src)).toEqual(['10.0.1.31/32']);
  });

  it('the CleanIPRules passes are pure selections', () => {
    const rule = (priority: number, more: object) => ({
      family: 4, priority, action: 'lookup', table: 254, tos: 0, invert: false,
      suppressPrefixLength: -1, ...more,
    }) as never;
    const rules = [
      rule(2048, { src: '10.0.0.1/32', iif: 'gone' }),
      rule(2048, { src: '10.0.0.2/32', iif: 'here' }), rule(512, { dst: '10.0.0.1/32' }),
      rule(1000, { dst: '10.0.0.1/32' }),
    ];
    expect(rulesWithMissingLink(rules, (n) => n === 'here')).toEqual([rules[0]]);
    expect(rulesOnPrefixes(rules, ['10.0.0.1/32'])).toEqual([rules[2]]);
  });
});

const checkConfig = (overrides: Partial<CheckConfig> = {}): CheckConfig => ({
  dp: 'PolicyRoute', containerIfName: 'eth0', containerIpNet: { ipv4: '10.0.1.20/24' }, gatewayIp: {
    ipv4: '10.0.1.253'
  },
  mtu: 1500, eniIndex: 3, trunkEni: false, defaultRoute: true, hostVethName: nginxVeth, hostIpSet: {
    ipv4: '10.0.0.10/32'
  }, ...overrides,
});

describe('CHECK', () => {
  it('decides fixes purely', () => {
    expect(decideLinkFixes({ up: true, mtu: 1500 }, 1500)).toEqual([]);
    expect(decideLinkFixes({ up: false, mtu: 9000 }, 1500)).toEqual(['up', 'mtu']);
  });

  it('sets the pod link up and its MTU back, one ConfigCheck '
    + 'message each, and touches nothing else', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    must(await kernel.linkSetDown(podNs, 'eth0'));
    must(await kernel.linkSetMtu(podNs, 'eth0', 1400));
    const events: string[] = [];
    expect(
      (await checkPodLink(kernel, checkConfig(), podNs, async (m) => { events.push(m); })).ok
    ).toBe(true);
    expect(events).toEqual(['link eth0 set up', 'link eth0 set mtu to 1500']);
    const eth0 = must(await kernel.linkGet(podNs, 'eth0'));
    expect([eth0.up, eth0.mtu]).toEqual([true, 1500]);
    const routes = (await snapshot(kernel, podNs)).routes.filter(
      (r) => r.table === 254 && r.family === 4
    );
    expect(routes).toEqual([]);
  });

  it('IPVlan check also fixes the parent ENI, with its own messages', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planIpvlan, exampleSetup({ dp: 'IPVlan' }))).ok).toBe(true);
    must(await kernel.linkSetDown(podNs, 'eth0'));
    must(await kernel.linkSetDown(hostNs, 'eth1'));
    const events: string[] = [];
    expect(
      (
        await checkIpvlan(
          kernel, checkConfig({ dp: 'IPVlan' }), { host: hostNs, pod: podNs },
          async (m) => { events.push(m); },
        )
      ).ok
    ).toBe(true);
    expect(events).toEqual(['link eth0 set to up', 'parent link id 3 set to up']);
  });

  it('fails when the pod link is missing', async () => {
    const kernel = await exampleNode();
    expect(await checkPodLink(kernel, checkConfig(), podNs, async () => {})).toEqual({
      ok: false, error: { message: 'Link not found', errno: 'ENODEV' },
    });
  });
});

describe('host namespace', () => {
  it('EnsureHostNsConfig sets forwarding/rp_filter on default, all and every link, only when '
    + 'they differ', async () => {
    const kernel = await exampleNode();
    expect((await ensureHostNsConfig(kernel, hostNs, { ipv4: true, ipv6: true })).ok).toBe(true);
    const sysctls = (await snapshot(kernel, hostNs)).sysctls;
    for (const device of ['default', 'all', 'eth0', 'eth1', 'lo']) {
      expect(sysctls[`net/ipv4/conf/${device}/forwarding`]).toBe('1');
      expect(sysctls[`net/ipv4/conf/${device}/rp_filter`]).toBe('0');
    }
    expect(sysctls['net/ipv6/conf/eth1/forwarding']).toBe('1');
  });

  it('GetHostIP picks the address of the default-route '
    + 'interface, and refuses a missing v6 family', async () => {
    const kernel = await exampleNode();
    expect(await getHostIp(kernel, hostNs, { ipv4: true, ipv6: false })).toEqual({
      ok: true, value: { ipv4: '10.0.0.10/32', ipv6: undefined },
    });
    expect(await getHostIp(kernel, hostNs, { ipv4: true, ipv6: true })).toEqual({
      ok: false, error: {
        message: 'error get node ipv6 address.This may due to 1. no ipv6 address 2. no ipv6 '
          + 'default route'
      },
    });
  });

  it('derives the host veth names Terway gives these pods', () => {
    expect(vethNameForPod('client-b6989bf87-2bgtc', 'default', 'eth0')).toBe('calic95a4947e07');
    expect(vethNameForPod('nginx', 'default', '')).toBe('calic440f455693');
    expect(vethNameForPod('nginx', 'default', 'eth1')).toBe('calib2fabf209b3');
  });
});
