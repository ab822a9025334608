// The kernel model's VPC fabric over the cloud emulator's state: who owns an IP (an ENI of an
// instance, or a trunk member riding its trunk's VLAN), which vSwitch holds it, and the VPC's
// custom route entries (VPC route mode's per-node podCIDR routes), and the security groups of
// its ENIs as the fabric's filter, and the way out to the Internet (EIPs, NAT gateways' SNAT).

import { egressOf, isInternetAddress, type CloudEmulator } from '@terway-sim/cloud-emulator';
import type {
  FabricCrossing,
  FabricInternetExit,
  FabricOwner,
  FabricRouteEntry,
  FabricView,
  FabricVSwitch,
  SecurityGroupBlock,
} from '@terway-sim/kernel-shim';
import { ipv4InCidr, parseIpv4, parseIpv4Cidr } from '@terway-sim/sim-base';
import { SecurityGroupFilter } from './security-filter.js';

export class CloudFabric implements FabricView {
  /** MAC → instance, rebuilt only when the cloud state object changes (it is immutable). */
  private macIndex: { state: unknown; instances: Map<string, string> } | undefined;
  private readonly securityGroups: SecurityGroupFilter;

  constructor(
    private readonly cloud: CloudEmulator,
    private readonly vpcId: string,
    private readonly routeTableId: string,
  ) {
    this.securityGroups = new SecurityGroupFilter(cloud);
  }

  filter(crossing: FabricCrossing): SecurityGroupBlock | undefined {
    return this.securityGroups.filter(crossing);
  }

  internet(packet: { src: string; dst: string;
    srcEniMac: string }): FabricInternetExit | undefined {
    if (!isInternetAddress(packet.dst)) return undefined;
    const eni = this.securityGroups.eniOf(packet.srcEniMac);
    const view = this.cloud.view();
    const exit = egressOf(view.eips(), view.natGateways(), { src: packet.src, vpcId: this.vpcId,
      ...(eni === undefined ? {} : { eniId: eni.eniId }),
      ...(eni?.primaryOf === undefined ? {} : { primaryOf: eni.primaryOf }) });
    if (exit.via === 'none') return exit;
    return { via: exit.via, publicIp: exit.publicIp,
      id: exit.via === 'eip' ? exit.allocationId : exit.snatEntryId };
  }

  instanceOfEni(mac: string): string | undefined {
    const state = this.cloud.state;
    if (this.macIndex?.state !== state) {
      const instances = new Map<string, string>();
      for (const eni of this.cloud.view().enis()) {
        const instanceId = eni.attachment?.instanceId;
        if (instanceId !== undefined) instances.set(eni.mac, instanceId);
      }
      this.macIndex = { state, instances };
    }
    return this.macIndex.instances.get(mac.toLowerCase());
  }

  ownerOf(ip: string): FabricOwner | undefined {
    const view = this.cloud.view();
    const found = ip.includes(':') ? view.ipv6Owner(ip) : view.ipv4Owner(this.vpcId, ip);
    if (found === undefined) return undefined;
    const eni = view.eni(found.eniId);
    const instanceId = eni?.attachment?.instanceId;
    if (eni === undefined || instanceId === undefined || eni.status !== 'InUse') return undefined;
    const trunkId = eni.attachment?.trunkEniId;
    if (eni.type === 'Member' && trunkId != null) {
      const trunk = view.eni(trunkId);
      if (trunk === undefined) return undefined;
      return {
        instanceId,
        eniMac: eni.mac,
        trunk: { trunkMac: trunk.mac, vlanId: eni.attachment?.deviceIndex ?? 0 },
      };
    }
    return { instanceId, eniMac: eni.mac };
  }

  vSwitchOf(ip: string): FabricVSwitch | undefined {
    const value = parseIpv4(ip);
    if (value === undefined) return undefined;
    const usage = this.cloud
      .view()
      .vSwitches()
      .find(
        (entry) =>
          entry.vSwitch.vpcId === this.vpcId &&
          ipv4InCidr(value, parseIpv4Cidr(entry.vSwitch.cidrBlock)!),
      );
    return usage === undefined
      ? undefined
      : { vSwitchId: usage.vSwitch.id, cidr: usage.vSwitch.cidrBlock, gatewayIp: usage.gateway };
  }

  routeEntries(): readonly FabricRouteEntry[] {
    return this.cloud
      .view()
      .routeEntries(this.routeTableId)
      .filter(
        (entry) =>
          entry.status === 'Created' && entry.type === 'Custom' && entry.nextHopType === 'Instance',
      )
      .map((entry) => ({
        destinationCidr: entry.destinationCidrBlock,
        nextHopType: 'Instance' as const,
        nextHopId: entry.nextHopId,
      }));
  }

  primaryEniMacOf(instanceId: string): string | undefined {
    const view = this.cloud.view();
    const instance = view.instance(instanceId);
    return instance === undefined ? undefined : view.eni(instance.primaryEniId)?.mac;
  }
}
