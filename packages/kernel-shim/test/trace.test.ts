// trace() on a two-node model world wired by Terway's veth policy-route setup: pods reach their
// gateway and each other (same node and across nodes through the VPC); broken state shows as a
// drop with the reason (the VPC's source check without rule 2048, a missing host route).
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelKernel } from '../src/model/model-kernel.js';
import { trace } from '../src/trace/trace.js';
import { setupPolicyRoutePod, staticFabric, type PolicyRoutePod } from '../src/testing/index.js';
import type { FabricView } from '../src/fabric/fabric-view.js';

const vSwitch = { vSwitchId: 'vsw-1', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.253' };
const nodeSwitch = { vSwitchId: 'vsw-0', cidr: '10.0.0.0/24', gatewayIp: '10.0.0.253' };

const fabric: FabricView = staticFabric({
  vSwitches: [nodeSwitch, vSwitch],
  enis: [
    { instanceId: 'i-1', mac: '00:16:3e:00:01:01', ips: ['10.0.0.10'], primary: true },
    { instanceId: 'i-1', mac: '00:16:3e:00:01:02', ips: ['10.0.1.5', '10.0.1.20', '10.0.1.21'] },
    { instanceId: 'i-2', mac: '00:16:3e:00:02:01', ips: ['10.0.0.11'], primary: true },
    { instanceId: 'i-2', mac: '00:16:3e:00:02:02', ips: ['10.0.1.6', '10.0.1.30'] },
  ],
});

async function node(kernel: ModelKernel, index: 1 | 2): Promise<void> {
  const host = `node${index}`;
  await kernel.netnsAdd(host);
  await kernel.deviceAttach(host, { name: 'eth0', mac: `00:16:3e:00:0${index}:01`, segment: 'vsw-0' });
  await kernel.linkSetUp(host, 'eth0');
  await kernel.addrAdd(host, { linkIndex: 2, cidr: `10.0.0.1${index - 1}/24` });
  await kernel.routeAdd(host, { dst: 'default', gateway: '10.0.0.253', oif: 2 });
  await kernel.sysctlSet(host, 'net/ipv4/conf/all/forwarding', '1');
  await kernel.deviceAttach(host, { name: 'eth1', mac: `00:16:3e:00:0${index}:02`, segment: 'vsw-1' });
}

function pod(index: 1 | 2, podIp: string, name: string): PolicyRoutePod {
  return {
    hostNs: `node${index}`, podNs: name, eni: 'eth1', podIp, nodeIp: `10.0.0.1${index - 1}`, gatewayIp: '10.0.1.253',
    hostVeth: `cali${name}`.slice(0, 15), tempName: `veth${name}`.slice(0, 15),
  };
}

describe('trace', () => {
  let kernel: ModelKernel;
  beforeEach(async () => {
    kernel = new ModelKernel();
    await node(kernel, 1);
    await node(kernel, 2);
    for (const [index, ip, name] of [[1, '10.0.1.20', 'pod-a'], [1, '10.0.1.21', 'pod-b'], [2, '10.0.1.30', 'pod-c']] as const) {
      await kernel.netnsAdd(name);
      const done = await setupPolicyRoutePod(kernel, pod(index, ip, name));
      expect(done.ok).toBe(true);
    }
  });

  it('takes a pod to its vSwitch gateway through the host, rule 2048 and the ENI', () => {
    const result = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.253' });
    expect(result.ok && result.delivered).toEqual({ namespace: 'vpc', link: 'vpc-gateway' });
    expect(result.hops.map((entry) => `${entry.namespace} ${entry.action}`)).toEqual([
      'pod-a route', 'pod-a veth', 'node1 route', 'node1 fabric', 'node1 fabric-deliver',
    ]);
    expect(result.hops[2]!.detail).toBe('rule 2048 from 10.0.1.20/32 -> table 1003: 0.0.0.0/0 via 10.0.1.253 dev eth1');
  });

  it('delivers pod to pod on one node inside the host (rule 512), and across nodes through the VPC', () => {
    const local = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.21' });
    expect(local.ok && local.delivered).toEqual({ namespace: 'pod-b', link: 'eth0' });
    expect(local.hops.some((entry) => entry.action === 'fabric')).toBe(false);
    const remote = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.30' });
    expect(remote.ok && remote.delivered).toEqual({ namespace: 'pod-c', link: 'eth0' });
    expect(remote.hops.map((entry) => entry.namespace)).toEqual(['pod-a', 'pod-a', 'node1', 'node1', 'node2', 'node2', 'node2', 'pod-c']);
  });

  it('shows the black hole when rule 2048 is missing: the VPC drops the pod source on the primary ENI', async () => {
    await kernel.ruleDel('node1', { priority: 2048, src: '10.0.1.20/32' });
    const result = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.30' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.drop.reason).toBe('fabric-source-check');
    expect(!result.ok && result.drop.detail).toContain('10.0.1.20 is not an address of ENI 00:16:3e:00:01:01');
  });

  it('drops at the host when the pod route is gone, and at the pod when its neighbour entry is wrong', async () => {
    await kernel.routeDel('node2', { dst: '10.0.1.30/32' });
    const noRoute = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.30' });
    expect(!noRoute.ok && noRoute.drop.namespace).toBe('node2');
    await kernel.neighReplace('pod-a', { linkIndex: 2, ip: '169.254.1.1', mac: '02:00:00:00:00:09' });
    const wrongMac = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.253' });
    expect(!wrongMac.ok && wrongMac.drop.reason).toBe('wrong-mac');
  });

  it('refuses to forward on a node without forwarding, and reports missing namespaces', async () => {
    await kernel.sysctlSet('node1', 'net/ipv4/conf/all/forwarding', '0');
    const result = trace({ kernel, fabric }, { from: 'pod-a', dst: '10.0.1.253' });
    expect(!result.ok && result.drop.reason).toBe('forwarding-disabled');
    expect(trace({ kernel, fabric }, { from: 'nope', dst: '10.0.1.1' }).ok).toBe(false);
  });
});
