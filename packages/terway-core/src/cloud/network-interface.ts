// Terway's `client.NetworkInterface` (pkg/aliyun/client/types.go) and the three mappings that fill
// it: from a CreateNetworkInterface reply, from a DescribeNetworkInterfaces set entry, and from a
// DescribeNetworkInterfaceAttribute reply (ecs_attribute.go). Each mapping reads exactly the
// fields Terway's does, so a field Terway leaves empty is empty here too (the create mapping has
// no InstanceId, the describe mapping no VpcId), and the daemon branches on the same values.
//
// Replies are the OpenAPI JSON the port returns (PascalCase, wrapper objects); missing values
// read as Go's zero values, the way the SDK's struct decoding leaves them.

export interface EniIpSet {
  readonly ipAddress: string;
  readonly primary: boolean;
}

export interface EniTag {
  readonly tagKey: string;
  readonly tagValue: string;
}

export interface NetworkInterface {
  readonly status: string;
  readonly macAddress: string;
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly privateIpAddress: string;
  readonly privateIpSets: readonly EniIpSet[];
  readonly zoneId: string;
  readonly securityGroupIds: readonly string[];
  readonly resourceGroupId: string;
  readonly ipv6Set: readonly EniIpSet[];
  readonly tags: readonly EniTag[];
  readonly type: string;
  readonly instanceId: string;
  readonly trunkNetworkInterfaceId: string;
  readonly networkInterfaceTrafficMode: string;
  readonly deviceIndex: number;
  readonly creationTime: string;
  readonly networkCardIndex: number;
  readonly ipv4PrefixSets: readonly string[];
  readonly ipv6PrefixSets: readonly string[];
}

export const eniStatus = { inUse: 'InUse', available: 'Available', attaching: 'Attaching',
  detaching: 'Detaching', deleting: 'Deleting' } as const;
export const eniType = { primary: 'Primary', secondary: 'Secondary', trunk: 'Trunk',
  member: 'Member' } as const;
export const eniTrafficMode = { rdma: 'HighPerformance', standard: 'Standard' } as const;

type Json = { readonly [key: string]: unknown };

export function readObject(value: unknown, key: string): Json {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner as Json : {};
}

export function readString(value: unknown, key: string): string {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return typeof inner === 'string' ? inner : typeof inner === 'number'
    || typeof inner === 'boolean' ? String(inner) : '';
}

export function readNumber(value: unknown, key: string): number {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  const parsed = typeof inner === 'number' ? inner : typeof inner === 'string' ? Number(inner) : 0;
  return Number.isFinite(parsed) ? parsed : 0;
}

export function readBoolean(value: unknown, key: string): boolean {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return inner === true || inner === 'true' || inner === 1;
}

export function readArray(value: unknown, key: string): readonly unknown[] {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return Array.isArray(inner) ? inner : [];
}

/** A wrapped list, `{ Outer: { Inner: [...] } }`, as the ECS replies nest them. */
export function readList(value: unknown, outer: string, inner: string): readonly unknown[] {
  return readArray(readObject(value, outer), inner);
}

function privateIps(body: unknown): EniIpSet[] {
  return readList(body, 'PrivateIpSets', 'PrivateIpSet').map((item) => ({
    ipAddress: readString(item, 'PrivateIpAddress'), primary: readBoolean(item, 'Primary') }));
}

function ipv6s(body: unknown): EniIpSet[] {
  return readList(body, 'Ipv6Sets', 'Ipv6Set').map((item) => ({ ipAddress: readString(item,
    'Ipv6Address'), primary: false }));
}

function tags(body: unknown): EniTag[] {
  return readList(body, 'Tags', 'Tag').map((item) => ({ tagKey: readString(item, 'TagKey'),
    tagValue: readString(item, 'TagValue') }));
}

function strings(body: unknown, outer: string, inner: string): string[] {
  return readList(body, outer, inner).filter((item): item is string => typeof item === 'string');
}

function prefixes(body: unknown, outer: string, inner: string, field: string): string[] {
  return readList(body, outer, inner).map((item) => readString(item, field));
}

