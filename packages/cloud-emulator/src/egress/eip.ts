// VPC elastic IP addresses: AllocateEipAddress, AssociateEipAddress (to a NAT gateway, an ECS
// instance or an ENI), UnassociateEipAddress and DescribeEipAddresses, with the SDK's shapes. An
// EIP bound to an ENI (or to an instance: its primary ENI) lets that ENI's addresses reach the
// Internet; one bound to a NAT gateway is what its SNAT entries translate to. Addresses come
// from a counter in 47.96.0.0/12 (public, Alibaba's own range), never reused.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { z } from 'zod';
import { defineAction, type ActionContext, type ResponseBody } from '../actions/context.js';
import { byKey, pageByNumber } from '../actions/paging.js';
import { wallText } from '../actions/wall-time.js';
import { apiError, type ApiError } from '../errors/catalog.js';
import { param } from '../params/schema.js';
import type { EipRecord } from '../state/types.js';

const id = () => param.str({ min: 1, max: 128 });

/** The n-th EIP address (n from 1), in 47.96.0.0/12. */
function eipAddress(n: number): string {
  return `47.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

const allocateSchema = z.object({
  RegionId: id(),
  Bandwidth: param.int(1, 10_000).optional(),
  Name: param.str({ max: 128 }).optional(),
  InternetChargeType: param.oneOf(['PayByBandwidth', 'PayByTraffic']).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function allocate(ctx: ActionContext,
  params: z.output<typeof allocateSchema>): Result<ResponseBody, ApiError> {
  const allocationId = ctx.ids.next('eip');
  const taken = new Set(ctx.draft.eips.values().map((eip) => eip.ipAddress));
  let n = taken.size + 1;
  while (taken.has(eipAddress(n))) n += 1;
  const eip: EipRecord = { id: allocationId, regionId: ctx.draft.regionId,
    ipAddress: eipAddress(n), name: params.Name ?? '', bandwidthMbps: params.Bandwidth ?? 5,
    status: 'Available', association: null, createdMs: ctx.nowMs };
  ctx.draft.eips.set(eip.id, eip);
  return ok({ AllocationId: eip.id, EipAddress: eip.ipAddress, ResourceGroupId: '' });
}

const associateSchema = z.object({
  RegionId: id(),
  AllocationId: id(),
  InstanceId: id(),
  InstanceType: param.oneOf(['Nat', 'EcsInstance', 'NetworkInterface']).optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function findEip(ctx: ActionContext, allocationId: string): Result<EipRecord, ApiError> {
  const eip = ctx.draft.eips.get(allocationId);
  return eip === undefined
    ? err(apiError('InvalidAllocationId.NotFound', `AllocationId: ${allocationId}`))
    : ok(eip);
}

/** The target must exist: a NAT gateway, an instance or an ENI of this region. */
function targetExists(ctx: ActionContext, type: 'Nat' | 'EcsInstance' | 'NetworkInterface',
  instanceId: string): Result<void, ApiError> {
  if (type === 'Nat') {
    return ctx.draft.natGateways.get(instanceId) === undefined
      ? err(apiError('InvalidNatGatewayId.NotFound', `InstanceId: ${instanceId}`)) : ok(undefined);
  }
  if (type === 'EcsInstance') {
    return ctx.draft.instance(instanceId) === undefined
      ? err(apiError('InvalidInstanceId.NotFound', `InstanceId: ${instanceId}`)) : ok(undefined);
  }
  return ctx.draft.eni(instanceId) === undefined
    ? err(apiError('InvalidEniId.NotFound', `InstanceId: ${instanceId}`)) : ok(undefined);
}

function associate(ctx: ActionContext,
  params: z.output<typeof associateSchema>): Result<ResponseBody, ApiError> {
  const eip = findEip(ctx, params.AllocationId);
  if (!eip.ok) return eip;
  if (eip.value.association !== null) {
    return err(apiError('IncorrectEipStatus',
      `${eip.value.id} is associated with ${eip.value.association.instanceId}`));
  }
  const instanceType = params.InstanceType ?? 'EcsInstance';
  const exists = targetExists(ctx, instanceType, params.InstanceId);
  if (!exists.ok) return exists;
  ctx.draft.eips.set(eip.value.id, { ...eip.value, status: 'InUse',
    association: { instanceType, instanceId: params.InstanceId } });
  return ok({});
}

const unassociateSchema = z.object({
  RegionId: id(),
  AllocationId: id(),
  InstanceId: id().optional(),
  ClientToken: param.str({ max: 64 }).optional(),
});

function unassociate(ctx: ActionContext,
  params: z.output<typeof unassociateSchema>): Result<ResponseBody, ApiError> {
  const eip = findEip(ctx, params.AllocationId);
  if (!eip.ok) return eip;
  if (eip.value.association === null) {
    return err(apiError('IncorrectEipStatus', `${eip.value.id} is not associated`));
  }
  ctx.draft.eips.set(eip.value.id, { ...eip.value, status: 'Available', association: null });
  return ok({});
}

const describeSchema = z.object({
  RegionId: id(),
  AllocationId: id().optional(),
  EipAddress: param.str({ max: 64 }).optional(),
  Status: param.oneOf(['Associating', 'Unassociating', 'InUse', 'Available', 'Releasing'])
    .optional(),
  AssociatedInstanceId: id().optional(),
  AssociatedInstanceType: param.oneOf(['Nat', 'EcsInstance', 'NetworkInterface']).optional(),
  PageNumber: param.int(1, 1_000_000).optional(),
  PageSize: param.int(1, 100).optional(),
});

type DescribeParams = z.output<typeof describeSchema>;

function matches(eip: EipRecord, params: DescribeParams): boolean {
  return (params.AllocationId === undefined || eip.id === params.AllocationId) &&
    (params.EipAddress === undefined || eip.ipAddress === params.EipAddress) &&
    (params.Status === undefined || eip.status === params.Status) &&
    (params.AssociatedInstanceId === undefined ||
      eip.association?.instanceId === params.AssociatedInstanceId) &&
    (params.AssociatedInstanceType === undefined ||
      eip.association?.instanceType === params.AssociatedInstanceType);
}

function describe(ctx: ActionContext, params: DescribeParams): Result<ResponseBody, ApiError> {
  const found = byKey(ctx.draft.eips.values(), (eip) => eip.id)
    .filter((eip) => matches(eip, params));
  const page = pageByNumber(found, params.PageNumber ?? 1, params.PageSize ?? 10);
  return ok({
    TotalCount: found.length,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
    EipAddresses: { EipAddress: page.items.map((eip) => ({
      AllocationId: eip.id,
      IpAddress: eip.ipAddress,
      Name: eip.name,
      Status: eip.status,
      InstanceId: eip.association?.instanceId ?? '',
      InstanceType: eip.association?.instanceType ?? '',
      Bandwidth: String(eip.bandwidthMbps),
      RegionId: eip.regionId,
      AllocationTime: wallText(ctx.wallMs - ctx.nowMs + eip.createdMs),
    })) },
  });
}

const change = { product: 'vpc', region: 'required', idempotent: true, readOnly: false } as const;

export const allocateEipAddress = defineAction({ ...change, name: 'AllocateEipAddress',
  schema: allocateSchema, run: allocate });
export const associateEipAddress = defineAction({ ...change, name: 'AssociateEipAddress',
  schema: associateSchema, run: associate });
export const unassociateEipAddress = defineAction({ ...change, name: 'UnassociateEipAddress',
  schema: unassociateSchema, run: unassociate });
export const describeEipAddresses = defineAction({ product: 'vpc', name: 'DescribeEipAddresses',
  schema: describeSchema, region: 'required', idempotent: false, readOnly: true, run: describe });
