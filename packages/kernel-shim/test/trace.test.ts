// trace() on the plain two-host model world (testing/two-node-world.ts: a workload subnet per
// host behind a veth, the VPC routing each subnet to its host): a workload reaches the other
// host's workload through the VPC; policy rules choose tables; broken state shows as a drop with
// the reason. Terway's own datapaths are traced in packages/world (test/kernel-verify).
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelKernel } from '../src/model/model-kernel.js';
import { trace } from '../src/trace/trace.js';
import type { FabricCrossing, FabricView } from '../src/fabric/fabric-view.js';
import { staticFabric } from '../src/fabric/static-fabric.js';
import {
  buildTwoNodeWorld, twoNodeEnis, twoNodeFabric, twoNodeVSwitches,
} from '../src/testing/index.js';

describe('trace', () => {
  let kernel: ModelKernel;
  beforeEach(async () => {
    kernel = new ModelKernel();
    await buildTwoNodeWorld(kernel);
  });

  const traced = (packet: Parameters<typeof trace>[1]): ReturnType<typeof trace> => (
    trace({ kernel, fabric: twoNodeFabric }, packet));

  it('takes a workload to the other host\'s workload: veth, host, VPC route, host, veth', () => {
    const result = traced({ from: 'poda', dst: '192.168.2.2' });
    expect(result.ok && result.delivered).toEqual({ namespace: 'podc', link: 'eth0' });
    expect(result.hops.map((entry) => `${entry.namespace} ${entry.action}`)).toEqual([
      'poda route', 'poda veth', 'node1 route', 'node1 fabric', 'node2 fabric-deliver',
      'node2 route', 'node2 veth', 'podc deliver',
    ]);
    // Lookups are described in iproute2's words (`ip rule show`, `ip route show table all`).
    const main = 'rule 32766: from all lookup main -> ';
    expect(result.hops[0]!.detail).toBe(`${main}default via 192.168.1.1 dev eth0`);
    expect(result.hops[2]!.detail).toBe(`${main}default via 10.0.0.253 dev eth0`);
    expect(result.hops[5]!.detail).toBe(
      `${main}192.168.2.0/24 dev vpodc proto kernel scope link src 192.168.2.1`,
    );
  });

  it('follows a policy rule to its table, and names the rule as `ip rule show` does', async () => {
    const route = { dst: 'default', gateway: '10.0.0.253', oif: 2, table: 100 };
    expect((await kernel.routeAdd('node1', route)).ok).toBe(true);
    const rule = { priority: 100, src: '192.168.1.0/24', table: 100 };
    expect((await kernel.ruleAdd('node1', rule)).ok).toBe(true);
    const result = traced({ from: 'poda', dst: '192.168.2.2' });
    expect(result.ok).toBe(true);
    expect(result.hops[2]!.detail).toBe(
      'rule 100: from 192.168.1.0/24 lookup 100 -> default via 10.0.0.253 dev eth0 table 100',
    );
  });

  it('the VPC drops a source that is neither an ENI address nor routed to the instance', () => {
    const noEntries = staticFabric({ vSwitches: twoNodeVSwitches, enis: twoNodeEnis });
    const result = trace({ kernel, fabric: noEntries }, { from: 'poda', dst: '10.0.0.11' });
    expect(!result.ok && result.drop.reason).toBe('fabric-source-check');
    expect(!result.ok && result.drop.detail)
      .toContain('192.168.1.2 is not an address of ENI 00:16:3e:00:01:01');
  });

  it('asks the fabric\'s filter at the ENI the packet leaves and at the one it enters', () => {
    const asked: FabricCrossing[] = [];
    const block = { kind: 'securityGroup', id: 'sg-1', rule: 'sgr-1', direction: 'ingress',
      eni: 'eni-2' } as const;
    const filtering = (blocking: boolean): FabricView => ({
      ownerOf: (ip) => twoNodeFabric.ownerOf(ip),
      vSwitchOf: (ip) => twoNodeFabric.vSwitchOf(ip),
      routeEntries: () => twoNodeFabric.routeEntries(),
      primaryEniMacOf: (id) => twoNodeFabric.primaryEniMacOf(id),
      instanceOfEni: (mac) => twoNodeFabric.instanceOfEni(mac),
      filter: (crossing) => {
        asked.push(crossing);
        return blocking && crossing.direction === 'ingress' ? block : undefined;
      },
    });
    const packet = { from: 'poda', dst: '192.168.2.2', protocol: 'tcp', port: 80 } as const;
    expect(trace({ kernel, fabric: filtering(false) }, packet).ok).toBe(true);
    // The workloads' addresses are routed to the hosts: their primary ENIs are the ends.
    const ends = { srcEniMac: '00:16:3e:00:01:01', dstEniMac: '00:16:3e:00:02:01',
      src: '192.168.1.2', dst: '192.168.2.2', protocol: 'tcp', port: 80 };
    expect(asked).toEqual([{ direction: 'egress', ...ends }, { direction: 'ingress', ...ends }]);
    const dropped = trace({ kernel, fabric: filtering(true) }, packet);
    expect(dropped.ok ? 'delivered' : dropped.drop).toEqual({ reason: 'security-group',
      namespace: 'node1', because: block,
      detail: 'security group sg-1 (rule sgr-1) drops it entering ENI eni-2' });
  });

  it('drops at a host whose veth is down, and at a workload with a wrong gateway MAC', async () => {
    await kernel.linkSetDown('node2', 'vpodc');
    const down = traced({ from: 'poda', dst: '192.168.2.2' });
    expect(!down.ok && down.drop.namespace).toBe('node2');
    const eth0 = await kernel.linkGet('poda', 'eth0');
    const linkIndex = eth0.ok ? eth0.value.index : 0;
    await kernel.neighReplace('poda', { linkIndex, ip: '192.168.1.1', mac: '02:00:00:00:00:09' });
    const wrongMac = traced({ from: 'poda', dst: '10.0.0.253' });
    expect(!wrongMac.ok && wrongMac.drop.reason).toBe('wrong-mac');
  });

  it('will not forward on a host without forwarding, and reports missing namespaces', async () => {
    await kernel.sysctlSet('node1', 'net/ipv4/conf/all/forwarding', '0');
    const result = traced({ from: 'poda', dst: '10.0.0.253' });
    expect(!result.ok && result.drop.reason).toBe('forwarding-disabled');
    expect(traced({ from: 'nope', dst: '10.0.0.1' }).ok).toBe(false);
  });
});
