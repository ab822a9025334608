// What a PodENI allocation puts in the CNI plugin's NetConf (Terway's pkg/eni/remote.go
// `RemoteIPResource.ToRPC`): one NetConf per allocation with
// the member/exclusive ENI's IP(s), its vSwitch CIDR and a *derived* gateway (third address from
// the end of the CIDR, not metadata), the ENI's MAC, the allocation's interface name, extra routes
// and default-route flag. With a trunk ENI the ENI info becomes trunk = true, MAC = the trunk
// ENI's MAC, gateway = the trunk ENI's gateway and vid = the member's VLAN id (DeviceIndex).
// Quirk kept: a missing CIDR, an underivable gateway or a missing eniInfos entry makes the whole
// result empty (Terway returns nil), and the CNI ADD then fails.

import type { RemoteIpResource } from '../pool/types.js';
import type { Allocation } from '../ports/crd.js';
import type { IpSet, NetConf } from '../rpc/messages.js';
import { deriveGatewayIp } from '../vswitch/derive-gateway.js';

interface Addressing {
  readonly podIp: IpSet;
  readonly cidr: IpSet;
  readonly gateway: IpSet;
}

/** Pod IP, CIDR and derived gateway per family; undefined when a family cannot be addressed. */
function addressing(alloc: Allocation): Addressing | undefined {
  const podIp: { ipv4?: string; ipv6?: string } = {};
  const cidr: { ipv4?: string; ipv6?: string } = {};
  const gateway: { ipv4?: string; ipv6?: string } = {};
  const families = [['ipv4', alloc.ipv4, alloc.ipv4CIDR], ['ipv6', alloc.ipv6, alloc.ipv6CIDR]] as
    const;
  for (const [family, ip, block] of families) {
    if (ip === '') continue;
    podIp[family] = ip;
    cidr[family] = block;
    gateway[family] = deriveGatewayIp(block);
    if (block === '' || gateway[family] === '') return undefined;
  }
  return { podIp, cidr, gateway };
}

export function remoteNetConfs(resource: RemoteIpResource): NetConf[] {
  const netConfs: NetConf[] = [];
  const { podEni, trunkEni } = resource;
  for (const alloc of podEni.spec.allocations) {
    const address = addressing(alloc);
    const info = podEni.status.eniInfos[alloc.eni.id];
    if (address === undefined || info === undefined) return [];
    const trunk = trunkEni === undefined ? undefined : {
      mac: trunkEni.mac,
      gatewayIp: { ipv4: trunkEni.gatewayIp.ipv4, ipv6: trunkEni.gatewayIp.ipv6 },
    };
    netConfs.push({
      basicInfo: { podIp: address.podIp, podCidr: address.cidr, gatewayIp: address.gateway,
        serviceCidr: {} },
      eniInfo: { mac: trunk?.mac ?? alloc.eni.mac, trunk: trunk !== undefined,
        vid: trunk === undefined ? 0 : info.vid, gatewayIp: trunk?.gatewayIp ?? {}, erdma: false,
        vfId: info.vfID },
      ifName: alloc.interface,
      extraRoutes: alloc.extraRoutes.map((route) => ({ dst: route.dst })),
      defaultRoute: alloc.defaultRoute,
    });
  }
  return netConfs;
}
