import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import { planPolicyRoute, planPolicyRouteTeardown } from '../../src/datapath/policy-route.js';
import { genericTearDown } from '../../src/datapath/teardown/generic-teardown.js';
import { vethNameForPod } from '../../src/datapath/veth-name.js';
import {
  exampleHostEnis, exampleNode, exampleRandom, exampleSetup, hostNs, macOf, must, nginxVeth, podNs,
  showBoth, runSetup, shown, snapshot, vethPodLines,
} from './fixtures.js';


describe('PolicyRoute setup of an nginx pod on the example node', () => {
  it('reproduces the example state exactly', async () => {
    const kernel = await exampleNode();
    const done = await runSetup(kernel, planPolicyRoute, exampleSetup());
    expect(done.ok).toBe(true);
    const state = await showBoth(kernel);
    const hostVethMac = macOf(state.hostSnapshot, nginxVeth);
    expect(state.pod).toEqual(vethPodLines(state, '10.0.1.20'));
    expect(state.host).toEqual([
      '$ ip addr show',
      ...exampleHostEnis,
      `4: ${nginxVeth}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP `
        + 'group default qlen 1000',
      `    link/ether ${hostVethMac} brd ff:ff:ff:ff:ff:ff link-netns pod-nginx`,
      '$ ip route show table all',
      'default via 10.0.1.253 dev eth1 table 1003 onlink ',
      'default via 10.0.0.253 dev eth0 ',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10 ',
      `10.0.1.20 dev ${nginxVeth} scope link `,
      '$ ip rule show',
      '512:\tfrom all to 10.0.1.20 lookup main',
      '2048:\tfrom 10.0.1.20 lookup 1003',
    ]);
  });

  it('plans the steps in Terway\'s order: veth, pod config, ENI config, host veth config', () => {
    const hostLinks = [
      {
        index: 3, name: 'eth1', kind: 'device', mac: '00:16:3e:00:00:03', mtu: 1500, up: false,
        lowerUp: false, noarp: false, namespace: hostNs, operstate: 'DOWN', minMtu: 68,
        maxMtu: 65535, txQueueLen: 1000, txQueues: 2, rxQueues: 2,
      } as const
    ];
    const plan = must(
      planPolicyRoute({
        cfg: exampleSetup(), ns: { host: hostNs, pod: podNs }, hostLinks, random: exampleRandom,
      })
    );
    expect(plan.steps.map((s) => `${s.ns} ${s.op}`)).toEqual([
      `${hostNs} veth`, `${hostNs} linkRequire`,
      `${podNs} linkRequire`, `${podNs} linkName`, `${podNs} linkMtu`, `${podNs} addr`,
      `${podNs} linkUp`, `${podNs} neigh`, `${podNs} route`,
      `${hostNs} linkMtu`, `${hostNs} addr`, `${hostNs} linkUp`, `${hostNs} route`,
      `${hostNs} linkMtu`, `${hostNs} linkUp`, `${hostNs} route`, `${hostNs} rule`,
      `${hostNs} rule`,
    ]);
    expect(plan.steps.find((s) => s.op === 'rule' && s.rule.priority === 2048)).toMatchObject({
      rule: { src: '10.0.1.20/32', table: 1003 }
    });
  });

  it('fails with "Link not found" when the ENI index is not a host link', () => {
    const planned = planPolicyRoute({
      cfg: exampleSetup({ eniIndex: 9 }), ns: { host: hostNs, pod: podNs }, hostLinks: [],
      random: exampleRandom,
    });
    expect(planned).toEqual({ ok: false, error: { message: 'Link not found', errno: 'ENODEV' } });
  });

  it('removes other global IPv4 addresses from the ENI (Terway\'s EnsureAddr)', async () => {
    const kernel = await exampleNode();
    must(await kernel.addrAdd(hostNs, { linkIndex: 3, cidr: '10.0.1.99/24' }));
    must(await kernel.addrAdd(hostNs, { linkIndex: 3, cidr: '169.254.7.7/16' }));
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    const addrs = (await snapshot(kernel, hostNs)).addrs.filter(
      (a) => a.linkIndex === 3 && a.family === 4
    ).map((a) => a.cidr);
    expect(addrs.sort()).toEqual(['10.0.0.10/32', '169.254.7.7/16']);
  });

  it('re-applying the ENI and host-veth configuration changes nothing', async () => {
    const kernel = await exampleNode();
    const hostLinks = must(await kernel.linkList(hostNs));
    const plan = must(
      planPolicyRoute({
        cfg: exampleSetup(), ns: { host: hostNs, pod: podNs }, hostLinks, random: exampleRandom,
      })
    );
    expect((await applyPlan(kernel, plan)).ok).toBe(true);
    const after = plan.steps.slice(
      plan.steps.findIndex((s) => s.ns === podNs && s.op === 'linkName')
    );
    const again = await applyPlan(kernel, { steps: after });
    expect(again).toEqual({ ok: true, value: { changes: [] } });
  });

  it('a second full ADD for the same pod fails once: veth.Setup deletes the existing peer; the '
    + 'third succeeds', async () => {
    const kernel = await exampleNode();
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    const second = await runSetup(kernel, planPolicyRoute, exampleSetup());
    expect(second).toMatchObject({ ok: false, error: { message: 'Link not found' } });
    expect((await snapshot(kernel, podNs)).links.map((l) => l.name)).toEqual(['lo']);
    const third = await runSetup(kernel, planPolicyRoute, exampleSetup());
    expect(third.ok).toBe(true);
  });

  it('migrates a legacy `iif cali…` 2048 rule (EnsureIPRule '
    + 'deletes rules whose iif differs)', async () => {
    const kernel = await exampleNode();
    must(
      await kernel.ruleAdd(
        hostNs, { priority: 2048, src: '10.0.1.20/32', iif: nginxVeth, table: 1003 },
      )
    );
    expect((await runSetup(kernel, planPolicyRoute, exampleSetup())).ok).toBe(true);
    const rules = (await snapshot(kernel, hostNs)).rules.filter((r) => r.priority === 2048);
    expect(rules.map((r) => ({ src: r.src, iif: r.iif, table: r.table }))).toEqual([{
      src: '10.0.1.20/32', iif: undefined, table: 1003,
    }]);
  });
});

