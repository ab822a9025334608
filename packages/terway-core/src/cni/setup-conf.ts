// NetConf → datapath config (parseSetupConf / parseTearDownConf / parseCheckConf / getDatePath in
// Terway's plugin/terway/cni.go). ADD looks the ENI up by MAC with retries, DEL
// and CHECK without; DEL computes the datapath with trunk=false and never fills the host veth
// name (a Terway quirk, kept). Error texts are Go's.

import { err, normalizeIp, ok, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { Kernel } from '@terway-sim/kernel-shim';
import { prioMap } from '../datapath/constants.js';
import { ipWithPrefixOf, parseGoCidr } from '../datapath/ip.js';
import type {
  CheckConfig, DataPath, ExtraRoute, IpNetSet, IpPair, SetupConfig, TeardownConfig,
} from '../datapath/types.js';
import type { IpSet, IpType, NetConf } from '../rpc/messages.js';
import type { CniConfig } from '../config/cni-config.js';
import { deviceNumber, deviceNumberWithRetry } from './eni-lookup.js';

/** getDatePath. */
export function dataPathOf(ipType: IpType, vlanStripType: string, trunk: boolean): DataPath {
  switch (ipType) {
    case 'TypeVPCIP': return 'VPCRoute';
    case 'TypeVPCENI': return trunk ? 'Vlan' : 'ExclusiveENI';
    case 'TypeENIMultiIP': return trunk && vlanStripType === 'vlan' ? 'Vlan' : 'IPVlan';
  }
}

const present = (text: string | undefined): text is string => text !== undefined && text !== '';

/** ToIPNetSet: CIDR texts to networks. */
function toIpNetSet(set: IpSet | undefined): Result<IpNetSet, string> {
  if (set === undefined) return err('ip is nil');
  const out: { ipv4?: string; ipv6?: string } = {};
  for (const family of ['ipv4', 'ipv6'] as const) {
    const text = set[family];
    if (!present(text)) continue;
    const parsed = parseGoCidr(text);
    if (parsed === undefined) return err(`invalid CIDR address: ${text}`);
    out[family] = parsed;
  }
  return ok(out);
}

/** Terway's ToIPSet: the rpc text as bare, normalised addresses. */
function toIpPair(set: IpSet | undefined): Result<IpPair, string> {
  if (set === undefined) return err('ip is nil');
  const out: { ipv4?: string; ipv6?: string } = {};
  for (const family of ['ipv4', 'ipv6'] as const) {
    const text = set[family];
    if (!present(text)) continue;
    const ip = normalizeIp(text);
    if (ip === undefined) return err(`failed to parse ip ${text}`);
    out[family] = ip;
  }
  return ok(out);
}

/** BuildIPNet: the pod IP with the vSwitch prefix length, per family where both exist. */
export function buildIpNet(
  podIp: IpSet | undefined, subnet: IpSet | undefined,
): Result<IpNetSet, string> {
  if (podIp === undefined || subnet === undefined) return ok({});
  const out: { ipv4?: string; ipv6?: string } = {};
  for (const family of ['ipv4', 'ipv6'] as const) {
    const ip = podIp[family];
    const cidr = subnet[family];
    if (!present(ip) || !present(cidr)) continue;
    if (normalizeIp(ip) === undefined) return err(`failed to parse ip ${ip}`);
    const built = ipWithPrefixOf(ip, cidr);
    if (built === undefined) return err(`invalid CIDR address: ${cidr}`);
    out[family] = built;
  }
  return ok(out);
}

/** The container IPNet for a NetConf: the podCIDR network in VPC mode, else BuildIPNet. */
function containerIpNetOf(conf: NetConf, ipType: IpType): Result<IpNetSet | undefined, string> {
  if (ipType === 'TypeVPCIP') {
    const text = conf.basicInfo?.podCidr.ipv4 ?? '';
    const subnet = parseGoCidr(text);
    return subnet === undefined ? err(`parse cidr ${text}, invalid CIDR address: ${text}`) : ok({
      ipv4: subnet
    });
  }
  if (conf.basicInfo === undefined) return ok(undefined);
  return buildIpNet(conf.basicInfo.podIp, conf.basicInfo.podCidr);
}

export interface ParseContext {
  readonly kernel: Kernel;
  readonly scheduler: Scheduler;
  readonly hostNs: string;
  readonly conf: CniConfig;
  /** host_stack_cidrs exactly as written (validated here, as Terway does). */
  readonly hostStackCidrs: readonly string[];
  /** The CNI IfName (`eth0`). */
  readonly ifName: string;
}

type Parsed = Omit<SetupConfig, 'hostVethName' | 'hostIpSet' | 'multiNetwork'>;

function bandwidthOf(conf: NetConf, cni: CniConfig): {
  ingress: number; egress: number; networkPriority: string
} {
  let ingress = conf.pod?.ingress ?? 0;
  let egress = conf.pod?.egress ?? 0;
  const networkPriority = conf.pod === undefined ? '' : prioMap[conf.pod.networkPriority] ?? '';
  if (cni.runtimeBandwidth.egressRateBps > 0) egress = Math.floor(
    cni.runtimeBandwidth.egressRateBps / 8
  );
  if (cni.runtimeBandwidth.ingressRateBps > 0) ingress = Math.floor(
    cni.runtimeBandwidth.ingressRateBps / 8
  );
  return { ingress, egress, networkPriority };
}

function extraRoutesOf(conf: NetConf, gateway: IpPair | undefined): Result<ExtraRoute[], string> {
  const routes: ExtraRoute[] = [];
  for (const route of conf.extraRoutes) {
    const dst = parseGoCidr(route.dst);
    if (dst === undefined) return err(
      `error parse extra routes, invalid CIDR address: ${route.dst}`
    );
    if (gateway === undefined) return err('error extra routes, gatewayIP is nil');
    const gw = dst.includes(':') ? gateway.ipv6 : gateway.ipv4;
    routes.push(gw === undefined ? { dst } : { dst, gw });
  }
  return ok(routes);
}

function hostStackOf(cidrs: readonly string[]): Result<string[], string> {
  const out: string[] = [];
  for (const text of cidrs) {
    const parsed = parseGoCidr(text);
    if (parsed === undefined) return err(
      `host_stack_cidrs(${text}) is invaild: invalid CIDR address: ${text}`
    );
    out.push(parsed);
  }
  return ok(out);
}

/** parseSetupConf (ADD). */
export async function parseSetupConf(
  ctx: ParseContext, conf: NetConf, ipType: IpType,
): Promise<Result<Parsed, string>> {
  const serviceCidr = toIpNetSet(conf.basicInfo?.serviceCidr);
  if (!serviceCidr.ok) return serviceCidr;
  const containerIpNet = containerIpNetOf(conf, ipType);
  if (!containerIpNet.ok) return containerIpNet;
  let gatewayIp: IpPair | undefined;
  if (ipType !== 'TypeVPCIP' && conf.basicInfo !== undefined) {
    const gw = toIpPair(conf.basicInfo.gatewayIp);
    if (!gw.ok) return gw;
    gatewayIp = gw.value;
  }
  let eniIndex = 0;
  let eniGatewayIp: IpPair | undefined;
  const eni = conf.eniInfo;
  if (eni !== undefined) {
    if (eni.vfId !== undefined) return err(
      `vf ${eni.vfId}: high-density (VF) ENIs are not modelled`
    );
    if (eni.mac !== '') {
      const index = await deviceNumberWithRetry(ctx.kernel, ctx.scheduler, ctx.hostNs, eni.mac);
      if (!index.ok) return index;
      eniIndex = index.value;
    }
    const gw = toIpPair(eni.gatewayIp);
    if (!gw.ok) return gw;
    eniGatewayIp = gw.value;
  }
  const hostStack = hostStackOf(ctx.hostStackCidrs);
  if (!hostStack.ok) return hostStack;
  const extraRoutes = extraRoutesOf(conf, gatewayIp);
  if (!extraRoutes.ok) return extraRoutes;
  const trunk = eni?.trunk ?? false;
  return ok({
    dp: dataPathOf(ipType, ctx.conf.vlanStripType, trunk),
    containerIfName: conf.ifName === '' ? ctx.ifName : conf.ifName,
    containerIpNet: containerIpNet.value ?? {},
    gatewayIp, mtu: ctx.conf.mtu, eniIndex, erdma: eni?.erdma ?? false, eniGatewayIp,
    disableCreatePeer: ipType !== 'TypeVPCIP' && conf.basicInfo !== undefined
      ? ctx.conf.disableHostPeer
      : false,
    stripVlan: trunk, vid: eni?.vid ?? 0, defaultRoute: conf.defaultRoute,
    extraRoutes: extraRoutes.value,
    serviceCidr: serviceCidr.value, hostStackCidrs: hostStack.value,
    bandwidthMode: ctx.conf.bandwidthMode, enableNetworkPriority: ctx.conf.enableNetworkPriority,
    ...bandwidthOf(conf, ctx.conf),
  });
}

/**
 * parseTearDownConf (DEL): BasicInfo required; ENI by MAC once, "not found" tolerated; trunk=false.
 */
export async function parseTeardownConf(
  ctx: Omit<ParseContext, 'scheduler' | 'hostStackCidrs' | 'ifName'>, conf: NetConf, ipType: IpType,
): Promise<Result<TeardownConfig, string>> {
  if (conf.basicInfo === undefined) return err(
    `return empty pod alloc info: ${JSON.stringify(conf)}`
  );
  const serviceCidr = toIpNetSet(conf.basicInfo.serviceCidr);
  if (!serviceCidr.ok) return serviceCidr;
  const containerIpNet = containerIpNetOf(conf, ipType);
  if (!containerIpNet.ok) return containerIpNet;
  let eniIndex = 0;
  if (conf.eniInfo !== undefined && conf.eniInfo.mac !== '') {
    const index = await deviceNumber(ctx.kernel, ctx.hostNs, conf.eniInfo.mac);
    if (index.ok) eniIndex = index.value;
    else if (!index.error.notFound) return err(index.error.message);
  }
  return ok({
    dp: dataPathOf(ipType, ctx.conf.vlanStripType, false), hostVethName: '', eniIndex,
    containerIpNet: containerIpNet.value, serviceCidr: serviceCidr.value,
    enableNetworkPriority: ctx.conf.enableNetworkPriority,
  });
}

/** parseCheckConf (CHECK): ENI by MAC once, "not found" is an error; trunk honoured. */
export async function parseCheckConf(
  ctx: Omit<ParseContext, 'scheduler' | 'hostStackCidrs'>, conf: NetConf, ipType: IpType,
  extra: { hostVethName: string; hostIpSet: IpNetSet },
): Promise<Result<CheckConfig, string>> {
  let containerIpNet: IpNetSet = {};
  let gatewayIp: IpPair | undefined;
  if (conf.basicInfo !== undefined) {
    const built = buildIpNet(conf.basicInfo.podIp, conf.basicInfo.podCidr);
    if (!built.ok) return built;
    containerIpNet = built.value;
    const gw = toIpPair(conf.basicInfo.gatewayIp);
    if (!gw.ok) return gw;
    gatewayIp = gw.value;
  }
  let eniIndex = 0;
  if (conf.eniInfo !== undefined && conf.eniInfo.mac !== '') {
    const index = await deviceNumber(ctx.kernel, ctx.hostNs, conf.eniInfo.mac);
    if (!index.ok) return err(index.error.message);
    eniIndex = index.value;
  }
  const trunk = conf.eniInfo?.trunk ?? false;
  return ok({
    dp: dataPathOf(ipType, ctx.conf.vlanStripType, trunk),
    containerIfName: conf.ifName === '' ? ctx.ifName : conf.ifName,
    containerIpNet, gatewayIp, mtu: ctx.conf.mtu, eniIndex, trunkEni: trunk,
    defaultRoute: conf.defaultRoute, ...extra,
  });
}
