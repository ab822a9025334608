// The instance metadata service (http://100.100.100.200/latest/meta-data/) as one instance sees
// it, computed from the cloud's state at an instant (what Terway's
// pkg/aliyun/metadata/metadata.go reads). It lags the API: an attached ENI's MAC is listed from its
// metadata window's start, an address from its `metaFromMs`, and a removed address lingers as a
// ghost until its `untilMs`. Member ENIs of a trunk are never listed. Body formats: values are
// one line; directories list one entry per line with a trailing `/`; `private-ipv4s` is a JSON
// array; `ipv6s` is `[a,b]` (bracketed, unquoted) and 404 when there is none; unknown paths 404.

import { err, formatIpv4, ipv4Mask, ok, parseIpv4Cidr, type Result } from '@terway-sim/sim-base';
import type { EniRecord, InstanceRecord, RegionState } from '../state/types.js';
import { gatewayAddress } from '../vswitch/ipv4-pool.js';
import { ipv6Gateway } from '../vswitch/ipv6-pool.js';

export interface MetadataFailure {
  readonly status: number;
  readonly message: string;
}

export type MetadataRead = Result<string, MetadataFailure>;

const notFound = (path: string): MetadataRead => err({ status: 404,
  message: `metadata path not found: ${path}` });

const topLevel = [
  'hostname',
  'image-id',
  'instance/',
  'instance-id',
  'mac',
  'network/',
  'network-type',
  'owner-account-id',
  'private-ipv4',
  'region-id',
  'vpc-cidr-block',
  'vpc-id',
  'vswitch-cidr-block',
  'vswitch-id',
  'zone-id',
];
const perMac = [
  'gateway',
  'ipv6-gateway',
  'ipv6s',
  'netmask',
  'network-interface-id',
  'primary-ip-address',
  'private-ipv4s',
  'vpc-cidr-block',
  'vpc-id',
  'vswitch-cidr-block',
  'vswitch-id',
  'vswitch-ipv6-cidr-block',
];

function listing(entries: readonly string[]): string {
  return entries.join('\n');
}

/** ENIs whose MAC this instance's metadata lists now, primary first, by device index. */
export function visibleEnis(region: RegionState, instance: InstanceRecord,
  nowMs: number): EniRecord[] {
  return instance.eniIds
    .flatMap((eniId) => region.enis.get(eniId) ?? [])
    .filter(
      (eni) =>
        eni.type !== 'Member' &&
        eni.metadata !== null &&
        eni.metadata.instanceId === instance.id &&
        eni.metadata.fromMs <= nowMs &&
        (eni.metadata.untilMs === null || nowMs < eni.metadata.untilMs),
    )
    .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0));
}

function visibleIps(eni: EniRecord, family: 4 | 6, nowMs: number): string[] {
  const own = (family === 4 ? eni.ipv4 : eni.ipv6)
    .filter((ip) => ip.metaFromMs <= nowMs)
    .map((ip) => ip.ip);
  const ghosts = eni.metadataGhosts
    .filter((ghost) => ghost.family === family && ghost.untilMs > nowMs)
    .map((ghost) => ghost.ip);
  return [...own, ...ghosts.filter((ip) => !own.includes(ip))];
}

function macValue(region: RegionState, eni: EniRecord, key: string,
  nowMs: number): string | undefined {
  const vSwitch = region.vSwitches[eni.vSwitchId];
  const pools = region.pools[eni.vSwitchId];
  const vpc = region.vpcs[eni.vpcId];
  if (vSwitch === undefined || pools === undefined || vpc === undefined) return undefined;
  switch (key) {
    case 'network-interface-id': return eni.id;
    case 'primary-ip-address': return eni.ipv4.find((ip) => ip.primary)?.ip;
    case 'private-ipv4s': return JSON.stringify(visibleIps(eni, 4, nowMs));
    case 'ipv6s': {
      const ipv6 = visibleIps(eni, 6, nowMs);
      return ipv6.length === 0 ? undefined : `[${ipv6.join(',')}]`;
    }
    case 'gateway': return gatewayAddress(pools.v4);
    case 'ipv6-gateway': return pools.v6 === null ? undefined : ipv6Gateway(pools.v6);
    case 'netmask': return formatIpv4(ipv4Mask(parseIpv4Cidr(vSwitch.cidrBlock)!.prefix));
    case 'vswitch-id': return vSwitch.id;
    case 'vswitch-cidr-block': return vSwitch.cidrBlock;
    case 'vswitch-ipv6-cidr-block': return vSwitch.ipv6CidrBlock ?? undefined;
    case 'vpc-id': return vpc.id;
    case 'vpc-cidr-block': return vpc.cidrBlock;
    default: return undefined;
  }
}

function instanceValue(region: RegionState, instance: InstanceRecord,
  path: string): string | undefined {
  const primary = region.enis.get(instance.primaryEniId);
  const values: Record<string, string | undefined> = {
    'instance-id': instance.id,
    'instance/instance-type': instance.instanceType,
    'instance/instance-name': instance.name,
    'region-id': instance.regionId,
    'zone-id': instance.zoneId,
    'vpc-id': instance.vpcId,
    'vpc-cidr-block': region.vpcs[instance.vpcId]?.cidrBlock,
    'vswitch-id': instance.vSwitchId,
    'vswitch-cidr-block': region.vSwitches[instance.vSwitchId]?.cidrBlock,
    mac: primary?.mac,
    'private-ipv4': primary?.ipv4[0]?.ip,
    hostname: instance.hostName,
    'image-id': instance.imageId,
    'owner-account-id': '1234567890123456',
    'network-type': 'vpc',
    '': listing(topLevel),
    'instance/': listing(['instance-name', 'instance-type']),
    'network/': listing(['interfaces/']),
    'network/interfaces/': listing(['macs/']),
  };
  return Object.prototype.hasOwnProperty.call(values, path) ? values[path] : undefined;
}

/** Reads one metadata path (relative to `latest/meta-data/`) for `instanceId` at `nowMs`. */
export function readMetadata(region: RegionState, instanceId: string, rawPath: string,
  nowMs: number): MetadataRead {
  const instance = region.instances.get(instanceId);
  if (instance === undefined) return err({ status: 404, message: `no instance ${instanceId}` });
  const path = rawPath.replace(/^\/+/, '').replace(/^latest\/meta-data\//, '');
  const trimmed = path.replace(/\/+$/, '');
  const macs = /^network\/interfaces\/macs(?:\/([0-9a-f:]{17})(?:\/([a-z0-9-]+))?)?$/.exec(trimmed);
  if (macs === null) {
    const value = instanceValue(region, instance, path) ?? instanceValue(region, instance, trimmed);
    return value === undefined ? notFound(rawPath) : ok(value);
  }
  const enis = visibleEnis(region, instance, nowMs);
  const [, mac, key] = macs;
  if (mac === undefined) return ok(listing(enis.map((eni) => `${eni.mac}/`)));
  const eni = enis.find((candidate) => candidate.mac === mac);
  if (eni === undefined) return notFound(rawPath);
  if (key === undefined) return ok(listing(perMac));
  const value = macValue(region, eni, key, nowMs);
  return value === undefined ? notFound(rawPath) : ok(value);
}