describe('PolicyRoute properties', () => {
  const podIp = fc.integer({ min: 1, max: 250 }).map((n) => `10.0.1.${n}`);
  const pods = fc.uniqueArray(podIp, { minLength: 1, maxLength: 6 });

  it('every pod IP gets exactly one 512 and one 2048 rule; teardown removes them and keeps the '
    + 'shared ENI state', async () => {
    await fc.assert(fc.asyncProperty(pods, fc.nat(), async (ips, cut) => {
      const kernel = await exampleNode();
      for (const [i, ip] of ips.entries()) {
        const ns = `pod${i}`;
        must(await kernel.netnsAdd(ns));
        const hostLinks = must(await kernel.linkList(hostNs));
        const cfg = exampleSetup({
          containerIpNet: { ipv4: `${ip}/24` },
          hostVethName: vethNameForPod(`p${i}`, 'default', 'eth0'),
        });
        const plan = must(
          planPolicyRoute({
            cfg, ns: { host: hostNs, pod: ns }, hostLinks,
            random: { ...exampleRandom, veth: `veth${String(i).padStart(8, '0')}` },
          })
        );
        expect((await applyPlan(kernel, plan)).ok).toBe(true);
      }
      const rules = (await snapshot(kernel, hostNs)).rules;
      for (const ip of ips) {
        expect(
          rules.filter((r) => r.priority === 512 && r.dst === `${ip}/32` && r.table === 254)
        ).toHaveLength(1);
        expect(
          rules.filter((r) => r.priority === 2048 && r.src === `${ip}/32` && r.table === 1003)
        ).toHaveLength(1);
      }
      const removed = ips.slice(0, (cut % ips.length) + 1);
      for (const ip of removed) {
        const i = ips.indexOf(ip);
        must(
          await genericTearDown(
            kernel, { podNs: `pod${i}`, hostNs, randomVethName: () => 'vethdeadbeef' },
          )
        );
        const teardown = planPolicyRouteTeardown(
          {
            dp: 'PolicyRoute', hostVethName: '', eniIndex: 3, containerIpNet: { ipv4: `${ip}/24` },
            serviceCidr: {}, enableNetworkPriority: false,
          },
          hostNs,
        );
        expect((await applyPlan(kernel, teardown)).ok).toBe(true);
      }
      const after = await snapshot(kernel, hostNs);
      for (const ip of removed) {
        expect(after.rules.some((r) => r.dst === `${ip}/32` || r.src === `${ip}/32`)).toBe(false);
        expect(after.routes.some((r) => r.dst === `${ip}/32`)).toBe(false);
      }
      if (removed.length === ips.length) {
        // Only what all pods on the ENI share is left: the ENI up, the node IP on it, table 1003.
        expect(shown(after)).toEqual([
          '$ ip addr show', ...exampleHostEnis,
          '$ ip route show table all',
          'default via 10.0.1.253 dev eth1 table 1003 onlink ',
          'default via 10.0.0.253 dev eth0 ',
          '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.10 ',
        ]);
      }
    }), { numRuns: 15 });
  });
});
