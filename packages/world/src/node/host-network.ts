// A node's host network namespace as the ECS image boots it: loopback up, the primary ENI as
// `eth0` with the node IP on its vSwitch's prefix, and the default route via the vSwitch
// gateway. On a dual-stack vSwitch the primary ENI also has an IPv6 address: `eth0` gets it as a
// /64 and the IPv6 default route goes via the vSwitch's IPv6 gateway, as the image's DHCPv6 client
// sets them up (Terway's CNI needs that route to find the node's IPv6 address), and IPv6 forwarding
// is on (`net.ipv6.conf.all.forwarding=1`, which Kubernetes requires of dual-stack nodes and the
// node's bootstrap sets; Terway itself writes only the per-link knobs). Terway then adds
// what it needs (ENIs, policy rules, pod links) through its datapath.

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
  /** The primary ENI's IPv6 address and the vSwitch's IPv6 gateway, on dual-stack vSwitches. */
  readonly ipv6?: { readonly nodeIp: string; readonly gateway: string } | undefined;
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
    ...ipv6Steps(kernel, host),
  ];
  for (const step of steps) {
    const done = await step();
    if (!done.ok) return err(`host network setup: ${done.error.message}`);
  }
  return ok(undefined);
}

function ipv6Steps(kernel: KernelMachine, host: HostNetwork) {
  const ipv6 = host.ipv6;
  if (ipv6 === undefined) return [];
  return [
    () => kernel.sysctlSet(host.ns, 'net/ipv6/conf/all/forwarding', '1'),
    () => kernel.addrAdd(host.ns, { linkIndex: 2, cidr: `${ipv6.nodeIp}/64`, nodad: true }),
    () => kernel.routeAdd(host.ns, { dst: '::/0', gateway: ipv6.gateway, oif: 2 }),
  ];
}
