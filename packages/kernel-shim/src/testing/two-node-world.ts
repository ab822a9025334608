// Two nodes, each with a primary ENI (eth0, vSwitch vsw-0) and a secondary ENI (eth1, vsw-1),
// and one veth policy-route pod per node: the smallest world in which a packet crosses the VPC.
// Built through the Kernel port, so it runs on the model and on the real backend alike.

import type { FabricVSwitch } from '../fabric/fabric-view.js';
import type { KernelMachine } from '../netlink/kernel.js';
import { setupPolicyRoutePod } from './policy-route-pod.js';
import type { StaticEni } from './static-fabric.js';

export const twoNodeVSwitches: readonly FabricVSwitch[] = [
  { vSwitchId: 'vsw-0', cidr: '10.0.0.0/24', gatewayIp: '10.0.0.253' },
  { vSwitchId: 'vsw-1', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.253' },
];

export const twoNodePods = [
  { node: 1, ip: '10.0.1.20', name: 'poda' },
  { node: 2, ip: '10.0.1.30', name: 'podc' },
] as const;

export const twoNodeEnis: readonly (StaticEni & { readonly segment: string })[] = [
  { instanceId: 'i-1', mac: '00:16:3e:00:01:01', ips: ['10.0.0.10'], primary: true, segment: 'vsw-0' },
  { instanceId: 'i-1', mac: '00:16:3e:00:01:02', ips: ['10.0.1.20'], segment: 'vsw-1' },
  { instanceId: 'i-2', mac: '00:16:3e:00:02:01', ips: ['10.0.0.11'], primary: true, segment: 'vsw-0' },
  { instanceId: 'i-2', mac: '00:16:3e:00:02:02', ips: ['10.0.1.30'], segment: 'vsw-1' },
];

/** Builds the world; throws if a step fails (a fixture, not a port). */
export async function buildTwoNodeWorld(kernel: KernelMachine): Promise<void> {
  const check = (label: string, result: { ok: boolean; error?: { message: string } }): void => {
    if (!result.ok) throw new Error(`two-node world: ${label}: ${result.error?.message}`);
  };
  for (const node of [1, 2] as const) {
    const host = `node${node}`;
    check('netns', await kernel.netnsAdd(host));
    check('eth0', await kernel.deviceAttach(host, { name: 'eth0', mac: `00:16:3e:00:0${node}:01`, segment: 'vsw-0' }));
    check('eth0 up', await kernel.linkSetUp(host, 'eth0'));
    check('node ip', await kernel.addrAdd(host, { linkIndex: 2, cidr: `10.0.0.1${node - 1}/24` }));
    check('forwarding', await kernel.sysctlSet(host, 'net/ipv4/conf/all/forwarding', '1'));
    check('eth1', await kernel.deviceAttach(host, { name: 'eth1', mac: `00:16:3e:00:0${node}:02`, segment: 'vsw-1' }));
  }
  for (const pod of twoNodePods) {
    check('pod netns', await kernel.netnsAdd(pod.name));
    check(pod.name, await setupPolicyRoutePod(kernel, {
      hostNs: `node${pod.node}`, podNs: pod.name, eni: 'eth1', podIp: pod.ip, nodeIp: `10.0.0.1${pod.node - 1}`,
      gatewayIp: '10.0.1.253', hostVeth: `cali${pod.name}`, tempName: `veth${pod.name}`,
    }));
  }
}
