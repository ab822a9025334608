// ECS DescribeInstances (Terway does not call it; scenarios and operators do), with the network
// view of each instance: VpcAttributes and its attached non-member ENIs. InstanceIds and
// PrivateIpAddresses are JSON array strings on the wire, at most 100 ids (@alicloud/ecs20140526's
// `DescribeInstancesRequest`).

import { ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { findInstanceType } from '../catalog/instance-types.js';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { hasTags } from '../actions/lookup.js';
import { byKey, pageByNumber, pageByToken } from '../actions/paging.js';
import type { ApiError } from '../errors/catalog.js';
import { ecsTags } from '../eni/render.js';
import { param } from '../params/schema.js';
import type { InstanceRecord } from '../state/types.js';
import { wallText } from '../actions/wall-time.js';

const id = () => param.str({ min: 1, max: 128 });

const schema = z.object({
  RegionId: id(),
  InstanceIds: param.jsonList(id(), 100).optional(),
  VpcId: id().optional(),
  VSwitchId: id().optional(),
  ZoneId: id().optional(),
  InstanceType: param.str({ max: 128 }).optional(),
  InstanceTypeFamily: param.str({ max: 128 }).optional(),
  Status: param.oneOf(['Pending', 'Running', 'Starting', 'Stopping', 'Stopped']).optional(),
  PrivateIpAddresses: param.jsonList(param.str({ max: 64 }), 100).optional(),
  SecurityGroupId: id().optional(),
  InstanceName: param.str({ max: 128 }).optional(),
  Tag: param.tags().optional(),
  MaxResults: param.int(1, 100).optional(),
  NextToken: param.str({ max: 512 }).optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 100).optional(),
});

type Params = z.output<typeof schema>;

function candidates(ctx: ActionContext, params: Params): InstanceRecord[] {
  if (params.InstanceIds !== undefined)
    return params.InstanceIds.flatMap((instanceId) => ctx.draft.instance(instanceId) ?? []);
  return [...ctx.draft.instances.values()];
}

function matches(ctx: ActionContext, instance: InstanceRecord, params: Params): boolean {
  const primaryIp = ctx.draft.eni(instance.primaryEniId)?.ipv4[0]?.ip;
  return (
    (params.VpcId === undefined || instance.vpcId === params.VpcId) &&
    (params.VSwitchId === undefined || instance.vSwitchId === params.VSwitchId) &&
    (params.ZoneId === undefined || instance.zoneId === params.ZoneId) &&
    (params.InstanceType === undefined || instance.instanceType === params.InstanceType) &&
    (params.InstanceTypeFamily === undefined ||
      findInstanceType(instance.instanceType)?.InstanceTypeFamily === params.InstanceTypeFamily) &&
    (params.Status === undefined || instance.status === params.Status) &&
    (params.PrivateIpAddresses === undefined ||
      (primaryIp !== undefined && params.PrivateIpAddresses.includes(primaryIp))) &&
    (params.SecurityGroupId === undefined ||
      instance.securityGroupIds.includes(params.SecurityGroupId)) &&
    (params.InstanceName === undefined || instance.name === params.InstanceName) &&
    hasTags(instance.tags, params.Tag ?? [])
  );
}

function render(ctx: ActionContext, instance: InstanceRecord): Record<string, unknown> {
  const type = findInstanceType(instance.instanceType);
  const enis = instance.eniIds.flatMap((eniId) => ctx.draft.eni(eniId) ?? []);
  const primary = enis.find((eni) => eni.type === 'Primary');
  return {
    InstanceId: instance.id,
    InstanceName: instance.name,
    HostName: instance.hostName,
    Description: instance.description,
    InstanceType: instance.instanceType,
    InstanceTypeFamily: type?.InstanceTypeFamily ?? '',
    Cpu: type?.CpuCoreCount ?? 0,
    Memory: (type?.MemorySize ?? 0) * 1024,
    Status: instance.status,
    ZoneId: instance.zoneId,
    RegionId: instance.regionId,
    ImageId: instance.imageId,
    InstanceNetworkType: 'vpc',
    ResourceGroupId: instance.resourceGroupId,
    CreationTime: wallText(ctx.wallMs - ctx.nowMs + instance.createdMs).replace(/:\d{2}Z$/, 'Z'),
    VpcAttributes: {
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      NatIpAddress: '',
      PrivateIpAddress: { IpAddress: primary === undefined ? [] : [primary.ipv4[0]!.ip] },
    },
    NetworkInterfaces: {
      NetworkInterface: enis
        .filter((eni) => eni.type !== 'Member')
        .map((eni) => ({
          NetworkInterfaceId: eni.id,
          MacAddress: eni.mac,
          PrimaryIpAddress: eni.ipv4.find((ip) => ip.primary)?.ip ?? '',
          Type: eni.type,
          PrivateIpSets: {
            PrivateIpSet: eni.ipv4.map((ip) => ({ PrivateIpAddress: ip.ip, Primary: ip.primary })),
          },
          Ipv6Sets: { Ipv6Set: eni.ipv6.map((ip) => ({ Ipv6Address: ip.ip })) },
          Ipv4PrefixSets: {
            Ipv4PrefixSet: eni.ipv4Prefixes.map((prefix) => ({ Ipv4Prefix: prefix.prefix })),
          },
          Ipv6PrefixSets: {
            Ipv6PrefixSet: eni.ipv6Prefixes.map((prefix) => ({ Ipv6Prefix: prefix.prefix })),
          },
        })),
    },
    SecurityGroupIds: { SecurityGroupId: [...instance.securityGroupIds] },
    Tags: ecsTags(instance.tags),
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    EipAddress: {},
  };
}

function describe(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const found = byKey(candidates(ctx, params).filter((instance) => matches(ctx, instance, params)),
    (instance) => instance.id);
  const body = (items: readonly InstanceRecord[]) => ({
    Instance: items.map((instance) => render(ctx, instance)),
  });
  if (params.MaxResults !== undefined || params.NextToken !== undefined) {
    const page = pageByToken(found, (instance) => instance.id, params.NextToken,
      params.MaxResults ?? 10);
    if (!page.ok) return page;
    return ok({ TotalCount: found.length, NextToken: page.value.nextToken,
      Instances: body(page.value.items) });
  }
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({ TotalCount: found.length, PageNumber: page.pageNumber, PageSize: page.pageSize,
    Instances: body(page.items) });
}

export const describeInstances = defineAction({
  product: 'ecs',
  name: 'DescribeInstances',
  schema,
  region: 'required',
  idempotent: false,
  readOnly: true,
  run: describe,
});
