// ENI records as the API prints them: PascalCase keys, every wrapper object and list present even
// when empty (the SDK's decoder throws on a missing list), ECS tags as TagKey/TagValue, InstanceId
// empty while the ENI is Available (@alicloud/ecs20140526's response body models). The same
// function serves DescribeNetworkInterfaces, DescribeNetworkInterfaceAttribute and
// CreateNetworkInterface.

import type { EniRecord, Tag } from '../state/types.js';
import { wallText } from '../actions/wall-time.js';

export const ownerAccountId = '1234567890123456';

export function ecsTags(tags: readonly Tag[]): { Tag: { TagKey: string; TagValue: string }[] } {
  return { Tag: tags.map((tag) => ({ TagKey: tag.Key, TagValue: tag.Value })) };
}

function attachmentOf(eni: EniRecord): Record<string, unknown> {
  if (eni.attachment === null) return {};
  const attachment: Record<string, unknown> = {
    InstanceId: eni.attachment.instanceId,
    DeviceIndex: eni.attachment.deviceIndex,
    NetworkCardIndex: eni.attachment.networkCardIndex,
  };
  if (eni.attachment.trunkEniId !== null)
    attachment.TrunkNetworkInterfaceId = eni.attachment.trunkEniId;
  return attachment;
}

/** The fields every ENI view shares. `epochMs` turns virtual instants into wall time. */
export function renderEni(eni: EniRecord, epochMs: number): Record<string, unknown> {
  const primary = eni.ipv4.find((ip) => ip.primary);
  return {
    NetworkInterfaceId: eni.id,
    NetworkInterfaceName: eni.name,
    Description: eni.description,
    Status: eni.status,
    Type: eni.type,
    VpcId: eni.vpcId,
    VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId,
    MacAddress: eni.mac,
    PrivateIpAddress: primary?.ip ?? '',
    InstanceId: eni.attachment?.instanceId ?? '',
    CreationTime: wallText(epochMs + eni.createdMs),
    ResourceGroupId: eni.resourceGroupId,
    OwnerId: ownerAccountId,
    ServiceManaged: false,
    SourceDestCheck: eni.sourceDestCheck,
    DeleteOnRelease: eni.deleteOnRelease,
    NetworkInterfaceTrafficMode: eni.trafficMode,
    QueueNumber: 1,
    QueuePairNumber: 0,
    SecurityGroupIds: { SecurityGroupId: [...eni.securityGroupIds] },
    PrivateIpSets: {
      PrivateIpSet: eni.ipv4.map((ip) => ({
        PrivateIpAddress: ip.ip,
        Primary: ip.primary,
        PrivateDnsName: '',
        AssociatedPublicIp: {},
      })),
    },
    Ipv6Sets: { Ipv6Set: eni.ipv6.map((ip) => ({ Ipv6Address: ip.ip, Primary: ip.primary })) },
    Ipv4PrefixSets: {
      Ipv4PrefixSet: eni.ipv4Prefixes.map((prefix) => ({ Ipv4Prefix: prefix.prefix })),
    },
    Ipv6PrefixSets: {
      Ipv6PrefixSet: eni.ipv6Prefixes.map((prefix) => ({ Ipv6Prefix: prefix.prefix })),
    },
    Tags: ecsTags(eni.tags),
    Attachment: attachmentOf(eni),
    AssociatedPublicIp: {},
  };
}

/** DescribeNetworkInterfaceAttribute adds the trunk's member list and configuration blocks. */
export function renderEniAttribute(eni: EniRecord, epochMs: number): Record<string, unknown> {
  const base = renderEni(eni, epochMs);
  const attachment = { ...(base.Attachment as Record<string, unknown>) };
  if (eni.type === 'Trunk')
    attachment.MemberNetworkInterfaceIds = { MemberNetworkInterfaceId: [...eni.memberEniIds] };
  return {
    ...base,
    Attachment: attachment,
    NetworkInterfaceTrafficConfig: {
      NetworkInterfaceTrafficMode: eni.trafficMode,
      QueueNumber: 1,
      QueuePairNumber: 0,
    },
    ConnectionTrackingConfiguration: {
      TcpClosedAndTimeWaitTimeout: 3,
      TcpEstablishedTimeout: 910,
      UdpTimeout: 30,
    },
    EnhancedNetwork: { EnableSriov: false, EnableRss: false },
    BondInterfaceSpecification: {
      SlaveInterfaceSpecification: { SlaveInterfaceSpecificationSet: [] },
    },
    SlaveInterfaceSpecification: {},
    QoSConfig: { EnableQoS: false, QoS: {} },
  };
}

/** CreateNetworkInterface's body: the ENI's fields without attachment and creation time. */
export function renderCreatedEni(eni: EniRecord, epochMs: number): Record<string, unknown> {
  const {
    Attachment: _attachment,
    CreationTime: _creation,
    InstanceId: _instance,
    AssociatedPublicIp: _public,
    DeleteOnRelease: _delete,
    NetworkInterfaceTrafficMode: _mode,
    QueueNumber: _queues,
    QueuePairNumber: _pairs,
    ...rest
  } = renderEni(eni, epochMs);
  return rest;
}
