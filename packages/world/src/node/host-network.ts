// A node's host network namespace as the ECS image boots it: loopback up, the primary ENI as
// `eth0` with the node IP on its vSwitch's prefix, and the default route via the vSwitch
// gateway. Terway then adds what it needs (ENIs, policy rules, pod links) through its datapath.

import type { KernelMachine } from '@terway-sim/kernel-shim';
import { err, ok, type Result } from '@terway-sim/sim-base';

export interface HostNetwork {
  readonly ns: string;
  readonly primaryMac: string;
  readonly nodeIp: string;
  /** The vSwitch of the primary ENI: its id (the fabric segment), CIDR and gateway. */
  readonly vSwitchId: string;
  readonly vSwitchCidr: string;
  readonly gateway: string;
}

export async function setUpHostNetwork(kernel: KernelMachine,
  host: HostNetwork): Promise<Result<void, string>> {
  const prefix = host.vSwitchCidr.split('/')[1];
  const steps = [
    () => kernel.netnsAdd(host.ns),
    () => kernel.linkSetUp(host.ns, 'lo'),
    () => kernel.deviceAttach(host.ns, { name: 'eth0', mac: host.primaryMac,
      segment: host.vSwitchId }),
    () => kernel.linkSetUp(host.ns, 'eth0'),
    () => kernel.addrAdd(host.ns, { linkIndex: 2, cidr: `${host.nodeIp}/${prefix}` }),
    () => kernel.routeAdd(host.ns, { dst: '0.0.0.0/0', gateway: host.gateway, oif: 2 }),
  ];
  for (const step of steps) {
    const done = await step();
    if (!done.ok) return err(`host network setup: ${done.error.message}`);
  }
  return ok(undefined);
}