const empty: NetworkInterface = {
  status: '', macAddress: '', networkInterfaceId: '', vpcId: '', vSwitchId: '',
    privateIpAddress: '',
  privateIpSets: [], zoneId: '', securityGroupIds: [], resourceGroupId: '', ipv6Set: [], tags: [],
    type: '',
  instanceId: '', trunkNetworkInterfaceId: '', networkInterfaceTrafficMode: '', deviceIndex: 0,
    creationTime: '',
  networkCardIndex: 0, ipv4PrefixSets: [], ipv6PrefixSets: [],
};

/** `FromCreateResp`: Type defaults to Secondary; no instance, attachment or traffic mode. */
export function fromCreateReply(body: unknown): NetworkInterface {
  return {
    ...empty,
    status: readString(body, 'Status'),
    macAddress: readString(body, 'MacAddress'),
    networkInterfaceId: readString(body, 'NetworkInterfaceId'),
    vSwitchId: readString(body, 'VSwitchId'),
    privateIpAddress: readString(body, 'PrivateIpAddress'),
    privateIpSets: privateIps(body),
    zoneId: readString(body, 'ZoneId'),
    securityGroupIds: strings(body, 'SecurityGroupIds', 'SecurityGroupId'),
    ipv6Set: ipv6s(body),
    tags: tags(body),
    type: readString(body, 'Type') === '' ? eniType.secondary : readString(body, 'Type'),
    resourceGroupId: readString(body, 'ResourceGroupId'),
    ipv4PrefixSets: prefixes(body, 'Ipv4PrefixSets', 'Ipv4PrefixSet', 'Ipv4Prefix'),
    ipv6PrefixSets: prefixes(body, 'Ipv6PrefixSets', 'Ipv6PrefixSet', 'Ipv6Prefix'),
  };
}

/** `FromDescribeResp`: InstanceId falls back to Attachment.InstanceId. */
export function fromDescribeEntry(entry: unknown): NetworkInterface {
  const attachment = readObject(entry, 'Attachment');
  const instanceId = readString(entry, 'InstanceId');
  return {
    ...empty,
    status: readString(entry, 'Status'),
    macAddress: readString(entry, 'MacAddress'),
    networkInterfaceId: readString(entry, 'NetworkInterfaceId'),
    instanceId: instanceId === '' ? readString(attachment, 'InstanceId') : instanceId,
    vSwitchId: readString(entry, 'VSwitchId'),
    privateIpAddress: readString(entry, 'PrivateIpAddress'),
    zoneId: readString(entry, 'ZoneId'),
    securityGroupIds: strings(entry, 'SecurityGroupIds', 'SecurityGroupId'),
    ipv6Set: ipv6s(entry),
    privateIpSets: privateIps(entry),
    tags: tags(entry),
    trunkNetworkInterfaceId: readString(attachment, 'TrunkNetworkInterfaceId'),
    networkInterfaceTrafficMode: readString(entry, 'NetworkInterfaceTrafficMode'),
    deviceIndex: readNumber(attachment, 'DeviceIndex'),
    type: readString(entry, 'Type'),
    creationTime: readString(entry, 'CreationTime'),
    ipv4PrefixSets: prefixes(entry, 'Ipv4PrefixSets', 'Ipv4PrefixSet', 'Ipv4Prefix'),
    ipv6PrefixSets: prefixes(entry, 'Ipv6PrefixSets', 'Ipv6PrefixSet', 'Ipv6Prefix'),
  };
}

/** `FromAttributeResp`: undefined when the reply names no ENI (an unknown id may answer so). */
export function fromAttributeReply(body: unknown): NetworkInterface | undefined {
  if (readString(body, 'NetworkInterfaceId') === '') return undefined;
  const attachment = readObject(body, 'Attachment');
  const instanceId = readString(body, 'InstanceId');
  return {
    ...fromDescribeEntry(body),
    vpcId: readString(body, 'VpcId'),
    instanceId: instanceId === '' ? readString(attachment, 'InstanceId') : instanceId,
    resourceGroupId: readString(body, 'ResourceGroupId'),
    networkCardIndex: readNumber(attachment, 'NetworkCardIndex'),
  };
}
