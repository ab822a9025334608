// The net configs the daemon hands the CNI plugin and what it stores per pod, as Terway's
// pkg/eni/local.go (`LocalIPResource.ToRPC` / `ToStore`) and daemon/daemon.go
// (`defaultForNetConf`, `getPodIPs`, `parseNetworkResource`) build them:
//   - a PodENI allocation (RemoteIP) becomes remote/remote-netconf.ts's net configs, not stored;
//   - a local secondary IP becomes one NetConf: pod IP(s), the ENI's vSwitch CIDR and metadata
//     gateway, ENI MAC, IfName "", DefaultRoute true;
//   - the stored item is `eniIp` with id `<mac>.<ip>` (`<mac>.<v4>-<v6>` dual stack);
//   - the stored `NetConf` text is Go's encoding/json of the proto structs (field names as the
//     proto declares them, empty fields omitted), so GetIPInfo reads back exactly what it wrote.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { AttachedEni } from '../eni/types.js';
import type { LocalIpResource, NetworkResource } from '../pool/types.js';
import type { IpSet, NetConf } from '../rpc/messages.js';
import { resourceTypeEni, resourceTypeEniIp, type ResourceItem } from '../store/records.js';
import { remoteNetConfs } from '../remote/remote-netconf.js';

export function toNetConfs(resource: NetworkResource): NetConf[] {
  if (resource.type === 'RemoteIP') return remoteNetConfs(resource);
  const gatewayIp: IpSet = { ipv4: resource.eni.gatewayIp.ipv4, ipv6: resource.eni.gatewayIp.ipv6 };
  return [{
    basicInfo: {
      podIp: { ipv4: resource.ipv4, ipv6: resource.ipv6 },
      podCidr: { ipv4: resource.eni.vSwitchCidr.ipv4, ipv6: resource.eni.vSwitchCidr.ipv6 },
      gatewayIp,
      serviceCidr: {},
    },
    eniInfo: { mac: resource.eni.mac, trunk: false, vid: 0, gatewayIp, erdma: resource.eni.erdma },
    ifName: '',
    extraRoutes: [],
    defaultRoute: true,
  }];
}

/** Terway's IPSet2.String(): `v4`, `v6`, or `v4-v6`. */
function ipPairText(ipv4: string | undefined, ipv6: string | undefined): string {
  return [ipv4, ipv6].filter((ip) => ip !== undefined && ip !== '').join('-');
}

export function toStoreItems(resource: NetworkResource): ResourceItem[] {
  if (resource.type === 'RemoteIP') return []; // PodENI resources are not stored (ToStore nil)
  return [{
    type: resourceTypeEniIp,
    id: `${resource.eni.mac}.${ipPairText(resource.ipv4, resource.ipv6)}`,
    extra_eip_info: null,
    eni_id: resource.eni.id,
    eni_mac: resource.eni.mac,
    ipv4: resource.ipv4 ?? '',
    ipv6: resource.ipv6 ?? '',
  }];
}

/** A stored item back as a releasable resource (only the ENI id/MAC and addresses are known). */
export function parseNetworkResource(item: ResourceItem): LocalIpResource | undefined {
  if (item.type !== resourceTypeEniIp && item.type !== resourceTypeEni) return undefined;
  const eni: AttachedEni = {
    id: item.eni_id, mac: item.eni_mac, securityGroupIds: [], vSwitchId: '', primaryIp: {},
    gatewayIp: {},
    vSwitchCidr: {}, trunk: false, erdma: false,
  };
  const address = (text: string): string | undefined => (text === '' ? undefined : text);
  return { type: 'LocalIP', podId: '', eni, ipv4: address(item.ipv4), ipv6: address(item.ipv6) };
}

const isDefaultIf = (name: string): boolean => name === '' || name === 'eth0';

/** At most one default route, and a default interface; the first such interface gets the route. */
export function defaultForNetConf(netConfs: readonly NetConf[]): Result<NetConf[], string> {
  if (netConfs.length === 0) return ok([]);
  let routeSet = false;
  let ifSet = false;
  for (const netConf of netConfs) {
    if (netConf.defaultRoute && routeSet) return err('default route is dumplicated');
    routeSet ||= netConf.defaultRoute;
    if (isDefaultIf(netConf.ifName)) ifSet = true;
  }
  if (!ifSet) return err('default interface is not set');
  if (routeSet) return ok([...netConfs]);
  const first = netConfs.findIndex((netConf) => isDefaultIf(netConf.ifName));
  return ok(netConfs.map((netConf, index) =>
    (index === first ? { ...netConf, defaultRoute: true } : netConf)));
}

