// Two hosts in one VPC, each routing a workload subnet of its own to a workload namespace behind a
// veth: the smallest world in which a packet leaves a namespace, crosses a host and the VPC, and
// enters a namespace on the other host. Plain routing, as any host-gateway network does it (an
// address on each veth end, the host forwarding, a VPC route entry per host subnet); it models
// no Terway datapath on purpose. Terway's datapaths, as its CNI plugin builds them, are traced
// and sent packets through in packages/world (test/kernel-verify).
//
// Built through the Kernel port, so it runs on the model and on the real backend alike; the
// `fabric` (VPC) the model's trace reads is the same one the real backend programs.

import type { FabricRouteEntry, FabricView, FabricVSwitch } from '../fabric/fabric-view.js';
import type { KernelMachine } from '../netlink/kernel.js';
import type { KernelResult } from '../netlink/errors.js';
import { staticFabric, type StaticEni } from '../fabric/static-fabric.js';

export const twoNodeVSwitches: readonly FabricVSwitch[] = [
  { vSwitchId: 'vsw-0', cidr: '10.0.0.0/24', gatewayIp: '10.0.0.253' },
];

export interface TwoNodeHost {
  readonly ns: string;
  readonly instanceId: string;
  readonly mac: string;
  readonly ip: string;
  /** The workload namespace, its subnet, the host's address in it and the workload's. */
  readonly workload: {
    readonly ns: string; readonly subnet: string; readonly hostIp: string; readonly ip: string;
  };
}

export const twoNodeHosts: readonly TwoNodeHost[] = [
  {
    ns: 'node1', instanceId: 'i-1', mac: '00:16:3e:00:01:01', ip: '10.0.0.10',
    workload: { ns: 'poda', subnet: '192.168.1.0/24', hostIp: '192.168.1.1', ip: '192.168.1.2' },
  },
  {
    ns: 'node2', instanceId: 'i-2', mac: '00:16:3e:00:02:01', ip: '10.0.0.11',
    workload: { ns: 'podc', subnet: '192.168.2.0/24', hostIp: '192.168.2.1', ip: '192.168.2.2' },
  },
];

export const twoNodeEnis: readonly (StaticEni & { readonly segment: string })[] = twoNodeHosts.map(
  (host) => ({
    instanceId: host.instanceId, mac: host.mac, ips: [host.ip], primary: true, segment: 'vsw-0',
  }),
);

/** Each host's workload subnet routed to the host by the VPC route table. */
export const twoNodeRouteEntries: readonly FabricRouteEntry[] = twoNodeHosts.map((host) => ({
  destinationCidr: host.workload.subnet, nextHopType: 'Instance', nextHopId: host.instanceId,
}));

export const twoNodeFabric: FabricView = staticFabric({
  vSwitches: twoNodeVSwitches, enis: twoNodeEnis, routeEntries: twoNodeRouteEntries,
});

function check(label: string, result: KernelResult<unknown>): void {
  if (!result.ok) throw new Error(`two-node world: ${label}: ${result.error.message}`);
}

async function buildHost(kernel: KernelMachine, host: TwoNodeHost): Promise<void> {
  const { ns, workload } = host;
  check('netns', await kernel.netnsAdd(ns));
  check('eth0', await kernel.deviceAttach(ns, { name: 'eth0', mac: host.mac, segment: 'vsw-0' }));
  check('eth0 up', await kernel.linkSetUp(ns, 'eth0'));
  check('host ip', await kernel.addrAdd(ns, { linkIndex: 2, cidr: `${host.ip}/24` }));
  const hostDefault = { dst: 'default', gateway: '10.0.0.253', oif: 2 } as const;
  check('host default', await kernel.routeAdd(ns, hostDefault));
  check('forwarding', await kernel.sysctlSet(ns, 'net/ipv4/conf/all/forwarding', '1'));
  check('workload netns', await kernel.netnsAdd(workload.ns));
  const peer = { name: 'eth0', namespace: workload.ns };
  const veth = await kernel.linkAdd(ns, { kind: 'veth', name: `v${workload.ns}`, peer });
  check('veth', veth);
  const length = workload.subnet.split('/')[1]!;
  const linkIndex = veth.ok ? veth.value.index : 0;
  const hostEnd = { linkIndex, cidr: `${workload.hostIp}/${length}` };
  check('host end address', await kernel.addrAdd(ns, hostEnd));
  check('host end up', await kernel.linkSetUp(ns, `v${workload.ns}`));
  check('workload lo up', await kernel.linkSetUp(workload.ns, 'lo'));
  const inside = await kernel.linkGet(workload.ns, 'eth0');
  check('workload eth0', inside);
  const index = inside.ok ? inside.value.index : 0;
  const address = { linkIndex: index, cidr: `${workload.ip}/${length}` };
  check('workload address', await kernel.addrAdd(workload.ns, address));
  check('workload eth0 up', await kernel.linkSetUp(workload.ns, index));
  const gateway = { dst: 'default', gateway: workload.hostIp, oif: index };
  check('workload default', await kernel.routeAdd(workload.ns, gateway));
}

/** Builds the world; throws if a step fails (a fixture, not a port). */
export async function buildTwoNodeWorld(kernel: KernelMachine): Promise<void> {
  for (const host of twoNodeHosts) await buildHost(kernel, host);
}
