// ECS CreateNetworkInterface (synchronous): a new Secondary or Trunk ENI, Available at once, with
// its primary IP and any requested secondary IPs, IPv6 addresses and prefixes taken from its
// vSwitch. Refusals, in the order the checks run: unknown vSwitch or security group, security
// groups over the per-ENI quota or in another VPC, the account's regional ENI quota
// (MaxEniCountExceeded), conflicting address parameters (single addresses and prefixes of one
// family do not mix), more than 49 secondary IPs, IPv6 on a
// vSwitch without IPv6, addresses taken or invalid, too few free addresses
// (InvalidVSwitchId.IpNotEnough), and a basic security group over its 2,000 private IPs. Terway's
// daemon sends VSwitchId, InstanceType, SecurityGroupIds, Description,
// SecondaryPrivateIpAddressCount, Ipv6AddressCount, Tag.N and ClientToken (its
// pkg/aliyun/client/ecs.go).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { addSecurityGroupIps, findSecurityGroups, findVSwitch,
  tagsFrom } from '../actions/lookup.js';
import { apiError, missingParameter, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { AssignedIp, EniRecord, Tag, VSwitchRecord } from '../state/types.js';
import { takeIpv4, takeIpv4Prefixes, takeIpv6, takeIpv6Prefixes } from './ip-allocation.js';
import { renderCreatedEni } from './render.js';
import { familyCounts } from './address-counts.js';

const id = () => param.str({ min: 1, max: 128 });

const schema = z.object({
  RegionId: id(),
  VSwitchId: id(),
  SecurityGroupId: id().optional(),
  SecurityGroupIds: param.list(id(), { max: 16 }).optional(),
  InstanceType: param.oneOf(['Secondary', 'Trunk']).optional(),
  PrimaryIpAddress: param.str({ max: 64 }).optional(),
  PrivateIpAddress: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  SecondaryPrivateIpAddressCount: param.int(1, 49).optional(),
  Ipv6Address: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv6AddressCount: param.int(1, 10).optional(),
  Ipv4Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv4PrefixCount: param.int(1, 10).optional(),
  Ipv6Prefix: param.list(param.str({ max: 64 }), { max: 10 }).optional(),
  Ipv6PrefixCount: param.int(1, 10).optional(),
  NetworkInterfaceName: param.str({ max: 128 }).optional(),
  Description: param.str({ max: 256 }).optional(),
  ResourceGroupId: param.str({ max: 64 }).optional(),
  Tag: param.tags().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
  DeleteOnRelease: param.bool().optional(),
  SourceDestCheck: param.bool().optional(),
  NetworkInterfaceTrafficMode: param.oneOf(['Standard', 'HighPerformance']).optional(),
  QueueNumber: param.int(1, 2048).optional(),
});

type Params = z.output<typeof schema>;

interface CreatePlan {
  readonly vSwitch: VSwitchRecord;
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly Tag[];
  readonly secondaryCount: number;
  readonly ipv4Total: number;
}

function checkAddressParams(params: Params, ctx: ActionContext): Result<number, ApiError> {
  const ipv4 = familyCounts('ipv4', params);
  if (!ipv4.ok) return ipv4;
  if (ipv4.value.ips > ctx.quotas.secondaryIpsPerAvailableEni) {
    return err(apiError('MaxEniPrivateIpsCountExceeded',
      `at most ${ctx.quotas.secondaryIpsPerAvailableEni} secondary IPs`));
  }
  const ipv6 = familyCounts('ipv6', params);
  if (!ipv6.ok) return ipv6;
  return ok(ipv4.value.ips);
}

function plan(ctx: ActionContext, params: Params): Result<CreatePlan, ApiError> {
  const vSwitch = findVSwitch(ctx.draft, params.VSwitchId);
  if (!vSwitch.ok) return vSwitch;
  const groupIds = [...(params.SecurityGroupId === undefined ? [] : [params.SecurityGroupId]),
    ...(params.SecurityGroupIds ?? [])];
  if (groupIds.length === 0) return err(missingParameter('SecurityGroupId'));
  const groups = findSecurityGroups(ctx.draft, groupIds, vSwitch.value.vpcId, ctx.quotas);
  if (!groups.ok) return groups;
  const tags = tagsFrom(params.Tag);
  if (!tags.ok) return tags;
  if (ctx.draft.quotaEniCount >= ctx.quotas.enisPerRegion) {
    return err(
      apiError(
        'MaxEniCountExceeded',
        `the account holds ${ctx.draft.quotaEniCount} of ${ctx.quotas.enisPerRegion} ENIs in ${ctx.draft.regionId}`,
      ),
    );
  }
  const secondaries = checkAddressParams(params, ctx);
  if (!secondaries.ok) return secondaries;
  return ok({
    vSwitch: vSwitch.value,
    securityGroupIds: groups.value.map((group) => group.id),
    tags: tags.value,
    secondaryCount: secondaries.value,
    ipv4Total: 1 + secondaries.value,
  });
}

function takeAddresses(
  ctx: ActionContext,
  params: Params,
  eniId: string,
  vSwitchId: string,
): Result<Pick<EniRecord, 'ipv4' | 'ipv6' | 'ipv4Prefixes' | 'ipv6Prefixes'>, ApiError> {
  const primary = takeIpv4(
    ctx.draft,
    vSwitchId,
    eniId,
    params.PrimaryIpAddress === undefined ? [] : [params.PrimaryIpAddress],
    params.PrimaryIpAddress === undefined ? 1 : 0,
  );
  if (!primary.ok) return primary;
  const secondary = takeIpv4(
    ctx.draft,
    vSwitchId,
    eniId,
    params.PrivateIpAddress ?? [],
    params.SecondaryPrivateIpAddressCount ?? 0,
  );
  if (!secondary.ok) return secondary;
  const prefixes = takeIpv4Prefixes(
    ctx.draft,
    vSwitchId,
    eniId,
    params.Ipv4Prefix ?? [],
    params.Ipv4PrefixCount ?? 0,
  );
  if (!prefixes.ok) return prefixes;
  const wantsIpv6 =
    (params.Ipv6Address?.length ?? 0) +
      (params.Ipv6AddressCount ?? 0) +
      (params.Ipv6Prefix?.length ?? 0) +
      (params.Ipv6PrefixCount ?? 0) >
    0;
  const ipv6 = wantsIpv6
    ? takeIpv6(ctx.draft, vSwitchId, eniId, params.Ipv6Address ?? [], params.Ipv6AddressCount ?? 0)
    : ok([]);
  if (!ipv6.ok) return ipv6;
  const ipv6Prefixes = wantsIpv6
    ? takeIpv6Prefixes(ctx.draft, vSwitchId, eniId, params.Ipv6Prefix ?? [],
      params.Ipv6PrefixCount ?? 0)
    : ok([]);
  if (!ipv6Prefixes.ok) return ipv6Prefixes;
  const stamp = (ip: string, isPrimary: boolean): AssignedIp => ({
    ip,
    primary: isPrimary,
    metaFromMs: ctx.nowMs,
  });
  return ok({
    ipv4: [stamp(primary.value[0]!, true), ...secondary.value.map((ip) => stamp(ip, false))],
    ipv6: ipv6.value.map((ip) => stamp(ip, false)),
    ipv4Prefixes: prefixes.value.map((prefix) => ({ prefix, metaFromMs: ctx.nowMs })),
    ipv6Prefixes: ipv6Prefixes.value.map((prefix) => ({ prefix, metaFromMs: ctx.nowMs })),
  });
}

function run(ctx: ActionContext, params: Params): Result<ResponseBody, ApiError> {
  const planned = plan(ctx, params);
  if (!planned.ok) return planned;
  const { vSwitch } = planned.value;
  const eniId = ctx.ids.next('eni');
  const addresses = takeAddresses(ctx, params, eniId, vSwitch.id);
  if (!addresses.ok) return addresses;
  const counted = addSecurityGroupIps(ctx.draft, planned.value.securityGroupIds,
    addresses.value.ipv4.length, ctx.quotas);
  if (!counted.ok) return counted;
  const eni: EniRecord = {
    id: eniId,
    regionId: ctx.draft.regionId,
    zoneId: vSwitch.zoneId,
    vpcId: vSwitch.vpcId,
    vSwitchId: vSwitch.id,
    mac: ctx.ids.nextMac(),
    type: params.InstanceType ?? 'Secondary',
    status: 'Available',
    name: params.NetworkInterfaceName ?? '',
    description: params.Description ?? '',
    resourceGroupId: params.ResourceGroupId ?? '',
    securityGroupIds: planned.value.securityGroupIds,
    tags: planned.value.tags,
    ...addresses.value,
    attachment: null,
    transition: null,
    metadata: null,
    metadataGhosts: [],
    ipOpBusyUntilMs: 0,
    memberEniIds: [],
    createdMs: ctx.nowMs,
    deleteOnRelease: params.DeleteOnRelease ?? true,
    sourceDestCheck: params.SourceDestCheck ?? false,
    trafficMode: params.NetworkInterfaceTrafficMode ?? 'Standard',
  };
  ctx.draft.putEni(eni);
  ctx.draft.quotaEniCount++;
  ctx.eniStateChanged(eni.id, 'None', 'Available');
  return ok(renderCreatedEni(eni, ctx.wallMs - ctx.nowMs));
}

export const createNetworkInterface = defineAction({
  product: 'ecs',
  name: 'CreateNetworkInterface',
  schema,
  region: 'required',
  idempotent: true,
  readOnly: false,
  run,
});