/** The default interface's addresses, IPv4 before IPv6 (for `k8s.aliyun.com/pod-ips`). */
export function getPodIps(netConfs: readonly NetConf[]): string[] {
  return netConfs.filter((netConf) => isDefaultIf(netConf.ifName)).flatMap((netConf) => {
    const ip = netConf.basicInfo?.podIp;
    return [ip?.ipv4, ip?.ipv6]
      .filter((value): value is string => value !== undefined && value !== '');
  });
}

type GoJson = { [key: string]: unknown };
type NetworkPriority = NonNullable<NetConf['pod']>['networkPriority'];

function goIpSet(set: IpSet | undefined): GoJson | undefined {
  if (set === undefined) return undefined;
  const out: GoJson = {};
  if (set.ipv4 !== undefined && set.ipv4 !== '') out.IPv4 = set.ipv4;
  if (set.ipv6 !== undefined && set.ipv6 !== '') out.IPv6 = set.ipv6;
  return out;
}

function compact(object: GoJson): GoJson {
  const empty = (value: unknown): boolean => value === undefined || value === '' ||
    value === false || value === 0 || (Array.isArray(value) && value.length === 0);
  return Object.fromEntries(Object.entries(object).filter(([, value]) => !empty(value)));
}

/** Go's json.Marshal of `[]*rpc.NetConf`. */
export function netConfsToGoJson(netConfs: readonly NetConf[]): string {
  return JSON.stringify(netConfs.map((netConf) => compact({
    BasicInfo: netConf.basicInfo === undefined ? undefined : compact({
      PodIP: goIpSet(netConf.basicInfo.podIp), PodCIDR: goIpSet(netConf.basicInfo.podCidr),
      GatewayIP: goIpSet(netConf.basicInfo.gatewayIp),
      ServiceCIDR: goIpSet(netConf.basicInfo.serviceCidr),
    }),
    ENIInfo: netConf.eniInfo === undefined ? undefined : compact({
      MAC: netConf.eniInfo.mac, Trunk: netConf.eniInfo.trunk, Vid: netConf.eniInfo.vid,
      GatewayIP: goIpSet(netConf.eniInfo.gatewayIp), eRDMA: netConf.eniInfo.erdma,
      VfId: netConf.eniInfo.vfId,
    }),
    Pod: netConf.pod === undefined ? undefined : compact({
      Ingress: netConf.pod.ingress, Egress: netConf.pod.egress,
      NetworkPriority: netConf.pod.networkPriority,
    }),
    IfName: netConf.ifName,
    ExtraRoutes: netConf.extraRoutes.map((route) => ({ Dst: route.dst })),
    DefaultRoute: netConf.defaultRoute,
  })));
}

/** Reads what `netConfsToGoJson` wrote (json.Unmarshal); undefined when it is not JSON. */
export function netConfsFromGoJson(text: string): NetConf[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.map((raw: GoJson) => {
    const basic = raw.BasicInfo as GoJson | undefined;
    const eni = raw.ENIInfo as GoJson | undefined;
    const pod = raw.Pod as GoJson | undefined;
    const set = (value: unknown): IpSet => {
      const object = (value ?? {}) as GoJson;
      return { ipv4: object.IPv4 as string | undefined, ipv6: object.IPv6 as string | undefined };
    };
    return {
      basicInfo: basic === undefined ? undefined : {
        podIp: set(basic.PodIP), podCidr: set(basic.PodCIDR), gatewayIp: set(basic.GatewayIP),
        serviceCidr: set(basic.ServiceCIDR),
      },
      eniInfo: eni === undefined ? undefined : {
        mac: (eni.MAC as string | undefined) ?? '', trunk: eni.Trunk === true,
        vid: (eni.Vid as number | undefined) ?? 0,
        gatewayIp: set(eni.GatewayIP), erdma: eni.eRDMA === true,
        vfId: eni.VfId as number | undefined,
      },
      pod: pod === undefined ? undefined : {
        ingress: (pod.Ingress as number | undefined) ?? 0,
        egress: (pod.Egress as number | undefined) ?? 0,
        networkPriority: ((pod.NetworkPriority as string | undefined) ?? '') as NetworkPriority,
      },
      ifName: (raw.IfName as string | undefined) ?? '',
      extraRoutes: ((raw.ExtraRoutes as Array<{ Dst: string }> | undefined) ?? [])
        .map((route) => ({ dst: route.Dst })),
      defaultRoute: raw.DefaultRoute === true,
    };
  });
}
